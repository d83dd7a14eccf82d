"""The indicatie form adapts to the product while it is filled in (the live check's out-of-band swaps) without
choosing anything for the consulent; the wijzigen form is prefilled the way the form takes it back; the screen
offers only what the services accept, and shows sources as document and paragraph."""

import re
from datetime import date
from decimal import Decimal

import pytest

from accounts.models import Rol
from inwoners.factories import inwoner_in
from organisaties.factories import AanbiederFactory, AanbiederTypeFactory
from producten.factories import ContractFactory
from producten.models import Product
from tests.conftest import ingelogde_client, maak_gebruiker
from tests.indicaties import gecontracteerd, indicatie_gegevens
from verwijzing.factories import DossierFactory, IndicatieFactory
from verwijzing.forms.indicatie import IndicatieForm
from verwijzing.forms.matching import IndicatieWijzigenForm
from verwijzing.indicatie import indicatie_voorstellen, matchingsverzoek_sturen
from verwijzing.models import Status

pytestmark = pytest.mark.django_db

BASIS = {
    "ingangsdatum": "2026-12-01",
    "einddatum": "2027-08-31",
    "bekostiging": "zin",
    "aanbieder_route": "gecontracteerd",
}


@pytest.fixture
def consulent(venlo):
    return maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)


@pytest.fixture
def dossier(consulent, venlo):
    return DossierFactory(
        gemeente=venlo,
        consulent=consulent,
        status=Status.INDICATIE,
        inwoner=inwoner_in(venlo, geboortedatum=date(2015, 3, 1)),
    )


def _pk(code):
    return Product.objects.get(code=code).pk


