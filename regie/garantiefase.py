"""The garantiefase, one rule for every reader (the toewijzing service, the flag on a new aanvraag in the
toegang and on a verzoek om toewijzing (315)):

- JR-064: for 6 months after the end of care a client who returns with the same hulpvraag is taken back
  by the same aanbieder within the earlier traject; the verwijzer judges "same hulpvraag", there is no
  new indicatie.
- JR-065: the closed toewijzing is stretched (same number, a new 301); the traject amount stays: no new
  money.
- JR-066: on every aanvraag (toegang or 315) look for a toewijzing that ended in the last 6 months at the
  same aanbieder in the same segment.

The end is the aanbieder's 307 Einddatum (care stopped), else the toewijzing's einddatum. Only trajecten
have a garantiefase: the products for which the catalogue names one (`Product.garantiefase_maanden`, with
its own source per product). Pure functions: `verwijzing` reads the toewijzingen, the rule decides."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from .bevinding import Bevinding
from .models import Uitkomst
from .termijnen import plus_maanden

BRON = "Handboek verwijzers jeugdhulp §1.1.2.2.2.1 (r. 1837–1894)"
MAANDEN = 6  # JR-064: "Na einde zorg geldt een nazorgfase (garantie) van 6 maanden" (r. 1837)


@dataclass(frozen=True)
class Afgesloten:
    """An earlier toewijzing as the rule reads it: `traject` when the catalogue names a garantiefase for
    its product; `einde` from `einde_zorg`."""

    nummer: int
    code: str
    naam: str
    aanbieder_agb: str
    aanbieder_naam: str
    segment: str
    traject: bool
    einde: date


def einde_zorg(*, gestopt_op: date | None, einddatum: date | None) -> date | None:
    """JR-064 counts from the end of care: the 307's Einddatum, else the toewijzing's einddatum."""
    return gestopt_op or einddatum


def loopt_tot(einde: date) -> date:
    """The last day of the garantiefase: 6 months after the end (JR-064)."""
    return plus_maanden(einde, MAANDEN)


def binnen(einde: date, datum: date) -> bool:
    """Is a return on `datum` a return within the garantiefase: after the end, at most 6 months later?"""
    return einde < datum <= loopt_tot(einde)


def kandidaten(eerder, *, aanbieder_agb: str, segment: str, datum: date) -> list[Afgesloten]:
    """JR-066: the earlier trajecten (`Afgesloten`) a return on `datum` may belong to: same aanbieder (any,
    when none is chosen yet), same segment, within 6 months after their end. Most recent end first."""
    return sorted(
        (
            a
            for a in eerder
            if a.traject
            and a.segment == segment
            and (not aanbieder_agb or a.aanbieder_agb == aanbieder_agb)
            and binnen(a.einde, datum)
        ),
        key=lambda a: a.einde,
        reverse=True,
    )


def weigering(a: Afgesloten, *, vandaag: date) -> str:
    """Why the garantiefase cannot be granted on `a` today, or "" when it can (JR-064/JR-065). A return
    after 6 months is a new vraagverheldering (JR-068): stretching then would give an einddatum in the past."""
    if not a.traject:
        return _("%(product)s kent geen garantiefase: die geldt alleen voor trajecten die hem noemen.") % {
            "product": a.naam
        }
    if vandaag <= a.einde:
        return _("De zorg loopt nog tot %(einde)s; de garantiefase volgt op het einde van de zorg.") % {
            "einde": f"{a.einde:%d-%m-%Y}"
        }
    if not binnen(a.einde, vandaag):
        return _(
            "De garantiefase van %(maanden)s maanden na het einde van de zorg (%(einde)s) is voorbij sinds "
            "%(tot)s; een terugkeer daarna vraagt een nieuwe vraagverheldering."
        ) % {"maanden": MAANDEN, "einde": f"{a.einde:%d-%m-%Y}", "tot": f"{loopt_tot(a.einde):%d-%m-%Y}"}
    return ""


def melding(a: Afgesloten) -> str:
    """The flag on a new aanvraag, for the verwijzer who judges whether it is the same hulpvraag."""
    return _(
        "Mogelijk garantiefase: toewijzing %(nummer)s (%(code)s %(naam)s) bij %(aanbieder)s eindigde op "
        "%(einde)s; de garantiefase loopt tot en met %(tot)s. Is het dezelfde hulpvraag zonder gewijzigde feiten, "
        "dan neemt deze aanbieder de jeugdige terug binnen dat traject: de toewijzing wordt opgerekt, zonder "
        "nieuwe indicatie en zonder nieuw geld. Beoordeel en motiveer."
    ) % {
        "nummer": a.nummer,
        "code": a.code,
        "naam": a.naam,
        "aanbieder": a.aanbieder_naam or a.aanbieder_agb,
        "einde": f"{a.einde:%d-%m-%Y}",
        "tot": f"{loopt_tot(a.einde):%d-%m-%Y}",
    }


def bevindingen(kandidaten_: list[Afgesloten]) -> list[Bevinding]:
    """The flag as findings beside the rules' other findings: voorwaardelijk, so the verwijzer confirms
    and motivates the judgement "another hulpvraag" before a new indicatie is made."""
    return [Bevinding("JR-066", Uitkomst.VOORWAARDELIJK.value, melding(a), BRON, (a.code,)) for a in kandidaten_]
