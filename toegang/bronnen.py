"""A source as users read it: document and paragraph ("Handboek verwijzers jeugdhulp §2.9").

The rules data keeps the line references into the handbooks ("(r. 4152–4376)") so beheer and developers
can find the text; screens, letters and messages for consulenten, backoffice and aanbieders leave them out."""

from __future__ import annotations

import re

# "(r. 1720–1748)", "(r. 7222)" and the bare ", r. 8895–8903" or " r. 2802–2808" between paragraphs.
_REGELS_TUSSEN_HAAKJES = re.compile(r"\s*\(r\.\s*\d+(?:\s*[–-]\s*\d+)?(?:\s*,\s*\d+(?:\s*[–-]\s*\d+)?)*\)")
_LOSSE_REGELS = re.compile(r",?\s*\br\.\s*\d+(?:\s*[–-]\s*\d+)?")


def bron_voor_gebruiker(bron: str | None) -> str:
    """The source without line references; document and paragraph stay, in their order."""
    if not bron:
        return ""
    tekst = _REGELS_TUSSEN_HAAKJES.sub("", str(bron))
    tekst = _LOSSE_REGELS.sub("", tekst)
    tekst = re.sub(r"\s*,\s*(?=,|;|$)", "", tekst)  # a comma left before another separator or the end
    tekst = re.sub(r"(§[\d.]+)\s+(?=§)", r"\1, ", tekst)  # "§2.8 §3.1" → "§2.8, §3.1"
    return re.sub(r"\s{2,}", " ", tekst).strip(" ,")
