"""The werkvoorraad: the consulent's own dossiers ("mijn") and his team's ("team", per behandelaar, to
cover a colleague on leave); the backoffice's aanvragen, beschikkingen to send and hardheidsclausules."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts.models import Rol
from accounts.permissions import rol_vereist
from audit.models import Actie
from audit.services import record
from toegang.routes import route

from .. import selectors


def _getal(tekst) -> int | None:
    try:
        return int(tekst)
    except (TypeError, ValueError):
        return None


@route(scope="inwoner", audit="lezen")
@login_required
@rol_vereist(Rol.CONSULENT, Rol.BACKOFFICE)
def werkvoorraad(request):
    gebruiker = request.user
    consulent = gebruiker.rol == Rol.CONSULENT
    weergave = selectors.TEAM if consulent and request.GET.get("weergave") == selectors.TEAM else selectors.MIJN
    behandelaar = _getal(request.GET.get("behandelaar")) if weergave == selectors.TEAM else None
    na = request.GET.get("na")
    pagina = selectors.werkvoorraad(gebruiker, na=na, weergave=weergave, behandelaar=behandelaar)
    filter_ = {"weergave": weergave, "behandelaar": behandelaar} if weergave == selectors.TEAM else {}
    filter_ = {k: v for k, v in filter_.items() if v}
    context = {
        "pagina": pagina,
        "na": na,
        "consulent": consulent,
        "weergave": weergave,
        "behandelaar": behandelaar,
        "begin_url": "?" + urlencode(filter_) if filter_ else request.path,
        "volgende_url": "?" + urlencode({**filter_, "na": pagina.volgende}) if pagina.volgende else None,
        "te_verzenden": selectors.te_verzenden(gebruiker),
    }
    if consulent and weergave == selectors.TEAM:
        context["behandelaars"] = selectors.team_behandelaars(gebruiker)
    if not consulent:
        context["hardheid"] = selectors.hardheidsclausules(gebruiker)
    record(
        Actie.LEZEN,
        object_type="verwijzing.dossier",
        omschrijving=f"Werkvoorraad ({weergave}): {len(pagina.regels)} dossiers",
    )
    return render(request, "verwijzing/werkvoorraad.html", context)
