"""The dependency tree is locked with hashes, installed from the lock, and is what the suite runs on."""

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def _lock(naam: str) -> dict[str, str]:
    """name -> version of every pinned package in requirements/<naam>.txt; each must carry a hash."""
    tekst = (ROOT / "requirements" / naam).read_text()
    pins = {}
    for blok in re.split(r"\n(?=[A-Za-z0-9])", tekst.split("\n", 1)[1] if tekst.startswith("#") else tekst):
        regel = blok.strip()
        if not regel or regel.startswith("#"):
            continue
        m = re.match(r"([A-Za-z0-9_.\-]+)==([^\s\\]+)", regel)
        assert m, f"{naam}: not pinned with ==: {regel.splitlines()[0]}"
        assert "--hash=sha256:" in regel, f"{naam}: {m.group(1)} has no hash"
        pins[canonicalize_name(m.group(1))] = m.group(2)
    return pins


def _pyproject() -> tuple[list[Requirement], list[Requirement]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [Requirement(r) for r in project["dependencies"]], [
        Requirement(r) for r in project["optional-dependencies"]["test"]
    ]


def test_every_dependency_is_locked_with_a_hash_inside_its_range():
    basis, test = _pyproject()
    demo, volledig = _lock("demo.txt"), _lock("test.txt")
    for req in basis:
        naam = canonicalize_name(req.name)
        assert naam in demo and naam in volledig, req.name
        assert req.specifier.contains(demo[naam], prereleases=True), (req, demo[naam])
    for req in test:
        assert canonicalize_name(req.name) in volledig, req.name
    # demo and test install the same versions of what they share
    assert {n: v for n, v in demo.items() if n in volledig} == {n: volledig[n] for n in demo}


@pytest.mark.parametrize(
    ("pakket", "versie", "waarom"),
    [
        ("celery", "5.7.0", "the berichten fault test passes with this combination (tests/berichten/test_storing.py)"),
        ("kombu", "5.7.0", "same"),
        ("redis", "8.2.0", "same"),
    ],
)
def test_the_broker_stack_is_the_combination_the_fault_test_passes_with(pakket, versie, waarom):
    assert _lock("test.txt")[pakket] == versie, waarom


def test_the_suite_runs_on_the_locked_tree():
    for naam, versie in _lock("test.txt").items():
        assert metadata.version(naam) == versie, naam


def test_setup_installs_from_the_lock_and_a_command_refreshes_it():
    setup = (ROOT / "bin" / "setup").read_text()
    assert "--require-hashes" in setup and "requirements/$MODE.txt" in setup
    assert 'pip install --quiet --disable-pip-version-check ".' not in setup  # no install from the ranges
    lock = (ROOT / "bin" / "lock").read_text()
    assert "--generate-hashes" in lock and "requirements/test.txt" in lock and "requirements/demo.txt" in lock


def test_the_production_image_installs_the_same_lock():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "--require-hashes" in dockerfile and "requirements/demo.txt" in dockerfile
    assert "pip install --no-cache-dir ." not in dockerfile
