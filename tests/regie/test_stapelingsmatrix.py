"""The Jeugd stapelingsmatrix (Handboek verwijzers jeugdhulp §2.9 (r. 4152–4376)), reconstructed cell
by cell from the handbook's table (regie/data/stapelingsmatrix.yaml): the totals per outcome and the named
cells the handbook's text spells out (cell numbers given)."""

from collections import Counter
from datetime import date

import pytest

from regie.models import MatrixCel
from regie.regelset import regelset
from regie.stapeling import OnbekendProduct, stapeling

pytestmark = pytest.mark.django_db
VANDAAG = date(2026, 11, 25)


def test_all_351_cells_with_their_totals_per_verdict_and_confidence():
    cellen = MatrixCel.objects.filter(MatrixCel.geldig_op(VANDAAG))
    assert cellen.count() == 351  # lower triangle incl. diagonal of 26 products
    per = Counter(cellen.values_list("uitkomst", "zekerheid"))
    assert per == {
        ("toegestaan", "zeker"): 29,
        ("toegestaan", "afgeleid"): 34,
        ("toegestaan", "aanname"): 70,
        ("voorwaardelijk", "zeker"): 69,
        ("voorwaardelijk", "afgeleid"): 15,
        ("voorwaardelijk", "aanname"): 3,
        ("niet_toegestaan", "zeker"): 28,
        ("niet_toegestaan", "afgeleid"): 83,
        ("niet_toegestaan", "aanname"): 20,
    }
    assert Counter(cellen.values_list("uitkomst", flat=True)) == {
        "toegestaan": 133,
        "voorwaardelijk": 87,
        "niet_toegestaan": 131,
    }


VT = [
    "OVB",
    "BMV",
    "PZ",
    "GH",
    "KWG",
    "ZWT",
    "LOG",
    "BW",
    "OG",
    "TSV",
    "TNS",
    "RZ",
    "NDB",
    "SDB",
    "P1",
    "P2",
    "DZ",
    "GGZ",
]

# (rij, kolom, uitkomst, zekerheid, toelichting, bron)
CELLEN = [
    (
        "GGZ",
        "P2",
        "voorwaardelijk",
        "afgeleid",
        "2",
        "note 2 printed; change log 'geel, rood en geel', Handboek verwijzers jeugdhulp, inleiding (r. 42–46)",
    ),
    ("GGZ", "P1", "voorwaardelijk", "zeker", "9", "matrix row GGZ, Handboek verwijzers jeugdhulp §2.9 (r. 4213)"),
    (
        "MC",
        "GGZ",
        "voorwaardelijk",
        "afgeleid",
        "11",
        "note 11; 'Blijft rood, maar wel met toelichting', Handboek verwijzers jeugdhulp, inleiding (r. 48–50)",
    ),
    (
        "P1",
        "P1",
        "voorwaardelijk",
        "zeker",
        "7",
        "diagonal note 7, Handboek verwijzers jeugdhulp §2.9, r. 4207, r. 4278–4282",
    ),
    (
        "LOG",
        "LOG",
        "voorwaardelijk",
        "zeker",
        "NB",
        "NB in the Logeren row, Handboek verwijzers jeugdhulp §2.9 (r. 4187)",
    ),
    (
        "LOG",
        "GH",
        "niet_toegestaan",
        "zeker",
        "",
        "'Gezinshuizen en Logeren. Waarom mag dit niet samen?', Handboek verwijzers jeugdhulp §2.9 (r. 4354–4358)",
    ),
    (
        "LOG",
        "BMV",
        "niet_toegestaan",
        "zeker",
        "",
        "'kan niet op één dag gedeclareerd worden', Handboek verwijzers jeugdhulp §2.9 (r. 4169)",
    ),
    ("PZ", "BMV", "voorwaardelijk", "zeker", "1", "note 1, Handboek verwijzers jeugdhulp §2.9, r. 4179, r. 4234–4242"),
    (
        "P1",
        "BMV",
        "voorwaardelijk",
        "aanname",
        "3",
        "note 3 names BMV, cell unnumbered, Handboek verwijzers jeugdhulp §2.9 (r. 4250–4252)",
    ),
    (
        "P2",
        "P1",
        "niet_toegestaan",
        "afgeleid",
        "",
        "PR-08 no stacking of ambulant products, Handboek verwijzers jeugdhulp §3.4 (r. 8224)",
    ),
    ("DZ", "P1", "niet_toegestaan", "afgeleid", "", "PR-08, Handboek verwijzers jeugdhulp §3.4 (r. 8224)"),
    (
        "DR",
        "P1",
        "voorwaardelijk",
        "zeker",
        "10",
        "note 10 drang via the toegang, Handboek verwijzers jeugdhulp §2.9 (r. 4298–4300)",
    ),
    (
        "CR",
        "P1",
        "voorwaardelijk",
        "zeker",
        "12",
        "note 12 crisis pauses all other help, Handboek verwijzers jeugdhulp §2.9 (r. 4304–4306)",
    ),
    (
        "DYS",
        "OG",
        "niet_toegestaan",
        "zeker",
        "",
        "ages exclude each other, Handboek verwijzers jeugdhulp §2.9 (r. 4348–4352)",
    ),
    ("VV", "VV", "toegestaan", "aanname", "", "the only mogelijk diagonal cell, stapelingsmatrix §5.1"),
    (
        "VT",
        "VT",
        "niet_toegestaan",
        "afgeleid",
        "",
        "vaktherapie stands alone, Handboek verwijzers jeugdhulp §2.9 (r. 4360–4364)",
    ),
    (
        "VV",
        "VT",
        "toegestaan",
        "aanname",
        "",
        "vervoer is no jeugdhulpvorm (PR-17), Handboek verwijzers jeugdhulp §2.6 (r. 3755–3777)",
    ),
    *[
        (
            "VT",
            k,
            "niet_toegestaan",
            "zeker",
            "",
            "'geen andere jeugdhulpvorm tegelijkertijd', Handboek verwijzers jeugdhulp §2.9 (r. 4360–4364)",
        )
        for k in VT
    ],
    *[
        (
            r,
            "VT",
            "niet_toegestaan",
            "zeker",
            "",
            "'geen andere jeugdhulpvorm tegelijkertijd', Handboek verwijzers jeugdhulp §2.9 (r. 4360–4364)",
        )
        for r in ["DYS", "LTA", "DR", "KG", "MC", "CR"]
    ],
]


