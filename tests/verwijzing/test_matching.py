"""Matchingsverzoek and the aanbieder portal (Handboek verwijzers jeugdhulp §1.1.2.3.2 (r. 2073–2172); Handboek
Maatwerkdiensten Wmo §2 (r. 110–117))."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction

from accounts.models import Rol
from audit.models import Actie, AuditEvent
from inwoners.factories import inwoner_in
from organisaties.factories import AanbiederFactory
from producten.factories import ContractFactory
from producten.models import Product
from tests.conftest import ingelogde_client, maak_gebruiker
from toegang.fouten import Geweigerd
from verwijzing.factories import DossierFactory
from verwijzing.indicatie import (
    indicatie_voorstellen,
    matchingsverzoek_beantwoorden,
    matchingsverzoek_sturen,
    uiterlijk_matchingsgesprek,
)
from verwijzing.models import Matchingsverzoek, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def consulent(venlo):
    return maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True, domein_wmo=True)


@pytest.fixture
def aanbieder():
    return AanbiederFactory(naam="Jeugdhulp Maasland")


def _indicatie(consulent, venlo, aanbieder, code="45L12", domein="jeugd", geboren=date(2015, 3, 1)):
    dossier = DossierFactory(
        gemeente=venlo,
        consulent=consulent,
        status=Status.INDICATIE,
        domein=domein,
        inwoner=inwoner_in(venlo, geboortedatum=geboren, geslachtsnaam="Hermans"),
    )
    ContractFactory(aanbieder=aanbieder, gemeente=venlo, product=Product.objects.get(code=code))
    gegevens = {
        "product": Product.objects.get(code=code),
        "volume": 1,
        "frequentie": "6",
        "budget": None,
        "ingangsdatum": date(2026, 12, 1),
        "einddatum": date(2027, 8, 31),
        "aanbieder": aanbieder,
        "bekostiging": "zin",
    }
    return indicatie_voorstellen(door=consulent, dossier=dossier, gegevens=gegevens, motivering="")


def test_sending_a_verzoek_prefills_the_green_part(consulent, venlo, aanbieder):
    indicatie = _indicatie(consulent, venlo, aanbieder)
    verzoek = matchingsverzoek_sturen(door=consulent, indicatie=indicatie)
    assert verzoek.groen["product"] == "45L12 Perspectief 1 Midden"
    assert verzoek.groen["gemeente"] == "Venlo" and "Hermans" in verzoek.groen["inwoner"]
    assert AuditEvent.objects.filter(actie=Actie.AANMAKEN, object_id=str(verzoek.pk)).exists()


def test_the_green_part_shows_omvang_periode_and_dates_as_users_read_them(consulent, venlo, aanbieder):
    """The workplace walk (finding 5): the aanbieder saw ISO dates and no omvang or periode."""
    verzoek = matchingsverzoek_sturen(door=consulent, indicatie=_indicatie(consulent, venlo, aanbieder))
    medewerker = maak_gebruiker(Rol.AANBIEDER, [], aanbieder=aanbieder)
    tekst = ingelogde_client(medewerker).get(f"/portaal/verzoeken/{verzoek.public_id}/").content.decode()
    assert "1 traject totaal binnen de geldigheidsduur" in tekst and "01-12-2026 – 31-08-2027" in tekst
    assert "01-03-2015" in tekst and "2015-03-01" not in tekst
    assert date.today().isoformat() not in tekst and date.today().strftime("%d-%m-%Y") in tekst


def test_never_the_same_product_to_two_aanbieders_at_once(consulent, venlo, aanbieder):
    indicatie = _indicatie(consulent, venlo, aanbieder)
    verzoek = matchingsverzoek_sturen(door=consulent, indicatie=indicatie)
    with pytest.raises(Geweigerd, match="nooit tegelijk naar twee"):
        matchingsverzoek_sturen(door=consulent, indicatie=indicatie)
    with pytest.raises(IntegrityError), transaction.atomic():  # and the database agrees
        Matchingsverzoek.objects.create(
            dossier=verzoek.dossier,
            indicatie=indicatie,
            product=verzoek.product,
            aanbieder=AanbiederFactory(),
            verzonden_op=date.today(),
            verzonden_door=consulent,
        )


def test_no_matchingsgesprek_for_wmo_3a(consulent, venlo, aanbieder):
    """Wmo 3A: 'tenzij de consulent dit nodig acht' (Handboek Maatwerkdiensten Wmo §2 (r. 124–125))."""
    indicatie = _indicatie(consulent, venlo, aanbieder, code="01B04", domein="wmo", geboren=date(1950, 1, 1))
    with pytest.raises(Geweigerd, match="geen matchingsgesprek nodig"):
        matchingsverzoek_sturen(door=consulent, indicatie=indicatie)


def test_the_clock_is_5_werkdagen(consulent, venlo, aanbieder):
    verzoek = matchingsverzoek_sturen(door=consulent, indicatie=_indicatie(consulent, venlo, aanbieder))
    Matchingsverzoek.objects.filter(pk=verzoek.pk).update(verzonden_op=date(2026, 11, 20))
    verzoek.refresh_from_db()
    assert uiterlijk_matchingsgesprek(verzoek) == date(2026, 11, 27)


def test_the_aanbieder_sees_only_its_own_verzoeken(consulent, venlo, aanbieder):
    eigen = matchingsverzoek_sturen(door=consulent, indicatie=_indicatie(consulent, venlo, aanbieder))
    ander = AanbiederFactory()
    vreemd = matchingsverzoek_sturen(door=consulent, indicatie=_indicatie(consulent, venlo, ander))
    medewerker = maak_gebruiker(Rol.AANBIEDER, [], aanbieder=aanbieder)
    client = ingelogde_client(medewerker)
    tekst = client.get("/portaal/").content.decode()
    assert str(eigen.public_id) in tekst and str(vreemd.public_id) not in tekst
    assert AuditEvent.objects.filter(actie=Actie.LEZEN, route="portaal:verzoeken").exists()
    assert client.get(f"/portaal/verzoeken/{eigen.public_id}/").status_code == 200
    assert client.get(f"/portaal/verzoeken/{vreemd.public_id}/").status_code == 404
    assert AuditEvent.objects.filter(actie=Actie.GEWEIGERD, object_id=str(vreemd.pk)).exists()
    assert ingelogde_client(consulent).get("/portaal/").status_code == 403


def test_answering_passend_and_niet_passend(consulent, venlo, aanbieder):
    medewerker = maak_gebruiker(Rol.AANBIEDER, [], aanbieder=aanbieder)
    client = ingelogde_client(medewerker)
    verzoek = matchingsverzoek_sturen(door=consulent, indicatie=_indicatie(consulent, venlo, aanbieder))
    url = f"/portaal/verzoeken/{verzoek.public_id}/"
    gisteren = (date.today() - timedelta(days=1)).isoformat()
    response = client.post(url, {"passend": "ja", "gesprek_op": gisteren, "gesprek_vorm": "aan_tafel"})
    assert response.status_code == 400 and "Geef de verwachte startdatum." in response.content.decode()
    response = client.post(url, {"passend": "nee", "gesprek_op": gisteren, "gesprek_vorm": "aan_tafel"})
    assert response.status_code == 400 and "Geef de reden" in response.content.decode()
    response = client.post(
        url,
        {
            "passend": "ja",
            "gesprek_op": gisteren,
            "gesprek_vorm": "telefonisch",
            "inschatting_traject": "P1 midden, 9 maanden",
            "verwachte_startdatum": "2026-12-07",
        },
    )
    assert response.status_code == 302
    verzoek.refresh_from_db()
    assert (verzoek.status, verzoek.verwachte_startdatum) == ("passend", date(2026, 12, 7))
    with pytest.raises(Geweigerd, match="al beantwoord"):
        matchingsverzoek_beantwoorden(
            door=medewerker,
            verzoek=verzoek,
            passend=False,
            gesprek_op=date.today(),
            gesprek_vorm="digitaal",
            reden_niet_passend="x",
        )
    # The consulent sees the answer beside the indicatie.
    tekst = ingelogde_client(consulent).get(f"/dossiers/{verzoek.dossier.public_id}/indicatie/").content.decode()
    k = tekst.find('<h2 class="utrecht-heading-2">Matchingsverzoeken')
    assert "verwachte start 07-12-2026" in tekst, tekst[k : k + 800]


def test_only_the_addressed_aanbieder_answers(consulent, venlo, aanbieder):
    verzoek = matchingsverzoek_sturen(door=consulent, indicatie=_indicatie(consulent, venlo, aanbieder))
    ander = maak_gebruiker(Rol.AANBIEDER, [], aanbieder=AanbiederFactory())
    with pytest.raises(Geweigerd, match="Alleen de aanbieder"):
        matchingsverzoek_beantwoorden(
            door=ander,
            verzoek=verzoek,
            passend=True,
            gesprek_op=date.today(),
            gesprek_vorm="digitaal",
            verwachte_startdatum=date.today(),
        )


def test_sending_through_the_screen(consulent, venlo, aanbieder):
    indicatie = _indicatie(consulent, venlo, aanbieder)
    client = ingelogde_client(consulent)
    response = client.post(f"/dossiers/{indicatie.dossier.public_id}/indicatie/{indicatie.pk}/matching/")
    assert response.status_code == 302 and Matchingsverzoek.objects.count() == 1
    assert AuditEvent.objects.filter(actie=Actie.AANMAKEN, route="verwijzing:matchingsverzoek-sturen").exists()
