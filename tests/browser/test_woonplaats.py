"""The melding screen in the browser: the woonplaatsbeginsel's suggestion with its explanation and source
(Handboek verwijzers jeugdhulp §2.2), the suggestion following a verblijf, and an override with its reason;
axe on each state."""

import pytest

from accounts.models import Rol
from inwoners.factories import inwoner_in
from organisaties.factories import gemeente
from tests.browser.conftest import assert_toegankelijk, inloggen
from tests.conftest import maak_gebruiker
from verwijzing.models import Dossier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_melding_suggests_the_gemeente_and_an_override_needs_a_reason(pagina, live_server):
    venlo, beesel = gemeente("0983"), gemeente("0889")
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo, beesel], domein_jeugd=True, domein_wmo=False)
    inwoner = inwoner_in(beesel, voor=consulent)  # BRP-adres in Beesel: a pleeggezin there
    inloggen(pagina, live_server, consulent)
    pagina.wait_for_url(f"{live_server.url}/start/")
    pagina.goto(f"{live_server.url}/dossiers/melding/{inwoner.public_id}/")
    voorstel = pagina.locator("#woonplaatsvoorstel")
    assert "Verantwoordelijk: Beesel" in voorstel.inner_text()  # 1°: the BRP-adres
    assert "Handboek verwijzers jeugdhulp §2.2" in voorstel.inner_text()
    assert pagina.get_by_label("Verantwoordelijke gemeente").input_value() == str(beesel.pk)
    assert_toegankelijk(pagina)

    # 2°: jeugdhulp met verblijf; Venlo was the gemeente before it. Keeping Beesel without a reason is refused.
    pagina.get_by_label("Jeugdhulp met verblijf (alleen Jeugd)").check()
    pagina.get_by_label("Gemeente van het BRP-adres direct vóór het verblijf").select_option(value=str(venlo.pk))
    pagina.get_by_label("Hulpvraag").fill("Zorgen over de ontwikkeling in het pleeggezin.")
    pagina.get_by_role("button", name="Melding vastleggen").click()
    pagina.get_by_text("Volgens het woonplaatsbeginsel is Venlo verantwoordelijk").first.wait_for()
    assert "Verantwoordelijk: Venlo" in pagina.locator("#woonplaatsvoorstel").inner_text()
    assert not Dossier.objects.exists()
    assert_toegankelijk(pagina)

    # The consulent overrides with a reason: kept on the dossier.
    reden = "Venlo heeft Beesel gevraagd de melding op te pakken tot de overdracht."
    pagina.get_by_label("Reden van afwijken van het woonplaatsbeginsel").fill(reden)
    pagina.get_by_role("button", name="Melding vastleggen").click()
    pagina.get_by_text("De melding is vastgelegd.").wait_for()
    assert_toegankelijk(pagina)
    dossier = Dossier.objects.get()
    assert (dossier.gemeente, dossier.woonplaats_voorstel, dossier.woonplaats_afwijking) == (beesel, venlo, reden)
