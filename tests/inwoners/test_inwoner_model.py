import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from inwoners import services
from inwoners.bsn import controlecijfer, geldige_bsns, nde_bsn
from inwoners.codes import SoortRelatie
from inwoners.factories import InwonerFactory, RelatieFactory, geregistreerd_door
from inwoners.models import leeftijd_op
from inwoners.validators import valideer_bsn
from tests.conftest import maak_gebruiker
from toegang.fouten import Geweigerd

D = datetime.date

# iJw/iWmo CS002: a BSN has 9 digits and passes the elfproef.
BSN_GEVALLEN = [
    ("999990019", True, "a valid test BSN"),
    ("111222333", True, "elfproef: 9+8+7+12+10+8+9+6-3 = 66, divisible by 11"),
    ("123456789", False, "elfproef fails"),
    ("12345678", False, "8 digits"),
    ("1234567890", False, "10 digits"),
    ("12345678a", False, "not only digits"),
    ("", False, "empty"),
]


@pytest.mark.parametrize(("bsn", "geldig", "waarom"), BSN_GEVALLEN)
def test_bsn_validation_cs002(bsn, geldig, waarom):
    if geldig:
        valideer_bsn(bsn)
    else:
        with pytest.raises(ValidationError) as fout:
            valideer_bsn(bsn)
        assert "BSN" in fout.value.messages[0], waarom


def test_test_bsn_generator_yields_only_valid_numbers_in_range():
    from stdnum.nl import bsn as stdnum_bsn

    reeks = [nde_bsn(n) for n in range(500)]
    assert len(set(reeks)) == 500
    assert all(b.startswith("9999") and stdnum_bsn.is_valid(b) for b in reeks)
    assert next(geldige_bsns("99")).startswith("99")
    assert controlecijfer("99999001") == 9


# Jeugd or volwassene is derived from the age on a date (Jeugdwet art. 1.1: jeugdige < 18).
LEEFTIJDEN = [
    (D(2008, 6, 15), D(2026, 6, 14), 17),
    (D(2008, 6, 15), D(2026, 6, 15), 18),
    (D(2008, 2, 29), D(2026, 2, 28), 17),  # a 29 February birthday counts from 1 March
    (D(2008, 2, 29), D(2026, 3, 1), 18),
    (D(2000, 1, 1), D(2000, 1, 1), 0),
]


@pytest.mark.parametrize(("geboren", "peildatum", "leeftijd"), LEEFTIJDEN)
def test_leeftijd_op(geboren, peildatum, leeftijd):
    assert leeftijd_op(geboren, peildatum) == leeftijd


@pytest.mark.django_db
def test_jeugdige_is_derived_not_stored():
    inwoner = InwonerFactory(geboortedatum=D(2010, 5, 1))
    assert inwoner.is_jeugdige_op(D(2028, 4, 30)) is True
    assert inwoner.is_jeugdige_op(D(2028, 5, 1)) is False
    assert "jeugdige" not in {f.name for f in inwoner._meta.fields}


@pytest.mark.django_db
def test_voorletters_follow_from_voornamen():
    assert InwonerFactory(voornamen="Jan Pieter Maria").voorletters == "JPM"


@pytest.mark.django_db
def test_bsn_is_unique_in_the_database():
    InwonerFactory(bsn="999990019")
    with pytest.raises(IntegrityError), transaction.atomic():
        InwonerFactory(bsn="999990019")


@pytest.mark.django_db
def test_naamgebruik_needs_a_partnernaam_cs050():
    with pytest.raises(IntegrityError), transaction.atomic():
        InwonerFactory(naamgebruik="2", partnernaam="")
    inwoner = InwonerFactory(naamgebruik="4", partnernaam="Jansen")
    assert inwoner.volledige_naam.endswith(f"{inwoner.geslachtsnaam}-Jansen")


@pytest.mark.django_db
def test_relatie_numbers_are_stable_and_never_reused_op071(venlo):
    consulent = maak_gebruiker(gemeenten=[venlo])
    inwoner = geregistreerd_door(InwonerFactory(), consulent, venlo)
    with pytest.raises(Geweigerd):  # only for an inwoner in his scope
        services.relatie_toevoegen(consulent, InwonerFactory(), soort=SoortRelatie.OUDER, geslachtsnaam="X")
    eerste = services.relatie_toevoegen(
        consulent, inwoner, soort=SoortRelatie.OUDER, geslachtsnaam="Jansen", gezaghebbend=True
    )
    tweede = services.relatie_toevoegen(
        consulent,
        inwoner,
        soort=SoortRelatie.VOOGD,
        organisatienaam="Jeugdbescherming Limburg",
        wettelijk_vertegenwoordiger=True,
    )
    assert (eerste.nummer, tweede.nummer) == (1, 2)
    tweede_naam = tweede.naam
    tweede.delete()  # the highest number goes; it must not come back
    derde = services.relatie_toevoegen(consulent, inwoner, soort=SoortRelatie.PLEEGOUDER, geslachtsnaam="Smit")
    assert derde.nummer == 3
    eerste.refresh_from_db()
    assert eerste.nummer == 1
    assert tweede_naam == "Jeugdbescherming Limburg"


@pytest.mark.django_db
def test_relatie_is_a_person_or_an_organisation():
    with pytest.raises(IntegrityError), transaction.atomic():
        RelatieFactory(geslachtsnaam="", organisatienaam="", persoon=None)
    ander = InwonerFactory()
    relatie = RelatieFactory(geslachtsnaam="", persoon=ander)
    assert relatie.naam == ander.volledige_naam
