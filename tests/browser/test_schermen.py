"""Every screen people use, driven in Chromium, with axe-core (WCAG 2.1 A and AA) on each state."""

import pytest

from accounts.models import Rol
from inwoners.factories import inwoner_in
from inwoners.models import Inwoner
from organisaties.factories import AanbiederFactory
from organisaties.models import Gemeente
from tests.browser.conftest import assert_toegankelijk, inloggen
from tests.conftest import maak_gebruiker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_inwoner_search_results_and_detail(pagina, live_server, venlo, beesel):
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    inwoner = inwoner_in(venlo, voor=consulent, geslachtsnaam="Hendriks", voornamen="Lotte")
    inloggen(pagina, live_server, consulent)
    pagina.get_by_role("link", name="Inwoners").click()
    assert_toegankelijk(pagina)
    # Errors are announced and tied to their field.
    pagina.get_by_label("BSN").fill("123456789")
    pagina.get_by_role("button", name="Zoeken").click()
    pagina.get_by_role("alert").first.wait_for()
    assert pagina.get_by_label("BSN").get_attribute("aria-invalid") == "true"
    assert "elfproef" in pagina.get_by_text("de elfproef klopt niet").first.inner_text()
    assert_toegankelijk(pagina)
    # A correct BSN finds the inwoner; the URL never carries it.
    pagina.get_by_label("BSN").fill(inwoner.bsn)
    pagina.get_by_role("button", name="Zoeken").click()
    pagina.get_by_role("link", name="Lotte Hendriks").wait_for()
    assert inwoner.bsn not in pagina.url
    assert_toegankelijk(pagina)
    pagina.get_by_role("link", name="Lotte Hendriks").click()
    pagina.get_by_role("heading", name="Lotte Hendriks").wait_for()
    assert inwoner.bsn not in pagina.url
    assert_toegankelijk(pagina)


def test_out_of_scope_bsn_asks_a_reason(pagina, live_server, venlo, beesel):
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    elders = inwoner_in(beesel, geslachtsnaam="Buitenmans", voornamen="Kees")
    inloggen(pagina, live_server, consulent)
    pagina.goto(f"{live_server.url}/inwoners/zoeken/")
    pagina.get_by_label("BSN").fill(elders.bsn)
    pagina.get_by_role("button", name="Zoeken").click()
    pagina.get_by_text("valt buiten uw gemeente(n)").wait_for()
    assert pagina.get_by_text("Buitenmans").count() == 0
    assert_toegankelijk(pagina)
    pagina.get_by_role("button", name="Openen voor nieuwe melding").click()
    pagina.get_by_text("Geef een reden op.").first.wait_for()
    assert_toegankelijk(pagina)
    pagina.get_by_label("Reden").fill("Huisarts meldt verblijf in Venlo")
    pagina.get_by_role("button", name="Openen voor nieuwe melding").click()
    pagina.get_by_role("heading", name="Kees Buitenmans").wait_for()


def test_registering_an_inwoner_with_a_wrong_bsn_then_right(pagina, live_server, venlo):
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_wmo=True)
    inloggen(pagina, live_server, consulent)
    pagina.goto(f"{live_server.url}/inwoners/nieuw/")
    assert_toegankelijk(pagina)
    pagina.get_by_label("BSN").fill("111111111")
    pagina.get_by_label("Voornamen").fill("Noor")
    pagina.get_by_label("Achternaam").fill("Peeters")
    pagina.get_by_label("Geboortedatum").fill("1950-07-01")
    pagina.get_by_label("Straat").fill("Markt")
    pagina.get_by_label("Huisnummer").fill("3")
    pagina.get_by_label("Postcode").fill("5911 AA")
    pagina.get_by_label("Plaats").fill("Venlo")
    pagina.get_by_label("Woongemeente (BRP)").select_option(label="Venlo")
    pagina.get_by_role("button", name="Registreren").click()
    pagina.get_by_text("de elfproef klopt niet").first.wait_for()
    assert not Inwoner.objects.exists()
    assert_toegankelijk(pagina)
    # The error summary links to the field, and the field keeps focusable order.
    pagina.get_by_role("link", name="BSN: Dit BSN is ongeldig").click()
    assert pagina.evaluate("document.activeElement.id") == "id_bsn"
    pagina.get_by_label("BSN").fill("999990019")
    pagina.get_by_role("button", name="Registreren").click()
    pagina.get_by_role("heading", name="Noor Peeters").wait_for()
    assert Inwoner.objects.get(bsn="999990019").geslachtsnaam == "Peeters"
    assert_toegankelijk(pagina)


