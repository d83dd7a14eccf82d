"""The whole referral flow in the browser, from melding to "klaar voor verzending": one Jeugd product
with a matchingsgesprek (consulent → aanbieder → consulent → inwoner's link → backoffice) and one Wmo
segment-3A product without (consulent → inwoner's link → consulent beschikt). axe on every screen.

The same tests run under the demo settings (SQLite, Celery in process, 2FA off) through
tests/test_flow_demo.py; `inloggen` follows whatever the settings ask."""

import re
from datetime import date, timedelta

import pytest
from django.conf import settings as django_settings

from accounts.models import Rol
from inwoners.factories import RelatieFactory, inwoner_in
from organisaties.factories import AanbiederFactory, gemeente
from producten.factories import ContractFactory
from producten.models import Product
from tests.browser.conftest import assert_toegankelijk, inloggen, ondertekenpost
from tests.conftest import maak_gebruiker
from verwijzing.factories import COMPLEET_VERSLAG
from verwijzing.models import Beschikking, Dossier, Status, Toewijzing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
VANDAAG = date.today()
START = VANDAAG + timedelta(days=14)


def _login(page, live_server, gebruiker):
    inloggen(page, live_server, gebruiker, met_apparaat=django_settings.TOEGANG_2FA_VERPLICHT)


def _nieuwe_pagina(browser, live_server, gebruiker):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(20000)
    _login(page, live_server, gebruiker)
    return page


def _melding_en_onderzoek(pagina, live_server, inwoner, domein):
    pagina.goto(f"{live_server.url}/inwoners/{inwoner.public_id}/")
    pagina.get_by_role("link", name="Nieuwe melding").click()
    if domein == "wmo":
        pagina.locator("#id_domein").select_option(value="wmo")
        pagina.get_by_label("Persoonlijk plan aangeboden (alleen Wmo)").check()
    pagina.get_by_label("Hulpvraag").fill("Hulp nodig thuis.")
    pagina.get_by_label("(Onafhankelijke) cliëntondersteuning aangeboden").check()
    pagina.get_by_role("button", name="Melding vastleggen").click()
    pagina.get_by_text("De melding is vastgelegd.").wait_for()
    assert_toegankelijk(pagina)
    pagina.get_by_role("button", name=re.compile("Start (vraagverheldering|Wmo-onderzoek)")).click()
    for veld, waarde in COMPLEET_VERSLAG.items():
        if veld == "bekostiging":
            pagina.locator("#id_bekostiging").select_option(value=waarde)
        else:
            pagina.locator(f"#id_{veld}").fill(waarde)
    assert_toegankelijk(pagina)
    pagina.get_by_role("button", name="Onderzoek afronden").click()
    pagina.get_by_text("Het onderzoek is afgerond.").wait_for()
    return Dossier.objects.get(inwoner=inwoner, domein=domein)


def _indicatie(pagina, live_server, dossier, code, aanbieder):
    pagina.goto(f"{live_server.url}/dossiers/{dossier.public_id}/indicatie/")
    pagina.locator("#id_ingangsdatum").fill(START.isoformat())
    pagina.locator("#id_einddatum").fill((START + timedelta(days=270)).isoformat())
    pagina.locator("#id_product").select_option(value=str(Product.objects.get(code=code).pk))
    pagina.locator("#id_aanbieder").select_option(value=str(aanbieder.pk))
    pagina.get_by_text("Uitkomst van de regels").first.wait_for()
    pagina.get_by_role("button", name="Indicatie vastleggen").click()
    pagina.get_by_text("De indicatie is vastgelegd").wait_for()
    assert_toegankelijk(pagina)


