"""The handbook rules a proposed indicatie is weighed by against what runs, what ran before, who refers and
the inwoner's age. One table per rule, each row naming its source."""

import json
import re
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from organisaties.factories import AanbiederFactory, gemeente
from regie.lopend import Lopend
from regie.toets import OngeldigeInvoer, toets

pytestmark = pytest.mark.django_db
D = date.fromisoformat


def _toets(product, *, geboren="2015-01-01", van="2026-12-01", tot=None, **kwargs):
    return toets(
        productcode=product,
        geboortedatum=D(geboren),
        gemeente=gemeente(kwargs.pop("cbs", "0889")),
        ingangsdatum=D(van),
        einddatum=D(tot) if tot else None,
        **kwargs,
    )


def _uitkomst(resultaat, regel):
    """The worst uitkomst among the findings of one rule, or None when it did not speak."""
    volgorde = ["toegestaan", "voorwaardelijk", "niet_toegestaan"]
    gevonden = [b.uitkomst for b in resultaat.bevindingen if b.regel == regel]
    return max(gevonden, key=volgorde.index) if gevonden else None


# --- "herindicatie niet mogelijk" blocks a herindicatie too --------------------------------------------------
HERINDICATIES = [
    (
        "45L61",
        {"herindicatie": True},
        "niet_toegestaan",
        "Vaktherapie: geen herindicatie, Handboek verwijzers jeugdhulp §3.4.6 (r. 10651–10655)",
    ),
    (
        "45L61",
        {"eerder": [Lopend("45L61", "", D("2025-01-01"), D("2025-12-31"))]},
        "niet_toegestaan",
        "An earlier vaktherapie makes this a herindicatie, Handboek verwijzers jeugdhulp §3.4.6 (r. 10651–10655)",
    ),
    (
        "54L51",
        {"geboren": "2017-01-01", "herindicatie": True},
        "niet_toegestaan",
        "Dyslexie: verlenging en herindicatie niet mogelijk, Handboek verwijzers jeugdhulp §3.4.7 (r. 11475–11477)",
    ),
    ("45L61", {}, None, "A first vaktherapie is no herindicatie"),
    ("45L01", {"herindicatie": True}, None, "Duurzaam: herindicatie mogelijk, Handboek verwijzers jeugdhulp §3.4.4"),
]


@pytest.mark.parametrize(("product", "extra", "verwacht", "bron"), HERINDICATIES)
def test_herindicatie_niet_mogelijk(product, extra, verwacht, bron):
    assert _uitkomst(_toets(product, **extra), "JR-067") == verwacht, bron


# --- Dyslexie: 27 months in total is a limit --------------------------------------------------------------------
DYSLEXIE = [
    (
        "54L50",
        "2026-12-01",
        "2029-03-01",
        [],
        "niet_toegestaan",
        "27 maanden totaal, Handboek verwijzers jeugdhulp §3.4.7 (r. 11133–11135)",
    ),
    ("54L50", "2026-12-01", "2029-02-28", [], None, "exactly 27 months is allowed"),
    (
        "54L51",
        "2027-12-01",
        "2029-06-30",
        [Lopend("54L50", "", D("2026-12-01"), D("2027-11-30"))],
        "niet_toegestaan",
        "diagnostiek + behandeling samen > 27 maanden, Handboek verwijzers jeugdhulp §3.4.7 (r. 11471–11473)",
    ),
    (
        "54L51",
        "2027-12-01",
        "2029-02-28",
        [Lopend("54L50", "", D("2026-12-01"), D("2027-11-30"))],
        None,
        "diagnostiek + behandeling samen 27 maanden, Handboek verwijzers jeugdhulp §3.4.7 (r. 11471–11473)",
    ),
]


@pytest.mark.parametrize(("product", "van", "tot", "eerder", "verwacht", "bron"), DYSLEXIE)
def test_dyslexie_maximaal_27_maanden(product, van, tot, eerder, verwacht, bron):
    uit = _toets(product, geboren="2018-01-01", van=van, tot=tot, eerder=eerder)
    assert _uitkomst(uit, "DUUR-DYSLEXIE-TOTAAL") == verwacht, bron


# --- Toelichting 7: two Perspectief 1 indicaties --------------------------------------------------------------
# The matrix cell P1×P1 (toelichting 7) and S77 say the same for the same pair: the consulent reads it once, as the
# matrix finding; S77 stays only where it says more (niet toegestaan at the same aanbieder).
P1_DUBBEL = [
    ("12345678", "45L12@12345678:2026-06-01:2027-06-01", "niet_toegestaan", "voorwaardelijk", "zelfde aanbieder, t. 7"),
    ("12345678", "45L11@87654321:2026-06-01:2027-06-01", None, "voorwaardelijk", "andere aanbieder: once, the matrix"),
    ("12345678", "45L12@12345678:2025-06-01:2026-11-30", None, None, "ended before the ingangsdatum: no stack"),
]