def test_registering_someone_from_elsewhere_asks_a_reason(pagina, live_server, venlo):
    """Registering a person who lives outside one's gemeenten is the reasoned out-of-scope step."""
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    inloggen(pagina, live_server, consulent)
    pagina.goto(f"{live_server.url}/inwoners/nieuw/")
    pagina.get_by_label("BSN").fill("999990019")
    pagina.get_by_label("Achternaam").fill("Peeters")
    pagina.get_by_label("Geboortedatum").fill("2014-07-01")
    pagina.get_by_label("Straat").fill("Raadhuisplein")
    pagina.get_by_label("Huisnummer").fill("1")
    pagina.get_by_label("Postcode").fill("5801 BE")
    pagina.get_by_label("Plaats").fill("Venray")
    pagina.get_by_label("Woongemeente (BRP)").select_option(label="Venray")
    pagina.get_by_role("button", name="Registreren").click()
    pagina.get_by_text("Deze inwoner woont buiten uw gemeenten.").first.wait_for()
    assert pagina.locator("#id_reden").get_attribute("aria-invalid") == "true"
    assert not Inwoner.objects.exists()
    assert_toegankelijk(pagina)
    pagina.locator("#id_reden").fill("Pleegkind uit Venray; Venlo blijft verantwoordelijk")
    pagina.get_by_role("button", name="Registreren").click()
    pagina.get_by_role("heading", name="Peeters").wait_for()
    assert Inwoner.objects.visible_to(consulent).get().geslachtsnaam == "Peeters"


def test_catalogue_search_and_product_page(pagina, live_server, venlo):
    inloggen(pagina, live_server, maak_gebruiker(Rol.BACKOFFICE, [venlo]))
    pagina.get_by_role("link", name="Productcatalogus").first.click()
    assert_toegankelijk(pagina)
    pagina.get_by_label("Zoek op code of naam").fill("Pleegzorg")
    pagina.keyboard.press("Enter")
    pagina.get_by_role("link", name="44A07").wait_for()
    assert pagina.get_by_role("row").count() == 2  # header + one product
    assert_toegankelijk(pagina)
    pagina.get_by_role("link", name="44A07").click()
    pagina.get_by_role("heading", name="44A07 Pleegzorg").wait_for()
    assert pagina.get_by_text("€ 54,31").is_visible()
    assert_toegankelijk(pagina)


@pytest.mark.parametrize("rol", [Rol.CONSULENT, Rol.BACKOFFICE, Rol.AANBIEDER, Rol.REGIE, Rol.BEHEER])
def test_start_page_per_role(pagina, live_server, venlo, rol):
    extra = {"aanbieder": AanbiederFactory()} if rol == Rol.AANBIEDER else {}
    gebruiker = maak_gebruiker(rol, [] if rol == Rol.AANBIEDER else [venlo], is_staff=rol == Rol.BEHEER, **extra)
    inloggen(pagina, live_server, gebruiker)
    pagina.wait_for_url(f"{live_server.url}/start/")
    assert_toegankelijk(pagina)
    if rol in {Rol.REGIE, Rol.BEHEER, Rol.AANBIEDER}:
        assert pagina.get_by_role("link", name="Inwoners").count() == 0


def test_keyboard_only_reaches_the_content_and_the_search(pagina, live_server, venlo):
    inloggen(pagina, live_server, maak_gebruiker(Rol.CONSULENT, [venlo]))
    pagina.goto(f"{live_server.url}/inwoners/zoeken/")
    pagina.keyboard.press("Tab")
    assert pagina.evaluate("document.activeElement.textContent") == "Naar de inhoud"
    pagina.keyboard.press("Enter")
    assert pagina.url.endswith("#main")
    # Focus is visible: the outline is not none on a focused field.
    pagina.get_by_label("BSN").focus()
    stijl = pagina.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert stijl != "none"


def test_error_pages_are_accessible(pagina, live_server, venlo):
    inloggen(pagina, live_server, maak_gebruiker(Rol.REGIE, [venlo]))
    assert pagina.goto(f"{live_server.url}/inwoners/zoeken/").status == 403
    assert_toegankelijk(pagina)
    assert pagina.goto(f"{live_server.url}/bestaat-niet/").status == 404
    assert_toegankelijk(pagina)


GEMEENTEN = ["0889", "0893", "0907", "1507", "1894", "0983", "0984"]


@pytest.mark.parametrize("cbs", GEMEENTEN)
def test_two_screens_in_each_gemeente_theme(pagina, live_server, cbs):
    gemeente = Gemeente.objects.get(cbs_code=cbs)
    consulent = maak_gebruiker(Rol.CONSULENT, [gemeente], domein_jeugd=True)
    inwoner = inwoner_in(gemeente, voor=consulent)
    inloggen(pagina, live_server, consulent)
    pagina.wait_for_url(f"{live_server.url}/start/")
    kleur = pagina.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--gemeente-kleur-base')")
    assert kleur.strip() == gemeente.kleur_base
    assert pagina.get_by_text(f"Toegang gemeente {gemeente.naam}").is_visible()
    assert_toegankelijk(pagina)
    pagina.goto(f"{live_server.url}/inwoners/{inwoner.public_id}/")
    assert_toegankelijk(pagina)
