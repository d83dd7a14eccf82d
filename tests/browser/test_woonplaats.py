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


def _live(pagina, actie):
    """Change a field and wait until the live suggestion for it is swapped in (htmx, after its 300 ms delay)."""
    with pagina.expect_response(lambda r: r.url.endswith("/voorstel/")):
        actie()
    pagina.wait_for_timeout(300)  # htmx swaps and settles after the response


def test_the_suggestion_follows_the_form_live_and_without_javascript_on_submit(pagina, live_server, browser):
    """Handboek verwijzers jeugdhulp §2.2: the suggestion follows a verblijf and the gemeente before it while the
    consulent fills in the melding, before any submit (htmx; no inline script, CSP); without JavaScript the same
    suggestion comes with the submit."""
    venlo, beesel = gemeente("0983"), gemeente("0889")
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo, beesel], domein_jeugd=True, domein_wmo=False)
    inwoner = inwoner_in(beesel, voor=consulent)
    inloggen(pagina, live_server, consulent)
    pagina.wait_for_url(f"{live_server.url}/start/")
    url = f"{live_server.url}/dossiers/melding/{inwoner.public_id}/"
    pagina.goto(url)
    voorstel = pagina.locator("#woonplaatsvoorstel")
    assert "Verantwoordelijk: Beesel" in voorstel.inner_text()

    _live(pagina, lambda: pagina.get_by_label("Jeugdhulp met verblijf (alleen Jeugd)").check())
    veld = pagina.get_by_label("Gemeente van het BRP-adres direct vóór het verblijf")
    _live(pagina, lambda: veld.select_option(value=str(venlo.pk)))
    assert "Verantwoordelijk: Venlo" in voorstel.inner_text() and "vóór het verblijf" in voorstel.inner_text()
    assert "U kiest Beesel, niet Venlo" in voorstel.inner_text()  # the chosen gemeente still is Beesel
    assert not Dossier.objects.exists()
    assert_toegankelijk(pagina)

    _live(pagina, lambda: pagina.get_by_label("Verantwoordelijke gemeente").select_option(value=str(venlo.pk)))
    assert "U kiest" not in voorstel.inner_text()
    assert_toegankelijk(pagina)

    # Without JavaScript: nothing changes live, the submit brings the same suggestion.
    context = browser.new_context(java_script_enabled=False)
    context.add_cookies(pagina.context.cookies())  # the same logged-in session
    zonder_js = context.new_page()
    zonder_js.set_default_timeout(15000)
    zonder_js.goto(url)
    zonder_js.get_by_label("Jeugdhulp met verblijf (alleen Jeugd)").check()
    zonder_js.get_by_label("Gemeente van het BRP-adres direct vóór het verblijf").select_option(value=str(venlo.pk))
    assert "Verantwoordelijk: Beesel" in zonder_js.locator("#woonplaatsvoorstel").inner_text()
    zonder_js.get_by_role("button", name="Melding vastleggen").click()
    zonder_js.get_by_text("Volgens het woonplaatsbeginsel is Venlo verantwoordelijk").first.wait_for()
    assert "Verantwoordelijk: Venlo" in zonder_js.locator("#woonplaatsvoorstel").inner_text()
    context.close()  # no axe here: it runs as JavaScript (the same screen was checked above)
