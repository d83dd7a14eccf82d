"""The fast choice labels (toegang/weergave.py) say exactly what Django's get_FOO_display says: every choice
of every choices field of every model that uses them, an unknown value, and in the active language."""

import pytest
from django.apps import apps
from django.db import models
from django.utils import translation

from toegang.weergave import SnelleWeergave

VELDEN = [
    pytest.param(model, veld, id=f"{model.__name__}.{veld.name}")
    for model in apps.get_models()
    if issubclass(model, SnelleWeergave)
    for veld in model._meta.concrete_fields
    if veld.choices
]


def test_the_hot_models_use_the_fast_labels():
    namen = {m.__name__ for m in apps.get_models() if issubclass(m, SnelleWeergave)}
    assert {"Dossier", "Toewijzing", "Beschikking", "Inwoner", "Gebruiker"} <= namen


@pytest.mark.parametrize("taal", ["nl", "en"])
@pytest.mark.parametrize("model,veld", VELDEN)
def test_every_choice_reads_as_django_reads_it(model, veld, taal):
    obj = model()
    with translation.override(taal):
        for waarde in [w for w, _ in veld.flatchoices] + ["onbekend-xyz"]:
            obj.__dict__[veld.attname] = waarde  # past protected (FSM) fields
            verwacht = models.Model._get_FIELD_display(obj, veld)
            assert getattr(obj, f"get_{veld.name}_display")() == verwacht
