"""The beslistermijn notices on the dossier page in the browser: opschorten with a missing reden comes
back on the form with the error announced, then opschorten and hervatten work (Awb 4:15); axe each time."""

from datetime import date

import pytest

from accounts.models import Rol
from tests.browser.conftest import assert_toegankelijk, inloggen
from tests.conftest import maak_gebruiker
from verwijzing.factories import aanvraag_dossier
from verwijzing.models import Dossier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_consulent_suspends_and_resumes_the_beslistermijn(pagina, live_server, venlo):
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    dossier = aanvraag_dossier(gemeente=venlo, consulent=consulent)
    inloggen(pagina, live_server, consulent)
    pagina.goto(f"{live_server.url}/dossiers/{dossier.public_id}/")
    pagina.get_by_text("Beslistermijn opschorten, hervatten of verlengen").click()
    pagina.get_by_label("Grond").select_option(index=0)
    pagina.get_by_role("button", name="Opschorten", exact=True).click()  # no reden
    pagina.get_by_role("alert").filter(has_text="Geef de reden van de opschorting.").wait_for()
    assert pagina.locator("#id_opschorten-reden").get_attribute("aria-invalid") == "true"
    assert pagina.locator("details.toegang-details").first.get_attribute("open") is not None
    assert_toegankelijk(pagina)
    assert Dossier.objects.get(pk=dossier.pk).uiterlijk is not None  # nothing changed

    pagina.locator("#id_opschorten-reden").fill("Wij wachten op het advies van de huisarts.")
    pagina.get_by_role("button", name="Opschorten", exact=True).click()
    pagina.get_by_text("De beslistermijn is opgeschort.").wait_for()
    assert Dossier.objects.get(pk=dossier.pk).uiterlijk is None
    pagina.get_by_text("Beslistermijn opschorten, hervatten of verlengen").click()
    pagina.get_by_label("Opschorting beëindigd op").fill(date.today().isoformat())
    pagina.get_by_role("button", name="Opschorting beëindigen").click()
    pagina.get_by_text("De opschorting is beëindigd.").wait_for()
    assert_toegankelijk(pagina)
    assert Dossier.objects.get(pk=dossier.pk).uiterlijk is not None
