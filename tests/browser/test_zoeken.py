"""The dossier search and the client's history on the inwoner page in a real browser: axe, 320 px width,
focus after a search and the focused state's contrast."""

import pytest

from organisaties.kleuren import contrast
from tests.browser.conftest import assert_toegankelijk, inloggen
from tests.browser.test_toegankelijkheid import KLEUREN_BIJ_FOCUS, assert_past_op_320

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _leesbaar_bij_focus(element):
    element.focus()
    voorgrond, achtergrond = element.evaluate(KLEUREN_BIJ_FOCUS)
    assert contrast(voorgrond, achtergrond) >= 4.5, f"{element.inner_text()!r}: {voorgrond} op {achtergrond}"


def test_dossier_search_finds_a_decided_dossier_and_moves_focus_to_the_results(
    pagina, live_server, toegekende_toewijzing
):
    dossier, toewijzing, consulent, _backoffice = toegekende_toewijzing
    pagina.set_viewport_size({"width": 320, "height": 640})
    inloggen(pagina, live_server, consulent)
    pagina.wait_for_url(f"{live_server.url}/start/")
    pagina.goto(f"{live_server.url}/dossiers/zoeken/")
    # Before any search the results region already has its name, from a heading.
    assert pagina.get_by_role("region", name="Zoekresultaten").count() == 1
    assert_past_op_320(pagina, "dossiers zoeken")
    assert_toegankelijk(pagina)

    pagina.get_by_label("Zoekterm").fill(dossier.inwoner.geslachtsnaam)
    pagina.get_by_role("button", name="Zoeken").click()
    link = pagina.get_by_role("link", name=f"Dossier {dossier.pk}")
    link.wait_for()
    assert "/dossiers/zoeken/" in pagina.url and dossier.inwoner.geslachtsnaam not in pagina.url
    # Focus lands on the results heading, not the top of the page.
    assert pagina.evaluate("document.activeElement.id") == "resultaten-kop"
    assert pagina.get_by_role("region", name="Zoekresultaten").count() == 1
    assert_past_op_320(pagina, "dossiers zoeken, resultaten")
    assert_toegankelijk(pagina)
    _leesbaar_bij_focus(link)
    _leesbaar_bij_focus(pagina.get_by_role("button", name="Zoeken"))

    # By toewijzingnummer, and nothing found: focus still goes to the outcome.
    pagina.get_by_label("Zoekterm").fill(str(toewijzing.nummer))
    pagina.get_by_role("button", name="Zoeken").click()
    pagina.get_by_role("link", name=f"Dossier {dossier.pk}").wait_for()
    pagina.get_by_label("Zoekterm").fill("Zzyzx")
    pagina.get_by_role("button", name="Zoeken").click()
    pagina.get_by_text("Geen dossier gevonden.").wait_for()
    assert pagina.evaluate("document.activeElement.id") == "resultaten-kop"

    # The way back: the dossier, then the client's page lists it with its toewijzing.
    pagina.get_by_label("Zoekterm").fill(dossier.inwoner.geslachtsnaam)
    pagina.get_by_role("button", name="Zoeken").click()
    pagina.get_by_role("link", name=f"Dossier {dossier.pk}").click()
    pagina.wait_for_url(f"{live_server.url}/dossiers/{dossier.public_id}/")


def test_inwoner_page_lists_the_history_and_relaties_at_320_px(pagina, live_server, toegekende_toewijzing):
    from inwoners.factories import RelatieFactory

    dossier, toewijzing, consulent, _backoffice = toegekende_toewijzing
    RelatieFactory(inwoner=dossier.inwoner, gezaghebbend=True, contactpersoon=True)
    pagina.set_viewport_size({"width": 320, "height": 640})
    inloggen(pagina, live_server, consulent)
    pagina.wait_for_url(f"{live_server.url}/start/")
    pagina.goto(f"{live_server.url}/inwoners/{dossier.inwoner.public_id}/")
    assert pagina.get_by_role("region", name="Alle dossiers van deze inwoner").count() == 1
    assert pagina.get_by_role("region", name="Relaties").count() == 1
    toewijzingen = pagina.get_by_role("region", name="Toewijzingen van deze inwoner")
    assert toewijzingen.get_by_role("cell", name=str(toewijzing.nummer), exact=True).count() == 1
    assert pagina.get_by_role("link", name=f"Dossier {dossier.pk}").count() == 2  # the dossier and its toewijzing
    assert_past_op_320(pagina, "inwoner")
    assert_toegankelijk(pagina)
    _leesbaar_bij_focus(pagina.get_by_role("link", name=f"Dossier {dossier.pk}").first)