@pytest.mark.parametrize(("agb", "lopend", "s77", "matrix", "bron"), P1_DUBBEL)
def test_twee_keer_perspectief_1(agb, lopend, s77, matrix, bron):
    """Handboek verwijzers jeugdhulp §2.9 (r. 4278–4282), toelichting 7."""
    aanbieder = AanbiederFactory(agb_code=agb)
    uit = _toets("45L12", tot="2027-06-01", aanbieder=aanbieder, lopend=[lopend])
    assert (_uitkomst(uit, "S77"), _uitkomst(uit, "MATRIX-P1-P1")) == (s77, matrix), bron


# --- Medicijncontrole only after the behandeling --------------------------------------------------------------
MEDICIJNCONTROLE = [
    ("54L06", "11111111", "54L02@22222222:2026-06-01:2027-06-01", "niet_toegestaan", "niet naast GGZ"),
    ("54L06", "11111111", "54L02@22222222:2026-01-01:2026-11-30", None, "GGZ afgesloten vóór de ingangsdatum"),
    ("54L02", "22222222", "54L06@11111111:2026-06-01", "toegestaan", "uitzondering: andere aanbieder loopt door"),
    ("54L02", "11111111", "54L06@11111111:2026-06-01", "niet_toegestaan", "zelfde aanbieder: hoort bij behandeling"),
]


@pytest.mark.parametrize(("product", "agb", "lopend", "verwacht", "bron"), MEDICIJNCONTROLE)
def test_medicijncontrole_na_behandeling(product, agb, lopend, verwacht, bron):
    """Handboek verwijzers jeugdhulp §4.3 (r. 11836–11842)."""
    uit = _toets(product, aanbieder=AanbiederFactory(agb_code=agb), lopend=[lopend])
    assert _uitkomst(uit, "S66") == verwacht, bron


# --- Drangtraject only by the gemeentelijke toegang ----------------------------------------------------------
DRANG = [
    ("toegang", None, "gemeentelijke toegang, toelichting 10"),
    ("gi", "niet_toegestaan", "nooit door een GI, toelichting 10"),
    ("huisarts", "niet_toegestaan", "nooit door een huisarts, toelichting 10"),
]


@pytest.mark.parametrize(("verwijzer", "verwacht", "bron"), DRANG)
def test_drangtraject_alleen_door_de_toegang(verwijzer, verwacht, bron):
    """Handboek verwijzers jeugdhulp §2.9 (r. 4298–4300)."""
    assert _uitkomst(_toets("49C01", verwijzer=verwijzer), "JR-004") == verwacht, bron


