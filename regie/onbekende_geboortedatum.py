"""The age rules on a (partly) unknown birth date (iJw/iWmo OP252, IV009; choice recorded in docs/keuzes.md).

A consulent expects the rules to use what is known and to say plainly when the age cannot be judged:

- Only the month, or only the year, is known: the rule runs on the earliest and on the latest possible birth date.
  When both give the same findings, those stand (the texts of the earliest, which put an age limit first). When they
  differ, the known part straddles a limit: every finding becomes at most voorwaardelijk, saying so, and the
  consulent checks the birth date before deciding.
- Nothing is known (DatumGebruik 3, 01-01-1900): an age rule cannot judge. A product with an age limit, and the 18-/18+
  transition, give one voorwaardelijk finding "leeftijd onbekend" that the consulent confirms; 01-01-1900 itself is
  never used as an age (it would make everyone 120 and block every jeugd product)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from istandaard import geboortedatum as datumgebruik

from .bevinding import Bevinding
from .models import Uitkomst

BRON = "iStandaarden iJw/iWmo 3.2, OP252 en IV009 (onbekende geboortedatum)"
ONBEKEND = "LEEFTIJD-ONBEKEND"


def _sleutels(bevindingen: list[Bevinding]) -> list[tuple[str, str]]:
    return sorted((b.regel, b.uitkomst) for b in bevindingen)


def toepassen(regel: Callable, rs, p, v, *, heeft_leeftijdsgrens: bool, grens_tekst: str) -> list[Bevinding]:
    """`regel(rs, p, v)` on what is known of v's birth date (see the module's docstring)."""
    gebruik = getattr(v, "geboortedatum_gebruik", "")
    if not gebruik:
        return regel(rs, p, v)
    mogelijk = datumgebruik.periode(v.geboortedatum, gebruik)
    if mogelijk is None:
        if not heeft_leeftijdsgrens:
            return []
        return [
            Bevinding(
                ONBEKEND,
                Uitkomst.VOORWAARDELIJK,
                f"De geboortedatum van de inwoner is onbekend, dus de leeftijd ook: {grens_tekst} Ga na hoe oud de "
                "inwoner is en bevestig dat dit product past.",
                BRON,
                (p.code,),
                f"catalogus/regelset {rs.versie}",
            )
        ]
    vroegst, laatst = mogelijk
    oudst = regel(rs, p, replace(v, geboortedatum=vroegst, geboortedatum_gebruik=""))
    jongst = regel(rs, p, replace(v, geboortedatum=laatst, geboortedatum_gebruik=""))
    if _sleutels(oudst) == _sleutels(jongst):
        return oudst
    bekend = datumgebruik.weergave(v.geboortedatum, gebruik)
    uit, gezien = [], set()
    for b in [*oudst, *jongst]:
        if b.regel in gezien:
            continue
        gezien.add(b.regel)
        uitkomst = Uitkomst.VOORWAARDELIJK if b.uitkomst == Uitkomst.NIET_TOEGESTAAN else b.uitkomst
        uitleg = (
            f"Van de geboortedatum is alleen bekend: {bekend}. Of deze regel geldt, hangt af van de onbekende "
            f"geboortedag: {b.uitleg} Ga de geboortedatum na voordat u besluit."
        )
        uit.append(replace(b, uitkomst=uitkomst, uitleg=uitleg, bron=f"{b.bron}; {BRON}"))
    return uit
