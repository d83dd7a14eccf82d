"""Tarief, budget and eligibility, each row with its source."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from organisaties.factories import AanbiederFactory, AanbiederTypeFactory, gemeente
from producten.factories import ContractFactory
from producten.models import Product
from regie.regelset import regelset
from regie.tarief import budget, tarief
from regie.toets import OngeldigeInvoer, toets

pytestmark = pytest.mark.django_db
D = date.fromisoformat

# (code, aanbieder, gemeente, tarief, bron)
TARIEVEN = [
    ("44A07", "regulier", None, "54.31", "Pleegzorg regulier, Handboek verwijzers jeugdhulp §3.2.1 (r. 4874–4882)"),
    ("44A07", "micro", None, "50.20", "Pleegzorg micro, Handboek verwijzers jeugdhulp §3.2.1 (r. 4874–4882)"),
    ("44A08", "micro", None, None, "Gezinshuizen micro 'nvt', Handboek verwijzers jeugdhulp §3.2.2 (r. 5323)"),
    (
        "45L12",
        "regulier",
        "0889",
        "2612.40",
        "P1 midden, traject in Beesel, Handboek verwijzers jeugdhulp §2.8 (r. 4018–4021)",
    ),
    (
        "45L12",
        "regulier",
        "0983",
        None,
        "Venlo werkt met plekken; tarief niet in de bron, Handboek verwijzers jeugdhulp §2.8 (r. 3884–3890)",
    ),
    (
        "50L70",
        "regulier",
        None,
        None,
        "Segment 1: tarief op de MGR-site, Handboek verwijzers jeugdhulp §3.1 (r. 4381–4395)",
    ),
    (
        "02A02",
        "regulier",
        None,
        None,
        "Wmo: tarief per traject per aanbieder, Handboek Maatwerkdiensten Wmo §5 segment 1A (r. 375–379)",
    ),
]


@pytest.mark.parametrize(("code", "soort", "cbs", "bedrag", "bron"), TARIEVEN)
def test_tarief(code, soort, cbs, bedrag, bron):
    uit = tarief(regelset(D("2026-11-25")), code, aanbieder_type=soort, gemeente_cbs=cbs)
    assert uit.tarief == (Decimal(bedrag) if bedrag else None), bron
    assert uit.bron


def test_tarief_by_agb_uses_the_aanbieder_type_on_the_date(capsys):
    aanbieder = AanbiederFactory()
    AanbiederTypeFactory(aanbieder=aanbieder, domein="jeugd", type="micro", geldig_vanaf=D("2022-01-01"))
    call_command("regels", "tarief", "44A07", "--aanbieder", aanbieder.agb_code, "--json")
    uit = json.loads(capsys.readouterr().out)
    assert uit == {
        "productcode": "44A07",
        "tarief": "50.20",
        "eenheid": "etmaal",
        "soort": "micro",
        "bron": "Handboek verwijzers jeugdhulp §3.2.1 (r. 4874–4882)",
        "uitleg": "Tarief voor een micro-aanbieder.",
    }


# (bedrag, eenheid, volume, frequentie, van, tot, budget, waarom)
BUDGETTEN = [
    ("2612.40", "traject", 1, "6", "2026-01-01", "2026-09-30", "2612.40", "a traject is its trajectprijs"),
    ("54.31", "etmaal", 7, "2", "2026-01-01", "2026-01-14", "760.34", "7 etmalen per week for 2 weeks"),
    ("87.08", "uur", 20, "6", "2026-01-01", "2026-12-31", "1741.60", "20 uur totaal"),
    ("54.31", "etmaal", 1, "1", "2026-01-01", "2026-01-31", "1683.61", "1 per dag for 31 days"),
    ("54.31", "etmaal", 7, "2", "2026-01-01", None, None, "per week without einddatum: no budget (CD076)"),
    (None, "traject", 1, "6", "2026-01-01", None, None, "tarief onbekend gives no budget"),
]


@pytest.mark.parametrize(("bedrag", "eenheid", "volume", "frequentie", "van", "tot", "verwacht", "waarom"), BUDGETTEN)
def test_budget(bedrag, eenheid, volume, frequentie, van, tot, verwacht, waarom):
    uit = budget(
        Decimal(bedrag) if bedrag else None,
        eenheid=eenheid,
        volume=volume,
        frequentie=frequentie,
        ingangsdatum=D(van),
        einddatum=D(tot) if tot else None,
    )
    assert uit == (Decimal(verwacht) if verwacht else None), waarom


def _regels(resultaat):
    return {b.regel: b.uitkomst for b in resultaat.bevindingen}


# (product, geboortedatum, gemeente, ingang, eind, verwacht {regel: uitkomst}, bron)
ELIGIBILITY = [
    (
        "44L09",
        "2009-05-01",
        "0983",
        "2026-12-01",
        "2027-08-01",
        {"LEEFTIJD-MAX-EINDDATUM": "niet_toegestaan"},
        "Zelfstandig wonen training tot de 18e verjaardag, afronden tot 3 maanden daarna, Handboek verwijzers "
        "jeugdhulp §3.2.4 (r. 5997–6009), §1.1.1.3.1 (r. 580–590)",
    ),
    ("44L09", "2009-05-01", "0983", "2026-12-01", "2027-04-30", {}, "ends the day before the 18th birthday"),
    (
        "54L50",
        "2021-01-01",
        "0889",
        "2026-12-01",
        None,
        {"LEEFTIJD-MIN": "niet_toegestaan"},
        "Dyslexie vanaf 7 jaar, Handboek verwijzers jeugdhulp §3.4.7 (r. 11199–11219)",
    ),
    (
        "50L70",
        "2012-01-01",
        "0889",
        "2026-12-01",
        None,
        {"BIJZONDERE-TOEGANG": "niet_toegestaan"},
        "Segment 1 alleen via de bijzondere toegang, Handboek verwijzers jeugdhulp §2.8 (r. 3813–3830)",
    ),
    (
        "45L61",
        "2015-01-01",
        "0983",
        "2026-12-01",
        None,
        {"PERCEEL-LOKAAL": "niet_toegestaan"},
        "Vaktherapie alleen lokaal, Venlo geen lokaal perceel, Handboek verwijzers jeugdhulp §2.3 (r. 3644–3660)",
    ),
    ("45L61", "2015-01-01", "0889", "2026-12-01", None, {}, "Vaktherapie in Beesel is fine"),
    (
        "45L12",
        "2015-01-01",
        "0889",
        "2026-12-01",
        "2028-12-01",
        {"DUUR-MAX": "voorwaardelijk"},
        "P1 max 18 maanden is a guideline: warn, Handboek verwijzers jeugdhulp §3.4.2 (r. 8548–8550)",
    ),
    (
        "02A02",
        "2010-01-01",
        "0889",
        "2026-12-01",
        "2027-12-01",
        {"WMO-18MIN": "voorwaardelijk"},
        "Tot 18 gaat de Jeugdwet voor, Handboek Maatwerkdiensten Wmo §4 (r. 290–299)",
    ),
    (
        "45L22",
        "2009-01-01",
        "0889",
        "2026-06-01",
        "2027-03-01",
        {"JEUGD-18PLUS": "voorwaardelijk"},
        "Jeugdhulp past 18: Wmo/Zvw go first, Handboek verwijzers jeugdhulp §1.1.1.3 (r. 474–981)",
    ),
]


@pytest.mark.parametrize(("code", "geboren", "cbs", "van", "tot", "verwacht", "bron"), ELIGIBILITY)
def test_eligibility(code, geboren, cbs, van, tot, verwacht, bron):
    uit = toets(
        productcode=code,
        geboortedatum=D(geboren),
        gemeente=gemeente(cbs),
        ingangsdatum=D(van),
        einddatum=D(tot) if tot else None,
    )
    gevonden = {r: u for r, u in _regels(uit).items() if u != "toegestaan"}
    assert gevonden == verwacht, bron


def test_bijzondere_toegang_may_indicate_segment_1():
    uit = toets(
        productcode="50L70",
        geboortedatum=D("2012-01-01"),
        gemeente=gemeente("0889"),
        ingangsdatum=D("2026-12-01"),
        bijzondere_toegang=True,
    )
    assert "BIJZONDERE-TOEGANG" not in _regels(uit)


def test_contract_is_checked_on_the_ingangsdatum():
    aanbieder = AanbiederFactory()
    ContractFactory(
        aanbieder=aanbieder,
        gemeente=gemeente("0889"),
        product=Product.objects.get(code="45L12"),
        geldig_vanaf=D("2022-01-01"),
        geldig_tot=D("2026-12-31"),
    )
    kwargs = {
        "productcode": "45L12",
        "geboortedatum": D("2015-01-01"),
        "gemeente": gemeente("0889"),
        "aanbieder": aanbieder,
    }
    assert "CONTRACT" not in _regels(toets(ingangsdatum=D("2026-12-01"), **kwargs))
    assert _regels(toets(ingangsdatum=D("2027-01-01"), **kwargs))["CONTRACT"] == "niet_toegestaan"
    assert _regels(toets(ingangsdatum=D("2026-12-01"), **{**kwargs, "gemeente": gemeente("0983")}))["CONTRACT"]


# Matchingsgesprek (Handboek verwijzers jeugdhulp §1.1.2.3.2 (r. 2073–2149); Wmo 3A: Handboek Maatwerkdiensten Wmo §2
# (r. 124–125); Wmo herindicatie: Handboek Maatwerkdiensten Wmo §2 (r. 126–128)).
@pytest.mark.parametrize(
    ("code", "herindicatie", "nodig", "onduidelijk"),
    [
        ("45L12", False, True, False),
        ("01B04", False, False, False),
        ("02A02", True, False, False),
        ("44A08", False, True, True),
    ],
)
def test_matchingsgesprek(code, herindicatie, nodig, onduidelijk):
    uit = toets(
        productcode=code,
        geboortedatum=D("1960-01-01") if code[0] == "0" else D("2015-01-01"),
        gemeente=gemeente("0889"),
        ingangsdatum=D("2026-12-01"),
        herindicatie=herindicatie,
    )
    (b,) = [b for b in uit.bevindingen if b.regel.startswith("MATCHING")]
    assert (b.extra["matchingsgesprek"], b.onduidelijk) == (nodig, onduidelijk)


def test_overall_uitkomst_is_the_worst_finding():
    uit = toets(
        productcode="45L12",
        geboortedatum=D("2015-01-01"),
        gemeente=gemeente("0889"),
        ingangsdatum=D("2026-12-01"),
        lopend=["54L02", "45L61"],
    )
    assert uit.uitkomst == "niet_toegestaan"


@pytest.mark.parametrize(
    ("kwargs", "melding"),
    [
        ({"einddatum": D("2026-01-01")}, "De einddatum ligt vóór de ingangsdatum."),
        ({"geboortedatum": D("2030-01-01")}, "De geboortedatum ligt na de ingangsdatum."),
        ({"productcode": "99X99"}, "Onbekende productcode: 99X99."),
    ],
)
def test_bad_input(kwargs, melding):
    basis = {
        "productcode": "45L12",
        "geboortedatum": D("2015-01-01"),
        "gemeente": gemeente("0889"),
        "ingangsdatum": D("2026-12-01"),
    }
    with pytest.raises(OngeldigeInvoer, match=melding):
        toets(**{**basis, **kwargs})


def test_cli_toets_and_stapeling_json(capsys):
    call_command(
        "regels",
        "toets",
        "--product",
        "45L12",
        "--geboortedatum",
        "2015-01-01",
        "--gemeente",
        "Beesel",
        "--ingangsdatum",
        "2026-12-01",
        "--lopend",
        "54L02",
        "--json",
    )
    uit = json.loads(capsys.readouterr().out)
    assert uit["uitkomst"] == "voorwaardelijk"
    assert all(set(b) >= {"regel", "producten", "uitkomst", "uitleg", "bron"} for b in uit["bevindingen"])
    call_command("regels", "stapeling", "45L61", "45L12", "--json")
    assert json.loads(capsys.readouterr().out)["uitkomst"] == "niet_toegestaan"
    call_command("regels", "product", "44A07", "--json")
    product = json.loads(capsys.readouterr().out)
    assert product["productcode"] == "44A07" and product["eenheid"] == "etmaal" and product["bron"]


@pytest.mark.parametrize(
    "argv",
    [
        ["stapeling", "45L12", "99X99"],
        ["tarief", "44A07", "--aanbieder", "micro", "--datum", "2026-02-30"],
        [
            "toets",
            "--product",
            "45L12",
            "--geboortedatum",
            "2015-13-01",
            "--gemeente",
            "0889",
            "--ingangsdatum",
            "2026-12-01",
        ],
        [
            "toets",
            "--product",
            "45L12",
            "--geboortedatum",
            "2015-01-01",
            "--gemeente",
            "Utrecht",
            "--ingangsdatum",
            "2026-12-01",
        ],
        ["termijn", "bestaat-niet", "--vanaf", "2026-01-01"],
    ],
)
def test_cli_bad_input_exits_2_with_a_dutch_message(argv):
    with pytest.raises(CommandError) as fout:
        call_command("regels", *argv)
    assert fout.value.returncode == 2
    assert any(w in str(fout.value) for w in ("Onbekende", "Ongeldige"))


# (product, geboren, ingang, eind, uitkomst, bron)
VERLENGINGEN = [
    (
        "54L51",
        "2016-01-01",
        "2026-12-01",
        "2027-06-01",
        "niet_toegestaan",
        "Dyslexie: verlenging niet mogelijk, Handboek verwijzers jeugdhulp §3.4.7 (r. 11475–11477)",
    ),
    (
        "44A90",
        "2015-01-01",
        "2026-12-01",
        "2027-07-31",
        "voorwaardelijk",
        "Logeren: eenmalig +8 maanden, Handboek verwijzers jeugdhulp §3.2.5 (r. 6281–6292)",
    ),
    (
        "41L11",
        "2015-01-01",
        "2026-12-01",
        "2027-09-30",
        "voorwaardelijk",
        "Terug naar school: in de basis niet wenselijk, Handboek verwijzers jeugdhulp §3.3.2 (r. 7502–7563)",
    ),
]


@pytest.mark.parametrize(("code", "geboren", "van", "tot", "uitkomst", "bron"), VERLENGINGEN)
def test_verlenging(code, geboren, van, tot, uitkomst, bron):
    uit = toets(
        productcode=code,
        geboortedatum=D(geboren),
        gemeente=gemeente("0889"),
        ingangsdatum=D(van),
        einddatum=D(tot),
        verlenging=True,
        lopend=["45L12"] if code.startswith("44A9") else [],
    )
    assert _regels(uit)["VERLENGING"] == uitkomst, bron


def test_wmo_verlenging_1a_is_at_most_twelve_months():
    """Handboek Maatwerkdiensten Wmo §5 segment 1A (r. 700–710): 1 tot 12 volle maanden; langer alleen bij
    uitzondering."""
    basis = {
        "productcode": "02C02",
        "geboortedatum": D("1970-01-01"),
        "gemeente": gemeente("0889"),
        "ingangsdatum": D("2026-12-01"),
    }
    assert "VERLENGING-1A-MAX" not in _regels(toets(einddatum=D("2027-11-30"), **basis))
    assert _regels(toets(einddatum=D("2027-12-31"), **basis))["VERLENGING-1A-MAX"] == "voorwaardelijk"
