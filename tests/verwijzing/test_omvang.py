"""Omvang that means something: per catalogue eenheid the form offers only the combinations of volume, eenheid and
frequentie the iStandaard allows (iJw/iWmo 3.2, table "Toewijzingsvarianten inspanningsgericht/outputgericht";
CD041, CD075, CD076), a traject goes out as its trajectprijs in euro (keuze: producten/eenheden.py, TRAJECT_EURO,
docs/keuzes.md "Omvang"), a product without an eenheid as the amount per aanbieder in euro (keuze BEDRAG), and the
beschikking and the 301 carry the same omvang."""

from datetime import date, timedelta
from decimal import Decimal
from html import unescape
from types import SimpleNamespace

import pytest
from django.utils import timezone

from accounts.models import Rol
from inwoners.factories import inwoner_in
from istandaard.opbouw import OnbekendeEenheid, _product
from organisaties.factories import AanbiederFactory
from producten.eenheden import OMVANGREGELS, Eenheid
from producten.models import Product, Tarief
from tests.conftest import ingelogde_client, jaren_geleden, maak_gebruiker
from toegang.fouten import Geweigerd
from verwijzing.beschikking.pdf import context
from verwijzing.factories import aanvraag_dossier, toekenning_vaststellen
from verwijzing.forms.indicatie import IndicatieForm
from verwijzing.models import Toewijzing
from verwijzing.omvang import Omvang, omvang_van, tekst
from verwijzing.toewijzing import omvang_wijzigen

pytestmark = pytest.mark.django_db

BEGIN = date(2026, 12, 1)
EIND = date(2027, 5, 31)

# One product per catalogue eenheid (producten/data/catalogus.yaml), and one without an eenheid.
PRODUCT_PER_EENHEID = {
    "uur": ("jeugd", "45L14"),
    "etmaal": ("jeugd", "44A07"),
    "dagdeel": ("jeugd", "44A91"),
    "traject": ("jeugd", "45L12"),
    "jaartraject": ("wmo", "01B04"),
    "maand": ("wmo", "08V02"),
    "enkele_reis": ("jeugd", "42A03"),
    "": ("jeugd", "50L70"),
}


def test_every_eenheid_in_the_catalogue_has_a_case_here():
    in_catalogus = {e or "" for e in Product.objects.values_list("eenheid", flat=True).distinct()}
    assert in_catalogus == set(PRODUCT_PER_EENHEID)
    assert set(OMVANGREGELS) == set(Eenheid) | {""}  # "": no eenheid, the amount (BEDRAG)
    for eenheid, (domein, code) in PRODUCT_PER_EENHEID.items():
        product = Product.objects.get(code=code)
        assert (product.eenheid or "", product.domein) == (eenheid, domein)


def _form(code, volume="", frequentie="", einddatum=EIND, **extra):
    domein, product = PRODUCT_PER_EENHEID[code]
    data = {
        "product": Product.objects.get(code=product).pk,
        "volume": volume,
        "frequentie": frequentie,
        "ingangsdatum": BEGIN.isoformat(),
        "einddatum": einddatum.isoformat() if einddatum else "",
        "bekostiging": "zin",
        **extra,
    }
    return IndicatieForm(data, domein=domein)


