"""Verzoeken om toewijzing (315) in the browser: a consulent in a gemeente that gives its Jeugd 315s to the
consulenten finds the verzoek from the menu, is refused without the GI question answered (Handboek verwijzers jeugdhulp
§1.2 (r. 3088–3094): the error on the product's own form,
announced), then honours it by keyboard: a JW301 goes to the aanbieder. Axe on each screen."""

import pytest

from accounts.models import Rol
from tests.berichten.hulp import _vot
from tests.browser.conftest import assert_toegankelijk, inloggen
from tests.conftest import maak_gebruiker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_consulent_answers_a_315_where_the_gemeente_configures_so(pagina, live_server, settings, tmp_path):
    from berichten.inkomend import bericht_ontvangen
    from berichten.models import AangevraagdProduct, Bericht
    from organisaties.factories import gemeente
    from producten.factories import ContractFactory
    from producten.models import Product
    from verwijzing.models import Toewijzing

    settings.TOEGANG_BERICHTEN_MAP = tmp_path
    venlo = gemeente("0983")
    venlo.verzoek_jeugd_door = Rol.CONSULENT
    venlo.save()
    aanbieder = ContractFactory(product=Product.objects.get(code="45L12"), gemeente=venlo).aanbieder
    bericht_ontvangen(_vot(aanbieder), kanaal="map")
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)

    inloggen(pagina, live_server, consulent)
    pagina.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Verzoeken om toewijzing").click()
    pagina.get_by_role("heading", name="Verzoeken om toewijzing", level=1).wait_for()
    assert_toegankelijk(pagina)
    pagina.get_by_role("link", name="Verwezen").click()
    pagina.get_by_role("heading", name="Product 45L12 (referentie REF-1)").wait_for()
    assert_toegankelijk(pagina)

    # Without the GI question answered the toewijzing is refused, on the form, announced.
    pagina.get_by_label("Motivering").fill("De huisarts verwijst naar specialistische jeugdhulp.")
    pagina.get_by_role("button", name="Toewijzen (301)").click()
    melding = pagina.get_by_role("alert")
    melding.wait_for()
    assert "kinderbeschermingsmaatregel" in melding.inner_text()
    assert not Toewijzing.objects.exists()
    assert_toegankelijk(pagina)

    # By keyboard: choose "geen maatregel", then submit with Enter on the primary button.
    pagina.get_by_label("Is er een kinderbeschermingsmaatregel?").focus()
    pagina.keyboard.press("ArrowDown")
    assert pagina.get_by_label("Is er een kinderbeschermingsmaatregel?").input_value() == "geen"
    pagina.get_by_label("Motivering").fill("De huisarts verwijst naar specialistische jeugdhulp.")
    pagina.get_by_role("button", name="Toewijzen (301)").focus()
    pagina.keyboard.press("Enter")
    pagina.get_by_text("Het verzoek is beantwoord.").wait_for()
    assert_toegankelijk(pagina)

    t = Toewijzing.objects.get()
    assert (t.referentie_aanbieder, t.dossier.consulent_id) == ("REF-1", consulent.pk)
    assert AangevraagdProduct.objects.get().status == "toegewezen"
    assert Bericht.objects.filter(soort="JW301", inwoner=t.inwoner).exists()
    pagina.get_by_role("link", name="Terug naar de verzoeken om toewijzing").click()
    pagina.get_by_text("Er zijn geen verzoeken om toewijzing te beantwoorden.").wait_for()


def test_the_backoffice_refuses_with_the_woonplaatsbeginsel_by_enter_in_its_own_form(
    pagina, live_server, settings, tmp_path
):
    """Enter in the afwijzen form sends the afwijzing — never the toewijzing above it (each answer is its
    own form); reden 8 names the responsible gemeente (OP359, TR377)."""
    from berichten.inkomend import bericht_ontvangen
    from berichten.models import AangevraagdProduct, Bericht
    from istandaard.xml import lees, naar_dict
    from organisaties.factories import gemeente
    from producten.factories import ContractFactory
    from producten.models import Product
    from verwijzing.models import Toewijzing

    settings.TOEGANG_BERICHTEN_MAP = tmp_path
    venlo = gemeente("0983")
    aanbieder = ContractFactory(product=Product.objects.get(code="45L12"), gemeente=venlo).aanbieder
    bericht = bericht_ontvangen(_vot(aanbieder), kanaal="map")
    inloggen(pagina, live_server, maak_gebruiker(Rol.BACKOFFICE, [venlo]))
    pagina.goto(f"{live_server.url}/berichten/verzoeken/{bericht.pk}/")
    pagina.get_by_role("heading", name="Afwijzen").wait_for()
    pagina.get_by_label("Motivering").fill("Klaar om toe te wijzen.")  # filled in the other form: must not count
    pagina.get_by_label("Reden van de afwijzing").select_option("8")
    veld = pagina.get_by_label("Verantwoordelijke gemeente (CBS-code, bij het woonplaatsbeginsel)")
    veld.fill("0889")
    veld.press("Enter")
    pagina.get_by_text("Het verzoek is beantwoord.").wait_for()
    assert_toegankelijk(pagina)
    assert not Toewijzing.objects.exists()
    assert AangevraagdProduct.objects.get().status == "afgewezen"
    _d, _n, g = naar_dict(lees(bytes(Bericht.objects.get(soort="JW319").xml)))
    assert (g["Antwoord"]["RedenAfwijzingVerzoek"], g["Antwoord"]["Woonplaatsbeginsel"]["Gemeente"]) == ("8", "0889")
