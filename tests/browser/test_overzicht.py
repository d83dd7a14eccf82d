"""The dossier overview in a browser: axe, 320 px width (no page-level sideways scroll, no word broken),
readable contrast in the focused state, and the afsluiten form that is not red before anyone submits."""

import pytest

from inwoners.factories import inwoner_in
from organisaties.kleuren import contrast
from tests.browser.conftest import assert_toegankelijk, inloggen
from tests.browser.test_toegankelijkheid import KLEUREN_BIJ_FOCUS, assert_past_op_320
from verwijzing.factories import DossierFactory
from verwijzing.models import Matchingsverzoek

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _met_matching(dossier):
    indicatie = dossier.indicaties.get()
    Matchingsverzoek.objects.create(
        dossier=dossier,
        indicatie=indicatie,
        product=indicatie.product,
        aanbieder=indicatie.aanbieder,
        status="passend",
        verzonden_op=indicatie.ingangsdatum,
        verzonden_door=dossier.consulent,
        gesprek_op=indicatie.ingangsdatum,
        inschatting_traject="Een half jaar ambulante begeleiding thuis, daarna afbouwen.",
        verwachte_startdatum=indicatie.ingangsdatum,
    )


def test_the_overview_reflows_at_320_px_and_passes_axe(pagina, live_server, toegekende_toewijzing):
    dossier, _toewijzing, consulent, backoffice = toegekende_toewijzing
    _met_matching(dossier)
    pagina.set_viewport_size({"width": 320, "height": 640})
    for gebruiker in (backoffice, consulent):
        pagina.context.clear_cookies()
        inloggen(pagina, live_server, gebruiker)
        pagina.wait_for_url(f"{live_server.url}/start/")
        assert pagina.goto(f"{live_server.url}/dossiers/{dossier.public_id}/").status == 200
        for kop in ("Stappen", "Indicaties en matching", "Beschikkingen", "Toewijzingen", "Wat er gebeurde"):
            assert pagina.get_by_role("heading", name=kop).is_visible(), kop
        assert_past_op_320(pagina, f"dossier ({gebruiker.rol})")
        assert_toegankelijk(pagina)
    # The toewijzingen table scrolls inside its own named region, reachable by keyboard.
    regio = pagina.locator(".toegang-scroll[aria-labelledby='kop-toewijzingen']")
    assert regio.get_attribute("tabindex") == "0" and regio.get_attribute("role") == "region"


def test_focused_controls_of_the_overview_keep_readable_contrast(pagina, live_server, toegekende_toewijzing):
    dossier, _toewijzing, _consulent, backoffice = toegekende_toewijzing
    inloggen(pagina, live_server, backoffice)
    pagina.wait_for_url(f"{live_server.url}/start/")
    pagina.goto(f"{live_server.url}/dossiers/{dossier.public_id}/")
    bedieningen = pagina.locator("main a, main button, main summary, main [tabindex='0']")
    assert bedieningen.count() >= 5
    for i in range(bedieningen.count()):
        element = bedieningen.nth(i)
        if not element.is_visible():
            continue
        element.focus()
        voorgrond, achtergrond = element.evaluate(KLEUREN_BIJ_FOCUS)
        tekst = element.inner_text().strip()[:40]
        assert contrast(voorgrond, achtergrond) >= 4.5, f"{tekst!r}: {voorgrond} op {achtergrond}"


def test_afsluiten_is_folded_and_its_toelichting_is_not_red_before_submit(pagina, live_server, toegekende_toewijzing):
    _dossier, _toewijzing, consulent, _backoffice = toegekende_toewijzing
    venlo = consulent.lidmaatschappen.first().gemeente
    dossier = DossierFactory(gemeente=venlo, consulent=consulent, inwoner=inwoner_in(venlo))
    inloggen(pagina, live_server, consulent)
    pagina.wait_for_url(f"{live_server.url}/start/")
    pagina.goto(f"{live_server.url}/dossiers/{dossier.public_id}/")
    toelichting = pagina.get_by_label("Toelichting")
    assert not toelichting.is_visible()  # folded away from the main action
    pagina.get_by_text("Dossier afsluiten zonder toekenning").click()
    assert toelichting.is_visible()
    assert toelichting.evaluate("el => !el.matches(':invalid') && el.getAttribute('aria-invalid') === null")
    assert_toegankelijk(pagina)
    pagina.get_by_role("button", name="Afsluiten").click()
    assert pagina.get_by_text("Geef de reden van het afsluiten.", exact=True).is_visible()
    assert pagina.get_by_label("Toelichting").get_attribute("aria-invalid") == "true"
    assert_toegankelijk(pagina)
