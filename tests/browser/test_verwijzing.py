"""The start of the referral flow in the browser: melding → vraagverheldering → indicatie, axe on each screen."""

import re

import pytest

from accounts.models import Rol
from inwoners.factories import inwoner_in
from tests.browser.conftest import assert_toegankelijk, inloggen, ondertekenpost
from tests.conftest import maak_gebruiker
from tests.indicaties import indicatie_gegevens
from verwijzing.factories import COMPLEET_VERSLAG
from verwijzing.models import Dossier, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LABELS = {
    "hulpvraag": "Hulpvraag",
    "beperkingen": "Beperkingen en problemen",
    "eigen_kracht": "Eigen kracht",
    "sociaal_netwerk": "Sociaal netwerk",
    "voorliggend": "Voorliggende en algemene voorzieningen",
    "wlz": "Afweging Wlz",
    "conclusie": "Conclusie",
}


def test_melding_onderzoek_and_werkvoorraad(pagina, live_server, venlo):
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    inwoner = inwoner_in(venlo, voor=consulent, voornamen="Daan", geslachtsnaam="Kessels")
    inloggen(pagina, live_server, consulent)
    pagina.goto(f"{live_server.url}/inwoners/{inwoner.public_id}/")
    pagina.get_by_role("link", name="Nieuwe melding").click()
    assert_toegankelijk(pagina)
    pagina.get_by_role("button", name="Melding vastleggen").click()
    pagina.get_by_text("Beschrijf de hulpvraag.").first.wait_for()
    assert_toegankelijk(pagina)
    pagina.get_by_label("Hulpvraag").fill("Ouders maken zich zorgen over driftbuien.")
    pagina.get_by_label("Melder", exact=True).select_option(label="Ouder of gezaghebbende")
    pagina.get_by_label("(Onafhankelijke) cliëntondersteuning aangeboden").check()
    pagina.get_by_role("button", name="Melding vastleggen").click()
    pagina.get_by_text("De melding is vastgelegd.").wait_for()
    assert_toegankelijk(pagina)
    pagina.get_by_role("button", name="Start vraagverheldering").click()
    pagina.get_by_role("heading", name="Verslag vraagverheldering: Daan Kessels").wait_for()
    assert_toegankelijk(pagina)
    pagina.get_by_role("button", name="Onderzoek afronden").click()
    pagina.get_by_text("Het verslag is nog niet compleet").first.wait_for()
    assert_toegankelijk(pagina)
    for veld, label in LABELS.items():
        veldje = pagina.locator(f"#id_{veld}")
        assert label in pagina.locator(f"label[for=id_{veld}]").inner_text()  # every field has its label
        veldje.fill(COMPLEET_VERSLAG[veld])
    pagina.locator("#id_bekostiging").select_option(label="Zorg in natura")
    pagina.get_by_role("button", name="Onderzoek afronden").click()
    pagina.get_by_text("Het onderzoek is afgerond.").wait_for()
    assert Dossier.objects.get().status == Status.INDICATIE
    pagina.get_by_role("link", name="Werkvoorraad").click()
    pagina.get_by_role("link", name="Daan Kessels").wait_for()
    assert_toegankelijk(pagina)


def test_indicatie_with_live_findings(pagina, live_server, venlo):
    from verwijzing.factories import DossierFactory

    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    dossier = DossierFactory(
        gemeente=venlo,
        consulent=consulent,
        status=Status.INDICATIE,
        inwoner=inwoner_in(venlo, voornamen="Mila", geslachtsnaam="Janssen"),
    )
    inloggen(pagina, live_server, consulent)
    pagina.goto(f"{live_server.url}/dossiers/{dossier.public_id}/")
    pagina.get_by_role("link", name="Indicatie samenstellen").click()
    pagina.get_by_text("Kies een product en de ingangsdatum").wait_for()
    assert_toegankelijk(pagina)
    pagina.get_by_label("Ingangsdatum").fill("2026-12-01")
    pagina.get_by_label("Einddatum").fill("2027-08-31")
    pagina.get_by_label("Product").select_option(label="44A90 Logeren etmaal licht/midden (etmaal)")
    # The findings appear live beside the form (htmx), announced through a polite live region.
    pagina.locator("#bevindingen").get_by_text("ambulante hulp").first.wait_for()
    assert pagina.locator("#bevindingen").get_attribute("aria-live") == "polite"
    assert_toegankelijk(pagina)
    pagina.get_by_label("Product").select_option(label="45L12 Perspectief 1 Midden (traject)")
    pagina.get_by_text("Uitkomst van de regels").first.wait_for()
    pagina.get_by_role("button", name="Indicatie vastleggen").click()
    pagina.get_by_text("De indicatie is vastgelegd").wait_for()
    assert dossier.indicaties.get().product.code == "45L12"
    assert_toegankelijk(pagina)