# (catalogue eenheid, volume, frequentie, einddatum) → the field with an error and a piece of its text, or None when
# the form accepts it. Source per row: the Toewijzingsvarianten table unless noted.
FORMULIER = [
    # uur (04): dag, week, maand, totaal; an einddatum only per week (CD076).
    ("uur", "4", "1", None, None),
    ("uur", "4", "2", EIND, None),
    ("uur", "4", "2", None, ("einddatum", "per week is een einddatum verplicht (iJw CD076)")),
    ("uur", "4", "4", None, None),
    ("uur", "40", "6", None, None),
    ("uur", "", "2", EIND, ("volume", "Vul het volume in, in uur.")),
    # etmaal (14) and dagdeel (16): week, maand, totaal — not per dag.
    ("etmaal", "7", "1", EIND, ("frequentie", "Bij etmaal past per week, per maand of totaal binnen")),
    ("etmaal", "7", "2", EIND, None),
    ("etmaal", "20", "4", None, None),
    ("etmaal", "90", "6", None, None),
    ("dagdeel", "3", "1", EIND, ("frequentie", "Bij dagdeel past per week, per maand of totaal")),
    ("dagdeel", "3", "2", EIND, None),
    ("dagdeel", "12", "4", None, None),
    # traject: one traject, totaal, einddatum verplicht ("Specifiek voor een traject"); "4 × Traject per week" refused.
    ("traject", "", "", EIND, None),
    ("traject", "1", "6", EIND, None),
    ("traject", "4", "2", EIND, ("volume", "Een traject is één traject voor de hele periode")),
    ("traject", "", "", None, ("einddatum", "Bij een traject is een einddatum verplicht")),
    # jaartraject: as a traject; "3 × Jaartraject per week" refused.
    ("jaartraject", "3", "2", EIND, ("volume", "Een jaartraject is één jaartraject")),
    ("jaartraject", "", "", EIND, None),
    # a jaartraject's price covers a year: one toewijzing runs at most a year (keuze JAARTRAJECT_EURO).
    ("jaartraject", "", "", date(2027, 11, 30), None),
    ("jaartraject", "", "", date(2027, 12, 1), ("einddatum", "uiterlijk op 30-11-2027")),
    ("jaartraject", "", "", None, ("einddatum", "Bij een jaartraject is een einddatum verplicht")),
    # maand (82, tarief per maand): only per maand.
    ("maand", "1", "4", None, None),
    ("maand", "1", "2", EIND, ("frequentie", "Bij maand past per maand, niet per week")),
    # enkele reis (84, OP305): week, maand, totaal.
    ("enkele_reis", "10", "1", EIND, ("frequentie", "Bij enkele reis past per week, per maand of totaal")),
    ("enkele_reis", "10", "2", EIND, None),
    ("enkele_reis", "40", "4", None, None),
    # no eenheid in the catalogue: a volume is in no unit, never Eenheid 82 (the amount: ZONDER_EENHEID below).
    ("", "4", "2", EIND, ("volume", "geef geen volume of frequentie, maar het bedrag in euro")),
    ("", "1", "6", EIND, ("volume", "geef geen volume of frequentie")),
]


@pytest.mark.parametrize(
    ("eenheid", "volume", "frequentie", "einddatum", "fout"),
    FORMULIER,
    ids=[f"{r[0] or 'geen'}-{r[1] or '_'}x{r[2] or '_'}-{f'tot{r[3]:%Y%m%d}' if r[3] else 'open'}" for r in FORMULIER],
)
def test_the_form_accepts_only_what_fits_the_eenheid(eenheid, volume, frequentie, einddatum, fout):
    form = _form(eenheid, volume, frequentie, einddatum)
    if fout is None:
        assert form.is_valid(), form.errors
        return
    assert not form.is_valid()
    veld, tekst = fout
    assert any(tekst in m for m in form.errors.get(veld, [])), form.errors


# A product without a catalogue eenheid (50L70; keuze BEDRAG, producten/eenheden.py, docs/keuzes.md "Omvang"): the
# amount per aanbieder in euro, totaal binnen de geldigheidsduur, einddatum verplicht; no volume or frequentie.
# (volume, frequentie, bedrag, einddatum, bekostiging) → the field with an error and a piece of its text, or None.
ZONDER_EENHEID = [
    ("", "", "12345.00", EIND, "zin", None),
    ("", "", "12345.00", EIND, "pgb", None),
    ("4", "2", "12345.00", EIND, "zin", ("volume", "geef geen volume of frequentie")),
    ("", "", "", EIND, "zin", ("budget", "Vul het bedrag in euro in")),
    ("", "", "12345.00", None, "zin", ("einddatum", "Bij een bedrag is een einddatum verplicht")),
    ("", "", "0", EIND, "zin", ("budget", "groter dan € 0,00")),
    # iJw LDT_Volume: at most 99.999.999 (eurocent).
    ("", "", "999999.99", EIND, "zin", None),
    ("", "", "1000000.00", EIND, "zin", ("budget", "ten hoogste € 999.999,99")),
]


