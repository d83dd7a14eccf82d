"""Every form that creates something survives back + resubmit: the page carries a one-time token, the first post
creates and redirects (post/redirect/get), and a second post with the same token creates nothing new and is
sent to the first one's result with a word why (toegang.idempotent)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import Rol
from audit.models import Actie, AuditEvent
from inwoners.codes import SoortRelatie
from inwoners.factories import inwoner_in
from organisaties.factories import AanbiederFactory
from producten.factories import ContractFactory
from producten.models import Product
from tests.conftest import ingelogde_client, jaren_geleden, maak_gebruiker
from tests.nep_clamd import NepClamd
from verwijzing.factories import DossierFactory, aanvraag_dossier, toekenning_vaststellen
from verwijzing.indicatie import indicatie_voorstellen, matchingsverzoek_sturen
from verwijzing.models import Beschikking, LeefzorgplanVersie, Status, Toewijzing

pytestmark = pytest.mark.django_db
VANDAAG = date.today()
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@dataclass
class Geval:
    client: object
    pagina: str  # where the form (and its token) is shown
    actie: str  # where it posts
    data: Callable[[], dict]
    veld: str = "form_token"
    extra: dict = field(default_factory=dict)


def _consulent(venlo):
    return maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True, domein_wmo=True)


def _backoffice(venlo):
    return maak_gebruiker(Rol.BACKOFFICE, [venlo])


def _aanvraag(venlo):
    consulent = _consulent(venlo)
    contract = ContractFactory(product=Product.objects.get(code="45L12"), gemeente=venlo)
    dossier = aanvraag_dossier(
        gemeente=venlo,
        consulent=consulent,
        aanbieder=contract.aanbieder,
        inwoner=inwoner_in(venlo, geboortedatum=jaren_geleden(9, VANDAAG)),
    )
    return consulent, dossier


def _toegekend(venlo, capture):
    consulent, dossier = _aanvraag(venlo)
    backoffice = _backoffice(venlo)
    with capture(execute=True):
        toekenning_vaststellen(dossier=dossier, door=backoffice)
    return consulent, backoffice, dossier, Toewijzing.objects.get(dossier=dossier)


def inwoner_registreren(venlo, capture):
    gegevens = {
        "bsn": "999990019",
        "voornamen": "Sanne",
        "geslachtsnaam": "Dijk",
        "geboortedatum": "2012-03-04",
        "geslacht": "2",
        "straatnaam": "Raadhuisplein",
        "huisnummer": "1",
        "postcode": "5911 AB",
        "plaats": "Venlo",
        "gemeente": venlo.pk,
        "woongemeente": venlo.pk,
    }
    return Geval(ingelogde_client(_consulent(venlo)), "/inwoners/nieuw/", "/inwoners/nieuw/", lambda: gegevens)


def relatie_toevoegen(venlo, capture):
    consulent = _consulent(venlo)
    kind = inwoner_in(venlo, voor=consulent, geboortedatum=jaren_geleden(8, VANDAAG))
    url = f"/inwoners/{kind.public_id}/relaties/toevoegen/"
    gegevens = {
        "soort": SoortRelatie.OUDER,
        "voornamen": "Anna",
        "geslachtsnaam": "Jansen",
        "gezaghebbend": "on",
        "telefoon": "0612345678",
        "email": "anna@voorbeeld.example",
        "adres": "Markt 1, 5911 AA Venlo",
        "herkomst": "inwoner",
        "reden": "Volgens moeder",
    }
    return Geval(ingelogde_client(consulent), url, url, lambda: gegevens, veld="token")


def melding_vastleggen(venlo, capture):
    consulent = _consulent(venlo)
    inwoner = inwoner_in(venlo, voor=consulent)
    url = f"/dossiers/melding/{inwoner.public_id}/"
    gegevens = {
        "gemeente": venlo.pk,
        "domein": "jeugd",
        "meldingsdatum": VANDAAG.isoformat(),
        "kanaal": "telefoon",
        "melder": "ouder",
        "hulpvraag": "Zorgen",
    }
    return Geval(ingelogde_client(consulent), url, url, lambda: gegevens)


def indicatie_toevoegen(venlo, capture):
    consulent = _consulent(venlo)
    dossier = DossierFactory(
        gemeente=venlo,
        consulent=consulent,
        status=Status.INDICATIE,
        inwoner=inwoner_in(venlo, geboortedatum=date(2015, 3, 1)),
    )
    url = f"/dossiers/{dossier.public_id}/indicatie/"
    gegevens = {
        "product": Product.objects.get(code="45L12").pk,
        "ingangsdatum": "2026-12-01",
        "einddatum": "2027-08-31",
        "bekostiging": "zin",
    }
    return Geval(ingelogde_client(consulent), url, url, lambda: gegevens)


def _indicatie_met_aanbieder(venlo, consulent):
    aanbieder = AanbiederFactory()
    dossier = DossierFactory(
        gemeente=venlo,
        consulent=consulent,
        status=Status.INDICATIE,
        inwoner=inwoner_in(venlo, geboortedatum=date(2015, 3, 1)),
    )
    ContractFactory(aanbieder=aanbieder, gemeente=venlo, product=Product.objects.get(code="45L12"))
    gegevens = {
        "product": Product.objects.get(code="45L12"),
        "volume": 1,
        "frequentie": "6",
        "budget": None,
        "ingangsdatum": date(2026, 12, 1),
        "einddatum": date(2027, 8, 31),
        "aanbieder": aanbieder,
        "bekostiging": "zin",
    }
    return indicatie_voorstellen(door=consulent, dossier=dossier, gegevens=gegevens, motivering="")


def matchingsverzoek(venlo, capture):
    consulent = _consulent(venlo)
    indicatie = _indicatie_met_aanbieder(venlo, consulent)
    pagina = f"/dossiers/{indicatie.dossier.public_id}/indicatie/"
    return Geval(ingelogde_client(consulent), pagina, f"{pagina}{indicatie.pk}/matching/", dict)


def matching_beantwoorden(venlo, capture):
    consulent = _consulent(venlo)
    indicatie = _indicatie_met_aanbieder(venlo, consulent)
    verzoek = matchingsverzoek_sturen(door=consulent, indicatie=indicatie)
    medewerker = maak_gebruiker(Rol.AANBIEDER, [], aanbieder=indicatie.aanbieder)
    url = f"/portaal/verzoeken/{verzoek.public_id}/"
    gegevens = {
        "passend": "ja",
        "gesprek_op": (VANDAAG - timedelta(days=1)).isoformat(),
        "gesprek_vorm": "telefonisch",
        "inschatting_traject": "P1 midden",
        "verwachte_startdatum": (VANDAAG + timedelta(days=7)).isoformat(),
    }
    return Geval(ingelogde_client(medewerker), url, url, lambda: gegevens)


def leefzorgplan_versie(venlo, capture):
    consulent = _consulent(venlo)
    dossier = DossierFactory(gemeente=venlo, consulent=consulent, status=Status.LEEFZORGPLAN, inwoner=inwoner_in(venlo))
    url = f"/dossiers/{dossier.public_id}/leefzorgplan/"
    gegevens = {
        "voorstel": "Perspectief 1 midden",
        "doel-TOTAL_FORMS": "3",
        "doel-INITIAL_FORMS": "0",
        "doel-0-leefgebied": "opvoeding",
        "doel-0-doel": "Rust",
        "doel-0-resultaat": "Minder ruzie",
        "doel-0-termijn": (VANDAAG + timedelta(days=90)).isoformat(),
    }
    return Geval(ingelogde_client(consulent), url, url, lambda: gegevens)


def getekend_exemplaar(venlo, capture):
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_wmo=True, domein_jeugd=False)
    dossier = DossierFactory(
        gemeente=venlo, consulent=consulent, domein="wmo", status=Status.ONDERTEKENING, inwoner=inwoner_in(venlo)
    )
    LeefzorgplanVersie.objects.create(
        dossier=dossier, versie=1, secties={}, doelen=[], inhoud_hash="a" * 64, aangemaakt_door=consulent
    )

    def gegevens():
        return {
            "upload-bestand": SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf"),
            "upload-getekend_door": "X",
            "upload-getekend_op": VANDAAG.isoformat(),
        }

    pagina = f"/dossiers/{dossier.public_id}/"
    return Geval(
        ingelogde_client(consulent), pagina, f"{pagina}ondertekening/upload/", gegevens, veld="upload-form_token"
    )


def beslistermijn_opschorten(venlo, capture):
    consulent, dossier = _aanvraag(venlo)
    pagina = f"/dossiers/{dossier.public_id}/"
    gegevens = {
        "opschorten-grond": "4:15-1a",
        "opschorten-vanaf": VANDAAG.isoformat(),
        "opschorten-medegedeeld_op": VANDAAG.isoformat(),
        "opschorten-reden": "Aanvulling gevraagd",
    }
    return Geval(
        ingelogde_client(consulent), pagina, f"{pagina}termijn/opschorten/", lambda: gegevens, "opschorten-form_token"
    )


def beslistermijn_verlengen(venlo, capture):
    consulent, dossier = _aanvraag(venlo)
    pagina = f"/dossiers/{dossier.public_id}/"
    tot = (dossier.uiterlijk or VANDAAG) + timedelta(days=28)
    gegevens = {
        "verlengen-tot": tot.isoformat(),
        "verlengen-medegedeeld_op": VANDAAG.isoformat(),
        "verlengen-reden": "Advies nodig",
    }
    return Geval(
        ingelogde_client(consulent), pagina, f"{pagina}termijn/verlengen/", lambda: gegevens, "verlengen-form_token"
    )


def beschikking_concept(venlo, capture):
    _consulent_, dossier = _aanvraag(venlo)
    url = f"/dossiers/{dossier.public_id}/beschikking/"
    gegevens = {"soort": "toekenning", "motivering": "De hulp past bij de hulpvraag."}
    return Geval(ingelogde_client(_backoffice(venlo)), url, url, lambda: gegevens)


def beschikking_vaststellen(venlo, capture):
    _consulent_, dossier = _aanvraag(venlo)
    client = ingelogde_client(_backoffice(venlo))
    url = f"/dossiers/{dossier.public_id}/beschikking/"
    assert client.post(url, {"soort": "toekenning", "motivering": "Past."}).status_code == 302
    return Geval(client, url, f"{url}vaststellen/", dict)


def bekendmaking(venlo, capture):
    _c, backoffice, dossier, _t = _toegekend(venlo, capture)
    b = Beschikking.objects.get(dossier=dossier)
    pagina = f"/dossiers/{dossier.public_id}/"
    gegevens = {
        "bekendmaking-geadresseerden": "Ouders",
        "bekendmaking-kanaal": "post",
        "bekendmaking-verzonden_op": VANDAAG.isoformat(),
    }
    return Geval(
        ingelogde_client(backoffice),
        pagina,
        f"{pagina}beschikking/{b.public_id}/bekendmaking/",
        lambda: gegevens,
        "bekendmaking-form_token",
    )


def toewijzing_oprekken(venlo, capture):
    _c, backoffice, dossier, t = _toegekend(venlo, capture)
    pagina = f"/dossiers/{dossier.public_id}/toewijzing/{t.public_id}/"
    gegevens = {"oprekken-einddatum": (t.einddatum + timedelta(days=30)).isoformat(), "oprekken-reden": "Doelen."}
    return Geval(ingelogde_client(backoffice), pagina, f"{pagina}oprekken/", lambda: gegevens, "oprekken-form_token")


def toewijzing_omvang(venlo, capture):
    _c, backoffice, dossier, t = _toegekend(venlo, capture)
    pagina = f"/dossiers/{dossier.public_id}/toewijzing/{t.public_id}/"
    gegevens = {
        "omvang-ingangsdatum": (t.ingangsdatum + timedelta(days=30)).isoformat(),
        "omvang-volume": "2",
        "omvang-frequentie": "6",
        "omvang-reden": "Meer nodig.",
    }
    return Geval(ingelogde_client(backoffice), pagina, f"{pagina}omvang/", lambda: gegevens, "omvang-form_token")


def herindicatie_starten(venlo, capture):
    consulent, _b, dossier, t = _toegekend(venlo, capture)
    # The dossier page's button posts the token through {% formulier_token %}; here the test brings its own.
    pagina = f"/dossiers/{dossier.public_id}/"
    return Geval(
        ingelogde_client(consulent), pagina, f"{pagina}toewijzing/{t.public_id}/herindicatie/start/", dict, "-"
    )


GEVALLEN = [
    inwoner_registreren,
    relatie_toevoegen,
    melding_vastleggen,
    indicatie_toevoegen,
    matchingsverzoek,
    matching_beantwoorden,
    leefzorgplan_versie,
    getekend_exemplaar,
    beslistermijn_opschorten,
    beslistermijn_verlengen,
    beschikking_concept,
    beschikking_vaststellen,
    bekendmaking,
    toewijzing_oprekken,
    toewijzing_omvang,
    herindicatie_starten,
]


@pytest.fixture(scope="module")
def clamd():
    server = NepClamd()
    yield server
    server.shutdown()


def _token(html: str, veld: str) -> str:
    gevonden = re.search(rf'name="{re.escape(veld)}" value="([0-9a-f-]{{36}})"', html)
    assert gevonden, f"no {veld} on the page"
    return gevonden.group(1)


def _wijzigingen() -> int:
    return AuditEvent.objects.exclude(actie=Actie.LEZEN).count()


@pytest.mark.parametrize("geval", GEVALLEN, ids=lambda g: g.__name__)
def test_a_resubmit_with_the_same_token_creates_nothing_new_and_redirects_to_the_first_result(
    geval, venlo, clamd, settings, django_capture_on_commit_callbacks
):
    settings.TOEGANG_VIRUSSCAN = clamd.url
    g = geval(venlo, django_capture_on_commit_callbacks)
    pagina = g.client.get(g.pagina)
    assert pagina.status_code == 200
    if g.veld == "-":
        veld, token = "form_token", "6f1c1d52-2c2a-4a8e-9d8e-0d6b1b1f0a01"
    else:
        veld, token = g.veld, _token(pagina.content.decode(), g.veld)
    voor = _wijzigingen()
    eerste = g.client.post(g.actie, {**g.data(), veld: token})
    assert eerste.status_code == 302, re.findall(r"<li>.{0,300}", eerste.content.decode())
    na_eerste = _wijzigingen()
    assert na_eerste > voor
    tweede = g.client.post(g.actie, {**g.data(), veld: token})  # back + resubmit
    assert tweede.status_code == 302
    assert tweede["Location"] == eerste["Location"]
    assert _wijzigingen() == na_eerste
    if g.veld != "token":  # relatie toevoegen finds its relatie by its own token and says it is recorded
        assert "al verstuurd" in g.client.get(tweede["Location"]).content.decode()


def test_a_new_render_gets_a_new_token(venlo):
    g = melding_vastleggen(venlo, None)
    tokens = {_token(g.client.get(g.pagina).content.decode(), "form_token") for _ in range(2)}
    assert len(tokens) == 2


def test_a_refused_post_does_not_consume_its_token(venlo):
    g = indicatie_toevoegen(venlo, None)
    token = _token(g.client.get(g.pagina).content.decode(), "form_token")
    fout = g.client.post(g.actie, {**g.data(), "einddatum": "2026-11-01", "form_token": token})
    assert fout.status_code == 400 and token in fout.content.decode()  # shown again with the same token
    assert g.client.post(g.actie, {**g.data(), "form_token": token}).status_code == 302


def test_every_form_that_creates_something_carries_the_token():
    """Also the forms whose table row above would need much set-up (garantiefase, intrekken, verwijderen) and
    the answers to a 315/317."""
    from berichten.forms import AfwijzenForm, ToewijzenForm
    from berichten.forms import OnderzoekForm as InOnderzoekForm
    from inwoners.forms import InwonerForm
    from portaal.forms import BlauwDeelForm
    from toegang.idempotent import EenmaligFormMixin
    from verwijzing.forms.beschikking import (
        BekendmakingForm,
        BeschikkingForm,
        HervattenForm,
        OpschortingForm,
        VerlengingForm,
    )
    from verwijzing.forms.indicatie import IndicatieForm
    from verwijzing.forms.leefzorgplan import LeefzorgplanForm, UploadForm
    from verwijzing.forms.melding import MeldingForm
    from verwijzing.forms.toewijzing import GarantiefaseForm, IntrekkenForm, OmvangForm, OprekkenForm, VerwijderenForm

    aanmakend = [
        InwonerForm,
        MeldingForm,
        IndicatieForm,
        BlauwDeelForm,
        LeefzorgplanForm,
        UploadForm,
        OpschortingForm,
        HervattenForm,
        VerlengingForm,
        BeschikkingForm,
        BekendmakingForm,
        OprekkenForm,
        GarantiefaseForm,
        IntrekkenForm,
        VerwijderenForm,
        OmvangForm,
        ToewijzenForm,
        AfwijzenForm,
        InOnderzoekForm,
    ]
    assert [k.__name__ for k in aanmakend if not issubclass(k, EenmaligFormMixin)] == []


def test_the_dossier_pages_buttons_post_a_token_and_a_second_click_leads_to_the_first_result(venlo):
    """Onderzoek starten is a button without a form class: {% formulier_token %} gives it its one-time token."""
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    dossier = DossierFactory(gemeente=venlo, consulent=consulent, domein="jeugd")
    client = ingelogde_client(consulent)
    pagina = client.get(f"/dossiers/{dossier.public_id}/").content.decode()
    knop = re.search(r'action="[^"]*/onderzoek/start/">(.*?)</form>', pagina, re.S)
    assert knop, "no Onderzoek starten button"
    token = _token(knop.group(1), "form_token")
    eerste = client.post(f"/dossiers/{dossier.public_id}/onderzoek/start/", {"form_token": token})
    tweede = client.post(f"/dossiers/{dossier.public_id}/onderzoek/start/", {"form_token": token})
    assert eerste.status_code == tweede.status_code == 302 and tweede["Location"] == eerste["Location"]
    assert "al verstuurd" in client.get(tweede["Location"]).content.decode()
    dossier.refresh_from_db()
    assert dossier.status == Status.ONDERZOEK


# Back in a real browser: the form pages are no-store, so Back fetches the form again with a NEW token and the
# browser refills the typed fields. The content (toegang.idempotent.inhoud_van) recognises the repeat.
# Not: relatie toevoegen (its own token, in inwoners) and the buttons without typed content (matchingsverzoek,
# beschikking vaststellen, herindicatie), which a reloaded page only offers where the state allows them again.
ZELFDE_INHOUD = [
    g for g in GEVALLEN if g not in (relatie_toevoegen, matchingsverzoek, beschikking_vaststellen, herindicatie_starten)
]


def _nieuw_token(g: Geval, oud: str) -> tuple[str, str]:
    """The reloaded page's new token; where the page no longer shows the form (its state moved on), a second
    tab opened before the first post has its own token just the same."""
    if g.veld == "-":
        return "form_token", "0b5e2f8a-7c1d-4e3b-9a6f-2d8c4b1e7f02"
    gevonden = re.search(
        rf'name="{re.escape(g.veld)}" value="([0-9a-f-]{{36}})"', g.client.get(g.pagina).content.decode()
    )
    token = gevonden.group(1) if gevonden else "0b5e2f8a-7c1d-4e3b-9a6f-2d8c4b1e7f03"
    assert token != oud
    return g.veld, token


@pytest.mark.parametrize("geval", ZELFDE_INHOUD, ids=lambda g: g.__name__)
def test_back_reloads_the_form_with_a_new_token_and_the_same_content_creates_nothing_new(
    geval, venlo, clamd, settings, django_capture_on_commit_callbacks
):
    settings.TOEGANG_VIRUSSCAN = clamd.url
    g = geval(venlo, django_capture_on_commit_callbacks)
    pagina = g.client.get(g.pagina).content.decode()
    veld, token = ("form_token", "6f1c1d52-2c2a-4a8e-9d8e-0d6b1b1f0a01") if g.veld == "-" else (g.veld, None)
    token = token or _token(pagina, veld)
    eerste = g.client.post(g.actie, {**g.data(), veld: token})
    assert eerste.status_code == 302
    na_eerste = _wijzigingen()
    veld, nieuw = _nieuw_token(g, token)
    tweede = g.client.post(g.actie, {**g.data(), veld: nieuw})
    assert tweede.status_code == 302 and tweede["Location"] == eerste["Location"]
    assert _wijzigingen() == na_eerste
    assert "al verstuurd" in g.client.get(tweede["Location"]).content.decode()


def _melding_posten(g: Geval, **anders):
    token = _token(g.client.get(g.pagina).content.decode(), "form_token")
    return g.client.post(g.actie, {**g.data(), **anders, "form_token": token})


def test_a_second_melding_with_another_hulpvraag_opens_a_second_dossier(venlo):
    from verwijzing.models import Dossier

    g = melding_vastleggen(venlo, None)
    eerste, tweede = _melding_posten(g), _melding_posten(g, hulpvraag="Iets anders")
    assert eerste.status_code == tweede.status_code == 302 and eerste["Location"] != tweede["Location"]
    assert Dossier.objects.count() == 2


def test_the_same_melding_after_the_window_opens_a_second_dossier(venlo):
    from accounts.models import Inzending
    from toegang.idempotent import HERHAAL_VENSTER
    from verwijzing.models import Dossier

    g = melding_vastleggen(venlo, None)
    eerste = _melding_posten(g)
    Inzending.objects.update(aangemaakt_op=timezone.now() - HERHAAL_VENSTER - timedelta(seconds=1))
    tweede = _melding_posten(g)
    assert eerste.status_code == tweede.status_code == 302 and eerste["Location"] != tweede["Location"]
    assert Dossier.objects.count() == 2


def test_the_same_content_by_another_user_and_after_a_refusal_still_runs(venlo):
    """Identical content (even an identical hash) of two people is independent; a refused post was rolled
    back with its token, so it does not count as the first."""
    from toegang.fouten import Geweigerd
    from toegang.idempotent import AlVerwerkt, eenmalig, nieuw_token

    anna, bert = _consulent(venlo), _consulent(venlo)
    gedaan = []

    def maak():
        gedaan.append(1)
        return len(gedaan)

    def weiger():
        raise Geweigerd("Nee")

    with pytest.raises(Geweigerd):
        eenmalig(nieuw_token(), anna, weiger, str, inhoud="a" * 64)
    assert eenmalig(nieuw_token(), anna, maak, str, inhoud="a" * 64) == 1
    assert eenmalig(nieuw_token(), bert, maak, str, inhoud="a" * 64) == 2
    with pytest.raises(AlVerwerkt) as al:
        eenmalig(nieuw_token(), anna, maak, str, inhoud="a" * 64)
    assert al.value.doel_url == "1" and len(gedaan) == 2


def test_only_the_users_last_post_counts_so_a_deliberate_repeat_after_another_step_runs(venlo):
    """Opschorten, hervatten, then opschorten again with the same words: the last post was another one."""
    from toegang.idempotent import eenmalig, nieuw_token

    anna = _consulent(venlo)
    gedaan = []

    def maak():
        gedaan.append(1)
        return len(gedaan)

    for inhoud in ("a" * 64, "b" * 64, "a" * 64):
        eenmalig(nieuw_token(), anna, maak, str, inhoud=inhoud)
    assert len(gedaan) == 3


def test_the_content_leaves_out_the_tokens_and_sees_the_files(venlo):
    from django.test import RequestFactory

    from toegang.idempotent import inhoud_van

    def inhoud(data, gebruiker):
        request = RequestFactory().post("/x/", data)
        request.user = gebruiker
        return inhoud_van(request)

    anna, bert = _consulent(venlo), _consulent(venlo)
    basis = {"a": "1", "csrfmiddlewaretoken": "x", "form_token": "1", "upload-form_token": "2"}
    assert inhoud({"csrfmiddlewaretoken": "x", "form_token": "1"}, anna) == ""  # a button: not compared
    assert inhoud(basis, anna) == inhoud({**basis, "csrfmiddlewaretoken": "y", "form_token": "3"}, anna)
    assert inhoud(basis, anna) != inhoud({**basis, "a": "2"}, anna) != inhoud(basis, bert)
    pdf = {"f": SimpleUploadedFile("p.pdf", PDF)}
    assert inhoud({**basis, **pdf}, anna) != inhoud({**basis, "f": SimpleUploadedFile("p.pdf", PDF + b" ")}, anna)


def test_back_and_the_same_315_answer_with_a_new_token_sends_one_319(
    venlo, settings, tmp_path, django_capture_on_commit_callbacks
):
    from berichten.inkomend import bericht_ontvangen
    from berichten.models import AangevraagdProduct, Bericht
    from tests.berichten.hulp import _vot

    settings.TOEGANG_BERICHTEN_MAP = tmp_path
    aanbieder = ContractFactory(product=Product.objects.get(code="45L12"), gemeente=venlo).aanbieder
    client = ingelogde_client(_backoffice(venlo))
    bericht = bericht_ontvangen(_vot(aanbieder), kanaal="map")
    taak = AangevraagdProduct.objects.get()
    url, p = f"/berichten/verzoeken/{bericht.pk}/{taak.pk}/afwijzen/", f"taak-{taak.pk}-afwijzen-"
    with django_capture_on_commit_callbacks(execute=True):
        eerste = client.post(url, {f"{p}reden": "3", f"{p}toelichting": "", f"{p}form_token": _nieuw_uuid()})
        tweede = client.post(url, {f"{p}reden": "3", f"{p}toelichting": "", f"{p}form_token": _nieuw_uuid()})
    assert eerste.status_code == tweede.status_code == 302 and tweede["Location"] == eerste["Location"]
    assert Bericht.objects.filter(soort="JW319").count() == 1
    assert "al verstuurd" in client.get(tweede["Location"]).content.decode()


def _nieuw_uuid() -> str:
    from toegang.idempotent import nieuw_token

    return nieuw_token()


def test_back_and_the_same_relatie_with_new_tokens_records_one_relatie(venlo):
    """The relatie form carries its own token and the form token; Back renders both anew, the content is the same."""
    from inwoners.models import Relatie

    g = relatie_toevoegen(venlo, None)

    def posten():
        html = g.client.get(g.pagina).content.decode()
        return g.client.post(
            g.actie, {**g.data(), "token": _token(html, "token"), "form_token": _token(html, "form_token")}
        )

    eerste, tweede = posten(), posten()
    assert eerste.status_code == tweede.status_code == 302 and tweede["Location"] == eerste["Location"]
    assert Relatie.alle.count() == 1
    assert "al verstuurd" in g.client.get(tweede["Location"]).content.decode()
