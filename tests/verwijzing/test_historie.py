"""The inwoner page lists the client's whole history: every dossier in scope (open, decided, closed) and every
toewijzing with its period and status (the workplace walk's "no way back to a client's cases")."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Rol
from inwoners.factories import inwoner_in
from organisaties.factories import AanbiederFactory
from producten.factories import ContractFactory
from producten.models import Product
from tests.conftest import ingelogde_client, maak_gebruiker
from verwijzing.factories import DossierFactory, aanvraag_dossier, toekenning_vaststellen
from verwijzing.historie import inwoner_historie
from verwijzing.models import Dossier, Status, Toewijzing

pytestmark = pytest.mark.django_db


@pytest.fixture
def jeugdconsulent(venlo):
    return maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)


def _toegekend(gemeente, consulent, inwoner, aanbieder=None):
    aanbieder = aanbieder or AanbiederFactory()
    ContractFactory(aanbieder=aanbieder, gemeente=gemeente, product=Product.objects.get(code="45L12"))
    dossier = aanvraag_dossier(gemeente=gemeente, consulent=consulent, aanbieder=aanbieder, inwoner=inwoner)
    toekenning_vaststellen(dossier=dossier, door=maak_gebruiker(Rol.BACKOFFICE, [gemeente]))
    return Dossier.objects.get(pk=dossier.pk)


def test_inwoner_page_lists_decided_and_closed_dossiers(jeugdconsulent, venlo):
    inwoner = inwoner_in(venlo)
    open_ = DossierFactory(gemeente=venlo, consulent=jeugdconsulent, inwoner=inwoner, status=Status.ONDERZOEK)
    toegekend = _toegekend(venlo, jeugdconsulent, inwoner)
    gesloten = DossierFactory(gemeente=venlo, consulent=jeugdconsulent, inwoner=inwoner, status=Status.INGETROKKEN)
    toewijzing = Toewijzing.objects.get(dossier=toegekend)

    tekst = ingelogde_client(jeugdconsulent).get(f"/inwoners/{inwoner.public_id}/").content.decode()

    for dossier in (open_, toegekend, gesloten):
        assert f'href="/dossiers/{dossier.public_id}/"' in tekst
        assert f"Dossier {dossier.pk}" in tekst
        assert dossier.get_status_display() in tekst
        assert dossier.meldingsdatum.strftime("%d-%m-%Y") in tekst
    assert "Beschikt: toegekend" in tekst and "Ingetrokken" in tekst and "Venlo" in tekst and "Jeugd" in tekst
    # Every toewijzing: nummer, product, aanbieder, period in dd-mm-jjjj and status.
    assert str(toewijzing.nummer) in tekst and "45L12" in tekst and toewijzing.aanbieder.naam in tekst
    assert f"{toewijzing.ingangsdatum:%d-%m-%Y} – {toewijzing.einddatum:%d-%m-%Y}" in tekst
    assert toewijzing.status_tekst in tekst  # the word the dossier page and the cockpit use
    assert toewijzing.ingangsdatum.isoformat() not in tekst


def test_inwoner_page_shows_only_the_dossiers_and_toewijzingen_in_scope(jeugdconsulent, venlo, beesel):
    inwoner = inwoner_in(venlo)
    eigen = DossierFactory(gemeente=venlo, consulent=jeugdconsulent, inwoner=inwoner)
    wmo = DossierFactory(
        gemeente=venlo,
        domein="wmo",
        consulent=maak_gebruiker(Rol.CONSULENT, [venlo], domein_wmo=True),
        inwoner=inwoner,
    )
    elders = _toegekend(beesel, maak_gebruiker(Rol.CONSULENT, [beesel], domein_jeugd=True), inwoner)
    nummer_elders = Toewijzing.objects.get(dossier=elders).nummer

    historie = inwoner_historie(jeugdconsulent, inwoner)
    assert [r.nummer for r in historie.dossiers] == [eigen.pk]
    assert historie.toewijzingen == []
    tekst = ingelogde_client(jeugdconsulent).get(f"/inwoners/{inwoner.public_id}/").content.decode()
    assert f"/dossiers/{wmo.public_id}/" not in tekst and f"/dossiers/{elders.public_id}/" not in tekst
    # Only the toewijzingen table: the relaties table above has numbers of its own.
    toewijzingen = tekst[tekst.index('id="toewijzingen-kop"') :].split("<h2", 1)[0]
    assert "Geen toewijzingen die u mag inzien." in toewijzingen and f">{nummer_elders}<" not in toewijzingen


def test_aanbieders_never_see_the_inwoner_page_or_its_history(jeugdconsulent, venlo):
    inwoner = inwoner_in(venlo)
    aanbieder = AanbiederFactory()
    _toegekend(venlo, jeugdconsulent, inwoner, aanbieder=aanbieder)
    medewerker = maak_gebruiker(Rol.AANBIEDER, [], aanbieder=aanbieder)
    assert ingelogde_client(medewerker).get(f"/inwoners/{inwoner.public_id}/").status_code == 404
    # Even called directly, the selector gives an aanbieder nothing, not its own toewijzingen of this client.
    historie = inwoner_historie(medewerker, inwoner)
    assert historie.dossiers == [] and historie.toewijzingen == []


def test_inwoner_page_query_count_is_constant(jeugdconsulent, venlo):
    inwoner = inwoner_in(venlo)
    _toegekend(venlo, jeugdconsulent, inwoner)
    client = ingelogde_client(jeugdconsulent)
    url = f"/inwoners/{inwoner.public_id}/"
    client.get(url)
    with CaptureQueriesContext(connection) as weinig:
        assert client.get(url).status_code == 200
    for status in (Status.MELDING, Status.AFGEWEZEN, Status.AFGESLOTEN_WLZ):
        DossierFactory(gemeente=venlo, consulent=jeugdconsulent, inwoner=inwoner, status=status)
    _toegekend(venlo, jeugdconsulent, inwoner)
    _toegekend(venlo, jeugdconsulent, inwoner)
    with CaptureQueriesContext(connection) as veel:
        tekst = client.get(url).content.decode()
    assert tekst.count("Dossier ") >= 6
    assert len(veel) == len(weinig), "\n".join(q["sql"][:150] for q in veel.captured_queries)
