"""Error paths of the referral flow in the browser: a rood stapeling is blocked with its reason beside
the form, an aanbieder cannot open another aanbieder's verzoek, an expired signing link says so."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts.models import Rol
from inwoners.factories import RelatieFactory, inwoner_in
from organisaties.factories import AanbiederFactory
from producten.factories import ContractFactory
from producten.models import Product
from tests.browser.conftest import assert_toegankelijk, inloggen, ondertekenpost
from tests.conftest import jaren_geleden, maak_gebruiker
from verwijzing.factories import DossierFactory
from verwijzing.indicatie import indicatie_voorstellen, matchingsverzoek_sturen
from verwijzing.leefzorgplan.ondertekening import ter_ondertekening_aanbieden
from verwijzing.leefzorgplan.plan import leefzorgplan_opslaan
from verwijzing.models import Indicatie, Ondertekening, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
VANDAAG = date.today()


def _indicatie_dossier(venlo, consulent):
    return DossierFactory(
        gemeente=venlo,
        consulent=consulent,
        status=Status.INDICATIE,
        inwoner=inwoner_in(venlo, voornamen="Finn", geslachtsnaam="Bos", geboortedatum=date(2015, 1, 1)),
    )


def _gegevens(code, aanbieder=None):
    return {
        "product": Product.objects.get(code=code),
        "volume": 1,
        "frequentie": "6",
        "budget": None,
        "ingangsdatum": VANDAAG + timedelta(days=10),
        "einddatum": VANDAAG + timedelta(days=200),
        "aanbieder": aanbieder,
        "bekostiging": "zin",
    }


def test_rood_is_blocked_with_the_reason_beside_the_form(pagina, live_server, venlo):
    """Stapelingsmatrix: vaktherapie next to Perspectief 1 is rood (MATRIX-VT-P1)."""
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    dossier = _indicatie_dossier(venlo, consulent)
    indicatie_voorstellen(door=consulent, dossier=dossier, gegevens=_gegevens("45L12"))
    inloggen(pagina, live_server, consulent)
    pagina.goto(f"{live_server.url}/dossiers/{dossier.public_id}/indicatie/")
    pagina.locator("#id_ingangsdatum").fill((VANDAAG + timedelta(days=10)).isoformat())
    pagina.locator("#id_einddatum").fill((VANDAAG + timedelta(days=200)).isoformat())
    pagina.locator("#id_product").select_option(value=str(Product.objects.get(code="45L61").pk))
    pagina.get_by_role("button", name="Indicatie vastleggen").click()
    pagina.get_by_text(re.compile("Niet toegestaan: .*vaktherapie", re.I)).first.wait_for()
    assert_toegankelijk(pagina)
    assert Indicatie.objects.filter(dossier=dossier).count() == 1


def test_an_aanbieder_cannot_open_another_aanbieders_verzoek(pagina, live_server, venlo):
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    eigen, ander = AanbiederFactory(naam="Eigen Zorg"), AanbiederFactory(naam="Andere Zorg")
    ContractFactory(aanbieder=ander, gemeente=venlo, product=Product.objects.get(code="45L12"))
    dossier = _indicatie_dossier(venlo, consulent)
    indicatie = indicatie_voorstellen(door=consulent, dossier=dossier, gegevens=_gegevens("45L12", ander))
    vreemd = matchingsverzoek_sturen(door=consulent, indicatie=indicatie)
    # A fixed name: the header shows the user's, and a random Faker "Finn" would fail the check below.
    medewerker = maak_gebruiker(Rol.AANBIEDER, [], aanbieder=eigen, first_name="Eva", last_name="Smit")
    inloggen(pagina, live_server, medewerker)
    pagina.goto(f"{live_server.url}/portaal/")
    assert pagina.get_by_role("link", name="Finn Bos").count() == 0
    antwoord = pagina.goto(f"{live_server.url}/portaal/verzoeken/{vreemd.public_id}/")
    assert antwoord.status == 404
    assert "Finn" not in pagina.content()
    assert_toegankelijk(pagina)


def test_an_expired_signing_link_says_so(pagina, live_server, venlo, settings, tmp_path):
    settings.TOEGANG_SMSMAP = tmp_path / "sms"
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    inwoner = inwoner_in(venlo, geboortedatum=jaren_geleden(8, VANDAAG))
    RelatieFactory(inwoner=inwoner, soort="10", gezaghebbend=True, email="ouder@voorbeeld.example")
    dossier = DossierFactory(gemeente=venlo, consulent=consulent, status=Status.LEEFZORGPLAN, inwoner=inwoner)
    from verwijzing.leefzorgplan.secties import secties_voor

    leefzorgplan_opslaan(
        door=consulent,
        dossier=dossier,
        secties={k: "tekst" for k, _ in secties_voor(dossier, VANDAAG)},
        doelen=[
            {
                "leefgebied": "opvoeding",
                "doel": "Rust",
                "resultaat": "Minder ruzie",
                "termijn": (VANDAAG + timedelta(days=90)).isoformat(),
            }
        ],
    )
    ter_ondertekening_aanbieden(door=consulent, dossier=dossier, basis_url=live_server.url)
    Ondertekening.objects.update(verloopt_op=timezone.now() - timedelta(minutes=1))
    link, _code = ondertekenpost(tmp_path / "sms")
    pagina.goto(f"{live_server.url}{link}")
    with pagina.expect_response(lambda r: r.request.method == "POST") as antwoord:
        pagina.get_by_role("button", name="Leefzorgplan openen").click()
    assert antwoord.value.status == 410
    pagina.get_by_text("Deze link is verlopen").wait_for()
    assert_toegankelijk(pagina)