# --- Past 18: afronden, pleegzorg, verlengde jeugdhulp, strafrecht ---------------------------------------------
# (product, geboren, van, tot, verwijzer, verwacht {regel: uitkomst} among the age rules, bron)
NA_ACHTTIEN = [
    (
        "44L09",
        "2009-05-01",
        "2026-12-01",
        "2027-07-15",
        "toegang",
        {"S12": "voorwaardelijk"},
        "ZWT afronden tot 3 maanden na 18, Handboek verwijzers jeugdhulp §1.1.1.3.1 (r. 580–590)",
    ),
    (
        "44L09",
        "2009-05-01",
        "2026-12-01",
        "2027-08-01",
        "toegang",
        {"LEEFTIJD-MAX-EINDDATUM": "niet_toegestaan"},
        "ZWT niet langer dan 3 maanden na 18, Handboek verwijzers jeugdhulp §3.2.4 (r. 6077–6083)",
    ),
    (
        "44A07",
        "2006-05-01",
        "2026-12-01",
        "2028-04-30",
        "toegang",
        {"JR-020": "voorwaardelijk"},
        "Pleegzorg na 21 als verlengde jeugdhulp tot 23, Handboek verwijzers jeugdhulp §1.1.1.3.2 (r. 679–710)",
    ),
    (
        "44A07",
        "2006-05-01",
        "2026-12-01",
        "2029-05-01",
        "toegang",
        {"LEEFTIJD-MAX-EINDDATUM": "niet_toegestaan"},
        "Pleegzorg niet na 23, Handboek verwijzers jeugdhulp §1.1.1.3.2 (r. 694)",
    ),
    (
        "45L22",
        "2009-01-01",
        "2026-06-01",
        "2032-01-01",
        "toegang",
        {"JEUGD-18PLUS": "voorwaardelijk", "JR-020": "niet_toegestaan"},
        "Verlengde jeugdhulp tot 23, Handboek verwijzers jeugdhulp §1.1.1.3.2 (r. 694)",
    ),
    (
        "45L12",
        "2009-01-01",
        "2026-06-01",
        "2027-06-01",
        "toegang",
        {"JEUGD-18PLUS": "voorwaardelijk", "JR-020": "niet_toegestaan"},
        "Geen verlengde jeugdhulp voor begeleiding, Handboek verwijzers jeugdhulp §1.1.1.3.2 (r. 697–700)",
    ),
    (
        "45L12",
        "2009-01-01",
        "2026-06-01",
        "2027-03-15",
        "toegang",
        {"JEUGD-18PLUS": "voorwaardelijk", "S12": "voorwaardelijk"},
        "Begeleiding afronden binnen 3 maanden na 18 (lezing), Handboek verwijzers jeugdhulp §1.1.1.3.1 (r. 580–590)",
    ),
    (
        "44L09",
        "2009-05-01",
        "2026-12-01",
        "2028-12-01",
        "strafrecht",
        {"JR-022": "toegestaan"},
        "Strafrechtelijke jeugdhulp zonder leeftijdsgrens, Handboek verwijzers jeugdhulp §1.1.1.3.2 (r. 714–718)",
    ),
    (
        "45L22",
        "2000-01-01",
        "2026-12-01",
        "2027-06-01",
        "strafrecht",
        {"JR-022": "toegestaan"},
        "Strafrechtelijke jeugdhulp ook na 23, Handboek verwijzers jeugdhulp §1.1.1.3.2 (r. 714–718)",
    ),
]
LEEFTIJDSREGELS = {"S12", "JR-020", "JR-022", "LEEFTIJD-MAX", "LEEFTIJD-MAX-EINDDATUM", "JEUGD-18PLUS"}


@pytest.mark.parametrize(("product", "geboren", "van", "tot", "verwijzer", "verwacht", "bron"), NA_ACHTTIEN)
def test_jeugdhulp_na_18(product, geboren, van, tot, verwijzer, verwacht, bron):
    uit = _toets(product, geboren=geboren, van=van, tot=tot, verwijzer=verwijzer)
    gevonden = {b.regel: b.uitkomst for b in uit.bevindingen if b.regel in LEEFTIJDSREGELS}
    assert gevonden == verwacht, bron


# --- Wmo verlenging in whole months, 1 to 12 ------------------------------------------------------------------
WMO_VERLENGING = [
    ("2027-05-31", None, "6 volle maanden"),
    ("2027-05-15", "niet_toegestaan", "geen hele maanden"),
    ("2026-12-15", "niet_toegestaan", "minder dan 1 maand"),
    (None, "niet_toegestaan", "zonder einddatum geen aantal maanden"),
]


@pytest.mark.parametrize(("tot", "verwacht", "bron"), WMO_VERLENGING)
def test_wmo_verlenging_in_volle_maanden(tot, verwacht, bron):
    """Handboek Maatwerkdiensten Wmo §5 segment 1A (r. 700–710): 'altijd een x aantal volle maanden'."""
    uit = _toets("02C02", geboren="1970-01-01", tot=tot)
    assert _uitkomst(uit, "WR-034") == verwacht, bron


# --- Wmo meerwerk 1B and 1A -----------------------------------------------------------------------------------
MEERWERK = [
    ("10M01", "2026-12-01", "2027-03-31", ["10B01:2026-09-01"], [], {"WR-041": None, "WR-039": None}, "binnen alles"),
    ("10M01", "2026-12-01", "2027-04-30", ["10B01:2026-09-01"], [], {"WR-041": "niet_toegestaan"}, "> 4 maanden"),
    (
        "10M01",
        "2026-12-01",
        "2027-02-28",
        ["10B01:2026-09-01"],
        ["10M01:2026-10-01:2026-11-30"],
        {"WR-041": "niet_toegestaan"},
        "maximaal één keer",
    ),
    (
        "10M01",
        "2026-12-01",
        "2027-02-28",
        ["10B01:2026-06-01"],
        [],
        {"WR-039": "niet_toegestaan"},
        "aanvraag later dan 5 maanden na de start",
    ),
    ("10M01", "2026-12-01", "2027-02-28", ["10B01:2026-09-01"], [], {"WR-038": "voorwaardelijk"}, "op de grond"),
    ("02M02", "2024-02-01", "2024-06-30", [], [], {"WR-036": "niet_toegestaan"}, "geen nieuw meerwerk 1A vanaf 2024"),
    ("02M02", "2023-10-01", "2023-12-31", [], [], {"WR-036": None}, "meerwerk 1A vóór 2024"),
]