@pytest.mark.parametrize(
    ("volume", "frequentie", "bedrag", "einddatum", "bekostiging", "fout"),
    ZONDER_EENHEID,
    ids=[f"{r[0] or '_'}x{r[1] or '_'}-{r[2] or 'geen'}-{'tot' if r[3] else 'open'}-{r[4]}" for r in ZONDER_EENHEID],
)
def test_a_product_without_an_eenheid_is_indicated_as_an_amount(
    volume, frequentie, bedrag, einddatum, bekostiging, fout
):
    form = _form("", volume, frequentie, einddatum, budget=bedrag, bekostiging=bekostiging)
    if fout is None:
        assert form.is_valid(), form.errors
        assert (form.gegevens()["volume"], form.gegevens()["budget"]) == (None, Decimal(bedrag))
        return
    assert not form.is_valid()
    veld, tekst = fout
    assert any(tekst in m for m in form.errors.get(veld, [])), form.errors


def test_the_form_asks_an_amount_for_a_product_without_an_eenheid():
    form = _form("", budget="12345.00")
    assert form.fields["budget"].label == "Bedrag (€), het tarief per aanbieder"
    assert "totaal binnen de geldigheidsduur" in form.omvang_uitleg
    assert "(bedrag per aanbieder)" in form.fields["product"].label_from_instance(Product.objects.get(code="50L70"))


def test_a_budget_in_natura_is_refused_with_a_productcode():
    """CD041: a ToegewezenProduct with a Product/Code carries an Omvang; the table has no specific toewijzing with a
    budget."""
    form = _form("uur", budget="1000")
    assert not form.is_valid() and "geen budget (iJw CD041)" in form.errors["budget"][0]
    assert _form("uur", budget="1000", bekostiging="pgb").is_valid()


def test_the_form_shows_the_unit_and_only_fitting_frequenties():
    form = _form("etmaal", "7", "2")
    assert "etmaal" in form.fields["volume"].label
    assert [k for k, _ in form.fields["frequentie"].widget.choices] == ["", "2", "4", "6"]
    assert "(etmaal)" in form.fields["product"].label_from_instance(Product.objects.get(code="44A07"))
    assert "Eén traject voor de hele periode" in _form("traject").omvang_uitleg
    # Venlo pays plekken, not the traject: the panel never promises a trajectprijs on every toewijzing.
    assert "waar de gemeente per traject betaalt" in _form("traject").omvang_uitleg


def test_a_traject_is_stored_as_one_traject_for_the_whole_period():
    form = _form("traject")
    assert form.is_valid(), form.errors
    assert (form.gegevens()["volume"], form.gegevens()["frequentie"]) == (1, "6")


# (catalogue eenheid, indicatie volume, frequentie, tarief per aanbieder for Wmo) → the 301's Omvang and the words of
# the beschikking.
BESCHIKKING_301 = [
    ("uur", 4, "2", None, (4, "04", "2"), "4 uur per week"),
    ("etmaal", 7, "2", None, (7, "14", "2"), "7 etmalen per week"),
    ("dagdeel", 3, "4", None, (3, "16", "4"), "3 dagdelen per maand"),
    # Traject in Venlo, which pays plekken, not the client's traject: one traject without an amount (Beesel pays
    # the trajectprijs: test_a_traject_carries_its_price_only_where_the_gemeente_pays_the_traject).
    ("traject", 1, "6", None, (1, "82", "6"), "1 traject totaal binnen de geldigheidsduur"),
    # Jaartraject with the aanbieder's own tarief (Wmo: tarief per aanbieder) …
    ("jaartraject", 1, "6", Decimal("3100.00"), (310000, "83", "6"), "1 jaartraject van € 3.100,00, totaal"),
    # … and without one: the amount is unknown, so 1 stuk (output) 82, said so in words too.
    ("jaartraject", 1, "6", None, (1, "82", "6"), "1 jaartraject totaal binnen de geldigheidsduur"),
    ("maand", 1, "4", None, (1, "82", "4"), "1 maandtarief per maand"),
    ("enkele_reis", 10, "2", None, (10, "84", "2"), "10 enkele reizen per week"),
    # No eenheid (50L70): the amount the consulent entered, in eurocent, Euro's 83, totaal (keuze BEDRAG), not a
    # Budget beside the productcode (CD041).
    ("", Decimal("12345.00"), "", None, (1234500, "83", "6"), "€ 12.345,00 totaal binnen de geldigheidsduur"),
]


