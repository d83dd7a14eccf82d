"""IV094 (iStandaarden iJw 3.2): a 301 answering a verzoek om toewijzing (315) may differ from what was asked only as
the handler's explicit choice, motivated and audited; by default it carries the request one to one. IV042: Volume,
Eenheid and Frequentie of an Omvang belong together — the requested volume never goes out in the catalogue's unit."""

from datetime import date, timedelta

import pytest

from audit.models import AuditEvent
from berichten.inkomend import bericht_ontvangen
from berichten.models import AangevraagdProduct, Bericht
from istandaard.xml import lees, naar_dict
from producten.factories import ContractFactory
from producten.models import Product
from tests.berichten.hulp import _vot
from tests.conftest import ingelogde_client
from verwijzing.models import Toewijzing

pytestmark = pytest.mark.django_db
VANDAAG = date.today()
EINDE = VANDAAG + timedelta(days=200)
KORTER = VANDAAG + timedelta(days=100)


def _omvang_301() -> dict:
    _d, _n, g = naar_dict(lees(bytes(Bericht.objects.get(soort="JW301").xml)))
    omvang = g["Client"]["ToegewezenProducten"]["ToegewezenProduct"][0]["Omvang"]
    return {k: str(v) for k, v in omvang.items()}


def _toewijzen(omgeving, capture, product: dict, velden: dict):
    _venlo, aanbieder, backoffice = omgeving
    bericht = bericht_ontvangen(_vot(aanbieder, producten=[product]), kanaal="map")
    taak = AangevraagdProduct.objects.get()
    velden = {"motivering": "Huisarts verwijst.", "gi_instemming": "geen", "keuze": "zoals_gevraagd", **velden}
    with capture(execute=True):
        r = ingelogde_client(backoffice).post(
            f"/berichten/verzoeken/{bericht.pk}/{taak.pk}/toewijzen/",
            {f"taak-{taak.pk}-toewijzen-{k}": v for k, v in velden.items()},
        )
    return r, taak


ALS_GEVRAAGD = {"Product": {"Categorie": "45", "Code": "45L12"}}  # a traject; the catalogue knows its trajectprijs
UUR_PRODUCT = {
    "Product": {"Categorie": "45", "Code": "45L14"},  # catalogue eenheid: uur
    "Omvang": {"Volume": 2, "Eenheid": "16", "Frequentie": "2"},
}
AFWIJKING = {
    "keuze": "afwijken",
    "volume": "261240",
    "eenheid": "83",
    "frequentie": "6",
    "ingangsdatum": (VANDAAG + timedelta(days=7)).isoformat(),
    "einddatum": KORTER.isoformat(),
    "afwijking_motivering": "Eerst een korter traject; daarna evalueren.",
}