@pytest.mark.parametrize(("product", "van", "tot", "lopend", "eerder", "verwacht", "bron"), MEERWERK)
def test_wmo_meerwerk(product, van, tot, lopend, eerder, verwacht, bron):
    """Handboek Maatwerkdiensten Wmo §5 segment 1B (r. 895–931) and segment 1A (r. 718–724)."""
    uit = _toets(product, geboren="1970-01-01", van=van, tot=tot, lopend=lopend, eerder=eerder)
    assert {r: _uitkomst(uit, r) for r in verwacht} == verwacht, bron


def test_meerwerk_1b_names_the_monthly_tarief_rule():
    """Handboek Maatwerkdiensten Wmo §5 segment 1B (r. 919–922): trajecttarief / 8 per maand."""
    uit = _toets("10M01", geboren="1970-01-01", tot="2027-02-28", lopend=["10B01:2026-09-01"])
    (tarief,) = [b for b in uit.bevindingen if b.regel == "WR-040"]
    assert "per maand" in tarief.uitleg and tarief.bron.startswith("Handboek Maatwerkdiensten Wmo §5 segment 1B")


# --- Garantiefase -----------------------------------------------------------------------------------------------
GARANTIEFASE = [
    ({"garantiefase_na": D("2026-08-31")}, "voorwaardelijk", "binnen 6 maanden na het einde"),
    ({"garantiefase_na": D("2026-05-31")}, None, "na de garantiefase: een nieuwe indicatie"),
    ({"eerder": ["45L12@12345678:2026-01-01:2026-09-30"]}, "voorwaardelijk", "eerder traject, zelfde aanbieder"),
    ({"eerder": ["45L12@87654321:2026-01-01:2026-09-30"]}, None, "eerder traject bij een andere aanbieder"),
    ({"eerder": ["45L22@12345678:2026-01-01:2026-09-30"]}, "voorwaardelijk", "JR-066: ander traject, zelfde segment"),
    ({"eerder": ["54L01@12345678:2026-01-01:2026-09-30"]}, "voorwaardelijk", "JR-066: GGZ, ook segment 4"),
    ({"eerder": ["45L12@12345678:2025-06-01:2026-03-31"]}, None, "JR-064: meer dan 6 maanden na het einde"),
]


@pytest.mark.parametrize(("extra", "verwacht", "bron"), GARANTIEFASE)
def test_garantiefase_na(extra, verwacht, bron):
    """Handboek verwijzers jeugdhulp §1.1.2.2.2.1 (r. 1836–1878): terugkeer binnen 6 maanden bij dezelfde aanbieder
    is garantiefase; de toewijzing wordt opgerekt."""
    uit = _toets("45L12", aanbieder=AanbiederFactory(agb_code="12345678"), **extra)
    assert _uitkomst(uit, "JR-065") == verwacht, bron


@pytest.mark.parametrize(
    ("kwargs", "reden"),
    [
        ({"verwijzer": "buurman"}, "Onbekende verwijzer"),
        ({"lopend": ["45L11:2026-13-01"]}, "Ongeldige datum"),
        ({"lopend": ["45L11:2026-06-01:2026-01-01"]}, "vóór de ingangsdatum"),
        ({"eerder": ["99X99:2025-01-01:2025-06-30"]}, "Onbekende productcode"),
    ],
)
def test_bad_input_is_refused_in_dutch(kwargs, reden):
    with pytest.raises(OngeldigeInvoer, match=reden):
        _toets("45L12", **kwargs)


# --- The command line and the API say all this ----------------------------------------------------------------


def _cli(*argv):
    uit = StringIO()
    call_command("regels", "toets", *argv, "--json", stdout=uit)
    return json.loads(uit.getvalue())


