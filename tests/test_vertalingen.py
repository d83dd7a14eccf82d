"""Texts of Django 5.2 and django-simple-history that their catalogues leave in English get Dutch from
locale/nl (the walk met "This password is too short" on the activation page and English history pages)."""

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