def test_matching_between_consulent_and_aanbieder(pagina, live_server, venlo, browser):
    from datetime import date

    from organisaties.factories import AanbiederFactory
    from producten.factories import ContractFactory
    from producten.models import Product
    from verwijzing.factories import DossierFactory
    from verwijzing.indicatie import indicatie_voorstellen

    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    aanbieder = AanbiederFactory(naam="Jeugdhulp Maasland")
    ContractFactory(aanbieder=aanbieder, gemeente=venlo, product=Product.objects.get(code="45L12"))
    dossier = DossierFactory(
        gemeente=venlo,
        consulent=consulent,
        status=Status.INDICATIE,
        inwoner=inwoner_in(venlo, voornamen="Sem", geslachtsnaam="Peters", geboortedatum=date(2014, 5, 1)),
    )
    indicatie_voorstellen(
        door=consulent,
        dossier=dossier,
        gegevens=indicatie_gegevens(aanbieder, ingangsdatum=date(2026, 12, 1), einddatum=date(2027, 8, 31)),
    )
    inloggen(pagina, live_server, consulent)
    pagina.goto(f"{live_server.url}/dossiers/{dossier.public_id}/indicatie/")
    pagina.get_by_role("button", name="Matchingsverzoek 45L12 sturen").click()
    pagina.get_by_text("Het matchingsverzoek is verstuurd").wait_for()
    assert_toegankelijk(pagina)

    # The aanbieder, in its own browser context, answers with the blue part.
    medewerker = maak_gebruiker(Rol.AANBIEDER, [], aanbieder=aanbieder)
    context = browser.new_context()
    portaal = context.new_page()
    inloggen(portaal, live_server, medewerker)
    portaal.get_by_role("link", name="Matchingsverzoeken").first.click()
    assert_toegankelijk(portaal)
    portaal.get_by_role("link", name="Sem Peters").click()
    portaal.get_by_role("heading", name="Groen deel (gemeentelijke toegang)").wait_for()
    assert_toegankelijk(portaal)
    portaal.get_by_label("Is de gevraagde hulp passend?").select_option(label="Ja, passend")
    portaal.get_by_label("Gesprek gevoerd op").fill(date.today().isoformat())
    portaal.get_by_role("button", name="Format terugsturen").click()
    portaal.get_by_text("Geef de verwachte startdatum.").first.wait_for()
    assert_toegankelijk(portaal)
    portaal.get_by_label("Verwachte startdatum").fill("2026-12-07")
    portaal.get_by_label("Inschatting van het te volgen traject").fill("Perspectief 1 midden, 9 maanden.")
    portaal.get_by_role("button", name="Format terugsturen").click()
    portaal.get_by_text("Het format is teruggestuurd naar de toegang.").wait_for()
    context.close()

    pagina.reload()
    pagina.get_by_text("verwachte start 07-12-2026").wait_for()


def test_leefzorgplan_screen(pagina, live_server, venlo):
    from datetime import date, timedelta

    from verwijzing.factories import DossierFactory

    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    dossier = DossierFactory(
        gemeente=venlo,
        consulent=consulent,
        status=Status.LEEFZORGPLAN,
        inwoner=inwoner_in(venlo, voornamen="Noah", geslachtsnaam="Smeets", geboortedatum=date(2009, 6, 1)),
    )
    inloggen(pagina, live_server, consulent)
    pagina.goto(f"{live_server.url}/dossiers/{dossier.public_id}/")
    pagina.get_by_role("link", name="Leefzorgplan bewerken").click()
    pagina.get_by_label("Overgang 18- naar 18+: Volwassen voor de wet").wait_for()  # a jeugdige of 17
    assert_toegankelijk(pagina)
    pagina.get_by_label("Voorstel van de gemeente (samenvatting)").fill("Ambulante hulp Perspectief 1.")
    doel = pagina.get_by_role("group", name="Doel 1")
    doel.get_by_label("Leefgebied").select_option(label="Opvoeding en gezin")
    doel.get_by_label(re.compile(r"^Doel")).fill("Rustiger avonden thuis")
    doel.get_by_label(re.compile(r"^Resultaat")).fill("Drie avonden per week zonder driftbui")
    doel.get_by_label(re.compile(r"^Termijn")).fill((date.today() + timedelta(days=90)).isoformat())
    pagina.get_by_role("button", name="Opslaan als nieuwe versie").click()
    pagina.get_by_text("Leefzorgplan opgeslagen als versie 1.").wait_for()
    assert_toegankelijk(pagina)


