"""The budget of an indicatie per indicatiewijze, each row with its source (regie.budget)."""

from datetime import date
from decimal import Decimal

import pytest

from regie.budget import budget_plekken, budget_pxq, budget_traject, indicatie_budget
from regie.regelset import regelset

D = date.fromisoformat


# (prijs, gemiddelde looptijd, looptijd, budget, bron)
PLEKKEN = [
    ("4400", 11, "8", "3200.00", "8 maanden: € 3.200, Handboek verwijzers jeugdhulp §1.1.2.2.3 (r. 1915–1918)"),
    ("4400", 11, "13", "5200.00", "13 maanden: € 5.200, Handboek verwijzers jeugdhulp §1.1.2.2.3 (r. 1915–1918)"),
    ("4400", 11, "11", "4400.00", "de gemiddelde looptijd kost de plekprijs, §1.1.2.2.3 (r. 1911–1913)"),
    (None, 11, "8", None, "plekprijs Venlo/Bergen niet in de bron, Handboek verwijzers jeugdhulp §2.8 (r. 3884–3890)"),
    ("4400", None, "8", None, "zonder gemiddelde looptijd geen naar-rato-prijs"),
]


@pytest.mark.parametrize(("prijs", "gemiddeld", "looptijd", "verwacht", "bron"), PLEKKEN)
def test_budget_plekken_is_pro_rata_of_the_looptijd(prijs, gemiddeld, looptijd, verwacht, bron):
    uit = budget_plekken(
        Decimal(prijs) if prijs else None, gemiddelde_looptijd_maanden=gemiddeld, looptijd_maanden=Decimal(looptijd)
    )
    assert uit == (Decimal(verwacht) if verwacht else None), bron


# (prijs, volume, frequentie, van, tot, budget, bron)
PXQ = [
    ("54.31", 7, "2", "2026-01-01", "2026-01-14", "760.34", "7 etmalen per week, 2 weken: P×Q, §1.1.2.2.1"),
    ("87.08", 4, "4", "2026-01-01", "2026-03-31", "1044.96", "4 uur per maand, 3 maanden: P×Q, §1.1.2.2.1"),
    ("87.08", 52, "6", "2026-01-01", "2026-12-31", "4528.16", "'52 uur gedurende een jaar', §1.1.2.2.1 (r. 1761–1763)"),
    ("54.31", 7, "2", "2026-01-01", None, None, "per week zonder einddatum: geen budget (iJw CD076)"),
    ("87.08", None, "6", "2026-01-01", "2026-12-31", None, "geen hoeveelheid: geen budget"),
    (None, 52, "6", "2026-01-01", "2026-12-31", None, "geen prijs: geen tarief bekend"),
]


@pytest.mark.parametrize(("prijs", "volume", "frequentie", "van", "tot", "verwacht", "bron"), PXQ)
def test_budget_pxq_is_price_times_quantity(prijs, volume, frequentie, van, tot, verwacht, bron):
    uit = budget_pxq(
        Decimal(prijs) if prijs else None,
        volume=volume,
        frequentie=frequentie,
        ingangsdatum=D(van),
        einddatum=D(tot) if tot else None,
    )
    assert uit == (Decimal(verwacht) if verwacht else None), bron


@pytest.mark.parametrize(
    ("prijs", "aantal", "verwacht", "bron"),
    [
        ("2612.40", None, "2612.40", "één traject: het prijskaartje, Handboek verwijzers jeugdhulp §1.1.2.2.2"),
        ("2612.40", 1, "2612.40", "één traject, ongeacht de looptijd, §1.1.2.2.2 (r. 1765–1769)"),
        (None, 1, None, "geen trajectprijs: geen tarief bekend"),
    ],
)
def test_budget_traject_is_its_price_tag(prijs, aantal, verwacht, bron):
    uit = budget_traject(Decimal(prijs) if prijs else None, aantal=aantal)
    assert uit == (Decimal(verwacht) if verwacht else None), bron


