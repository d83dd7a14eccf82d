"""The cockpit's detail page leads to the dossier of the message's toewijzing (only where the user may see
it), and names the toewijzing's own status beside the message's, so the words match the dossier page."""

import pytest

from accounts.models import Rol
from berichten.models import Bericht
from organisaties.factories import gemeente
from tests.conftest import ingelogde_client, maak_gebruiker

pytestmark = pytest.mark.django_db


def test_the_detail_page_links_to_the_dossier_of_its_toewijzing(toegewezen):
    bericht = Bericht.objects.get(soort="JW301")
    kantoor = ingelogde_client(maak_gebruiker(Rol.BACKOFFICE, [gemeente("0983")]))
    tekst = kantoor.get(f"/berichten/{bericht.pk}/").content.decode()
    dossier = toegewezen.dossier
    assert f'href="/dossiers/{dossier.public_id}/"' in tekst
    assert f"Dossier van {dossier.inwoner.volledige_naam}" in tekst
    assert f"Toewijzing {toegewezen.nummer}" in tekst
    assert f"status van de toewijzing: {toegewezen.status_tekst}" in tekst
    assert "Status van het bericht" in tekst


def test_the_menu_of_the_backoffice_holds_the_cockpit():
    kantoor = ingelogde_client(maak_gebruiker(Rol.BACKOFFICE, [gemeente("0983")]))
    tekst = kantoor.get("/dossiers/").content.decode()
    assert '<a class="utrecht-link utrecht-link--html-a" href="/berichten/">Berichten</a>' in tekst
    consulent = ingelogde_client(maak_gebruiker(Rol.CONSULENT, [gemeente("0983")], domein_jeugd=True))
    assert 'href="/berichten/"' not in consulent.get("/dossiers/").content.decode()
