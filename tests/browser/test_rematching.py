"""Choosing and re-matching the aanbieder in the browser, with axe: the aanbieder list follows the product (htmx,
out of band), and an indicatie is changed from its matching page before the plan is signed (Handboek verwijzers
jeugdhulp §1.1.2.3, §1.1.2.3.2)."""

import re
from datetime import date, timedelta

import pytest

from accounts.models import Rol
from inwoners.factories import inwoner_in
from organisaties.factories import AanbiederFactory
from producten.factories import ContractFactory
from producten.models import Product
from tests.browser.conftest import assert_toegankelijk, inloggen
from tests.conftest import maak_gebruiker
from verwijzing.factories import DossierFactory
from verwijzing.indicatie import indicatie_voorstellen
from verwijzing.models import Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
START = date.today() + timedelta(days=14)


def test_the_aanbieder_list_follows_the_product_and_an_indicatie_is_changed(pagina, live_server, venlo):
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True, domein_wmo=False)
    maasland, peel = AanbiederFactory(naam="Jeugdhulp Maasland"), AanbiederFactory(naam="Jeugdzorg De Peel")
    ContractFactory(aanbieder=maasland, gemeente=venlo, product=Product.objects.get(code="45L12"))
    ContractFactory(aanbieder=peel, gemeente=venlo, product=Product.objects.get(code="45L13"))
    AanbiederFactory(naam="Wmo Thuiszorg")  # no Jeugd contract: never offered
    dossier = DossierFactory(
        gemeente=venlo, consulent=consulent, status=Status.INDICATIE, inwoner=inwoner_in(venlo, geslachtsnaam="Smit")
    )
    inloggen(pagina, live_server, consulent)

    pagina.goto(f"{live_server.url}/dossiers/{dossier.public_id}/indicatie/")
    opties = pagina.locator("#id_aanbieder option")
    assert "Wmo Thuiszorg" not in " ".join(opties.all_inner_texts())
    pagina.locator("#id_ingangsdatum").fill(START.isoformat())
    pagina.locator("#id_product").select_option(value=str(Product.objects.get(code="45L13").pk))
    pagina.get_by_text("Uitkomst van de regels").first.wait_for()
    pagina.wait_for_function(
        "() => ![...document.querySelectorAll('#id_aanbieder option')].some(o => o.text.includes('Maasland'))"
    )
    assert "Jeugdzorg De Peel" in " ".join(opties.all_inner_texts())
    assert_toegankelijk(pagina)

    indicatie = indicatie_voorstellen(
        door=consulent,
        dossier=dossier,
        gegevens={
            "product": Product.objects.get(code="45L12"),
            "volume": 1,
            "frequentie": "6",
            "budget": None,
            "ingangsdatum": START,
            "einddatum": START + timedelta(days=270),
            "aanbieder": maasland,
            "bekostiging": "zin",
        },
    )
    pagina.goto(f"{live_server.url}/dossiers/{dossier.public_id}/")
    pagina.get_by_role("link", name=re.compile(r"^Matching 45L12")).click()
    pagina.get_by_role("heading", name="Indicatie intrekken").wait_for()
    assert_toegankelijk(pagina)
    pagina.get_by_role("link", name="Indicatie wijzigen").click()
    pagina.get_by_role("button", name="Wijziging vastleggen").wait_for()
    assert_toegankelijk(pagina)
    pagina.get_by_role("button", name="Wijziging vastleggen").click()
    pagina.get_by_text("Geef de reden van de wijziging.").first.wait_for()
    assert_toegankelijk(pagina)
    pagina.get_by_label("Reden van de wijziging").fill("Gezin wil een langere periode")
    pagina.locator("#id_einddatum").fill((START + timedelta(days=300)).isoformat())
    pagina.get_by_role("button", name="Wijziging vastleggen").click()
    pagina.get_by_text("De indicatie is gewijzigd; de matching begint opnieuw.").wait_for()
    (nieuw,) = dossier.indicaties.all()
    assert nieuw.pk != indicatie.pk and nieuw.einddatum == START + timedelta(days=300)