@pytest.mark.parametrize(
    ("rij", "kolom", "uitkomst", "zekerheid", "sleutel", "bron"), CELLEN, ids=[f"{c[0]}x{c[1]}" for c in CELLEN]
)
def test_named_cells(rij, kolom, uitkomst, zekerheid, sleutel, bron):
    cel = MatrixCel.objects.get(rij__afkorting=rij, kolom__afkorting=kolom)
    assert (cel.uitkomst, cel.zekerheid, cel.sleutel) == (uitkomst, zekerheid, sleutel), bron


def test_every_vaktherapie_cell_is_decided():
    vt = MatrixCel.objects.filter(rij__afkorting="VT") | MatrixCel.objects.filter(kolom__afkorting="VT")
    assert vt.distinct().count() == 26
    assert set(vt.values_list("uitkomst", flat=True)) == {"niet_toegestaan", "toegestaan"}  # toegestaan only VV×VT


# Through product codes, in either order (the upper triangle is grey: swap).
PAREN = [
    (["54L02", "45L22"], "voorwaardelijk", "MATRIX-GGZ-P2", "GGZ×P2 note 2"),
    (["45L22", "54L02"], "voorwaardelijk", "MATRIX-GGZ-P2", "same pair, other order"),
    (
        ["45L61", "45L12"],
        "niet_toegestaan",
        "MATRIX-VT-P1",
        "vaktherapie stands alone, Handboek verwijzers jeugdhulp §2.9 (r. 4360–4364)",
    ),
    (["44A08", "44A90"], "niet_toegestaan", "MATRIX-LOG-GH", "S5, Handboek verwijzers jeugdhulp §3.2.2 (r. 5188–5199)"),
    (["45L12", "45L13"], "voorwaardelijk", "MATRIX-P1-P1", "two P1 indicaties: note 7"),
    (["44A07", "45L12"], "voorwaardelijk", "MATRIX-P1-PZ", "note 4: begeleiding pleegouders"),
]


@pytest.mark.parametrize(("codes", "uitkomst", "regel", "bron"), PAREN)
def test_pairs_through_product_codes(codes, uitkomst, regel, bron):
    bevindingen = stapeling(regelset(VANDAAG), codes)
    gevonden = {b.regel: b for b in bevindingen}
    assert gevonden[regel].uitkomst == uitkomst, bron
    assert gevonden[regel].versie.startswith("matrix ")
    assert "Handboek verwijzers jeugdhulp §2.9 (r. 4152–4376)" in gevonden[regel].bron


def test_niet_toegestaan_mentions_the_hardheidsclausule():
    (b,) = [b for b in stapeling(regelset(VANDAAG), ["45L61", "45L12"]) if b.regel == "MATRIX-VT-P1"]
    assert "hardheidsclausule" in b.uitleg and "Handboek verwijzers jeugdhulp §2.9 (r. 4165–4166)" in b.uitleg


def test_aanname_cells_are_marked_onduidelijk():
    (b,) = [b for b in stapeling(regelset(VANDAAG), ["45L12", "50L70"]) if b.regel == "MATRIX-P1-BMV"]
    assert b.onduidelijk and b.zekerheid == "aanname"


# NB in the Logeren row (Handboek verwijzers jeugdhulp §2.9 (r. 4187)) and the dagdeel as an addition to an etmaal
# (Handboek verwijzers jeugdhulp §3.2.5 (r. 6216–6230)).
LOGEREN = [
    (["44A90", "44A91", "45L12"], "toegestaan", "etmaal + dagdeel licht/midden, with ambulante hulp"),
    (["44A92", "44A93", "45L12"], "toegestaan", "etmaal + dagdeel zwaar, with ambulante hulp"),
    (["44A90", "44A93", "45L12"], "niet_toegestaan", "mixed zwaarte"),
    (["44A91", "45L12"], "niet_toegestaan", "dagdeel without etmaal (S15)"),
]


@pytest.mark.parametrize(("codes", "uitkomst", "waarom"), LOGEREN)
def test_logeren_nb(codes, uitkomst, waarom):
    from regie.bevinding import eindoordeel

    bevindingen = [b for b in stapeling(regelset(VANDAAG), codes) if b.regel in {"JR-LOGEREN-ZWAARTE", "S15"}]
    assert eindoordeel(bevindingen) == uitkomst, waarom


def test_unknown_code_is_refused():
    with pytest.raises(OnbekendProduct, match="Onbekende productcode: 99X99"):
        stapeling(regelset(VANDAAG), ["45L12", "99X99"])


def test_products_without_a_matrix_row_give_no_matrix_finding():
    """IVH 50L10 and C&A 50L01 have no matrix row (stapelingsmatrix §1.4)."""
    assert not [b for b in stapeling(regelset(VANDAAG), ["50L10", "45L12"]) if b.regel.startswith("MATRIX")]
