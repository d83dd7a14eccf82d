"""The 317 in the cockpit reads like the rest of the page: the desired situation with dates as dd-mm-jjjj and
the omvang in words (not "eenheid 82, frequentie 6"), the cliënt named, and the dossier of the toewijzing linked
for a user who may see it."""

from datetime import timedelta

import pytest

from berichten.inkomend import bericht_ontvangen
from tests.berichten.hulp import _nieuw, _vow, _wijzig
from tests.conftest import ingelogde_client

pytestmark = pytest.mark.django_db


def test_the_317_page_shows_the_wish_in_words_with_the_client_and_the_dossier(
    lopend, django_capture_on_commit_callbacks
):
    t, backoffice = lopend
    tot = t.einddatum + timedelta(days=91)
    with django_capture_on_commit_callbacks(execute=True):
        bericht = bericht_ontvangen(_vow(t, te_wijzigen=[_wijzig(t, Einddatum=tot)], nieuw=[_nieuw()]), kanaal="map")
    pagina = ingelogde_client(backoffice).get(f"/berichten/{bericht.pk}/").content.decode()
    wens = pagina[pagina.index("Gewenst") : pagina.index("</table>", pagina.index("Gewenst"))]
    assert f"vanaf {t.ingangsdatum:%d-%m-%Y} tot en met {tot:%d-%m-%Y}" in wens
    assert t.ingangsdatum.isoformat() not in wens and tot.isoformat() not in wens
    # both columns: Venlo pays plekken, so its traject is one stuk (output, 82) totaal, in words, not codes
    assert "1 stuks (output) totaal binnen de geldigheidsduur" in wens
    assert "10 uur totaal binnen de geldigheidsduur" in wens  # the new product: Eenheid 04
    assert "eenheid 82" not in wens and "frequentie 6" not in wens
    naam = t.inwoner.volledige_naam
    assert f"Cliënt</dt><dd>{naam}" in pagina
    assert f'href="/dossiers/{t.dossier.public_id}/"' in pagina and f"Dossier van {naam}" in pagina
