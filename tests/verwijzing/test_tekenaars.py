"""Who signs the leefzorgplan when the birth date is (partly) unknown (iStandaarden iJw 3.2 OP252 DatumGebruik,
IV009: the unknown part is sent as 01 / 1900). The age limits of the Jeugdwet (art. 7.3.4: from 12 the
jeugdige too, from 16 the jeugdige alone) are read on every age the known part allows, never on the filled-in
01-01: whoever one of the possible ages needs signs (docs/keuzes.md)."""

from datetime import date

import pytest

from accounts.models import Rol
from inwoners.factories import RelatieFactory, inwoner_in
from tests.conftest import maak_gebruiker
from verwijzing.factories import DossierFactory
from verwijzing.leefzorgplan.tekenaars import toestemming, wie_tekent
from verwijzing.models import Status

pytestmark = pytest.mark.django_db
PEILDATUM = date(2026, 6, 15)
BEIDE = ["jeugdige", "gezaghebbende", "gezaghebbende"]


def _dossier(venlo, geboortedatum, gebruik, ouders=2):
    inwoner = inwoner_in(venlo, geboortedatum=geboortedatum, geboortedatum_gebruik=gebruik)
    for n in range(ouders):
        RelatieFactory(inwoner=inwoner, soort="10", gezaghebbend=True, email=f"ouder{n}@voorbeeld.example")
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    return DossierFactory(
        gemeente=venlo, consulent=consulent, status=Status.LEEFZORGPLAN, domein="jeugd", inwoner=inwoner
    )


# (birth date as stored (IV009), DatumGebruik, gezaghebbenden registered, who signs on 15-06-2026)
GEVALLEN = [
    pytest.param(date(2015, 6, 20), "", 2, ["gezaghebbende"] * 2, id="OP252-IV009-tekenaars-bekend-10"),
    pytest.param(date(2010, 6, 20), "", 2, BEIDE, id="OP252-IV009-tekenaars-bekend-15"),
    pytest.param(date(2010, 6, 10), "", 2, ["jeugdige"], id="OP252-IV009-tekenaars-bekend-16"),
    pytest.param(date(2010, 1, 1), "2", 2, BEIDE, id="OP252-IV009-tekenaars-jaar-15-of-16-ook-gezag"),
    pytest.param(date(2010, 6, 1), "1", 2, BEIDE, id="OP252-IV009-tekenaars-maand-15-of-16-ook-gezag"),
    pytest.param(date(2010, 5, 1), "1", 2, ["jeugdige"], id="OP252-IV009-tekenaars-maand-zeker-16"),
    pytest.param(date(2014, 1, 1), "2", 2, BEIDE, id="OP252-IV009-tekenaars-jaar-11-of-12-ook-jeugdige"),
    pytest.param(date(2014, 7, 1), "1", 2, ["gezaghebbende"] * 2, id="OP252-IV009-tekenaars-maand-zeker-11"),
    pytest.param(date(2012, 1, 1), "2", 2, BEIDE, id="OP252-IV009-tekenaars-jaar-13-of-14"),
    pytest.param(date(2008, 1, 1), "2", 2, ["jeugdige"], id="OP252-IV009-tekenaars-jaar-17-of-18"),
    pytest.param(date(2016, 1, 1), "2", 2, ["gezaghebbende"] * 2, id="OP252-IV009-tekenaars-jaar-9-of-10"),
    pytest.param(date(1900, 1, 1), "3", 2, BEIDE, id="OP252-IV009-tekenaars-onbekend-iedereen"),
    pytest.param(date(2010, 1, 1), "2", 0, [], id="OP252-IV009-tekenaars-15-of-16-zonder-gezag-eerst-vastleggen"),
]


@pytest.mark.parametrize(("geboortedatum", "gebruik", "ouders", "verwacht"), GEVALLEN)
def test_an_uncertain_age_is_signed_for_by_whoever_one_of_its_readings_needs(
    venlo, geboortedatum, gebruik, ouders, verwacht
):
    """OP252/IV009: 01-01-2010 with DatumGebruik 2 is "born in 2010", 15 or 16 on 15-06-2026; read as
    01-01-2010 the jeugdige would sign alone, while at 15 the gezaghebbenden must consent too."""
    dossier = _dossier(venlo, geboortedatum, gebruik, ouders)
    assert [t.rol for t in wie_tekent(dossier, PEILDATUM)] == verwacht


@pytest.mark.parametrize(
    ("leeftijden", "verwacht"),
    [
        pytest.param((11, 11), (False, True), id="OP252-IV009-tekenaars-toestemming-11"),
        pytest.param((11, 12), (True, True), id="OP252-IV009-tekenaars-toestemming-11-12"),
        pytest.param((15, 16), (True, True), id="OP252-IV009-tekenaars-toestemming-15-16"),
        pytest.param((16, 16), (True, False), id="OP252-IV009-tekenaars-toestemming-16"),
        pytest.param(None, (True, True), id="OP252-IV009-tekenaars-toestemming-onbekend"),
    ],
)
def test_the_consent_rule_reads_the_youngest_and_the_oldest_age(leeftijden, verwacht):
    """Jeugdwet art. 7.3.4 on a range of ages: (the jeugdige signs, the gezaghebbenden sign)."""
    assert toestemming(leeftijden) == verwacht
