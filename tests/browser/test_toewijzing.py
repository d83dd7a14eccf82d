"""The toewijzing page in the browser: the backoffice opens a toewijzing from the dossier, a wrong
oprekking comes back with its errors announced on the form, a right one stretches the einddatum on the
same number (OP380); everything by keyboard-reachable controls, axe on every screen."""

from datetime import timedelta

import pytest

from tests.browser.conftest import assert_toegankelijk, inloggen
from verwijzing.models import Toewijzing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_backoffice_stretches_a_toewijzing_on_its_own_page(pagina, live_server, toegekende_toewijzing):
    dossier, t, _consulent, backoffice = toegekende_toewijzing

    inloggen(pagina, live_server, backoffice)
    pagina.goto(f"{live_server.url}/dossiers/{dossier.public_id}/")
    pagina.get_by_role("link", name=f"Toewijzing {t.nummer} bekijken of wijzigen").click()
    pagina.get_by_role("heading", name="Verlengen met dezelfde omvang (oprekken)").wait_for()
    assert_toegankelijk(pagina)

    pagina.get_by_role("button", name="Oprekken").click()  # nothing filled in
    fouten = pagina.get_by_role("alert").filter(has_text="Het formulier bevat fouten")
    fouten.wait_for()
    assert pagina.get_by_label("Nieuwe einddatum").get_attribute("aria-invalid") == "true"
    assert_toegankelijk(pagina)

    nieuw = t.einddatum + timedelta(days=60)
    pagina.get_by_label("Nieuwe einddatum").fill(nieuw.isoformat())
    pagina.get_by_label("Motivering verlenging").fill("De doelen zijn nog niet bereikt.")
    pagina.get_by_label("Motivering verlenging").press("Tab")
    with pagina.expect_navigation():
        pagina.keyboard.press("Enter")  # the button, reached by keyboard
    pagina.get_by_text("hetzelfde toewijzingnummer").wait_for()
    t.refresh_from_db()
    assert t.einddatum == nieuw and Toewijzing.objects.filter(dossier=dossier).count() == 1
