"""The caseload in the browser: "Mijn werkvoorraad" and "Team" as tabs, the team filtered per behandelaar,
and handing a dossier to a colleague; axe on each screen, 320 px reflow and the focused tabs' contrast."""

import pytest

from accounts.models import Rol
from inwoners.factories import inwoner_in
from organisaties.kleuren import contrast
from tests.browser.conftest import assert_toegankelijk, inloggen
from tests.browser.test_toegankelijkheid import KLEUREN_BIJ_FOCUS, assert_past_op_320
from tests.conftest import maak_gebruiker
from verwijzing.factories import DossierFactory
from verwijzing.models import Dossier, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _team(venlo):
    anna = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True, first_name="Anna", last_name="Aarts")
    bram = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True, first_name="Bram", last_name="Bos")
    eigen = DossierFactory(
        gemeente=venlo, consulent=anna, inwoner=inwoner_in(venlo, voornamen="Mila", geslachtsnaam="Janssen")
    )
    DossierFactory(
        gemeente=venlo,
        consulent=bram,
        status=Status.ONDERZOEK,
        inwoner=inwoner_in(venlo, voornamen="Daan", geslachtsnaam="Kessels"),
    )
    return anna, bram, eigen


def test_mijn_and_team_werkvoorraad(pagina, live_server, venlo):
    anna, _bram, _eigen = _team(venlo)
    inloggen(pagina, live_server, anna)
    pagina.get_by_role("link", name="Werkvoorraad", exact=True).click()
    pagina.get_by_role("link", name="Mila Janssen").wait_for()
    assert pagina.get_by_role("link", name="Daan Kessels").count() == 0
    assert pagina.get_by_role("link", name="Mijn werkvoorraad").get_attribute("aria-current") == "page"
    assert_toegankelijk(pagina)
    pagina.get_by_role("link", name="Team", exact=True).click()
    pagina.get_by_role("link", name="Daan Kessels").wait_for()
    assert pagina.get_by_role("link", name="Team", exact=True).get_attribute("aria-current") == "page"
    assert_toegankelijk(pagina)
    pagina.get_by_label("Behandelaar").select_option(label="Bram Bos")
    pagina.get_by_role("button", name="Filteren").click()
    pagina.wait_for_url("**behandelaar=*")
    assert pagina.get_by_role("link", name="Mila Janssen").count() == 0
    pagina.get_by_role("link", name="Daan Kessels").wait_for()
    assert_toegankelijk(pagina)
    for naam in ("Mijn werkvoorraad", "Team"):
        tab = pagina.get_by_role("link", name=naam, exact=True)
        tab.focus()
        voorgrond, achtergrond = tab.evaluate(KLEUREN_BIJ_FOCUS)
        assert contrast(voorgrond, achtergrond) >= 4.5, f"{naam}: {voorgrond} op {achtergrond}"
    pagina.set_viewport_size({"width": 320, "height": 640})
    for pad in ("/dossiers/", "/dossiers/?weergave=team"):
        pagina.goto(f"{live_server.url}{pad}")
        assert_past_op_320(pagina, pad)


def test_behandelaar_wijzigen(pagina, live_server, venlo):
    anna, bram, eigen = _team(venlo)
    inloggen(pagina, live_server, anna)
    pagina.goto(f"{live_server.url}/dossiers/{eigen.public_id}/behandelaar/")
    pagina.get_by_role("heading", name="Behandelaar wijzigen: Mila Janssen").wait_for()
    assert_toegankelijk(pagina)
    pagina.get_by_role("button", name="Behandelaar wijzigen").click()
    pagina.get_by_text("Geef de reden van de wijziging.").first.wait_for()
    assert pagina.get_by_label("Reden").get_attribute("aria-invalid") == "true"
    assert_toegankelijk(pagina)
    pagina.get_by_label("Nieuwe behandelaar").select_option(label="Bram Bos")
    pagina.get_by_label("Reden").fill("Verlof")
    pagina.get_by_role("button", name="Behandelaar wijzigen").click()
    pagina.get_by_text("Bram Bos behandelt nu dit dossier.").wait_for()
    assert pagina.url == f"{live_server.url}/dossiers/{eigen.public_id}/"
    assert Dossier.objects.get(pk=eigen.pk).consulent == bram
    pagina.goto(f"{live_server.url}/dossiers/{eigen.public_id}/behandelaar/")
    veld = pagina.get_by_label("Nieuwe behandelaar")
    veld.focus()
    voorgrond, achtergrond = veld.evaluate(KLEUREN_BIJ_FOCUS)
    assert contrast(voorgrond, achtergrond) >= 4.5
    pagina.set_viewport_size({"width": 320, "height": 640})
    pagina.reload()
    assert_past_op_320(pagina, "behandelaar wijzigen")
