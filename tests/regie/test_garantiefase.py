"""The garantiefase, one rule for the service and the 315 advice: a return within 6 months after the end
(the 307's Einddatum, else the toewijzing's) at the same aanbieder in the same segment, trajecten only, no new
money — JR-064 (Handboek verwijzers jeugdhulp §1.1.2.2.2.1, r. 1837–1846), JR-065 (r. 1862–1878), JR-066
(r. 1886–1894)."""

from datetime import date

import pytest

from regie import garantiefase
from regie.garantiefase import Afgesloten

EINDE = date(2027, 3, 15)
EERDER = Afgesloten(
    nummer=7,
    code="45L12",
    naam="Perspectief 1 Midden",
    aanbieder_agb="01010101",
    aanbieder_naam="Aanbieder A",
    segment="4",
    traject=True,
    einde=EINDE,
)


# (the earlier toewijzing, aanbieder of the new aanvraag, segment, date of the return, flagged?, source)
@pytest.mark.parametrize(
    ("eerder", "agb", "segment", "datum", "gevlagd", "bron"),
    [
        (EERDER, "01010101", "4", date(2027, 3, 16), True, "JR-064: the day after the end"),
        (EERDER, "01010101", "4", date(2027, 9, 15), True, "JR-064: the last day of the 6 months"),
        (EERDER, "01010101", "4", date(2027, 9, 16), False, "JR-064/JR-068: after the 6 months"),
        (EERDER, "01010101", "4", date(2027, 11, 15), False, "JR-064: a return 8 months after the end"),
        (EERDER, "01010101", "4", date(2027, 3, 15), False, "JR-064: 'na einde zorg': care still ran that day"),
        (EERDER, "02020202", "4", date(2027, 4, 1), False, "JR-064/JR-066: another aanbieder"),
        (EERDER, "", "4", date(2027, 4, 1), True, "JR-066: no aanbieder chosen yet: any aanbieder is shown"),
        (EERDER, "01010101", "3", date(2027, 4, 1), False, "JR-066: another segment"),
        (
            Afgesloten(7, "44A07", "Pleegzorg", "01010101", "A", "4", traject=False, einde=EINDE),
            "01010101",
            "4",
            date(2027, 4, 1),
            False,
            "JR-064 'binnen het eerder toegewezen traject': no traject, no garantiefase",
        ),
    ],
)
def test_which_earlier_traject_a_return_may_belong_to(eerder, agb, segment, datum, gevlagd, bron):
    uit = garantiefase.kandidaten([eerder], aanbieder_agb=agb, segment=segment, datum=datum)
    assert (uit == [eerder]) is gevlagd, bron


@pytest.mark.parametrize(
    ("gestopt_op", "einddatum", "einde", "tot", "bron"),
    [
        (date(2027, 1, 10), date(2027, 3, 15), date(2027, 1, 10), date(2027, 7, 10), "the 307's Einddatum (JR-064)"),
        (None, date(2027, 3, 15), date(2027, 3, 15), date(2027, 9, 15), "no 307: the toewijzing's einddatum"),
    ],
)
def test_the_end_is_the_307s_einddatum_else_the_toewijzings(gestopt_op, einddatum, einde, tot, bron):
    assert garantiefase.einde_zorg(gestopt_op=gestopt_op, einddatum=einddatum) == einde, bron
    assert garantiefase.loopt_tot(einde) == tot, bron


@pytest.mark.parametrize(
    ("vandaag", "geweigerd", "bron"),
    [
        (date(2027, 5, 1), "", "JR-065: within the 6 months: stretched"),
        (date(2027, 11, 15), "is voorbij", "JR-064: 8 months after the end: refused, no einddatum in the past"),
        (date(2027, 3, 1), "loopt nog", "JR-064: before the end care still runs: nothing to stretch"),
    ],
)
def test_the_service_may_grant_the_garantiefase_only_within_the_6_months(vandaag, geweigerd, bron):
    waarom = garantiefase.weigering(EERDER, vandaag=vandaag)
    assert geweigerd in waarom if geweigerd else waarom == "", bron
    if not geweigerd:
        assert garantiefase.loopt_tot(EERDER.einde) >= vandaag
