"""The dossier timeline's words ("Wat er gebeurde"): audit rows keep codes where they were written with them (a
verzoek's status, the gemeente's besluit, a dossier status, an aanbieder's AGB code); users read the labels and the
aanbieder's name. Pure functions over the rows already read: no query per row."""

from __future__ import annotations

import re

from .models import Matchingsbesluit, Status

# The aanbieder's answer as the audit row says it (new rows are written with these words, older ones with the code).
ANTWOORD = {"passend": "passend", "niet_passend": "niet passend"}

# (pattern, labels of the codes in its named groups): older rows written with the code read as the label.
CODES = (
    (re.compile(r"^Matchingsverzoek beantwoord: (?P<code>\w+)$"), lambda: ANTWOORD),
    (re.compile(r"^Besluit gemeente: (?P<code>\w+)$"), lambda: dict(Matchingsbesluit.choices)),
    (re.compile(r"^Status (?P<van>\w+) → (?P<naar>\w+)$"), lambda: dict(Status.choices)),
)

# An AGB code: 8 digits (Vektis AGB-register), never part of a longer number or identifier.
AGB = re.compile(r"(?<![\w.])\d{8}(?![\w.])")


def _labels(wat: str) -> str:
    for patroon, labels in CODES:
        gevonden = patroon.match(wat)
        if not gevonden:
            continue
        bekend = labels()
        uit, vanaf = [], 0
        for groep in gevonden.groupdict():
            begin, eind = gevonden.span(groep)
            code = gevonden.group(groep)
            uit += [wat[vanaf:begin], str(bekend.get(code, code))]
            vanaf = eind
        return "".join(uit) + wat[vanaf:]
    return wat


def leesbaar(wat: str, aanbieders: dict[str, str]) -> str:
    """An audit description as users read it: codes as their labels, AGB codes as the aanbieder's name
    (`aanbieders`: AGB code -> name, of the aanbieders the dossier page already read)."""
    wat = _labels(wat)
    return AGB.sub(lambda m: aanbieders.get(m.group(), m.group()), wat)
