"""The letters print what is known of the birth date (iJw/iWmo OP252, IV009): "geboren op 5 april 2016",
"geboren in april 2016", "geboren in 2016" or "geboortedatum onbekend"; never 1 januari 1900."""

from datetime import date

import pytest

from accounts.models import Rol
from inwoners.factories import inwoner_in
from tests.conftest import maak_gebruiker
from tests.test_brieven import _brief
from verwijzing.factories import aanvraag_dossier

pytestmark = pytest.mark.django_db
D = date.fromisoformat


@pytest.mark.parametrize(
    ("datum", "gebruik", "verwacht"),
    [
        ("2016-04-05", "", "geboren op 5 april 2016"),
        ("2016-04-01", "1", "geboren in april 2016"),
        ("2016-01-01", "2", "geboren in 2016"),
        ("1900-01-01", "3", "geboortedatum onbekend"),
    ],
    ids=["OP252-brief-bekend", "OP252-IV009-brief-dag", "OP252-IV009-brief-dag-en-maand", "OP252-IV009-brief-onbekend"],
)
def test_the_beschikking_prints_what_is_known_of_the_birth_date(
    venlo, django_capture_on_commit_callbacks, datum, gebruik, verwacht
):
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    backoffice = maak_gebruiker(Rol.BACKOFFICE, [venlo])
    kind = inwoner_in(venlo, geboortedatum=D(datum), geboortedatum_gebruik=gebruik, geslachtsnaam="Peeters")
    dossier = aanvraag_dossier(gemeente=venlo, consulent=consulent, producten=("45L12",), inwoner=kind)
    tekst, _b = _brief(backoffice, dossier, django_capture_on_commit_callbacks)
    assert verwacht in tekst
    assert "1900" not in tekst


@pytest.mark.parametrize(
    ("datum", "gebruik", "verwacht"),
    [("2015-03-01", "1", "geboortedatum maart 2015 (dag onbekend)"), ("1900-01-01", "3", "geboortedatum onbekend")],
    ids=["OP252-IV009-matchingsgesprek-dag", "OP252-IV009-matchingsgesprek-onbekend"],
)
def test_the_format_matchingsgesprek_shows_what_is_known(venlo, datum, gebruik, verwacht):
    from organisaties.factories import AanbiederFactory
    from tests.conftest import ingelogde_client
    from tests.verwijzing.test_matching import _indicatie
    from verwijzing.indicatie import matchingsverzoek_sturen

    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    aanbieder = AanbiederFactory()
    indicatie = _indicatie(consulent, venlo, aanbieder)
    inwoner = indicatie.dossier.inwoner
    inwoner.geboortedatum, inwoner.geboortedatum_gebruik = D(datum), gebruik
    inwoner.save()
    verzoek = matchingsverzoek_sturen(door=consulent, indicatie=indicatie)
    medewerker = maak_gebruiker(Rol.AANBIEDER, [], aanbieder=aanbieder)
    tekst = ingelogde_client(medewerker).get(f"/portaal/verzoeken/{verzoek.public_id}/").content.decode()
    assert verwacht in tekst and "1900" not in tekst
