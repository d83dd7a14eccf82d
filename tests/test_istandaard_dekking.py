"""The coverage table docs/istandaard-dekking.yaml: every rule marked implemented or partial names
its tests, and every named test exists. Read from the source with `ast` (no database, no import of the tests).
Counts per category: `python manage.py istandaard_dekking`."""

import ast
import re
from functools import cache
from pathlib import Path

import pytest

from istandaard.dekking import CATEGORIEEN, STATUSSEN, regels, telling

ROOT = Path(__file__).resolve().parents[1]
CODE = re.compile(r"(OP\d{3}(x\d)?|TR\d{3}|IV\d{3}|UP\d{3}|CD\d{3}|CS\d{3}|RS\d{3}|COD\d{3})")
REGELS = regels()


@cache
def _testnamen(bestand: str) -> tuple[set[str], str]:
    """The test node names in a test file ("test_x", "TestY::test_z") and its source."""
    pad = ROOT / bestand
    if not pad.is_file():
        return set(), ""
    bron = pad.read_text(encoding="utf-8")
    namen = set()
    for n in ast.parse(bron).body:
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name.startswith("test"):
            namen.add(n.name)
        elif isinstance(n, ast.ClassDef):
            namen |= {f"{n.name}::{m.name}" for m in n.body if isinstance(m, ast.FunctionDef)}
    return namen, bron


def _bestaat(node_id: str) -> bool:
    """A node id "tests/a.py::test_b" or "tests/a.py::test_b[param-id]": the function exists in the file and
    a param id, when given, is written in it."""
    bestand, _, rest = node_id.partition("::")
    naam, _, param = rest.partition("[")
    namen, bron = _testnamen(bestand)
    return naam in namen and (not param or param.rstrip("]") in bron)


def test_every_row_is_well_formed():
    codes = [r["code"] for r in REGELS]
    assert len(codes) == len(set(codes)), "a rule code appears twice"
    for r in REGELS:
        assert CODE.fullmatch(r["code"]), r
        assert r["categorie"] in CATEGORIEEN and r["status"] in STATUSSEN, r
        if r["status"] == "not ours":
            assert r.get("toelichting", "").strip(), f"{r['code']}: 'not ours' says why"


@pytest.mark.parametrize(
    "regel", [r for r in REGELS if r["status"] in {"implemented", "partial"}], ids=lambda r: r["code"]
)
def test_an_implemented_rule_names_tests_that_exist(regel):
    assert regel.get("tests"), f"{regel['code']} is {regel['status']} but names no test"
    ontbrekend = [t for t in regel["tests"] if not _bestaat(t)]
    assert not ontbrekend, f"{regel['code']}: no such test {ontbrekend}"


@pytest.mark.parametrize(
    "node_id, bestaat",
    [
        ("tests/test_istandaard_dekking.py::test_every_row_is_well_formed", True),
        ("tests/test_istandaard_dekking.py::test_does_not_exist", False),
        ("tests/bestaat_niet.py::test_x", False),
    ],
)
def test_the_check_finds_a_missing_test(node_id, bestaat):
    assert _bestaat(node_id) == bestaat


def test_the_counts_cover_every_row():
    tabel = telling(REGELS)
    assert sum(sum(a.values()) for a in tabel.values()) == len(REGELS)


def test_the_command_prints_the_counts_and_the_candidates():
    from io import StringIO

    from django.core.management import call_command

    uit = StringIO()
    call_command("istandaard_dekking", stdout=uit)
    assert uit.getvalue().splitlines()[-1].split()[-1] == str(len(REGELS))
    call_command("istandaard_dekking", "--kandidaten", stdout=StringIO())
