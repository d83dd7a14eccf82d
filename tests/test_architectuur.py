"""The layering the README's architecture table promises, checked on the source with `ast` (no import
is executed, so a lazy import inside a function counts as much as one at the top of a module)."""

import ast
import re
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


# --- the whole project: modules, cycles, sizes, and the README's table -------------------------------------------

MAX_REGELS = 500
# Packages that are part of the project but are not apps with a row of their own in the README table.
GEEN_RIJ = {"tests", "bench"}


def _projectmodules(root: Path = ROOT) -> dict[str, Path]:
    """Every module of the project (no migrations, no tests), by dotted name; a package by its own name."""
    pakketten = {p.parent.name for p in root.glob("*/__init__.py")} - {"tests"}
    modules = {}
    for pad in sorted(root.rglob("*.py")):
        delen = pad.relative_to(root).with_suffix("").parts
        if delen[0] not in pakketten or "migrations" in delen:
            continue
        naam = ".".join(delen[:-1] if delen[-1] == "__init__" else delen)
        modules[naam] = pad
    return modules


def _imported_modules(naam: str, pad: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules a module imports, lazily or not: `from a.b import c` counts as a.b.c when c is a
    module, else as a.b."""
    gevonden = set()
    for node in ast.walk(ast.parse(pad.read_text(encoding="utf-8"), filename=str(pad))):
        if isinstance(node, ast.Import):
            kandidaten = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                pakket = naam.split(".") if pad.name == "__init__.py" else naam.split(".")[:-1]
                basis = ".".join(pakket[: len(pakket) - (node.level - 1)] + ([node.module] if node.module else []))
            else:
                basis = node.module
            kandidaten = [f"{basis}.{alias.name}" for alias in node.names] + [basis]
        else:
            continue
        for kandidaat in kandidaten:
            while kandidaat and kandidaat not in modules:
                kandidaat = kandidaat.rpartition(".")[0]
            if kandidaat and kandidaat != naam:
                gevonden.add(kandidaat)
                break
    return gevonden


def _import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    modules = _projectmodules(root)
    return {naam: _imported_modules(naam, pad, modules) for naam, pad in modules.items()}


def _cycles(graaf: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index, laag, stapel, op_stapel, uit, teller = {}, {}, [], set(), [], [0]
    for start in sorted(graaf):
        if start in index:
            continue
        werk = [(start, iter(sorted(graaf[start])))]
        index[start] = laag[start] = teller[0]
        teller[0] += 1
        stapel.append(start)
        op_stapel.add(start)
        while werk:
            knoop, buren = werk[-1]
            for buur in buren:
                if buur not in graaf:
                    continue
                if buur not in index:
                    index[buur] = laag[buur] = teller[0]
                    teller[0] += 1
                    stapel.append(buur)
                    op_stapel.add(buur)
                    werk.append((buur, iter(sorted(graaf[buur]))))
                    break
                if buur in op_stapel:
                    laag[knoop] = min(laag[knoop], index[buur])
            else:
                werk.pop()
                if werk:
                    laag[werk[-1][0]] = min(laag[werk[-1][0]], laag[knoop])
                if laag[knoop] == index[knoop]:
                    component = []
                    while True:
                        lid = stapel.pop()
                        op_stapel.discard(lid)
                        component.append(lid)
                        if lid == knoop:
                            break
                    if len(component) > 1:
                        uit.append(sorted(component))
    return uit


def test_no_import_cycle_between_modules_of_the_project():
    """Module-level and function-level imports alike: a lazy import that hides a cycle is still a cycle."""
    graaf = _import_graph()
    assert len(graaf) > 100 and "verwijzing.models" in graaf["verwijzing.factories"]
    assert _cycles(graaf) == []


def test_the_cycle_walk_sees_a_lazy_import(tmp_path):
    for pakket, bron in {
        "a": "from b.y import f\n",
        "b": "def g():\n    from a import x\n",
    }.items():
        (tmp_path / pakket).mkdir()
        (tmp_path / pakket / "__init__.py").write_text("")
        (tmp_path / pakket / ("x.py" if pakket == "a" else "y.py")).write_text(bron)
    assert _cycles(_import_graph(tmp_path)) == [["a.x", "b.y"]]


def test_no_module_of_the_project_is_over_500_lines():
    te_lang = {
        str(pad.relative_to(ROOT)): n
        for pad in _projectmodules().values()
        if (n := len(pad.read_text(encoding="utf-8").splitlines())) > MAX_REGELS
    }
    assert te_lang == {}


def _readme_tabel() -> dict[str, set[str]]:
    """The README's architecture table: app → the apps its "Hangt af van" cell names in backticks."""
    tabel = {}
    for regel in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        cellen = [c.strip() for c in regel.strip().strip("|").split("|")]
        if len(cellen) == 3 and (app := re.fullmatch(r"`(\w+)/`", cellen[0])):
            tabel[app.group(1)] = set(re.findall(r"`(\w+)`", cellen[2]))
    return tabel


def test_the_readme_architecture_table_matches_the_imports():
    """Every "hangt af van" is true and none is missing: app-level edges from the same ast walk."""
    graaf = _import_graph()
    werkelijk: dict[str, set[str]] = {}
    for module, doelen in graaf.items():
        app = module.split(".")[0]
        werkelijk.setdefault(app, set()).update(d.split(".")[0] for d in doelen if d.split(".")[0] != app)
    tabel = _readme_tabel()
    assert set(tabel) == set(werkelijk) - GEEN_RIJ
    assert {app: sorted(tabel[app]) for app in tabel} == {app: sorted(werkelijk[app]) for app in tabel}


def _functies(pad: Path):
    return [n for n in ast.walk(ast.parse(pad.read_text(encoding="utf-8"))) if isinstance(n, ast.FunctionDef)]


def _roept(node, naam: str) -> bool:
    return any(
        isinstance(c, ast.Call) and getattr(c.func, "id", getattr(c.func, "attr", None)) == naam for c in ast.walk(node)
    )


def test_one_outbox_every_outgoing_message_goes_through_bericht_plaatsen():
    """Every function in the project that makes an outgoing Bericht hands it to `outbox.bericht_plaatsen`, and
    only the outbox schedules sending after commit (the 301, the 319, the retours, and what comes)."""
    makers, plannen = [], set()
    for naam, pad in _projectmodules().items():
        if naam.startswith(("bench", "demo")):
            continue
        for functie in _functies(pad):
            for call in ast.walk(functie):
                if (
                    isinstance(call, ast.Call)
                    and getattr(call.func, "id", None) == "Bericht"
                    and any(k.arg == "richting" and ast.unparse(k.value) == "Richting.UIT" for k in call.keywords)
                ):
                    makers.append((naam, functie.name, _roept(functie, "bericht_plaatsen")))
            for call in ast.walk(functie):
                if (
                    isinstance(call, ast.Call)
                    and getattr(call.func, "attr", None) == "on_commit"
                    and ("verzend" in ast.unparse(call) or "versturen" in ast.unparse(call))
                ):
                    plannen.add(naam)
    assert {m for m, _, _ in makers} >= {"berichten.uitgaand", "berichten.retouren", "berichten.toewijzingsverzoeken"}
    assert [(m, f) for m, f, via_outbox in makers if not via_outbox] == []
    assert plannen == {"berichten.outbox"}


STAPPEN = ("melding", "onderzoek", "indicatie", "leefzorgplan", "beschikking", "toewijzing", "verzoek")


def test_verwijzing_reads_as_the_flow():
    """`ls verwijzing/` shows one module or package per step, with models and screens under the same name
    (the 315/317 decisions have no model or screen of their own: their screens are the berichten cockpit's)."""
    app = ROOT / "verwijzing"
    for stap in STAPPEN:
        assert (app / f"{stap}.py").exists() or (app / stap / "__init__.py").exists(), stap
        if stap != "verzoek":
            assert (app / "models" / f"{stap}.py").exists(), stap
            assert (app / "views" / f"{stap}.py").exists(), stap
    assert not {"services.py", "views_beschikking.py", "forms_beschikking.py", "models.py", "views.py"} & {
        p.name for p in app.iterdir()
    }
