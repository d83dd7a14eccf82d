"""Every reference in code, data, templates, tests and docs can be followed from a fresh clone.

Sources are cited by document and paragraph ("Handboek verwijzers jeugdhulp §2.9 (r. 4152–4376)", see
docs/bronnen.md), never by an issue number, a path outside the repository, the name of a working summary that is
not in the repository, or a bare file number with a line ("004 L12").
"""

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SUFFIXES = {".py", ".yaml", ".yml", ".html", ".txt", ".md", ".json", ".toml", ".cfg", ".ini", ".sh", ".js", ".css"}
SKIP_DIRS = {".git", ".venv", "node_modules", "__pycache__", "staticfiles", "media", ".pytest_cache", ".ruff_cache"}
SKIP_FILES = {"package-lock.json"}

SUMMARIES = (
    "jeugd-process|jeugd-rules|jeugd-products-[12]|verordeningen|begrippen|regie-indicators|stapelingsmatrix"
    "|route-and-plans|wmo|istandaarden|django-anchors|nl-design-system"
)
FORBIDDEN = {
    "issue number": re.compile(r"\b(?:[Ii]ssues?|PR|[Pp]ull request)\s*#?\d+|\b[Ii]ssue\s+[\"'“]"),
    "path outside the repository": re.compile(
        r"/work/|\.\./shared|\bshared/(?:seeds|domain|research)\b|\bseeds/|/home/\w|/root/|(?<![\w.])~/"
    ),
    "working summary": re.compile(
        r"\b(?:" + SUMMARIES + r")\.md\b|\b(?:jeugd-process|jeugd-rules|jeugd-products-[12]|route-and-plans"
        r"|regie-indicators)\b"
    ),
    "bare seed citation": re.compile(r"\b00\d (?:L\d|§)"),
}


def _files():
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS and not d.startswith(".")]
        for name in files:
            path = Path(folder) / name
            if path.suffix in SUFFIXES and name not in SKIP_FILES and path != Path(__file__).resolve():
                yield path


def _findings():
    for path in _files():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for nr, line in enumerate(text.splitlines(), start=1):
            for what, pattern in FORBIDDEN.items():
                for m in pattern.finditer(line):
                    yield f"{path.relative_to(ROOT)}:{nr}: {what}: {m.group(0)!r}"


def test_the_scan_sees_the_code_data_templates_and_tests():
    gezien = {p.relative_to(ROOT).parts[0] for p in _files()}
    assert {"regie", "producten", "verwijzing", "templates", "tests", "docs"} <= gezien


def test_no_reference_a_fresh_clone_cannot_follow():
    gevonden = list(_findings())
    assert gevonden == [], "\n".join(gevonden)


@pytest.mark.parametrize(
    ("tekst", "fout"),
    [
        ("see " + "is" + "sue 5", True),  # built from parts: this file holds no reference itself
        ("(004 L1886-1892)", True),
        ("004 §2.2", True),
        ("wmo.md §7 punt 4", True),
        ("jeugd-process X1", True),
        ("/wo" + "rk/shared/domain/x", True),
        (".." + "/shared/seeds", True),
        ("Handboek verwijzers jeugdhulp §1.1.2.2.2.1 (r. 1886–1892)", False),
        ("regie/data/stapelingsmatrix.yaml", False),
        ("iStandaarden iJw/iWmo 3.2, bericht 317", False),
    ],
)
def test_the_patterns(tekst, fout):
    assert any(p.search(tekst) for p in FORBIDDEN.values()) is fout
