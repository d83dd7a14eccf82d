"""Who signs a leefzorgplan, and the signing itself (a one-time, expiring link with a code sent separately).

Who must sign for a jeugdige follows the Jeugdwet's consent rules (art. 7.3.4, mirroring the WGBO):
under 12 the gezaghebbenden; from 12 to 15 the jeugdige and the gezaghebbenden; from 16 the jeugdige.
For Wmo the inwoner, or the wettelijk vertegenwoordiger when one is registered (choice: the
vertegenwoordiger signs instead of the inwoner, as with curatele or mentorschap).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date

from inwoners.models import leeftijd_op

from .models import Ondertekenaar


@dataclass(frozen=True)
class Tekenaar:
    rol: str
    naam: str
    relatie_id: int | None
    contact: str


def wie_tekent(dossier, peildatum: date) -> list[Tekenaar]:
    inwoner = dossier.inwoner
    zelf = Tekenaar(
        Ondertekenaar.JEUGDIGE if dossier.domein == "jeugd" else Ondertekenaar.INWONER,
        inwoner.volledige_naam,
        None,
        inwoner.email or inwoner.telefoon,
    )
    relaties = list(inwoner.relaties.all())
    if dossier.domein == "wmo":
        vertegenwoordigers = [r for r in relaties if r.wettelijk_vertegenwoordiger]
        if vertegenwoordigers:
            return [
                Tekenaar(Ondertekenaar.VERTEGENWOORDIGER, r.naam, r.pk, r.email or r.telefoon)
                for r in vertegenwoordigers
            ]
        return [zelf]
    leeftijd = leeftijd_op(inwoner.geboortedatum, peildatum)
    gezag = [
        Tekenaar(Ondertekenaar.GEZAGHEBBENDE, r.naam, r.pk, r.email or r.telefoon) for r in relaties if r.gezaghebbend
    ]
    if leeftijd >= 16:
        return [zelf]
    if leeftijd >= 12:
        return [zelf, *gezag] if gezag else []
    return gezag


def hash_(waarde: str) -> str:
    return hashlib.sha256(waarde.encode()).hexdigest()


def nieuw_token() -> str:
    return secrets.token_urlsafe(32)


def nieuwe_code() -> str:
    return f"{secrets.randbelow(10**6):06d}"