@pytest.mark.parametrize(
    ("product", "velden", "omvang", "einddatum"),
    [
        pytest.param(
            ALS_GEVRAAGD,
            {},
            {"Volume": "1", "Eenheid": "82", "Frequentie": "6"},
            EINDE,
            id="IV094-zoals-gevraagd-traject-1-stuk-blijft-1-stuk",
        ),
        pytest.param(
            UUR_PRODUCT,
            {"keuze": "zoals_gevraagd", "volume": "2", "eenheid": "16", "frequentie": "2"},  # hidden fields ignored
            {"Volume": "2", "Eenheid": "16", "Frequentie": "2"},
            EINDE,
            id="IV042-gevraagde-dagdelen-nooit-uren-van-de-catalogus",
        ),
        pytest.param(
            ALS_GEVRAAGD,
            AFWIJKING,
            {"Volume": "261240", "Eenheid": "83", "Frequentie": "6"},
            KORTER,
            id="IV094-afwijking-gekozen-301-draagt-de-keuze",
        ),
    ],
)
def test_the_301_carries_what_was_asked_or_the_chosen_deviation(
    omgeving, django_capture_on_commit_callbacks, product, velden, omvang, einddatum
):
    """IV094/IV042 (iStandaarden iJw 3.2): as asked the Omvang goes out one to one; a deviation only when chosen,
    its motivering kept with the toekenning and audited beside what was asked."""
    venlo, aanbieder, _bo = omgeving
    ContractFactory(product=Product.objects.get(code="45L14"), gemeente=venlo, aanbieder=aanbieder)
    r, taak = _toewijzen(omgeving, django_capture_on_commit_callbacks, product, velden)
    assert r.status_code == 302, r.content.decode()[:2000]
    assert _omvang_301() == omvang
    t = Toewijzing.objects.get()
    assert t.einddatum == einddatum
    afwijking = AuditEvent.objects.filter(actie="wijzigen", object_id=str(taak.pk), omschrijving__contains="IV094")
    if velden.get("keuze") == "afwijken":
        (event,) = afwijking
        assert event.reden == AFWIJKING["afwijking_motivering"]
        assert event.gegevens["gevraagd"]["eenheid"] == "82" and event.gegevens["toegewezen"]["eenheid"] == "83"
        assert AFWIJKING["afwijking_motivering"] in t.indicatie.motivering
    else:
        assert not afwijking.exists()


@pytest.mark.parametrize(
    ("velden", "fout"),
    [
        pytest.param(
            {**AFWIJKING, "afwijking_motivering": ""},
            "Motiveer waarom u afwijkt van de aanvraag.",
            id="IV094-afwijking-zonder-motivering-geweigerd",
        ),
        pytest.param(
            {**AFWIJKING, "eenheid": "", "frequentie": ""},
            "Geef volume, eenheid en frequentie samen op",
            id="IV042-volume-zonder-eigen-eenheid-geweigerd",
        ),
        pytest.param(
            {**AFWIJKING, "volume": "3", "eenheid": "82", "frequentie": "2"},
            "Deze frequentie past niet bij de gekozen eenheid",
            id="IV042-frequentie-past-niet-bij-eenheid",
        ),
    ],
)
def test_a_deviation_that_does_not_hold_is_a_dutch_form_error_and_nothing_is_saved(
    omgeving, django_capture_on_commit_callbacks, velden, fout
):
    """IV094/IV042 (iStandaarden iJw 3.2): an unmotivated deviation, or an Omvang whose Volume, Eenheid and Frequentie
    do not hold together, is refused on the form; no toewijzing, no 301, the task stays open."""
    r, taak = _toewijzen(omgeving, django_capture_on_commit_callbacks, ALS_GEVRAAGD, velden)
    assert r.status_code == 400
    assert fout in r.content.decode()
    assert not Toewijzing.objects.exists() and not Bericht.objects.filter(soort="JW301").exists()
    taak.refresh_from_db()
    assert taak.status == "open"


def test_the_form_shows_what_was_asked_and_hides_the_deviation_until_chosen(omgeving):
    """IV094 (iStandaarden iJw 3.2): the handler sees the request in words; the deviation's fields belong to the
    explicit choice "Afwijken van de aanvraag"."""
    _venlo, aanbieder, backoffice = omgeving
    bericht = bericht_ontvangen(_vot(aanbieder), kanaal="map")
    taak = AangevraagdProduct.objects.get()
    tekst = ingelogde_client(backoffice).get(f"/berichten/verzoeken/{bericht.pk}/").content.decode()
    assert "Gevraagd: 45L12 Perspectief 1 Midden, 1 stuks (output) totaal binnen de geldigheidsduur" in tekst
    assert "Afwijken van de aanvraag" in tekst
    assert f'data-toon-als="taak-{taak.pk}-toewijzen-keuze=afwijken"' in tekst
    # One of the two is always chosen, and the deviation's fields are required once deviating: none is "optional".
    toewijzen = tekst[tekst.index("Omvang en periode") : tekst.index("Toewijzen (301)")]
    assert "(niet verplicht)" not in toewijzen