def _live(client, dossier, data):
    response = client.post(f"/dossiers/{dossier.public_id}/indicatie/toets/", data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response.content.decode()


def _select(tekst, veld):
    """The out-of-band <select> of a field in the live check's answer: its options and the selected one."""
    select = re.search(rf'<select[^>]*id="id_{veld}"[^>]*>(.*?)</select>', tekst, re.S)
    assert select, f"no select for {veld}"
    assert 'hx-swap-oob="outerHTML"' in select.group(0) and "aria-invalid" not in select.group(0)
    opties = re.findall(r'<option value="([^"]*)"([^>]*)>([^<]*)</option>', select.group(1))
    gekozen = [waarde for waarde, attrs, _label in opties if "selected" in attrs]
    return [waarde for waarde, _a, _l in opties], gekozen


# The swap keeps "Nog niet gekozen" and the consulent's own choice while it still fits.
AANBIEDER_KEUZES = [
    pytest.param("45L12", "", "", id="nothing-chosen-stays-unchosen"),
    pytest.param("45L12", "maasland", "maasland", id="own-choice-still-contracted-stays"),
    pytest.param("45L13", "maasland", "", id="choice-not-contracted-for-the-new-product-falls-back-to-empty"),
]


@pytest.mark.parametrize(("code", "gekozen", "verwacht"), AANBIEDER_KEUZES)
def test_live_check_never_chooses_an_aanbieder(code, gekozen, verwacht, consulent, dossier, venlo):
    """Handboek verwijzers jeugdhulp §1.1.2.3: the consulent chooses the aanbieder."""
    aanbieders = {
        "maasland": gecontracteerd(venlo, "Jeugdhulp Maasland", "45L12"),
        "peel": gecontracteerd(venlo, "Jeugdzorg De Peel", "45L13"),
    }
    ContractFactory(aanbieder=aanbieders["peel"], gemeente=venlo, product=Product.objects.get(code="45L12"))
    data = {**BASIS, "product": _pk(code), "aanbieder": aanbieders[gekozen].pk if gekozen else ""}
    opties, geselecteerd = _select(_live(ingelogde_client(consulent), dossier, data), "aanbieder")
    assert opties[0] == ""  # "Nog niet gekozen" stays
    assert geselecteerd == [str(aanbieders[verwacht].pk) if verwacht else ""]


# Item 2: no aanbieder error when no aanbieder is chosen, whatever else is wrong.
ANDERE_FOUTEN = [
    pytest.param("45L12", {"einddatum": "2026-11-01"}, "einddatum", id="einddatum-before-ingangsdatum"),
    pytest.param("45L12", {"volume": "4", "frequentie": "2"}, "volume", id="volume-on-a-traject"),
]


@pytest.mark.parametrize(("code", "wijziging", "veld"), ANDERE_FOUTEN)
def test_no_aanbieder_error_without_an_aanbieder(code, wijziging, veld, consulent, dossier, venlo):
    gecontracteerd(venlo, "Jeugdhulp Maasland", code)
    client = ingelogde_client(consulent)
    data = {**BASIS, "product": _pk(code), "aanbieder": "", **wijziging}
    tekst = client.post(f"/dossiers/{dossier.public_id}/indicatie/", data).content.decode()
    assert f'id="id_{veld}_error"' in tekst
    assert 'id="id_aanbieder_error"' not in tekst and "niet gecontracteerd voor dit product" not in tekst


# Item 3: frequentie, volume label and budget label follow the product in the live check (iStandaard
# toewijzingsvarianten, producten/eenheden.py), keeping the consulent's choice while it fits.
OMVANG_LIVE = [
    pytest.param("44A07", "2", ["", "2", "4", "6"], "2", "Volume (etmaal)", id="etmaal-no-per-dag-keeps-per-week"),
    pytest.param("44A07", "1", ["", "2", "4", "6"], "", "Volume (etmaal)", id="etmaal-per-dag-dropped"),
    pytest.param("45L12", "2", ["", "6"], "", "niet invullen: één traject", id="traject-label-says-leave-empty"),
    pytest.param("50L70", "", [""], "", "niet invullen: een bedrag", id="bedrag-product-no-frequentie"),
]


@pytest.mark.parametrize(("code", "frequentie", "opties", "gekozen", "volumelabel"), OMVANG_LIVE)
def test_live_check_swaps_the_omvang_fields(code, frequentie, opties, gekozen, volumelabel, consulent, dossier):
    data = {**BASIS, "product": _pk(code), "frequentie": frequentie, "volume": ""}
    tekst = _live(ingelogde_client(consulent), dossier, data)
    assert _select(tekst, "frequentie") == (opties, [gekozen])
    label = re.search(r'<label id="id_volume_label" hx-swap-oob="innerHTML">(.*?)</label>', tekst, re.S).group(1)
    assert volumelabel in label
    budget = re.search(r'<label id="id_budget_label" hx-swap-oob="innerHTML">(.*?)</label>', tekst, re.S).group(1)
    assert ("Bedrag (€), het tarief per aanbieder" in budget) == (code == "50L70")


def test_frequentie_choices_follow_the_prefilled_product_on_the_wijzigen_form(consulent, dossier):
    indicatie = indicatie_voorstellen(
        door=consulent,
        dossier=dossier,
        gegevens={
            "product": Product.objects.get(code="44A07"),
            "volume": 7,
            "frequentie": "2",
            "budget": None,
            "ingangsdatum": date(2026, 12, 1),
            "einddatum": date(2027, 8, 31),
            "aanbieder": None,
            "bekostiging": "zin",
        },
    )
    form = IndicatieWijzigenForm(
        domein="jeugd", gemeente=dossier.gemeente, initial=IndicatieWijzigenForm.initial_van(indicatie)
    )
    assert [w for w, _l in form.fields["frequentie"].widget.choices] == ["", "2", "4", "6"]


# Item 4: the route niet gecontracteerd aanbod lists only aanbieders of the dossier's domain (AanbiederType),
# and its fields show only for that route (data-toon-als, toegang.js).
def test_niet_gecontracteerd_lists_only_aanbieders_of_the_domain(consulent, dossier):
    wmo = AanbiederTypeFactory(domein="wmo", type="basis_lokaal", aanbieder__naam="Wmo Thuiszorg").aanbieder
    jeugd = AanbiederTypeFactory(domein="jeugd", aanbieder__naam="Jeugdpraktijk Klein").aanbieder
    onbekend = AanbiederFactory(naam="Praktijk zonder contract")
    form = IndicatieForm(domein="jeugd", gemeente=dossier.gemeente)
    lijst = set(form.fields["aanbieder_niet_gecontracteerd"].queryset)
    assert wmo not in lijst and {jeugd, onbekend} <= lijst
    tekst = ingelogde_client(consulent).get(f"/dossiers/{dossier.public_id}/indicatie/").content.decode()
    for veld in ("aanbieder_niet_gecontracteerd", "motivering_niet_gecontracteerd"):
        assert f'id="id_{veld}_veld" data-toon-als="aanbieder_route=niet_gecontracteerd"' in tekst
    assert "toegang/toegang.js" in tekst


# Item 5: the wijzigen form is prefilled as the form takes it back (producten/eenheden.py TRAJECT_EURO, BEDRAG).
PREFILL = [
    pytest.param("45L12", {"volume": 1, "frequentie": "6"}, (None, "", None), id="traject-without-volume"),
    pytest.param("50L70", {"budget": Decimal("1234.00")}, (None, "", Decimal("1234.00")), id="bedrag-its-amount"),
    pytest.param(
        "50L70", {"volume": 123400, "frequentie": "6"}, (None, "", Decimal("1234")), id="bedrag-stored-in-eurocent"
    ),
    pytest.param("44A07", {"volume": 7, "frequentie": "2"}, (7, "2", None), id="etmaal-as-stored"),
]


@pytest.mark.parametrize(("code", "omvang", "verwacht"), PREFILL)
def test_wijzigen_prefills_what_the_form_accepts(code, omvang, verwacht, dossier):
    indicatie = IndicatieFactory(
        dossier=dossier,
        product=Product.objects.get(code=code),
        aanbieder=None,
        ingangsdatum=date(2026, 12, 1),
        einddatum=date(2027, 8, 31),
        **{"volume": None, "frequentie": "", "budget": None, **omvang},
    )
    initial = IndicatieWijzigenForm.initial_van(indicatie)
    assert (initial["volume"], initial["frequentie"], initial["budget"]) == verwacht
    data = {k: ("" if v is None else v) for k, v in initial.items()}
    form = IndicatieWijzigenForm({**data, "reden_wijziging": "Langer nodig"}, domein="jeugd", gemeente=dossier.gemeente)
    assert form.is_valid(), form.errors


# Item 6: "Matchingsverzoek sturen" only where matchingsverzoek_sturen accepts it.
def test_matchingsverzoek_button_only_without_an_open_verzoek(consulent, dossier, venlo):
    aanbieder = gecontracteerd(venlo, "Jeugdhulp Maasland", "45L12")
    indicatie_voorstellen(
        door=consulent,
        dossier=dossier,
        gegevens=indicatie_gegevens(aanbieder, ingangsdatum=date(2026, 12, 1), einddatum=date(2027, 8, 31)),
    )
    client = ingelogde_client(consulent)
    assert "Matchingsverzoek 45L12 sturen" in client.get(f"/dossiers/{dossier.public_id}/indicatie/").content.decode()
    matchingsverzoek_sturen(door=consulent, indicatie=dossier.indicaties.get())
    tekst = client.get(f"/dossiers/{dossier.public_id}/indicatie/").content.decode()
    assert "Verzonden" in tekst and "Matchingsverzoek 45L12 sturen" not in tekst


# Item 7: the Regels panel shows sources as document + paragraph, and an unclear source as a neutral hint.
def test_the_rules_panel_shows_no_line_references_or_internal_notes(consulent, dossier):
    tekst = _live(ingelogde_client(consulent), dossier, {**BASIS, "product": _pk("44A08")})
    assert "Uitkomst van de regels" in tekst
    assert not re.search(r"\br\.\s*\d", tekst), "line references shown to the consulent"
    assert "Regionale afspraak onduidelijk" not in tekst
    assert "De bron is hier niet eenduidig; ga dit na." in tekst  # matchingsgesprek onduidelijk for 44A08


@pytest.mark.parametrize("veld", ["volume", "frequentie", "budget", "einddatum", "aanbieder", "motivering"])
def test_fields_needed_by_product_route_or_outcome_are_not_called_optional(veld):
    """Required means required: a field the product's unit, the route or the rules' outcome may demand is never
    labelled "(niet verplicht)" (the form and the rules panel say when it is needed)."""
    from django.template.loader import render_to_string

    from verwijzing.forms.indicatie import IndicatieForm

    form = IndicatieForm(domein="jeugd")
    html = render_to_string("forms/_labeltekst.html", {"field": form[veld]})
    assert "niet verplicht" not in html
