"""Woonplaatsbeginsel (Handboek verwijzers jeugdhulp §2.2 (r. 3546–3634)) and the garantiefase finding."""

from datetime import date

import pytest

from organisaties.factories import gemeente
from regie.toets import toets
from regie.woonplaatsbeginsel import verantwoordelijke_gemeente

# (kwargs, gemeente, regel, uitkomst, bron)
GEVALLEN = [
    (
        {"brp_gemeente": "0983"},
        "0983",
        "WPB-1",
        "toegestaan",
        "1°: BRP-woonadres, Handboek verwijzers jeugdhulp §2.2, r. 3551, r. 3585–3587",
    ),
    (
        {"brp_gemeente": "0889", "verblijf": True, "gemeente_voor_verblijf": "0983"},
        "0983",
        "WPB-2",
        "toegestaan",
        "2°: verblijf: the gemeente before the verblijf stays responsible, "
        "Handboek verwijzers jeugdhulp §2.2, r. 3553–3557, r. 3589–3599",
    ),
    (
        {"brp_gemeente": None, "gemeente_moeder_bij_geboorte": "0907"},
        "0907",
        "WPB-3",
        "voorwaardelijk",
        "3°: where the mother was registered at the birth, Handboek verwijzers jeugdhulp §2.2 (r. 3601–3611)",
    ),
    (
        {"brp_gemeente": None, "feitelijk_verblijf": "1894"},
        "1894",
        "WPB-4",
        "voorwaardelijk",
        "3°/4°: where the jeugdige actually stays, Handboek verwijzers jeugdhulp §2.2 (r. 3601–3615)",
    ),
]


@pytest.mark.parametrize(("kwargs", "verwacht", "regel", "uitkomst", "bron"), GEVALLEN)
def test_responsible_gemeente(kwargs, verwacht, regel, uitkomst, bron):
    cbs, bevinding = verantwoordelijke_gemeente(**kwargs)
    assert (cbs, bevinding.regel, bevinding.uitkomst) == (verwacht, regel, uitkomst), bron
    assert "Handboek verwijzers jeugdhulp §2.2 (r. 3546–3634)" in bevinding.bron


@pytest.mark.django_db
def test_garantiefase_is_named_with_its_source():
    """P1: garantiefase 6 maanden (PvE 10, Handboek verwijzers jeugdhulp §3.4.2 (r. 8895–8903))."""
    uit = toets(
        productcode="45L12", geboortedatum=date(2015, 1, 1), gemeente=gemeente("0889"), ingangsdatum=date(2026, 12, 1)
    )
    (b,) = [b for b in uit.bevindingen if b.regel == "GARANTIEFASE"]
    assert "6 maanden" in b.uitleg and b.bron
