"""The sections of a leefzorgplan per domain, and the hash a signature will refer to."""

from __future__ import annotations

import hashlib
import json
from datetime import date

from inwoners.models import leeftijd_op

# Jeugd: the regional format's six sections (Handboek verwijzers jeugdhulp §1.1.3 (r. 2191–2205)), plus the legally
# required bekostiging (ZIN of PGB, Handboek verwijzers jeugdhulp §1.1.3 (r. 2177–2187)); completing the format covers
# the five legal parts (Handboek verwijzers jeugdhulp §1.1.3 (r. 2209–2211)).
JEUGD_SECTIES = [
    ("voorstel", "Voorstel van de gemeente (samenvatting)"),
    ("extra_advies", "Extra advies (door externen, wanneer aan de orde)"),
    ("uw_verhaal", "Verslag van uw verhaal"),
    ("besproken", "Wat we samen hebben besproken"),
    ("afgesproken_aanbieder", "Afgesproken met de zorgaanbieder (in het matchingsgesprek)"),
    ("wat_moet_u_doen", "Wat moet u doen met uw leefzorgplan"),
    ("bekostiging", "Bekostiging: zorg in natura of persoonsgebonden budget"),
]
# From 16, with help expected after 18: "Overgang 18- naar 18+: Volwassen voor de wet" (Handboek verwijzers jeugdhulp
# §1.1.1.3.3 (r. 725–734)).
OVERGANG_18 = ("overgang_18", "Overgang 18- naar 18+: Volwassen voor de wet")
OPTIONEEL = {"extra_advies"}


def secties_voor(dossier, peildatum: date) -> list[tuple[str, str]]:
    if dossier.domein == "wmo":
        return [tuple(s) for s in dossier.gemeente.wmo_leefzorgplan_secties]
    secties = list(JEUGD_SECTIES)
    if leeftijd_op(dossier.inwoner.geboortedatum, peildatum) >= 16:
        secties.append(OVERGANG_18)
    return secties


def inhoud_hash(secties: dict, doelen: list[dict]) -> str:
    canoniek = json.dumps({"secties": secties, "doelen": doelen}, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canoniek.encode()).hexdigest()
