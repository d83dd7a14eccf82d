"""End to end in the browser, from an empty inwoner to the JW301: a consulent registers a child of 8,
records both parents with gezag on the relatie screens, and walks melding → onderzoek → indicatie →
matching (the first aanbieder answers niet passend in the portaal, the consulent sends the verzoek to a second one
from the dossier, who answers passend after a verwachte startdatum before the ingangsdatum was refused; Handboek
verwijzers jeugdhulp §1.1.2.3.2) → leefzorgplan → both parents sign → the
backoffice beschikt and makes it known → toewijzing → the JW301 in the outbox's folder, whose Relaties
hold both gezagsdragers and never the child (iJw OP001, OP002). axe on the new screens on the way.

Then the child's page lists the decided dossier and the dossier search finds it by name."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Rol
from inwoners.models import Inwoner
from istandaard.validatie import valideer
from istandaard.xml import lees, naar_dict
from organisaties.factories import AanbiederFactory, gemeente
from producten.factories import ContractFactory
from producten.models import Product
from tests.browser.conftest import assert_toegankelijk, inloggen
from tests.browser.test_flow import _beschikken, _indicatie, _melding_en_onderzoek, _nieuwe_pagina
from tests.conftest import jaren_geleden, maak_gebruiker
from verwijzing.models import Dossier, Ondertekening, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
VANDAAG = date.today()
START = VANDAAG + timedelta(days=14)
BSN_KIND = "999990019"
OUDERS = (("Anna", "0612345678", "anna@voorbeeld.example"), ("Bert", "0687654321", "bert@voorbeeld.example"))


def _kind_registreren(pagina, live_server) -> Inwoner:
    pagina.goto(f"{live_server.url}/inwoners/nieuw/")
    pagina.get_by_label("BSN").fill(BSN_KIND)
    pagina.get_by_label("Voornamen").fill("Noah")
    pagina.get_by_label("Achternaam").fill("Verbeek")
    # 8 years and a month: a jeugdige under 12, for whom the gezaghebbenden sign
    pagina.get_by_label("Geboortedatum").fill((jaren_geleden(8, VANDAAG) - timedelta(days=30)).isoformat())
    pagina.get_by_label("Straat").fill("Markt")
    pagina.get_by_label("Huisnummer").fill("1")
    pagina.get_by_label("Postcode").fill("5911 AA")
    pagina.get_by_label("Plaats").fill("Venlo")
    pagina.get_by_label("Woongemeente (BRP)").select_option(label="Venlo")
    pagina.get_by_role("button", name="Registreren").click()
    pagina.get_by_role("heading", name="Noah Verbeek").wait_for()
    pagina.get_by_text("Geen relaties vastgelegd.").wait_for()
    kind = Inwoner.objects.get(bsn=BSN_KIND)
    assert kind.leeftijd_op(VANDAAG) == 8
    return kind


def _ouder_met_gezag(pagina, voornaam, telefoon, email):
    pagina.get_by_role("link", name="Relatie toevoegen").click()
    pagina.get_by_label("Soort relatie").select_option(label="Ouder")
    pagina.get_by_label("Voornamen").fill(voornaam)
    pagina.get_by_label("Achternaam").fill("Verbeek")
    pagina.get_by_label("Heeft gezag").check()
    pagina.get_by_label("Telefoon").fill(telefoon)
    pagina.get_by_label("E-mail").fill(email)
    pagina.locator("#id_adres").fill("Markt 1, 5911 AA Venlo")
    pagina.get_by_label("Bron").select_option(label="Inwoner")
    pagina.get_by_role("button", name="Relatie toevoegen").click()
    pagina.get_by_text("De relatie is vastgelegd.").wait_for()


def _portaal_verzoek(browser, live_server, medewerker):
    portaal = _nieuwe_pagina(browser, live_server, medewerker)
    portaal.get_by_role("link", name="Matchingsverzoeken").first.click()
    portaal.get_by_role("link", name="Noah Verbeek").click()
    portaal.get_by_label("Gesprek gevoerd op").fill(VANDAAG.isoformat())
    return portaal


def _matching_niet_passend(browser, live_server, medewerker):
    portaal = _portaal_verzoek(browser, live_server, medewerker)
    portaal.get_by_label("Is de gevraagde hulp passend?").select_option(label="Nee, niet passend")
    portaal.get_by_label("Reden als de hulp niet passend is").fill("Geen plek binnen zes weken")
    portaal.get_by_role("button", name="Format terugsturen").click()
    portaal.get_by_text("Het format is teruggestuurd naar de toegang.").wait_for()
    portaal.context.close()


def _matching_passend(browser, live_server, medewerker):
    portaal = _portaal_verzoek(browser, live_server, medewerker)
    portaal.get_by_label("Is de gevraagde hulp passend?").select_option(label="Ja, passend")
    portaal.get_by_label("Verwachte startdatum").fill((START - timedelta(days=1)).isoformat())
    portaal.get_by_role("button", name="Format terugsturen").click()
    portaal.get_by_text(
        f"De verwachte startdatum ligt vóór de ingangsdatum van de indicatie ({START:%d-%m-%Y})."
    ).first.wait_for()
    assert_toegankelijk(portaal)
    portaal.get_by_label("Verwachte startdatum").fill(START.isoformat())
    portaal.get_by_role("button", name="Format terugsturen").click()
    portaal.get_by_text("Het format is teruggestuurd naar de toegang.").wait_for()
    portaal.context.close()


def _andere_aanbieder(pagina, live_server, dossier, aanbieder):
    """The leefzorgplan waits after the niet passend; the dossier leads to the matching page of the indicatie."""
    pagina.goto(f"{live_server.url}/dossiers/{dossier.public_id}/")
    pagina.get_by_text("de aanbieder meldde niet passend; vraag een andere aanbieder").first.wait_for()
    assert pagina.get_by_role("button", name="Leefzorgplan opstellen").count() == 0
    pagina.get_by_role("link", name=re.compile(r"^Matching 45L12")).click()
    pagina.get_by_role("heading", name="Andere aanbieder vragen").wait_for()
    assert_toegankelijk(pagina)
    pagina.get_by_label("Andere aanbieder", exact=True).select_option(value=str(aanbieder.pk))
    pagina.get_by_role("button", name="Verzoek naar andere aanbieder sturen").click()
    pagina.get_by_text("Het matchingsverzoek is verstuurd naar de andere aanbieder.").wait_for()
    assert_toegankelijk(pagina)


def _leefzorgplan_ter_ondertekening(pagina, live_server, dossier):
    pagina.goto(f"{live_server.url}/dossiers/{dossier.public_id}/")
    pagina.get_by_role("button", name="Leefzorgplan opstellen").click()
    pagina.get_by_role("button", name="Opslaan als nieuwe versie").wait_for()
    for veld in pagina.locator("form.toegang-form textarea").all():
        veld.fill("Besproken met Noah en zijn ouders.")
    doel = pagina.get_by_role("group", name="Doel 1")
    doel.get_by_label("Leefgebied").select_option(value="zelfzorg")
    doel.get_by_label(re.compile(r"^Doel")).fill("Rustiger slapen")
    doel.get_by_label(re.compile(r"^Resultaat")).fill("Vijf nachten per week doorslapen")
    doel.get_by_label(re.compile(r"^Termijn")).fill((VANDAAG + timedelta(days=180)).isoformat())
    pagina.get_by_role("button", name="Opslaan als nieuwe versie").click()
    pagina.get_by_text("Leefzorgplan opgeslagen als versie 1.").wait_for()
    pagina.get_by_role("link", name="Terug naar het dossier").click()
    pagina.get_by_role("button", name="Ter ondertekening aanbieden").click()
    pagina.get_by_text("Het leefzorgplan is ter ondertekening verstuurd").wait_for()


def _post_voor(smsmap, email, telefoon) -> tuple[str, str]:
    """The signing link mailed to this parent and the code sent to his mobile number."""
    (bericht,) = [m for m in mail.outbox if m.to == [email]]
    link = re.search(r"(/ondertekenen/\?t=[\w-]+)", bericht.body).group(1)
    nummer = "+316" + telefoon[2:]
    (sms,) = [t for f in sorted(smsmap.glob("sms-*.txt")) if f"Aan: {nummer}\n" in (t := f.read_text())]
    return link, re.search(r"Uw code: (\d{6})", sms).group(1)


def _ondertekenen(browser, live_server, link, code):
    context = browser.new_context()  # a parent has no account
    ouder = context.new_page()
    ouder.set_default_timeout(20000)
    ouder.goto(f"{live_server.url}{link}")
    ouder.get_by_role("button", name="Leefzorgplan openen").click()
    ouder.get_by_label("Code").fill(code)
    ouder.get_by_role("button", name="Verder").click()
    ouder.get_by_role("button", name="Ik heb het plan gelezen en onderteken het").click()
    ouder.get_by_text("U heeft het leefzorgplan ondertekend").wait_for()
    context.close()


def _jw301(map_) -> dict:
    (bestand,) = (map_ / "uit").glob("JW301*.xml")
    inhoud = bestand.read_bytes()
    assert valideer(inhoud).geldig
    _domein, _nummer, gegevens = naar_dict(lees(inhoud))
    return gegevens


def _lijst(waarde) -> list:
    return waarde if isinstance(waarde, list) else [waarde]


def _van_inwoner_tot_301(pagina, live_server, browser, settings, tmp_path) -> Dossier:
    settings.TOEGANG_BERICHTEN_MAP = tmp_path
    settings.TOEGANG_SMSMAP = tmp_path / "sms"
    venlo = gemeente("0983")
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True, domein_wmo=False)
    backoffice = maak_gebruiker(Rol.BACKOFFICE, [venlo])
    eerste = AanbiederFactory(naam="Jeugdzorg De Peel")
    aanbieder = AanbiederFactory(naam="Jeugdhulp Maasland")
    for a in (eerste, aanbieder):
        ContractFactory(aanbieder=a, gemeente=venlo, product=Product.objects.get(code="45L12"))
    medewerker = maak_gebruiker(Rol.AANBIEDER, [], aanbieder=aanbieder)

    inloggen(pagina, live_server, consulent)
    kind = _kind_registreren(pagina, live_server)
    for voornaam, telefoon, email in OUDERS:
        _ouder_met_gezag(pagina, voornaam, telefoon, email)
    assert_toegankelijk(pagina)
    assert [(r.naam, r.gezaghebbend) for r in kind.relaties.all()] == [("Anna Verbeek", True), ("Bert Verbeek", True)]

    dossier = _melding_en_onderzoek(pagina, live_server, kind, "jeugd")
    _indicatie(pagina, live_server, dossier, "45L12", eerste)
    pagina.get_by_role("button", name="Matchingsverzoek 45L12 sturen").click()
    pagina.get_by_text("Het matchingsverzoek is verstuurd").wait_for()
    _matching_niet_passend(browser, live_server, maak_gebruiker(Rol.AANBIEDER, [], aanbieder=eerste))
    _andere_aanbieder(pagina, live_server, dossier, aanbieder)
    _matching_passend(browser, live_server, medewerker)

    _leefzorgplan_ter_ondertekening(pagina, live_server, dossier)
    assert sorted(Ondertekening.objects.filter(dossier=dossier).values_list("naam", flat=True)) == [
        "Anna Verbeek",
        "Bert Verbeek",
    ]  # under 12: the gezaghebbenden sign, not the child
    for _voornaam, telefoon, email in OUDERS:
        _ondertekenen(browser, live_server, *_post_voor(tmp_path / "sms", email, telefoon))
    dossier.refresh_from_db()
    assert dossier.status == Status.AANVRAAG

    kantoor = _nieuwe_pagina(browser, live_server, backoffice)
    t = _beschikken(kantoor, live_server, dossier)
    assert (t.product.code, t.aanbieder_id) == ("45L12", aanbieder.pk)
    kantoor.context.close()

    client = _jw301(tmp_path)["Client"]
    assert client["Bsn"] == BSN_KIND
    relaties = _lijst(client["Relaties"]["Relatie"])
    namen = [(r["Naam"].get("Voornamen"), r["Naam"]["Geslachtsnaam"]["Achternaam"]) for r in relaties]
    assert namen == [("Anna", "Verbeek"), ("Bert", "Verbeek")]  # OP002: both gezagsdragers
    assert all(r["Soort"] == "10" and r["Contact"]["Adres"]["Postcode"] == "5911AA" for r in relaties)  # OP130
    assert "Noah" not in [n for n, _a in namen]  # OP001: never the child himself
    return dossier


def test_from_an_empty_inwoner_to_a_jw301_then_the_childs_page_and_the_search_find_it(
    pagina, live_server, browser, settings, tmp_path
):
    dossier = _van_inwoner_tot_301(pagina, live_server, browser, settings, tmp_path)
    dossier_url = f"/dossiers/{dossier.public_id}/"

    # The child's page lists the decided dossier, with a link to it.
    pagina.goto(f"{live_server.url}/inwoners/{dossier.inwoner.public_id}/")
    pagina.locator(f'a[href="{dossier_url}"]').first.wait_for()
    assert_toegankelijk(pagina)

    # The dossier search finds it by the child's name.
    pagina.goto(f"{live_server.url}{reverse('verwijzing:dossiers-zoeken')}")
    pagina.get_by_label("Zoekterm").fill("Noah Verbeek")
    with pagina.expect_navigation():
        pagina.get_by_label("Zoekterm").press("Enter")
    resultaat = pagina.get_by_role("table").locator(f'a[href="{dossier_url}"]')
    resultaat.first.wait_for()
    assert_toegankelijk(pagina)
    resultaat.first.click()
    pagina.wait_for_url(f"**{dossier_url}")