def test_the_inwoner_signs_through_the_link(pagina, live_server, venlo, settings, tmp_path):
    from datetime import date, timedelta

    from verwijzing.factories import DossierFactory
    from verwijzing.leefzorgplan.plan import leefzorgplan_opslaan

    settings.TOEGANG_SMSMAP = tmp_path / "sms"
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_wmo=True, domein_jeugd=False)
    dossier = DossierFactory(
        gemeente=venlo,
        consulent=consulent,
        status=Status.LEEFZORGPLAN,
        domein="wmo",
        inwoner=inwoner_in(
            venlo, voornamen="Anna", geslachtsnaam="Willems", geboortedatum=date(1948, 2, 2), email="a@vb.example"
        ),
    )
    leefzorgplan_opslaan(
        door=consulent,
        dossier=dossier,
        secties={
            "ondersteuningsvraag": "Hulp bij het huishouden.",
            "onderzoek": "Samen doorlopen.",
            "maatwerkvoorziening": "01B04 Hulp bij het huishouden",
            "eigen_bijdrage": "Volgens de verordening.",
            "evaluatie": "Na een jaar.",
        },
        doelen=[
            {
                "leefgebied": "huishouden",
                "doel": "Schoon huis",
                "resultaat": "Wekelijks schoon",
                "termijn": (date.today() + timedelta(days=365)).isoformat(),
            }
        ],
    )
    inloggen(pagina, live_server, consulent)
    pagina.goto(f"{live_server.url}/dossiers/{dossier.public_id}/")
    pagina.get_by_role("button", name="Ter ondertekening aanbieden").click()
    pagina.get_by_text("Het leefzorgplan is ter ondertekening verstuurd aan: Anna Willems (inwoner).").wait_for()
    link, code = ondertekenpost(tmp_path / "sms")

    pagina.context.clear_cookies()  # the inwoner has no account
    pagina.goto(f"{live_server.url}{link}")  # opening changes nothing (a mail scanner spends nothing)
    assert_toegankelijk(pagina)
    pagina.get_by_role("button", name="Leefzorgplan openen").click()
    pagina.wait_for_url(f"{live_server.url}/ondertekenen/")  # the token exchanged for a session, gone from the URL
    assert_toegankelijk(pagina)
    # A copy of the link (forwarded, logged) opens nothing once it has been used.
    ander = pagina.context.browser.new_context()
    kopie = ander.new_page()
    kopie.goto(f"{live_server.url}{link}")
    with kopie.expect_response(lambda r: r.request.method == "POST") as antwoord:
        kopie.get_by_role("button", name="Leefzorgplan openen").click()
    assert antwoord.value.status == 410
    kopie.get_by_text("Deze link is al gebruikt").wait_for()
    assert_toegankelijk(kopie)
    ander.close()
    pagina.get_by_label("Code").fill(code)
    pagina.get_by_role("button", name="Verder").click()
    pagina.get_by_role("heading", name="De eigen bijdrage").wait_for()
    assert_toegankelijk(pagina)
    pagina.get_by_role("button", name="Ik heb het plan gelezen en onderteken het").click()
    pagina.get_by_text("U heeft het leefzorgplan ondertekend").wait_for()
    assert_toegankelijk(pagina)
    dossier.refresh_from_db()
    assert dossier.status == Status.AANVRAAG
    # An expired or used link says so.
    pagina.goto(f"{live_server.url}{link}")
    pagina.get_by_role("button", name="Leefzorgplan openen").click()
    pagina.get_by_text("niet (meer) geldig").or_(pagina.get_by_text("al ondertekend")).first.wait_for()
    assert_toegankelijk(pagina)