@pytest.mark.parametrize(
    ("eenheid", "volume", "frequentie", "tarief", "in_301", "in_brief"),
    BESCHIKKING_301,
    ids=[f"{r[0] or 'geen'}-{'tarief' if r[3] else 'catalogus'}" for r in BESCHIKKING_301],
)
def test_the_beschikking_and_the_301_carry_the_same_omvang(
    eenheid, volume, frequentie, tarief, in_301, in_brief, venlo
):
    domein, code = PRODUCT_PER_EENHEID[eenheid]
    product = Product.objects.get(code=code)
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True, domein_wmo=True)
    beslisser = maak_gebruiker(Rol.BACKOFFICE, [venlo]) if domein == "jeugd" else consulent
    aanbieder = AanbiederFactory()
    if tarief is not None:
        Tarief.objects.create(
            product=product,
            soort="per_aanbieder",
            aanbieder=aanbieder,
            bedrag=tarief,
            geldig_vanaf=date(2023, 1, 1),
            bron="test",
        )
    inwoner = inwoner_in(venlo, geboortedatum=jaren_geleden(9 if domein == "jeugd" else 50, date.today()))
    dossier = aanvraag_dossier(
        gemeente=venlo, consulent=consulent, domein=domein, producten=(code,), aanbieder=aanbieder, inwoner=inwoner
    )
    if isinstance(volume, Decimal):  # the amount of a product without an eenheid, as the form stores it
        dossier.indicaties.update(volume=None, frequentie="", budget=volume)
    else:
        dossier.indicaties.update(volume=volume, frequentie=frequentie)
    scherm = f"/dossiers/{dossier.public_id}/beschikking/"
    voor = unescape(ingelogde_client(beslisser).get(scherm).content.decode())  # composing, before the decision
    beschikking = toekenning_vaststellen(dossier=dossier, door=beslisser)
    t = Toewijzing.objects.get(dossier=dossier)
    bericht = _product(t, {})["Omvang"]
    assert (bericht["Volume"], bericht["Eenheid"], bericht["Frequentie"]) == in_301
    brief = context(beschikking)["regels"][0]["omvang"]
    assert in_brief in brief
    na = unescape(ingelogde_client(beslisser).get(scherm).content.decode())
    assert f">{brief}</td>" in voor and f">{brief}</td>" in na  # the screen names what the PDF and the 301 say
    assert brief == omvang_van(t).tekst() and bericht == omvang_van(t).als_301()
    assert "Budget" not in _product(t, {})
    if isinstance(volume, Decimal):  # the dossier page reads the indicatie's amount in the same words
        assert tekst(dossier.indicaties.get()) == brief


def test_a_new_amount_is_again_an_omvang_in_euro_not_a_budget(venlo):
    """Keuze BEDRAG and CD041: the new omvang of a toewijzing carrying an amount is the amount in eurocent, totaal."""
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    beslisser = maak_gebruiker(Rol.BACKOFFICE, [venlo])
    dossier = aanvraag_dossier(gemeente=venlo, consulent=consulent, producten=("50L70",))
    dossier.indicaties.update(volume=None, frequentie="", budget=Decimal("12345.00"))
    toekenning_vaststellen(dossier=dossier, door=beslisser)
    t = Toewijzing.objects.get(dossier=dossier)
    per = t.ingangsdatum + timedelta(days=30)
    with pytest.raises(Geweigerd, match="geef het nieuwe bedrag in euro"):
        omvang_wijzigen(door=beslisser, toewijzing=t, ingangsdatum=per, volume=4, frequentie="2", reden="Meer.")
    nieuw = omvang_wijzigen(door=beslisser, toewijzing=t, ingangsdatum=per, budget=Decimal("15000"), reden="Meer.")
    assert (nieuw.volume, nieuw.eenheid, nieuw.frequentie, nieuw.budget) == (1500000, "bedrag", "6", None)
    assert _product(nieuw, {})["Omvang"] == {"Volume": 1500000, "Eenheid": "83", "Frequentie": "6"}
    assert tekst(nieuw) == "€ 15.000,00 totaal binnen de geldigheidsduur"


