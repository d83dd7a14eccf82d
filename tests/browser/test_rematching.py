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
from tests.indicaties import indicatie_gegevens
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
        door=consulent, dossier=dossier, gegevens=indicatie_gegevens(maasland, ingangsdatum=START)
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


def _live_check(pagina, actie, bevat):
    """Do something on the indicatie form and wait until the live check that posts `bevat` is swapped in."""
    with pagina.expect_response(lambda r: r.url.endswith("/indicatie/toets/") and bevat in (r.request.post_data or "")):
        actie()
    pagina.wait_for_timeout(300)  # htmx swaps and settles after the response


def _invullen(veld, waarde):
    veld.fill(waarde)
    veld.dispatch_event("change")


def test_the_form_adapts_to_the_product_without_choosing_an_aanbieder(pagina, live_server, venlo):
    """Choosing a product leaves the aanbieder unchosen (Handboek verwijzers jeugdhulp §1.1.2.3), the
    frequenties follow the product, niet gecontracteerd aanbod shows only on its route and only with aanbieders of
    the domain, and no aanbieder error appears when none was chosen."""
    from organisaties.factories import AanbiederTypeFactory

    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True, domein_wmo=False)
    maasland = AanbiederFactory(naam="Jeugdhulp Maasland")
    for code in ("45L12", "44A07"):
        ContractFactory(aanbieder=maasland, gemeente=venlo, product=Product.objects.get(code=code))
    AanbiederTypeFactory(domein="wmo", type="basis_lokaal", aanbieder__naam="Wmo Thuiszorg")
    dossier = DossierFactory(
        gemeente=venlo, consulent=consulent, status=Status.INDICATIE, inwoner=inwoner_in(venlo, geslachtsnaam="Smit")
    )
    inloggen(pagina, live_server, consulent)
    pagina.goto(f"{live_server.url}/dossiers/{dossier.public_id}/indicatie/")

    # Niet gecontracteerd aanbod: hidden until its route is chosen, then shown, without Wmo aanbieders.
    nga = pagina.locator("#id_aanbieder_niet_gecontracteerd")
    assert not nga.is_visible() and not pagina.get_by_label("Motivering niet gecontracteerd aanbod").is_visible()
    pagina.get_by_label("Niet gecontracteerd aanbod (aparte route)", exact=True).check()
    assert nga.is_visible() and "Wmo Thuiszorg" not in " ".join(nga.locator("option").all_inner_texts())
    pagina.get_by_label("Gecontracteerde aanbieder", exact=True).check()
    assert not nga.is_visible()
    assert_toegankelijk(pagina)

    aanbieder, frequentie = pagina.locator("#id_aanbieder"), pagina.locator("#id_frequentie")
    pagina.locator("#id_ingangsdatum").fill(START.isoformat())
    traject, etmaal = (str(Product.objects.get(code=code).pk) for code in ("45L12", "44A07"))
    _live_check(pagina, lambda: pagina.locator("#id_product").select_option(value=traject), f"product={traject}&")
    assert aanbieder.input_value() == "" and "Jeugdhulp Maasland" in " ".join(
        aanbieder.locator("option").all_inner_texts()
    )
    assert frequentie.locator("option").evaluate_all("os => os.map(o => o.value)") == ["", "6"]  # a traject
    assert "niet invullen" in pagina.locator("#id_volume_label").inner_text()
    eind = (START - timedelta(days=1)).isoformat()
    _live_check(pagina, lambda: _invullen(pagina.locator("#id_einddatum"), eind), f"einddatum={eind}")
    assert aanbieder.input_value() == ""  # another live check does not choose one either
    _live_check(pagina, lambda: pagina.locator("#id_product").select_option(value=etmaal), f"product={etmaal}&")
    assert frequentie.locator("option").evaluate_all("os => os.map(o => o.value)") == ["", "2", "4", "6"]  # etmaal
    assert aanbieder.input_value() == ""
    aanbieder.select_option(value=str(maasland.pk))
    frequentie.select_option(value="2")
    _live_check(pagina, lambda: _invullen(pagina.locator("#id_volume"), "7"), "volume=7")
    assert aanbieder.input_value() == str(maasland.pk) and frequentie.input_value() == "2"  # still fitting: kept
    aanbieder.select_option(value="")
    pagina.wait_for_timeout(600)

    pagina.get_by_role("button", name="Indicatie vastleggen").click()
    pagina.get_by_text("De einddatum ligt vóór de ingangsdatum.").first.wait_for()
    assert "niet gecontracteerd voor dit product" not in pagina.content()
    assert not dossier.indicaties.exists()
    assert_toegankelijk(pagina)


def test_required_fields_look_like_errors_only_after_a_submit(pagina, live_server, venlo):
    """A required, empty "Reden van de wijziging" looks like any other field until the server says it is missing."""
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True, domein_wmo=False)
    maasland = AanbiederFactory(naam="Jeugdhulp Maasland")
    ContractFactory(aanbieder=maasland, gemeente=venlo, product=Product.objects.get(code="45L12"))
    dossier = DossierFactory(
        gemeente=venlo,
        consulent=consulent,
        status=Status.INDICATIE,
        inwoner=inwoner_in(venlo, geboortedatum=date(2015, 3, 1)),
    )
    indicatie = indicatie_voorstellen(
        door=consulent, dossier=dossier, gegevens=indicatie_gegevens(maasland, ingangsdatum=START)
    )
    inloggen(pagina, live_server, consulent)
    pagina.goto(f"{live_server.url}/dossiers/{dossier.public_id}/indicatie/{indicatie.pk}/wijzigen/")
    stijl = "e => { const s = getComputedStyle(e); return [s.backgroundColor, s.borderColor, s.borderWidth]; }"
    reden, motivering = pagina.get_by_label("Reden van de wijziging"), pagina.locator("#id_motivering")
    assert reden.evaluate(stijl) == motivering.evaluate(stijl)
    assert pagina.locator("#id_volume").input_value() == "" and pagina.locator("#id_frequentie").input_value() == ""
    pagina.get_by_role("button", name="Wijziging vastleggen").click()
    pagina.get_by_text("Geef de reden van de wijziging.").first.wait_for()
    assert pagina.get_by_label("Reden van de wijziging").evaluate(stijl) != pagina.locator("#id_motivering").evaluate(
        stijl
    )
