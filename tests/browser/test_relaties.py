"""Relaties and corrections in the browser: a consulent records both parents of a child with gezag, changes
and ends a relatie, and corrects the child's data; axe on every screen, the forms also at 320 px width."""

from datetime import date, timedelta

import pytest

from accounts.models import Rol
from inwoners.factories import inwoner_in
from inwoners.models import Relatie
from tests.browser.conftest import assert_toegankelijk, inloggen
from tests.conftest import jaren_geleden, maak_gebruiker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
VANDAAG = date.today()


def _geen_zijwaarts_scrollen(pagina):
    """WCAG 1.4.10: at 320 px width the form reflows; the page itself never scrolls sideways."""
    pagina.set_viewport_size({"width": 320, "height": 800})
    assert pagina.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    pagina.set_viewport_size({"width": 1280, "height": 800})


def _ouder(pagina, voornaam, telefoon):
    pagina.get_by_role("link", name="Relatie toevoegen").click()
    pagina.get_by_label("Soort relatie").select_option(label="Ouder")
    pagina.get_by_label("Voornamen").fill(voornaam)
    pagina.get_by_label("Achternaam").fill("Jansen")
    pagina.get_by_label("Heeft gezag").check()
    pagina.get_by_label("Telefoon").fill(telefoon)
    pagina.get_by_label("Bron").select_option(label="Inwoner")
    pagina.get_by_role("button", name="Relatie toevoegen").click()
    pagina.get_by_text("De relatie is vastgelegd.").wait_for()


def test_recording_both_parents_changing_and_ending_a_relatie(pagina, live_server, venlo):
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    kind = inwoner_in(venlo, voor=consulent, geboortedatum=jaren_geleden(10, VANDAAG) - timedelta(days=5))
    inloggen(pagina, live_server, consulent)
    pagina.goto(f"{live_server.url}/inwoners/{kind.public_id}/")
    pagina.get_by_text("Geen relaties vastgelegd.").wait_for()
    assert_toegankelijk(pagina)

    pagina.get_by_role("link", name="Relatie toevoegen").click()
    assert_toegankelijk(pagina)
    _geen_zijwaarts_scrollen(pagina)
    pagina.get_by_role("button", name="Relatie toevoegen").click()
    pagina.get_by_text("Kies de soort relatie.").first.wait_for()
    assert pagina.locator("#id_herkomst").get_attribute("aria-invalid") == "true"
    assert_toegankelijk(pagina)
    pagina.get_by_role("link", name="Terug naar de inwoner").click()

    _ouder(pagina, "Anna", "0612345678")
    assert_toegankelijk(pagina)
    _ouder(pagina, "Bert", "0687654321")
    assert [(r.naam, r.gezaghebbend) for r in kind.relaties.all()] == [("Anna Jansen", True), ("Bert Jansen", True)]

    pagina.get_by_role("link", name="Relatie 2 wijzigen").click()
    pagina.get_by_role("button", name="Relatie wijzigen").wait_for()
    assert_toegankelijk(pagina)
    pagina.get_by_label("Heeft gezag").uncheck()
    pagina.get_by_label("Bron").select_option(label="BRP")
    pagina.get_by_role("button", name="Relatie wijzigen").click()
    pagina.get_by_text("De relatie is gewijzigd.").wait_for()
    assert not kind.relaties.get(nummer=2).gezaghebbend

    pagina.get_by_role("link", name="Relatie 2 beëindigen").click()
    pagina.get_by_role("button", name="Relatie beëindigen").wait_for()
    assert_toegankelijk(pagina)
    _geen_zijwaarts_scrollen(pagina)
    pagina.get_by_label("Einddatum").fill(VANDAAG.isoformat())
    pagina.get_by_label("Bron").select_option(label="Consulent")
    pagina.get_by_label("Reden").fill("Verhuisd naar het buitenland")
    pagina.get_by_role("button", name="Relatie beëindigen").click()
    pagina.get_by_text("De relatie is beëindigd.").wait_for()
    assert pagina.get_by_role("link", name="Relatie 2 wijzigen").count() == 0
    assert Relatie.alle.get(inwoner=kind, nummer=2).beeindigd_op == VANDAAG
    assert_toegankelijk(pagina)


def test_correcting_the_inwoners_data(pagina, live_server, venlo):
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_wmo=True)
    inwoner = inwoner_in(venlo, voor=consulent)
    inloggen(pagina, live_server, consulent)
    pagina.goto(f"{live_server.url}/inwoners/{inwoner.public_id}/")
    pagina.get_by_role("link", name="Gegevens wijzigen").click()
    assert_toegankelijk(pagina)
    _geen_zijwaarts_scrollen(pagina)
    pagina.get_by_label("Adres wijzigen of toevoegen").select_option(label="Correspondentieadres")
    pagina.get_by_role("button", name="Gegevens wijzigen").click()
    pagina.get_by_text("Vul de straat in.").first.wait_for()
    assert_toegankelijk(pagina)
    pagina.get_by_label("Telefoon").fill("0611112222")
    pagina.get_by_label("Straat").fill("Postbus")
    pagina.get_by_label("Huisnummer").fill("12")
    pagina.get_by_label("Plaats").fill("Venlo")
    pagina.get_by_label("Bron").select_option(label="Inwoner")
    pagina.get_by_role("button", name="Gegevens wijzigen").click()
    pagina.get_by_text("De gegevens van de inwoner zijn gewijzigd.").wait_for()
    pagina.get_by_text("Correspondentieadres: Postbus 12").wait_for()
    assert_toegankelijk(pagina)
