"""OP003 in the browser (iStandaarden iJw 3.2 OP003): a consulent marks a client "geen berichtenverkeer" with a
reason from the inwoner page, sees the mark there, and a page sent again after the back button is refused
instead of undoing the mark; then resumes it. axe on every screen."""

import pytest

from accounts.models import Rol
from inwoners.factories import inwoner_in
from inwoners.models import Inwoner
from tests.browser.conftest import assert_toegankelijk, inloggen
from tests.conftest import maak_gebruiker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_marking_a_client_back_button_and_resuming(pagina, live_server, venlo):
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    inwoner = inwoner_in(venlo, voor=consulent)
    inloggen(pagina, live_server, consulent)
    pagina.goto(f"{live_server.url}/inwoners/{inwoner.public_id}/")
    pagina.get_by_role("link", name="Geen berichtenverkeer gebruiken (veiligheid cliënt, OP003)").click()
    assert_toegankelijk(pagina)

    knop = pagina.get_by_role("button", name="Geen berichtenverkeer (OP003)")
    knop.click()  # no reason
    pagina.get_by_text("Geef een reden op.").first.wait_for()
    assert_toegankelijk(pagina)

    pagina.get_by_label("Reden").fill("Verblijft op een geheim adres.")
    pagina.get_by_role("button", name="Geen berichtenverkeer (OP003)").click()
    pagina.get_by_text("Voor deze inwoner wordt geen berichtenverkeer meer gebruikt.").wait_for()
    assert "/berichtenverkeer/" not in pagina.url  # back on the inwoner page, the mark shown
    pagina.get_by_text("Geen berichtenverkeer (OP003)").first.wait_for()
    assert_toegankelijk(pagina)

    pagina.go_back()  # the tired user's back button, and send again
    pagina.get_by_label("Reden").fill("Nog eens.")
    pagina.get_by_role("button", name="Geen berichtenverkeer (OP003)").click()
    pagina.get_by_text("Voor deze inwoner wordt al geen berichtenverkeer gebruikt.").first.wait_for()
    assert Inwoner.objects.get(pk=inwoner.pk).geen_berichtenverkeer_reden == "Verblijft op een geheim adres."

    pagina.goto(f"{live_server.url}/inwoners/{inwoner.public_id}/")
    pagina.get_by_role("link", name="Berichtenverkeer hervatten").click()
    pagina.get_by_label("Reden").fill("Adres niet langer geheim.")
    pagina.get_by_role("button", name="Berichtenverkeer hervatten").click()
    pagina.get_by_text("Voor deze inwoner wordt weer berichtenverkeer gebruikt.").wait_for()
    assert not Inwoner.objects.get(pk=inwoner.pk).geen_berichtenverkeer
