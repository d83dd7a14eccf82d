"""README documents `manage.py regels toets` as the command has it: every option of the parser (the
rules command can say all this — lopend with aanbieder and period, eerder, verwijzer, garantiefase, herindicatie,
verlenging) appears in the README's section on the rules module."""

import re
from pathlib import Path

from regie.management.commands.regels import Command

README = Path(__file__).resolve().parent.parent / "README.md"


def _opties_van_toets() -> set[str]:
    parser = Command().create_parser("manage.py", "regels")
    sub = next(a for a in parser._actions if a.dest == "vraag")
    toets = sub.choices["toets"]
    return {o for a in toets._actions for o in a.option_strings if o.startswith("--") and o != "--help"}


def test_the_readme_names_every_option_of_regels_toets():
    tekst = README.read_text(encoding="utf-8")
    blok = tekst[tekst.index("python manage.py regels toets") :]
    blok = blok[: blok.index("```")]
    ontbreekt = sorted(o for o in _opties_van_toets() if not re.search(rf"(?<![\w-]){re.escape(o)}(?![\w-])", blok))
    assert not ontbreekt, ontbreekt


def test_the_readme_shows_the_forms_of_lopend_and_eerder():
    tekst = README.read_text(encoding="utf-8")
    assert "--lopend CODE[@AGB][:VAN[:TOT]]" in tekst and "--eerder CODE[@AGB]:VAN:TOT" in tekst
