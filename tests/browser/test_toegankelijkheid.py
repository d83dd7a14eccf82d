"""WCAG 2.1 AA checks that axe cannot make: contrast in the focused state, reflow at 320 px and where focus
goes after a search."""

import pytest

from accounts.models import Rol
from inwoners.factories import inwoner_in
from organisaties.kleuren import contrast
from organisaties.models import Gemeente
from tests.browser.conftest import assert_toegankelijk, inloggen
from tests.conftest import maak_gebruiker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

GEMEENTEN = ["0889", "0893", "0907", "1507", "1894", "0983", "0984"]

# The computed text and background colour of the focused element, as #rrggbb; a transparent background
# is looked up in the ancestors.
KLEUREN_BIJ_FOCUS = """el => {
  const hex = c => '#' + c.match(/\\d+(\\.\\d+)?/g).slice(0, 3)
    .map(n => Math.round(+n).toString(16).padStart(2, '0')).join('');
  const transparent = c => c === 'transparent' || /rgba\\(.*,\\s*0\\)$/.test(c);
  let bg = el;
  while (bg && transparent(getComputedStyle(bg).backgroundColor)) bg = bg.parentElement;
  return [hex(getComputedStyle(el).color), bg ? hex(getComputedStyle(bg).backgroundColor) : '#ffffff'];
}"""


@pytest.mark.parametrize("cbs", GEMEENTEN)
def test_focused_header_links_keep_readable_contrast(pagina, live_server, cbs):
    gemeente = Gemeente.objects.get(cbs_code=cbs)
    inloggen(pagina, live_server, maak_gebruiker(Rol.CONSULENT, [gemeente], domein_jeugd=True, is_staff=True))
    pagina.wait_for_url(f"{live_server.url}/start/")
    bedieningen = pagina.locator("header a, header button")
    assert bedieningen.count() >= 5
    for i in range(bedieningen.count()):
        element = bedieningen.nth(i)
        element.focus()
        voorgrond, achtergrond = element.evaluate(KLEUREN_BIJ_FOCUS)
        tekst = element.inner_text().strip()
        assert contrast(voorgrond, achtergrond) >= 4.5, f"{tekst!r}: {voorgrond} op {achtergrond} in {gemeente}"


# Words that the browser wrapped over more than one line (a word's range gets rects on several lines).
# A line may still break after a hyphen or a slash, as in running text; letter-by-letter breaks may not.
GEBROKEN_WOORDEN = """() => {
  const gebroken = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || !el.offsetParent || el.closest('script, style')) continue;
    const re = /[^\\s\\-\\/]+[\\-\\/]?/g;
    let m;
    while ((m = re.exec(node.data))) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const regels = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (regels.size > 1) gebroken.push(`${m[0]} in <${el.tagName.toLowerCase()} class="${el.className}">`);
    }
  }
  return gebroken;
}"""


def assert_past_op_320(pagina, naam):
    assert pagina.evaluate("document.documentElement.scrollWidth") <= 320, f"{naam} scrolls sideways"
    gebroken = pagina.evaluate(GEBROKEN_WOORDEN)
    assert not gebroken, f"{naam} breaks words: {gebroken[:10]}"


def test_screens_reflow_at_320_px(pagina, live_server, toegekende_toewijzing):
    dossier, _toewijzing, consulent, backoffice = toegekende_toewijzing
    pagina.set_viewport_size({"width": 320, "height": 640})
    inloggen(pagina, live_server, backoffice)
    pagina.wait_for_url(f"{live_server.url}/start/")
    schermen = {
        "start": "/start/",
        "werkvoorraad": "/dossiers/",
        "dossier": f"/dossiers/{dossier.public_id}/",
        "beschikking": f"/dossiers/{dossier.public_id}/beschikking/",
        "producten": "/producten/",
        "inwoner zoeken": "/inwoners/zoeken/",
    }
    for naam, pad in schermen.items():
        assert pagina.goto(f"{live_server.url}{pad}").status == 200, naam
        assert_past_op_320(pagina, naam)
        assert_toegankelijk(pagina)
    # Data tables scroll inside their own region, which is named and reachable by keyboard.
    pagina.goto(f"{live_server.url}/producten/")
    regio = pagina.locator(".toegang-scroll").first
    assert regio.get_attribute("tabindex") == "0"
    assert regio.get_attribute("role") == "region" and regio.get_attribute("aria-labelledby")


def test_search_results_region_is_named_and_receives_focus(pagina, live_server, venlo):
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    inwoner = inwoner_in(venlo, voor=consulent, geslachtsnaam="Hendriks", voornamen="Lotte")
    inloggen(pagina, live_server, consulent)
    pagina.goto(f"{live_server.url}/inwoners/zoeken/")
    # Before any search the region already has its name.
    assert pagina.get_by_role("region", name="Zoekresultaten").count() == 1
    pagina.get_by_label("BSN").fill(inwoner.bsn)
    pagina.get_by_role("button", name="Zoeken").click()
    pagina.get_by_role("link", name="Lotte Hendriks").wait_for()
    assert pagina.get_by_role("region", name="Zoekresultaten").count() == 1
    # Focus lands on the results heading, not the top of the page.
    assert pagina.evaluate("document.activeElement.id") == "resultaten-kop"
    assert_toegankelijk(pagina)
    # Nothing found: focus still goes to the outcome.
    pagina.get_by_label("BSN").fill("")
    pagina.get_by_label("Achternaam").fill("Zzyzx")
    pagina.get_by_role("button", name="Zoeken").click()
    pagina.get_by_text("Geen inwoner gevonden.").wait_for()
    assert pagina.evaluate("document.activeElement.id") == "resultaten-kop"


def test_cockpit_verzoeken_and_matrix_reflow_at_320_px(pagina, live_server, venlo):
    """Their tables scroll in a named region of their own; the page itself never scrolls sideways."""
    pagina.set_viewport_size({"width": 320, "height": 640})
    backoffice = maak_gebruiker(Rol.BACKOFFICE, [venlo])
    inloggen(pagina, live_server, backoffice)
    pagina.wait_for_url(f"{live_server.url}/start/")
    for naam, pad, regio in [
        ("berichtencockpit", "/berichten/", "Berichten in en uit; te laat bovenaan"),
        ("verzoeken om toewijzing", "/berichten/verzoeken/", "Te beantwoorden; te laat bovenaan"),
    ]:
        assert pagina.goto(f"{live_server.url}{pad}").status == 200, naam
        assert_past_op_320(pagina, naam)
        assert pagina.get_by_role("region", name=regio).count() == 1, naam
        assert_toegankelijk(pagina)
    pagina.context.clear_cookies()
    inloggen(pagina, live_server, maak_gebruiker(Rol.BEHEER, [venlo], is_staff=True))
    pagina.wait_for_url(f"{live_server.url}/start/")
    assert pagina.goto(f"{live_server.url}/regie/matrix/?zekerheid=alle").status == 200
    assert_past_op_320(pagina, "stapelingsmatrix")
    assert pagina.get_by_role("region", name="Stapelingsmatrix Jeugd").count() == 1
    assert_toegankelijk(pagina)
