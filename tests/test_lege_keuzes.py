"""No select shows Django's empty choice "---------": every form of the project, and every beheer screen's
add form and list, give the empty choice a Dutch label ("Kies …")."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import pytest
from django import forms
from django.contrib import admin

from accounts.models import Rol
from tests.conftest import ingelogde_client, maak_gebruiker

pytestmark = pytest.mark.django_db

APPS = ("accounts", "audit", "berichten", "inwoners", "organisaties", "portaal", "producten", "regie", "verwijzing")
LEEG = re.compile(r"<option value=\"\"[^>]*>\s*(?:-{2,}|—|-)\s*</option>")


def _modules():
    for app in APPS:
        pakket = importlib.import_module(app)
        yield pakket
        for info in pkgutil.walk_packages(pakket.__path__, f"{app}."):
            if ".migrations" in info.name or ".management" in info.name:
                continue
            yield importlib.import_module(info.name)


def _formulieren():
    gezien = {}
    for module in _modules():
        for _naam, klasse in inspect.getmembers(module, inspect.isclass):
            if issubclass(klasse, forms.BaseForm) and klasse.__module__.split(".")[0] in APPS:
                gezien[f"{klasse.__module__}.{klasse.__qualname__}"] = klasse
    return gezien


FORMULIEREN = _formulieren()


def _argumenten(klasse, gebruiker, dossier) -> dict:
    pool = {
        "gebruiker": gebruiker,
        "dossier": dossier,
        "domein": "jeugd",
        "jeugd": True,
        "gi_vraag": True,
        "nieuw": True,
        "secties": [("voorstel", "Voorstel")],
        "user": gebruiker,
        "keuzes": type(gebruiker).objects.filter(pk=gebruiker.pk),
        "inwoner": dossier.inwoner,
    }
    argumenten = {}
    for klasse_in_mro in klasse.__mro__:
        init = klasse_in_mro.__dict__.get("__init__")
        if init is None:
            continue
        for param in inspect.signature(init).parameters.values():
            if param.default is param.empty and param.name in pool:
                argumenten[param.name] = pool[param.name]
    return argumenten


def test_every_form_class_is_found():
    assert len(FORMULIEREN) > 25 and "verwijzing.forms.melding.MeldingForm" in FORMULIEREN


@pytest.mark.parametrize("naam", sorted(FORMULIEREN))
def test_no_form_shows_an_empty_choice_of_dashes(naam, venlo):
    from verwijzing.factories import DossierFactory

    gebruiker = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True, domein_wmo=True)
    dossier = DossierFactory(gemeente=venlo, consulent=gebruiker, domein="jeugd")
    klasse = FORMULIEREN[naam]
    form = klasse(**_argumenten(klasse, gebruiker, dossier))
    html = str(form)
    assert "---------" not in html and not LEEG.search(html), naam


def _beheer_paginas():
    for model in admin.site._registry:
        basis = f"/beheer/{model._meta.app_label}/{model._meta.model_name}/"
        yield basis
        yield f"{basis}add/"


def test_no_beheer_screen_shows_an_empty_choice_of_dashes(venlo):
    beheerder = maak_gebruiker(Rol.APPLICATIEBEHEER, [], is_staff=True, is_superuser=True)
    client = ingelogde_client(beheerder)
    gevonden = []
    for url in _beheer_paginas():
        antwoord = client.get(url)
        if antwoord.status_code == 200 and "---------" in antwoord.content.decode():
            gevonden.append(url)
    assert gevonden == []
