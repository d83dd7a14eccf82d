"""Texts of Django 5.2 and django-simple-history that their catalogues leave in English get Dutch from
locale/nl (the walk met "This password is too short" on the activation page and English history pages)."""

import ast
import re
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError
from django.utils import translation

PO = Path(__file__).resolve().parent.parent / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def _enkelvoudig() -> list[tuple[str, str]]:
    tekst = PO.read_text()
    return [(m.group(1), m.group(2)) for m in re.finditer(r'^msgid "(.+)"\nmsgstr "(.+)"$', tekst, flags=re.M)]


@pytest.mark.parametrize(("msgid", "msgstr"), _enkelvoudig())
def test_the_compiled_catalogue_answers_every_entry(msgid, msgstr):
    with translation.override("nl"):
        assert translation.gettext(msgid.replace('\\"', '"')) == msgstr.replace('\\"', '"')


def test_a_too_short_password_is_refused_in_dutch():
    with translation.override("nl"), pytest.raises(ValidationError) as fout:
        MinimumLengthValidator(12).validate("kort")
    assert fout.value.messages == ["Dit wachtwoord is te kort: het moet minstens 12 tekens hebben."]


WEIGERINGEN = {"Geweigerd", "BuitenScope", "LinkAlGebruikt"}


def _ruwe_weigeringen(bron: str) -> list[int]:
    """Lines where a refusal is made with a bare string or f-string: the text would bypass gettext."""
    regels = []
    for node in ast.walk(ast.parse(bron)):
        if (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", None)) in WEIGERINGEN
            and node.args
            and isinstance(node.args[0], ast.Constant | ast.JoinedStr | ast.BinOp)
            and not (isinstance(node.args[0], ast.BinOp) and isinstance(node.args[0].left, ast.Call))
        ):
            regels.append(node.lineno)
    return regels


def test_every_refusal_message_goes_through_gettext():
    """A service's refusal is what a user reads on the form: `Geweigerd(_("…"))`, never a bare string."""
    wortel = Path(__file__).resolve().parent.parent
    gevonden = []
    for pad in sorted(wortel.glob("*/**/*.py")):
        deel = pad.relative_to(wortel).parts[0]
        if deel in {"tests", "bench", ".venv", "node_modules"} or "migrations" in pad.parts:
            continue
        gevonden += [f"{pad.relative_to(wortel)}:{r}" for r in _ruwe_weigeringen(pad.read_text(encoding="utf-8"))]
    assert gevonden == []


def test_the_refusal_walk_sees_a_bare_string():
    bron = "\n".join(
        [
            'raise Geweigerd("Nee.")',
            'raise Geweigerd(_("Ja."))',
            'raise Geweigerd(f"{x}")',
            'raise Geweigerd(_("%(a)s") % {})',
        ]
    )
    assert _ruwe_weigeringen(bron) == [1, 3]
