"""A consulent says in the browser that a birth date is unknown (iJw/iWmo OP252, IV009): the correction form
offers the choice, the inwoner's page then shows "onbekend" with "leeftijd onbekend", never 01-01-1900; axe on
both screens."""

from datetime import date

import pytest

from accounts.models import Rol
from inwoners.factories import inwoner_in
from tests.browser.conftest import assert_toegankelijk, inloggen
from tests.conftest import maak_gebruiker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_op252_correcting_a_birth_date_to_onbekend(pagina, live_server, venlo):
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    inwoner = inwoner_in(venlo, voor=consulent, geboortedatum=date(2012, 5, 20))
    inloggen(pagina, live_server, consulent)
    pagina.goto(f"{live_server.url}/inwoners/{inwoner.public_id}/wijzigen/")
    pagina.get_by_label("Geboortedatum").fill("")
    pagina.get_by_label("Welk deel van de datum is bekend?").select_option(label="Niets: de geboortedatum is onbekend")
    pagina.get_by_label("Bron").select_option(label="Consulent")
    pagina.get_by_role("button", name="Gegevens wijzigen").click()
    pagina.get_by_text("De gegevens van de inwoner zijn gewijzigd.").wait_for()
    pagina.get_by_text("onbekend (leeftijd onbekend)").wait_for()
    assert "1900" not in pagina.content()
    assert_toegankelijk(pagina)
    pagina.goto(f"{live_server.url}/inwoners/{inwoner.public_id}/wijzigen/")
    assert pagina.get_by_label("Geboortedatum").input_value() == ""  # never 01-01-1900 in the field
    assert_toegankelijk(pagina)
