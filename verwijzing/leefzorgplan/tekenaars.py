"""Who signs a leefzorgplan, and the secrets of the signing (a one-time, expiring link by e-mail with a code
sent separately by SMS).

Who must sign for a jeugdige follows the Jeugdwet's consent rules (art. 7.3.4, mirroring the WGBO):
under 12 the gezaghebbenden; from 12 to 15 the jeugdige and the gezaghebbenden; from 16 the jeugdige.
For Wmo the inwoner, or the wettelijk vertegenwoordiger when one is registered (choice: the
vertegenwoordiger signs instead of the inwoner, as with curatele or mentorschap).

A (partly) unknown birth date (DatumGebruik, OP252; IV009 fills the unknown part with 01 / 1900) gives a range
of possible ages, never the filled-in date's age: whoever one of the possible ages needs signs (choice: see
docs/keuzes.md, "Ondertekening bij een onbekende geboortedatum").
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import date

from django.utils.crypto import salted_hmac

from inwoners.models import MEERDERJARIG

from ..models import Ondertekenaar

ZELF_VANAF = 12  # Jeugdwet art. 7.3.4: from 12 the jeugdige consents too
ALLEEN_ZELF_VANAF = 16  # Jeugdwet art. 7.3.4: from 16 the jeugdige consents alone


@dataclass(frozen=True)
class Tekenaar:
    rol: str
    naam: str
    relatie_id: int | None
    email: str  # the link goes here
    mobiel: str  # the code goes here by SMS; "" when the registered number is not a Dutch mobile


def mobiel_nummer(telefoon: str) -> str:
    """A Dutch mobile number (06…, +316…, 00316…) in international form, else "": an SMS needs a mobile."""
    m = re.fullmatch(r"(?:\+31|0031|0)6(\d{8})", re.sub(r"[ \-]", "", telefoon or ""))
    return f"+316{m.group(1)}" if m else ""


def _tekenaar(rol, persoon, relatie_id) -> Tekenaar:
    naam = persoon.volledige_naam if relatie_id is None else persoon.naam
    return Tekenaar(rol, naam, relatie_id, persoon.email, mobiel_nummer(persoon.telefoon))


def toestemming(leeftijden: tuple[int, int] | None) -> tuple[bool, bool]:
    """(the jeugdige signs, the gezaghebbenden sign) for a jeugdige aged between the youngest and the oldest
    age the birth date allows (None: wholly unknown). Both readings of an uncertain age must be covered, so
    the plan holds whichever is true: the jeugdige signs when he may be 12 or older, the gezaghebbenden when
    he may be under 16."""
    jongste, oudste = leeftijden if leeftijden is not None else (0, MEERDERJARIG)
    return oudste >= ZELF_VANAF, jongste < ALLEEN_ZELF_VANAF


def wie_tekent(dossier, peildatum: date) -> list[Tekenaar]:
    """Who signs the leefzorgplan on the peildatum; empty when the gezaghebbenden must sign and none is
    registered (the consulent records them first)."""
    inwoner = dossier.inwoner
    zelf = _tekenaar(Ondertekenaar.JEUGDIGE if dossier.domein == "jeugd" else Ondertekenaar.INWONER, inwoner, None)
    relaties = list(inwoner.relaties.all())
    if dossier.domein == "wmo":
        vertegenwoordigers = [r for r in relaties if r.wettelijk_vertegenwoordiger]
        if vertegenwoordigers:
            return [_tekenaar(Ondertekenaar.VERTEGENWOORDIGER, r, r.pk) for r in vertegenwoordigers]
        return [zelf]
    jeugdige, gezaghebbenden = toestemming(inwoner.leeftijden_op(peildatum))
    gezag = [_tekenaar(Ondertekenaar.GEZAGHEBBENDE, r, r.pk) for r in relaties if r.gezaghebbend]
    if gezaghebbenden and not gezag:
        return []
    return ([zelf] if jeugdige else []) + (gezag if gezaghebbenden else [])


def hash_(waarde: str) -> str:
    """For the link token: 256 random bits, so a plain SHA-256 cannot be reversed by a table."""
    return hashlib.sha256(waarde.encode()).hexdigest()


def code_hash(code: str, token_hash: str) -> str:
    """The 6-digit code, keyed with the server secret (SECRET_KEY through salted_hmac): a table of the million
    possible codes reverses a plain SHA-256, not this. The token hash binds it to one signature, so equal
    codes do not give equal hashes. A signature offered before this change (plain SHA-256) needs a new link."""
    return salted_hmac("toegang.ondertekening.code", f"{token_hash}:{code}", algorithm="sha256").hexdigest()


def nieuw_token() -> str:
    return secrets.token_urlsafe(32)


def nieuwe_code() -> str:
    return f"{secrets.randbelow(10**6):06d}"