def test_a_product_without_an_eenheid_and_without_an_amount_gets_no_toewijzing(venlo):
    """A volume in no unit is never sent (as Eenheid 82 or otherwise): the decision is refused, nothing half-saved."""
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    dossier = aanvraag_dossier(gemeente=venlo, consulent=consulent, producten=("50L70",))
    with pytest.raises(Geweigerd, match="de indicatie noemt geen bedrag"):
        toekenning_vaststellen(dossier=dossier, door=maak_gebruiker(Rol.BACKOFFICE, [venlo]))
    assert not Toewijzing.objects.filter(dossier=dossier).exists()


def test_a_toewijzing_without_a_known_unit_is_not_sent_as_eenheid_82():
    """The old fallback sent every unknown unit as Stuks (output) 82; now the 301 refuses it."""

    t = SimpleNamespace(
        pk=1,
        nummer=7,
        referentie_aanbieder="",
        budget=None,
        volume=4,
        eenheid="",
        frequentie="2",
        ingangsdatum=BEGIN,
        einddatum=EIND,
        toewijzingsmoment=timezone.now(),
        product=Product.objects.get(code="50L70"),
    )
    with pytest.raises(OnbekendeEenheid):
        _product(t, {})
    with pytest.raises(ValueError):
        Omvang(4, "", "2").tekst()


def test_a_screen_still_shows_an_old_omvang_without_a_unit():
    """Refused for the 301, but a dossier page with an indicatie stored before the check still opens."""
    indicatie = SimpleNamespace(volume=4, frequentie="2", budget=None, product=Product.objects.get(code="50L70"))
    assert tekst(indicatie) == "4 (eenheid onbekend) per week"


# (gemeente, its indicatiewijze for 45L12) → the 301's Omvang, the beschikking's words and the budget on the dossier.
TRAJECT_PER_GEMEENTE = [
    ("0889", (261240, "83", "6"), "1 traject van € 2.612,40, totaal", "2612.40"),  # Beesel: traject (JR-069)
    ("0983", (1, "82", "6"), "1 traject totaal binnen de geldigheidsduur", None),  # Venlo: plekken
]


@pytest.mark.parametrize(
    ("cbs", "in_301", "in_brief", "budget"), TRAJECT_PER_GEMEENTE, ids=["Beesel-traject", "Venlo-plekken"]
)
def test_a_traject_carries_its_price_only_where_the_gemeente_pays_the_traject(cbs, in_301, in_brief, budget):
    """Handboek verwijzers jeugdhulp §1.1.2.2 (indicatiewijze per gemeente) with the traject encoding (keuze
    TRAJECT_EURO): the letter, the 301 and the budget on the dossier never disagree about the money."""
    from organisaties.models import Gemeente
    from verwijzing.budget import budgetten

    gemeente = Gemeente.objects.get(cbs_code=cbs)
    product = Product.objects.get(code="45L12")
    consulent = maak_gebruiker(Rol.CONSULENT, [gemeente], domein_jeugd=True)
    beslisser = maak_gebruiker(Rol.BACKOFFICE, [gemeente])
    aanbieder = AanbiederFactory()
    inwoner = inwoner_in(gemeente, geboortedatum=jaren_geleden(9, date.today()))
    dossier = aanvraag_dossier(
        gemeente=gemeente, consulent=consulent, producten=(product.code,), aanbieder=aanbieder, inwoner=inwoner
    )
    dossier.indicaties.update(volume=1, frequentie="6")
    beschikking = toekenning_vaststellen(dossier=dossier, door=beslisser)
    t = Toewijzing.objects.get(dossier=dossier)
    bericht = _product(t, {})["Omvang"]
    assert (bericht["Volume"], bericht["Eenheid"], bericht["Frequentie"]) == in_301
    assert in_brief in context(beschikking)["regels"][0]["omvang"]
    indicatie = dossier.indicaties.get()
    bedrag = budgetten([indicatie], gemeente)[indicatie.pk].bedrag
    assert (str(bedrag) if bedrag is not None else None) == budget
