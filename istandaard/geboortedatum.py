"""A (partly) unknown birth date as iJw/iWmo 3.2 carry it.

- OP252: with a (partly) unknown birth date the message says which part can be relied on (DatumGebruik, COD170:
  1 dag onbekend, 2 dag en maand onbekend, 3 dag, maand en jaar onbekend).
- IV009: the known part is sent, the unknown parts as 01 (dag, maand) or 1900 (jaar): wholly unknown is 01-01-1900.
- CS139: DatumGebruik and Datum agree (what IV009 fills in is what the code says is unknown).
- TR002: a birth date is "onbekend" when DatumGebruik is 3 and Datum is 01-01-1900.

Pure functions over (datum, gebruik); gebruik "" (no DatumGebruik) is a fully known date."""

from __future__ import annotations

import calendar
from datetime import date

from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

BEKEND = ""
DAG_ONBEKEND = "1"
DAG_EN_MAAND_ONBEKEND = "2"
ONBEKEND = "3"
CODES = (DAG_ONBEKEND, DAG_EN_MAAND_ONBEKEND, ONBEKEND)
ONBEKENDE_DATUM = date(1900, 1, 1)  # IV009


def iv009(datum: date | None, gebruik: str) -> date | None:
    """The date as the standard sends it: the unknown parts filled with 01 / 1900."""
    if gebruik == ONBEKEND:
        return ONBEKENDE_DATUM
    if datum is None:
        return None
    if gebruik == DAG_ONBEKEND:
        return datum.replace(day=1)
    if gebruik == DAG_EN_MAAND_ONBEKEND:
        return datum.replace(month=1, day=1)
    return datum


def cs139_klopt(datum: date | None, gebruik: str) -> bool:
    """CS139: Datum agrees with DatumGebruik (IV009's filling of the unknown parts)."""
    if datum is None or gebruik not in (BEKEND, *CODES):
        return False
    return iv009(datum, gebruik) == datum


def is_onbekend(datum: date | None, gebruik: str) -> bool:
    """TR002's definition of an unknown birth date."""
    return gebruik == ONBEKEND and datum == ONBEKENDE_DATUM


def periode(datum: date, gebruik: str) -> tuple[date, date] | None:
    """The earliest and the latest birth date the known part allows; None when nothing is known."""
    if gebruik == ONBEKEND:
        return None
    if gebruik == DAG_ONBEKEND:
        laatste = calendar.monthrange(datum.year, datum.month)[1]
        return datum.replace(day=1), datum.replace(day=laatste)
    if gebruik == DAG_EN_MAAND_ONBEKEND:
        return date(datum.year, 1, 1), date(datum.year, 12, 31)
    return datum, datum


def weergave(datum: date | None, gebruik: str) -> str:
    """For screens and lists, dd-mm-jjjj for a known date: never 01-01-1900 for an unknown one."""
    if datum is None:
        return ""
    if gebruik == ONBEKEND:
        return _("onbekend")
    if gebruik == DAG_ONBEKEND:
        return _("%(maand)s %(jaar)s (dag onbekend)") % {"maand": MONTHS[datum.month], "jaar": datum.year}
    if gebruik == DAG_EN_MAAND_ONBEKEND:
        return _("%(jaar)s (dag en maand onbekend)") % {"jaar": datum.year}
    return f"{datum:%d-%m-%Y}"


def geboren(datum: date | None, gebruik: str) -> str:
    """For a letter's sentence ("…, geboren op 5 maart 2010, …")."""
    if datum is None or gebruik == ONBEKEND:
        return _("geboortedatum onbekend")
    if gebruik == DAG_ONBEKEND:
        return _("geboren in %(maand)s %(jaar)s") % {"maand": MONTHS[datum.month], "jaar": datum.year}
    if gebruik == DAG_EN_MAAND_ONBEKEND:
        return _("geboren in %(jaar)s") % {"jaar": datum.year}
    tekst = _("geboren op %(dag)s %(maand)s %(jaar)s")
    return tekst % {"dag": datum.day, "maand": MONTHS[datum.month], "jaar": datum.year}
