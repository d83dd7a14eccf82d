"""Every S-, WS-, WR- and JR-statement of the handbooks is a row of the rule data, and the ones the
engine checks (required combinations, Wmo pairs) give the verdict their source states."""

import re
from datetime import date

import pytest

from regie.bevinding import eindoordeel
from regie.models import Regel
from regie.regelset import regelset
from regie.stapeling import stapeling

pytestmark = pytest.mark.django_db
VANDAAG = date(2026, 11, 25)


def test_every_s_and_ws_statement_is_a_row():
    ids = set(Regel.objects.values_list("regel_id", flat=True))
    assert {f"S{n}" for n in range(1, 78)} <= ids  # S1-S77: Handboek verwijzers jeugdhulp §3-§4
    assert {f"WS-{n:03d}" for n in range(1, 44)} <= ids  # Wmo stacking, Handboek Maatwerkdiensten Wmo §5, bijlage 2
    assert {f"WR-{n:03d}" for n in range(1, 61)} <= ids  # Wmo enforceable rules, Handboek Maatwerkdiensten Wmo


def test_every_row_has_a_dutch_uitleg_and_a_handbook_source():
    for regel in Regel.objects.all():
        assert regel.uitleg.strip(), regel.regel_id
        assert re.search(
            r"Handboek (?:verwijzers jeugdhulp|Maatwerkdiensten Wmo)|Wmo 2015|Awb|Jeugdwet|iWmo|iJw", regel.bron
        ), (regel.regel_id, regel.bron)


# (codes, regel, uitkomst, bron)
VEREIST = [
    (
        ["44A90"],
        {"S14", "JR-083"},
        "niet_toegestaan",
        "logeren altijd met ambulante hulp, Handboek verwijzers jeugdhulp §3.2, r. 4570–4574, §2.8 r. 3861–3864",
    ),
    (["44A90", "45L12"], None, "toegestaan", "logeren with P1: requirement met"),
    (
        ["08V03"],
        {"WS-029"},
        "niet_toegestaan",
        "Wmo vervoer only next to 1A2, 2A or 2B, Handboek Maatwerkdiensten Wmo §5 segment Vervoer (r. 1536–1556)",
    ),
    (["08V03", "07A02"], None, "toegestaan", "vervoer next to dagbesteding 1A2"),
]


@pytest.mark.parametrize(("codes", "regel", "uitkomst", "bron"), VEREIST)
def test_required_combinations(codes, regel, uitkomst, bron):
    bevindingen = [b for b in stapeling(regelset(VANDAAG), codes) if b.regel in {"S14", "S15", "JR-083", "WS-029"}]
    assert eindoordeel(bevindingen) == uitkomst, bron
    if regel:
        assert len(bevindingen) == 1 and bevindingen[0].regel in regel  # S14 and JR-083 say the same: once


# (a, b, uitkomst, regel, bron)
WMO_PAREN = [
    (
        "02A02",
        "07A02",
        "toegestaan",
        "WS-001",
        "1A1 and 1A2 complement each other, Handboek Maatwerkdiensten Wmo §5 segment 1A (r. 434–436)",
    ),
    (
        "10M01",
        "10B02",
        "niet_toegestaan",
        "WS-039",
        "meerwerk 1B and 2A not together, Handboek Maatwerkdiensten Wmo §5 segment 1B (r. 924)",
    ),
    ("07A02", "04A01", "voorwaardelijk", "WS-012", "the handbook contradicts itself: regionale afspraak onduidelijk"),
]


@pytest.mark.parametrize(("a", "b", "uitkomst", "regel", "bron"), WMO_PAREN)
def test_wmo_pairs(a, b, uitkomst, regel, bron):
    gevonden = {x.regel: x for x in stapeling(regelset(VANDAAG), [a, b])}
    assert gevonden[regel].uitkomst == uitkomst, bron
    if regel == "WS-012":
        assert gevonden[regel].onduidelijk


def test_jeugd_and_wmo_products_are_not_compared_in_one_matrix():
    assert not stapeling(regelset(VANDAAG), ["45L12", "01B04"])