def _leefzorgplan_en_ondertekening(pagina, live_server, dossier, tmp_path, browser):
    pagina.goto(f"{live_server.url}/dossiers/{dossier.public_id}/")
    pagina.get_by_role("button", name="Leefzorgplan opstellen").click()
    pagina.get_by_role("button", name="Opslaan als nieuwe versie").wait_for()
    for veld in pagina.locator("form.toegang-form textarea").all():
        veld.fill("Besproken met de inwoner en het gezin.")
    doel = pagina.get_by_role("group", name="Doel 1")
    doel.get_by_label("Leefgebied").select_option(value="zelfzorg")
    doel.get_by_label(re.compile(r"^Doel")).fill("Meer zelfstandigheid")
    doel.get_by_label(re.compile(r"^Resultaat")).fill("Zelf de week plannen")
    doel.get_by_label(re.compile(r"^Termijn")).fill((VANDAAG + timedelta(days=180)).isoformat())
    pagina.get_by_role("button", name="Opslaan als nieuwe versie").click()
    pagina.get_by_text("Leefzorgplan opgeslagen als versie 1.").wait_for()
    assert_toegankelijk(pagina)
    pagina.get_by_role("link", name="Terug naar het dossier").click()
    pagina.get_by_role("button", name="Ter ondertekening aanbieden").click()
    pagina.get_by_text("Het leefzorgplan is ter ondertekening verstuurd").wait_for()
    assert_toegankelijk(pagina)
    link, code = ondertekenpost(tmp_path / "sms")
    inwoner_context = browser.new_context()  # the inwoner has no account
    inwoner = inwoner_context.new_page()
    inwoner.goto(f"{live_server.url}{link}")
    inwoner.get_by_role("button", name="Leefzorgplan openen").click()
    inwoner.get_by_label("Code").fill(code)
    inwoner.get_by_role("button", name="Verder").click()
    inwoner.get_by_role("button", name="Ik heb het plan gelezen en onderteken het").click()
    inwoner.get_by_text("U heeft het leefzorgplan ondertekend").wait_for()
    assert_toegankelijk(inwoner)
    inwoner_context.close()
    dossier.refresh_from_db()
    assert dossier.status == Status.AANVRAAG


def _beschikken(pagina, live_server, dossier):
    pagina.goto(f"{live_server.url}/dossiers/")
    pagina.get_by_role("link", name=dossier.inwoner.volledige_naam).first.click()
    pagina.get_by_role("heading", name="Beslistermijn").wait_for()
    assert_toegankelijk(pagina)
    pagina.get_by_role("link", name="Beschikking opstellen").click()
    pagina.get_by_label("Toekenning", exact=True).check()
    pagina.locator("#id_motivering").fill("De hulp past bij de hulpvraag en de doelen uit het leefzorgplan.")
    pagina.get_by_role("button", name="Concept opslaan").click()
    pagina.get_by_text("Het concept is opgeslagen").wait_for()
    assert_toegankelijk(pagina)
    pagina.get_by_role("button", name="Beschikking vaststellen").click()
    pagina.get_by_role("link", name="Download de beschikking (PDF)").wait_for()
    with pagina.expect_download() as download:
        pagina.get_by_role("link", name="Download de beschikking (PDF)").click()
    assert download.value.suggested_filename.startswith("beschikking-")
    pagina.locator("#id_bekendmaking-geadresseerden").fill("De aanvrager")
    pagina.get_by_role("button", name="Verzending vastleggen").click()
    pagina.get_by_text("de bezwaartermijn loopt").wait_for()
    # The toewijzing is given; its 301 is listed beside it with the bericht's own status (as in the cockpit).
    pagina.get_by_role("cell", name="Toegewezen").first.wait_for()
    assert_toegankelijk(pagina)
    b = Beschikking.objects.get(dossier=dossier)
    assert (b.status, b.render_status) == ("bekendgemaakt", "klaar")
    (t,) = Toewijzing.objects.filter(dossier=dossier)
    assert t.status == "klaar_voor_verzending"
    return t


def test_jeugd_with_matchingsgesprek_from_melding_to_klaar_voor_verzending(
    pagina, live_server, browser, settings, tmp_path
):
    settings.TOEGANG_BERICHTEN_MAP = tmp_path
    settings.TOEGANG_SMSMAP = tmp_path / "sms"
    venlo = gemeente("0983")
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True, domein_wmo=False)
    backoffice = maak_gebruiker(Rol.BACKOFFICE, [venlo])
    aanbieder = AanbiederFactory(naam="Jeugdhulp Maasland")
    ContractFactory(aanbieder=aanbieder, gemeente=venlo, product=Product.objects.get(code="45L12"))
    medewerker = maak_gebruiker(Rol.AANBIEDER, [], aanbieder=aanbieder)
    inwoner = inwoner_in(
        venlo,
        voor=consulent,  # he registered Sem: in his scope before the melding
        voornamen="Sem",
        geslachtsnaam="Peters",
        geboortedatum=date(VANDAAG.year - 10, 6, 1),  # 9 or 10 years old; .replace(year=…) fails on 29 February
    )
    RelatieFactory(inwoner=inwoner, soort="10", gezaghebbend=True, email="ouder@voorbeeld.example")

    _login(pagina, live_server, consulent)
    dossier = _melding_en_onderzoek(pagina, live_server, inwoner, "jeugd")
    _indicatie(pagina, live_server, dossier, "45L12", aanbieder)
    pagina.get_by_role("button", name="Matchingsverzoek 45L12 sturen").click()
    pagina.get_by_text("Het matchingsverzoek is verstuurd").wait_for()

    portaal = _nieuwe_pagina(browser, live_server, medewerker)
    portaal.get_by_role("link", name="Matchingsverzoeken").first.click()
    portaal.get_by_role("link", name="Sem Peters").click()
    portaal.get_by_label("Is de gevraagde hulp passend?").select_option(label="Ja, passend")
    portaal.get_by_label("Gesprek gevoerd op").fill(VANDAAG.isoformat())
    portaal.get_by_label("Verwachte startdatum").fill(START.isoformat())
    portaal.get_by_role("button", name="Format terugsturen").click()
    portaal.get_by_text("Het format is teruggestuurd naar de toegang.").wait_for()
    assert_toegankelijk(portaal)
    portaal.context.close()

    _leefzorgplan_en_ondertekening(pagina, live_server, dossier, tmp_path, browser)
    assert "Beschikking opstellen" not in pagina.content()  # Jeugd: the backoffice beschikt

    kantoor = _nieuwe_pagina(browser, live_server, backoffice)
    t = _beschikken(kantoor, live_server, dossier)
    assert (t.product.code, t.aanbieder_id, t.ingangsdatum) == ("45L12", aanbieder.pk, START)