# (code, gemeente, omvang, aanbieder type, perceel, wijze, budget, bron)
INDICATIES = [
    (
        "44A07",
        "0983",
        {"volume": 7, "frequentie": "2", "einddatum": "2026-01-14"},
        "regulier",
        None,
        "pxq",
        "760.34",
        "segment 2 PxQ in Venlo, 7 etmalen per week × € 54,31, Handboek verwijzers jeugdhulp §1.1.2.2 (r. 1730–1732)",
    ),
    (
        "44A07",
        "0889",
        {"volume": 7, "frequentie": "2", "einddatum": "2026-01-14"},
        "micro",
        None,
        "pxq",
        "702.80",
        "micro-tarief € 50,20, Handboek verwijzers jeugdhulp §2.4 (r. 3674–3705)",
    ),
    (
        "45L14",
        "1507",
        {"volume": 4, "frequentie": "4", "einddatum": "2026-03-31"},
        "regulier",
        None,
        "pxq",
        "1044.96",
        "PxQ per maand, Handboek verwijzers jeugdhulp §1.1.2.2.1 (r. 1752–1763)",
    ),
    (
        "45L14",
        "1507",
        {"volume": 20, "frequentie": "6", "einddatum": "2026-12-31"},
        "regulier",
        None,
        "pxq",
        "1741.60",
        "PxQ totaal binnen de geldigheidsduur, §1.1.2.2.1",
    ),
    (
        "45L12",
        "1507",
        {"volume": 1, "frequentie": "6", "einddatum": "2026-09-30"},
        "regulier",
        None,
        "traject",
        "2612.40",
        "segment 4 traject in Horst aan de Maas, Handboek verwijzers jeugdhulp §1.1.2.2 (r. 1722–1728)",
    ),
    (
        "45L12",
        "0983",
        {"volume": 1, "frequentie": "6", "einddatum": "2026-09-30"},
        "regulier",
        "regionaal",
        "plekken",
        None,
        "Venlo plekken, plekprijs niet in de bron, Handboek verwijzers jeugdhulp §2.8 (r. 3884–3890)",
    ),
    (
        "45L12",
        "0893",
        {"volume": 1, "frequentie": "6", "einddatum": "2026-09-30"},
        "regulier",
        "lokaal",
        "traject",
        "2612.40",
        "Bergen lokaal gecontracteerd: trajecten, Handboek verwijzers jeugdhulp §1.1.2.2 (r. 1746–1748)",
    ),
    (
        "45L12",
        "0893",
        {"volume": 1, "frequentie": "6", "einddatum": "2026-09-30"},
        "regulier",
        "regionaal",
        "plekken",
        None,
        "Bergen regionaal gecontracteerd: plekken, Handboek verwijzers jeugdhulp §1.1.2.2 (r. 1742–1744)",
    ),
    (
        "45L12",
        "0893",
        {"volume": 1, "frequentie": "6", "einddatum": "2026-09-30"},
        "regulier",
        None,
        "onbekend",
        None,
        "Bergen zonder contract: plek of traject onbekend, §1.1.2.2 (r. 1738–1748)",
    ),
    (
        "44A80",
        "0983",
        {"volume": 7, "frequentie": "2", "einddatum": "2026-01-14"},
        "regulier",
        None,
        "pxq",
        None,
        "tarief ontbreekt in de bron: geen tarief bekend",
    ),
    (
        "50L10",
        "0983",
        {"volume": 1, "frequentie": "6", "einddatum": "2026-09-30"},
        "regulier",
        None,
        "onbekend",
        None,
        "IVH: geen indicatiewijze in de bron: geen tarief bekend",
    ),
    (
        "02A02",
        "0983",
        {"volume": 1, "frequentie": "6", "einddatum": "2026-09-30"},
        None,
        None,
        "traject",
        None,
        "Wmo: tarief per traject per aanbieder, Handboek Maatwerkdiensten Wmo §5 segment 1A (r. 375–379)",
    ),
    (
        "45L14",
        "1507",
        {"vast_budget": Decimal("1500.00"), "einddatum": "2026-12-31"},
        "regulier",
        None,
        "budget",
        "1500.00",
        "een budget geïndiceerd (iJw CD077/CD078) is het budget zelf",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "cbs", "omvang", "soort", "perceel", "wijze", "verwacht", "bron"), INDICATIES)
def test_indicatie_budget_follows_the_gemeente_s_indicatiewijze(
    code, cbs, omvang, soort, perceel, wijze, verwacht, bron
):
    omvang = dict(omvang)
    einde = D(omvang.pop("einddatum"))
    uit = indicatie_budget(
        regelset(D("2026-01-01")),
        code=code,
        gemeente_cbs=cbs,
        ingangsdatum=D("2026-01-01"),
        einddatum=einde,
        aanbieder_type=soort,
        perceel=perceel,
        gemiddelde_looptijd_maanden=9,
        **omvang,
    )
    assert (uit.wijze, uit.bedrag) == (wijze, Decimal(verwacht) if verwacht else None), bron
    assert uit.bron and uit.uitleg
