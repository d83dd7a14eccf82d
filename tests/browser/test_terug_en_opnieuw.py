"""Back + resubmit in a real browser. The form pages are sent with `Cache-Control: no-store`, so Back fetches the
form again from the server with a NEW one-time token, and the browser refills the typed fields. Sending that
again must not create a second dossier (or indicatie): the content is recognised, and the user lands on the
first result with a word why."""

from datetime import date, timedelta

import pytest
from django.conf import settings as django_settings

from accounts.models import Rol
from inwoners.factories import inwoner_in
from producten.models import Product
from tests.browser.conftest import assert_toegankelijk, inloggen
from tests.conftest import maak_gebruiker
from verwijzing.factories import DossierFactory
from verwijzing.models import Dossier, Indicatie, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
START = date.today() + timedelta(days=14)


def _token(pagina) -> str:
    return pagina.locator("form.toegang-form input[name=form_token]").first.input_value()


def _melding_invullen(pagina):
    pagina.get_by_label("Hulpvraag").fill("Hulp nodig thuis.")
    pagina.get_by_label("(Onafhankelijke) cliëntondersteuning aangeboden").check()


def test_back_and_the_same_melding_again_leads_to_the_first_dossier(pagina, live_server, venlo):
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    inwoner = inwoner_in(venlo, voor=consulent)
    inloggen(pagina, live_server, consulent, met_apparaat=django_settings.TOEGANG_2FA_VERPLICHT)
    pagina.goto(f"{live_server.url}/inwoners/{inwoner.public_id}/")
    pagina.get_by_role("link", name="Nieuwe melding").click()
    _melding_invullen(pagina)
    eerste_token = _token(pagina)
    pagina.get_by_role("button", name="Melding vastleggen").click()
    pagina.get_by_text("De melding is vastgelegd.").wait_for()
    dossier = Dossier.objects.get(inwoner=inwoner)
    eerste_url = pagina.url

    pagina.go_back()
    pagina.get_by_role("button", name="Melding vastleggen").wait_for()
    assert _token(pagina) != eerste_token  # no-store: the form came from the server again
    _melding_invullen(pagina)  # as the browser refills the typed fields
    pagina.get_by_role("button", name="Melding vastleggen").click()
    pagina.get_by_text("Dit formulier was al verstuurd").wait_for()

    assert Dossier.objects.filter(inwoner=inwoner).count() == 1
    assert pagina.url == eerste_url and str(dossier.public_id) in pagina.url
    assert_toegankelijk(pagina)


def _indicatie_invullen(pagina):
    pagina.locator("#id_product").select_option(value=str(Product.objects.get(code="45L12").pk))
    pagina.locator("#id_ingangsdatum").fill(START.isoformat())
    pagina.locator("#id_einddatum").fill((START + timedelta(days=270)).isoformat())
    pagina.locator("#id_bekostiging").select_option(value="zin")


def test_back_and_the_same_indicatie_again_records_it_once(pagina, live_server, venlo):
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    dossier = DossierFactory(
        gemeente=venlo,
        consulent=consulent,
        domein="jeugd",
        status=Status.INDICATIE,
        inwoner=inwoner_in(venlo, voor=consulent, geboortedatum=date(2015, 3, 1)),
    )
    inloggen(pagina, live_server, consulent, met_apparaat=django_settings.TOEGANG_2FA_VERPLICHT)
    pagina.goto(f"{live_server.url}/dossiers/{dossier.public_id}/")
    pagina.goto(f"{live_server.url}/dossiers/{dossier.public_id}/indicatie/")
    _indicatie_invullen(pagina)
    eerste_token = _token(pagina)
    pagina.get_by_role("button", name="Indicatie vastleggen").click()
    pagina.get_by_text("De indicatie is vastgelegd").wait_for()
    assert Indicatie.objects.filter(dossier=dossier).count() == 1

    pagina.go_back()
    pagina.get_by_role("button", name="Indicatie vastleggen").wait_for()
    assert _token(pagina) != eerste_token
    _indicatie_invullen(pagina)
    pagina.get_by_role("button", name="Indicatie vastleggen").click()
    pagina.get_by_text("Dit formulier was al verstuurd").wait_for()

    assert Indicatie.objects.filter(dossier=dossier).count() == 1
    assert pagina.url.endswith(f"/dossiers/{dossier.public_id}/indicatie/")