def test_cli_toets_takes_lopend_with_aanbieder_and_period_eerder_verwijzer_and_garantiefase():
    AanbiederFactory(agb_code="12345678")
    basis = ["--geboortedatum", "2015-01-01", "--gemeente", "Beesel", "--ingangsdatum", "2026-12-01"]
    uit = _cli("--product", "45L12", "--aanbieder", "12345678", *basis, "--lopend", "45L11@12345678:2026-06-01")
    assert _regels_json(uit)["S77"] == "niet_toegestaan" and uit["uitkomst"] == "niet_toegestaan"
    uit = _cli("--product", "45L61", *basis, "--eerder", "45L61:2025-01-01:2025-06-30")
    assert _regels_json(uit)["JR-067"] == "niet_toegestaan"
    uit = _cli("--product", "49C01", *basis, "--verwijzer", "gi")
    assert _regels_json(uit)["JR-004"] == "niet_toegestaan"
    uit = _cli("--product", "45L12", *basis, "--garantiefase-na", "2026-09-30")
    assert _regels_json(uit)["JR-065"] == "voorwaardelijk"
    # The old form still works: several codes after one --lopend, and --lopend repeated.
    uit = _cli("--product", "45L12", *basis, "--lopend", "54L02", "41L11", "--lopend", "45L61")
    assert {tuple(b["producten"]) for b in uit["bevindingen"]} >= {("45L12", "54L02"), ("45L12", "45L61")}


@pytest.mark.parametrize(
    ("argv", "reden"),
    [
        (["--eerder", "45L61"], "CODE[@AGB]:VAN:TOT"),
        (["--lopend", "45L11:2026-02-30"], "Ongeldige datum"),
        (["--verwijzer", "buurman"], "Onbekende verwijzer"),
        (["--garantiefase-na", "morgen"], "--garantiefase-na"),
    ],
)
def test_cli_toets_refuses_bad_new_options_with_exit_2(argv, reden):
    basis = ["--product", "45L12", "--geboortedatum", "2015-01-01", "--gemeente", "Beesel", "--ingangsdatum"]
    with pytest.raises(CommandError, match=re.escape(reden)) as fout:
        call_command("regels", "toets", *basis, "2026-12-01", *argv)
    assert fout.value.returncode == 2


def _regels_json(uit):
    volgorde = ["toegestaan", "voorwaardelijk", "niet_toegestaan"]
    gevonden = {}
    for b in uit["bevindingen"]:
        if volgorde.index(b["uitkomst"]) >= volgorde.index(gevonden.get(b["regel"], "toegestaan")):
            gevonden[b["regel"]] = b["uitkomst"]
    return gevonden


API_BASIS = {"productcode": "45L12", "geboortedatum": "2015-01-01", "gemeente": "0889", "ingangsdatum": "2026-12-01"}


@pytest.mark.parametrize(
    ("vraag", "regel", "uitkomst"),
    [
        ({"productcode": "54L51", "geboortedatum": "2017-01-01", "verlenging": True}, "VERLENGING", "niet_toegestaan"),
        ({"productcode": "49C01", "verwijzer": "gi"}, "JR-004", "niet_toegestaan"),
        ({"productcode": "45L61", "eerder": ["45L61:2025-01-01:2025-06-30"]}, "JR-067", "niet_toegestaan"),
        (
            {"productcode": "45L61", "eerder": [{"code": "45L61", "van": "2025-01-01", "tot": "2025-06-30"}]},
            "JR-067",
            "niet_toegestaan",
        ),
        ({"lopend": [{"code": "45L11", "aanbieder": "", "van": "2026-06-01"}]}, "MATRIX-P1-P1", "voorwaardelijk"),
        ({"garantiefase_na": "2026-09-30"}, "JR-065", "voorwaardelijk"),
    ],
)
def test_api_toets_passes_the_new_fields(client_consulent, vraag, regel, uitkomst):
    """POST /api/v1/regels/toets takes lopend with aanbieder and period, eerder, verwijzer, garantiefase_na, and
    no longer drops verlenging (Handboek verwijzers jeugdhulp §3.4.7 (r. 11475–11477) for the dyslexie row)."""
    response = client_consulent.post("/api/v1/regels/toets", {**API_BASIS, **vraag}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert _regels_json(response.json())[regel] == uitkomst


@pytest.mark.parametrize(
    ("vraag", "reden"),
    [
        ({"verwijzer": "buurman"}, "Onbekende verwijzer"),
        ({"eerder": ["45L61"]}, "CODE[@AGB]:VAN:TOT"),
        ({"eerder": [{"code": "45L61", "van": "2025-01-01"}]}, "van- en een totdatum"),
        ({"lopend": [{"code": "45L11", "van": "2026-06-01", "tot": "2026-01-01"}]}, "vóór de ingangsdatum"),
    ],
)
def test_api_toets_bad_new_fields_are_400_with_a_reason(client_consulent, vraag, reden):
    response = client_consulent.post("/api/v1/regels/toets", {**API_BASIS, **vraag}, content_type="application/json")
    assert response.status_code == 400
    assert reden in response.content.decode()