def test_wmo_3a_without_matchingsgesprek_the_consulent_beschikt(pagina, live_server, browser, settings, tmp_path):
    settings.TOEGANG_BERICHTEN_MAP = tmp_path
    settings.TOEGANG_SMSMAP = tmp_path / "sms"
    beesel = gemeente("0889")
    consulent = maak_gebruiker(Rol.CONSULENT, [beesel], domein_jeugd=False, domein_wmo=True)
    aanbieder = AanbiederFactory(naam="Thuishulp Reuver")
    ContractFactory(aanbieder=aanbieder, gemeente=beesel, product=Product.objects.get(code="01B04"), perceel="lokaal")
    inwoner = inwoner_in(
        beesel,
        voor=consulent,
        voornamen="Anna",
        geslachtsnaam="Willems",
        geboortedatum=date(1948, 2, 2),
        email="a@vb.example",
    )

    _login(pagina, live_server, consulent)
    dossier = _melding_en_onderzoek(pagina, live_server, inwoner, "wmo")
    _indicatie(pagina, live_server, dossier, "01B04", aanbieder)
    # segment 3A: "geen matchingsgesprek, tenzij de consulent het nodig acht" (Handboek Maatwerkdiensten Wmo §2 (r.
    # 124–125))
    pagina.get_by_text("geen matchingsgesprek nodig volgens de regels").wait_for()
    assert pagina.get_by_role("button", name="Matchingsverzoek 01B04 sturen").count() == 0
    _leefzorgplan_en_ondertekening(pagina, live_server, dossier, tmp_path, browser)
    t = _beschikken(pagina, live_server, dossier)
    assert t.product.code == "01B04" and t.gemeente == beesel and not dossier.matchingsverzoeken.exists()


def test_an_afwijzing_needs_horen_first(pagina, live_server, venlo):
    from verwijzing.factories import aanvraag_dossier

    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    backoffice = maak_gebruiker(Rol.BACKOFFICE, [venlo])
    dossier = aanvraag_dossier(
        gemeente=venlo,
        consulent=consulent,
        inwoner=inwoner_in(venlo, voornamen="Lotte", geslachtsnaam="Hendriks", geboortedatum=date(2016, 3, 3)),
    )
    _login(pagina, live_server, backoffice)
    pagina.goto(f"{live_server.url}/dossiers/{dossier.public_id}/beschikking/")
    pagina.get_by_label("Afwijzing", exact=True).check()
    pagina.locator("#id_motivering").fill("Het netwerk en de voorliggende voorziening volstaan.")
    pagina.get_by_role("button", name="Concept opslaan").click()
    pagina.get_by_text("Hoor de aanvrager").first.wait_for()
    assert_toegankelijk(pagina)
    pagina.locator("#id_horen_op").fill(VANDAAG.isoformat())
    pagina.locator("#id_zienswijze").fill("De ouders vinden hulp toch nodig.")
    pagina.get_by_role("button", name="Concept opslaan").click()
    pagina.get_by_role("button", name="Beschikking vaststellen").click()
    pagina.get_by_role("link", name="Download de beschikking (PDF)").wait_for()
    pagina.get_by_text("Beschikt: afgewezen").wait_for()
    assert not Toewijzing.objects.exists()
