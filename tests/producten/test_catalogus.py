"""The loaded catalogue against an expected table transcribed separately from the handbooks
(tests/producten/verwachte_catalogus.py), plus values asserted inline with their source."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from producten.catalogus import laad
from producten.eenheden import IJW_EENHEID, Eenheid
from producten.models import Indicatiewijze, Product, Tarief
from tests.producten.verwachte_catalogus import VERWACHTE_PRODUCTEN

pytestmark = pytest.mark.django_db


def _tarief(product, soort):
    tarief = next((t for t in product.tarieven.all() if t.soort == soort), None)
    return tarief.bedrag if tarief else None


def _geladen():
    return {
        (p.code, p.domein, p.eenheid or None, _tarief(p, "regulier"), _tarief(p, "micro"))
        for p in Product.objects.prefetch_related("tarieven")
    }


def test_loaded_catalogue_equals_the_independent_table_exactly():
    verwacht = {rij[:5] for rij in VERWACHTE_PRODUCTEN}
    geladen = _geladen()
    assert geladen - verwacht == set(), "in the catalogue but not in the expected table"
    assert verwacht - geladen == set(), "in the expected table but not in the catalogue"


def _regels(bron: str) -> tuple[str, list[tuple[int, int]]]:
    """The handbook a bron cites and its line ranges ("Handboek verwijzers jeugdhulp §2.8 (r. 3836–3838)")."""
    handboek = re.search(r"Handboek (?:verwijzers jeugdhulp|Maatwerkdiensten Wmo)", bron)
    bereiken = [(int(a), int(b or a)) for a, b in re.findall(r"r\. (\d+)(?:\u2013(\d+))?", bron)]
    return (handboek.group(0) if handboek else ""), bereiken


@pytest.mark.parametrize("rij", VERWACHTE_PRODUCTEN, ids=[r[0] for r in VERWACHTE_PRODUCTEN])
def test_each_product_cites_the_same_handbook_lines_as_the_expected_table(rij):
    code, bron = rij[0], rij[5]
    product = Product.objects.get(code=code)
    handboek, verwacht = _regels(bron)
    geciteerd = [_regels(product.bron)] + [_regels(t.bron) for t in product.tarieven.all()]
    # The PDF extraction puts a blank line between text lines: ranges may differ by a line or two.
    overlapt = any(
        h == handboek and any(a - 2 <= d and c <= b + 2 for a, b in verwacht for c, d in bereiken)
        for h, bereiken in geciteerd
    )
    assert overlapt, (
        f"{code}: expected {bron}, catalogue cites {product.bron} / {[t.bron for t in product.tarieven.all()]}"
    )


# Inline, with their sources, so a reader sees the handbook behind the numbers.
INLINE = [
    # (code, soort, bedrag, bron)
    ("44A07", "regulier", "54.31", "Pleegzorg, Handboek verwijzers jeugdhulp §3.2.1 (r. 4874–4882)"),
    ("44A07", "micro", "50.20", "Pleegzorg, Handboek verwijzers jeugdhulp §3.2.1 (r. 4874–4882)"),
    ("44A08", "regulier", "152.18", "Gezinshuizen, Handboek verwijzers jeugdhulp §3.2.2 (r. 5319–5327)"),
    ("44A08", "micro", None, "Gezinshuizen: micro 'nvt', Handboek verwijzers jeugdhulp §3.2.2 (r. 5323)"),
    ("45L12", "regulier", "2612.40", "Perspectief 1 Midden, Handboek verwijzers jeugdhulp §2.8 (r. 4018–4021)"),
    ("45L12", "micro", "2225.76", "Perspectief 1 Midden, Handboek verwijzers jeugdhulp §3.4.2 (r. 8709)"),
    ("54L03", "regulier", "5333.64", "GGZ Zwaar, Handboek verwijzers jeugdhulp §2.8 (r. 4104–4106)"),
    (
        "41L14",
        "regulier",
        "26530.40",
        "Schoolvervangende dagbehandeling 3, Handboek verwijzers jeugdhulp §3.3.2 (r. 7402)",
    ),
    (
        "41L14",
        "micro",
        "22932.00",
        "Schoolvervangende dagbehandeling 3, Handboek verwijzers jeugdhulp §3.3.2 (r. 7396–7398)",
    ),
    ("44A92", "regulier", "330.79", "Logeren etmaal zwaar, Handboek verwijzers jeugdhulp §2.8 (r. 3874–3876)"),
    (
        "54L06",
        "regulier",
        "194.71",
        "Medicijncontrole, one tariff, Handboek verwijzers jeugdhulp §4.3 (r. 11882–11892)",
    ),
    ("54L06", "micro", "194.71", "Medicijncontrole, one tariff, Handboek verwijzers jeugdhulp §4.3 (r. 11882–11892)"),
    ("42A03", "regulier", "11.79", "Vervoer per enkele reis, Handboek verwijzers jeugdhulp §1.1.1.6 (r. 1553)"),
    ("45L61", "micro", "1133.94", "Vaktherapie, Handboek verwijzers jeugdhulp §3.4.6 (r. 10821)"),
]


@pytest.mark.parametrize(("code", "soort", "bedrag", "bron"), INLINE)
def test_tariffs_inline_with_their_source(code, soort, bedrag, bron):
    tarief = Tarief.objects.get(product__code=code, soort=soort)
    assert tarief.bedrag == (Decimal(bedrag) if bedrag else None), bron


def test_wmo_has_no_invented_tariffs():
    """Handboek Maatwerkdiensten Wmo: 'Zie website MGR' / 'tarief per traject per aanbieder' (Handboek Maatwerkdiensten
    Wmo §5 segment 1A (r. 375–379))."""
    assert not Tarief.objects.filter(product__domein="wmo", bedrag__isnull=False).exists()
    assert Tarief.objects.filter(product__code="02A02", soort="per_aanbieder", bedrag__isnull=True).exists()


def test_products_per_segment():
    tellingen = {}
    for domein, segment in Product.objects.values_list("domein", "segment"):
        tellingen[(domein, segment)] = tellingen.get((domein, segment), 0) + 1
    assert tellingen == {
        ("jeugd", "1"): 2,
        ("jeugd", "2"): 9,
        ("jeugd", "3"): 10,
        ("jeugd", "4"): 26,
        ("jeugd", "overig"): 5,
        ("wmo", "1A1"): 3,
        ("wmo", "1A2"): 3,
        ("wmo", "1B"): 2,
        ("wmo", "2A"): 1,
        ("wmo", "2B"): 1,
        ("wmo", "3A"): 1,
        ("wmo", "vervoer"): 3,
        ("wmo", "logeren"): 1,
        ("wmo", "beschermd_wonen"): 1,
    }


PRODUCTREGELS = [
    # (code, veld, waarde, bron)
    (
        "50L70",
        "bijzondere_toegang",
        True,
        "Alleen via bijzondere toegang, Handboek verwijzers jeugdhulp §2.8 (r. 3813–3820)",
    ),
    ("45L61", "perceel", "lokaal", "Vaktherapie alleen lokaal, Handboek verwijzers jeugdhulp §2.3 (r. 3658–3660)"),
    ("54L01", "perceel", "beide", "GGZ regionaal en lokaal, Handboek verwijzers jeugdhulp §2.3 (r. 3654–3656)"),
    ("45L22", "perceel", "regionaal", "Perspectief 2 regionaal, Handboek verwijzers jeugdhulp §2.3 (r. 3650–3652)"),
    (
        "01B04",
        "matchingsgesprek",
        "consulent_bepaalt",
        "Wmo 3A: tenzij de consulent het nodig acht, Handboek Maatwerkdiensten Wmo §2 (r. 124–125)",
    ),
    (
        "44L09",
        "leeftijd_max",
        18,
        "Zelfstandig wonen training tot 18, Handboek verwijzers jeugdhulp §3.2.4 (r. 5997–6009)",
    ),
    ("54L50", "leeftijd_min", 7, "Dyslexie 7 t/m 12, Handboek verwijzers jeugdhulp §3.4.7 (r. 11199–11219)"),
    ("54L50", "leeftijd_max", 13, "Dyslexie 7 t/m 12, Handboek verwijzers jeugdhulp §3.4.7 (r. 11199–11219)"),
    (
        "41L11",
        "garantiefase_maanden",
        6,
        "Terug naar school nazorgfase 6 maanden, Handboek verwijzers jeugdhulp §3.3.2 (r. 7468–7478)",
    ),
]


@pytest.mark.parametrize(("code", "veld", "waarde", "bron"), PRODUCTREGELS)
def test_product_rules_with_their_source(code, veld, waarde, bron):
    assert getattr(Product.objects.get(code=code), veld) == waarde, bron


def test_vaktherapie_is_not_indicated_in_venlo():
    """Venlo uses only the regionaal perceel, so no vaktherapie (Handboek verwijzers jeugdhulp §2.3 (r. 3658–3660))."""
    assert Indicatiewijze.objects.get(product__code="45L61", gemeente__cbs_code="0983").wijze == "onbekend"


@pytest.mark.parametrize("eenheid", list(Eenheid))
def test_every_eenheid_maps_onto_the_istandaard(eenheid):
    mapping = IJW_EENHEID[eenheid]
    assert mapping.eenheid in {"01", "04", "14", "16", "82", "83", "84"}  # WJ756
    assert mapping.frequentie in {"1", "2", "4", "6"}  # WMO757
    if mapping.eenheid in {"14", "16", "83", "84"}:
        assert mapping.frequentie in {"2", "4", "6"}  # CS338


def test_reloading_is_idempotent_and_keeps_beheer_edits():
    tarief = Tarief.objects.get(product__code="44A07", soort="regulier")
    tarief.bedrag = Decimal("55.00")
    tarief.save()
    verslag = laad()
    assert (verslag.producten_nieuw, verslag.tarieven_nieuw) == (0, 0)
    tarief.refresh_from_db()
    assert tarief.bedrag == Decimal("55.00")
    assert tarief.history.count() == 1  # the change is kept with who and when
    laad(bijwerken=True)
    tarief.refresh_from_db()
    assert tarief.bedrag == Decimal("54.31")


def test_tariff_valid_on_a_date():
    from producten.selectors import tarieven_op

    Tarief.objects.create(
        product=Product.objects.get(code="44A07"),
        soort="regulier",
        bedrag=Decimal("56.00"),
        geldig_vanaf=date(2030, 1, 1),
        bron="test",
    )
    Tarief.objects.filter(product__code="44A07", geldig_vanaf__lt=date(2030, 1, 1)).update(
        geldig_tot=date(2029, 12, 31)
    )
    assert tarieven_op(date(2029, 6, 1)).get(product__code="44A07", soort="regulier").bedrag == Decimal("54.31")
    assert tarieven_op(date(2030, 6, 1)).get(product__code="44A07", soort="regulier").bedrag == Decimal("56.00")


def test_catalogue_page_query_count_is_constant(client_consulent):
    client_consulent.get("/producten/", {"q": "44A"})  # the session's first page reads the account (accounts/cache.py)
    with CaptureQueriesContext(connection) as alles:
        response = client_consulent.get("/producten/")
    assert response.content.decode().count('href="/producten/') >= 68
    with CaptureQueriesContext(connection) as een:
        client_consulent.get("/producten/", {"q": "44A07"})
    assert len(alles) == len(een)


def test_catalogue_search_by_code_and_name(client_consulent):
    tekst = client_consulent.get("/producten/", {"q": "pleegzorg"}).content.decode()
    assert "44A07" in tekst and "45L12" not in tekst
    tekst = client_consulent.get("/producten/", {"q": "45L1"}).content.decode()
    assert "45L12" in tekst and "44A07" not in tekst
    assert "€ 2.612,40" in client_consulent.get("/producten/45L12/").content.decode()


def test_catalogue_api(client_consulent):
    data = client_consulent.get("/api/v1/producten/44A07").json()
    assert data["eenheid"] == "etmaal"
    assert {t["soort"]: t["bedrag"] for t in data["tarieven"]} == {"regulier": "54.31", "micro": "50.20"}
    assert client_consulent.get("/api/v1/producten/99X99").status_code == 404
