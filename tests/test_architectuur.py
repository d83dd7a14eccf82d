"""The layering the README's architecture table promises, checked on the source with `ast` (no import
is executed, so a lazy import inside a function counts as much as one at the top of a module)."""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CODEC = "istandaard"

# Every app and project package; the codec knows none of them (its host sets what it needs through
# istandaard.instellingen.stel_in).
APPS = {
    "accounts",
    "audit",
    "organisaties",
    "inwoners",
    "producten",
    "regie",
    "verwijzing",
    "berichten",
    "portaal",
    "demo",
    "toegang",
    "bench",
    "tests",
}
# No models, no app registry, no settings: only Django's translation and time zone utilities.
DJANGO_VERBODEN = ("django.db", "django.apps", "django.conf", "django.contrib")


def _imports(pad: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in the file, at any depth (functions, classes,
    conditionals). A relative import is resolved against the file's own package."""
    pakket = list(pad.relative_to(ROOT).parent.parts)
    uit = []
    for node in ast.walk(ast.parse(pad.read_text(encoding="utf-8"), filename=str(pad))):
        if isinstance(node, ast.Import):
            uit += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                basis = pakket[: len(pakket) - (node.level - 1)]
                naam = ".".join([*basis, node.module] if node.module else basis)
                uit.append((node.lineno, naam))
            else:
                uit.append((node.lineno, node.module))
        elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in {
            "__import__",
            "import_module",
        }:
            uit.append((node.lineno, "<dynamic import>"))
    return uit


def test_the_istandaard_codec_imports_no_app():
    bestanden = sorted((ROOT / CODEC).rglob("*.py"))
    assert len(bestanden) >= 8, bestanden  # the walk sees the package (definities, xml, validatie, regels…)
    # every top-level package of the project counts as an app, also one added after this test
    projectpakketten = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {CODEC}
    verboden = APPS | projectpakketten
    gevonden = []
    for pad in bestanden:
        for regel, naam in _imports(pad):
            wortel = naam.split(".")[0]
            if wortel in verboden or naam == "<dynamic import>" or naam.startswith(DJANGO_VERBODEN):
                gevonden.append(f"{pad.relative_to(ROOT)}:{regel}: {naam}")
            if wortel == CODEC:  # a relative import may not climb out of the package either
                assert naam == CODEC or naam.startswith(CODEC + "."), naam
    assert gevonden == []


def test_the_architecture_walk_catches_a_lazy_app_import(tmp_path, monkeypatch):
    """The walk itself: an import inside a function and a relative one that climbs out are both seen."""
    pakket = tmp_path / CODEC / "definities"
    pakket.mkdir(parents=True)
    bron = pakket / "x.py"
    bron.write_text("def f():\n    from producten.eenheden import IJW_EENHEID\n\nfrom ...berichten import models\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert sorted(n for _, n in _imports(bron)) == ["berichten", "producten.eenheden"]
