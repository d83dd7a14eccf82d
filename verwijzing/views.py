"""Dossier screens. Thin: parse the form, call a service, render; reads go through the scope."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Rol
from accounts.scoping import get_in_scope_or_404
from audit.models import Actie
from audit.services import record
from inwoners import services as inwoner_services
from toegang.routes import route

from . import selectors, services
from .forms import AfsluitenForm, MeldingForm, OnderzoekForm
from .models import Dossier, Status


def _dossier(request, public_id) -> Dossier:
    dossier = get_in_scope_or_404(
        Dossier.objects.select_related("inwoner", "gemeente", "consulent"), request.user, public_id=public_id
    )
    return dossier


@route(scope="inwoner", audit="lezen")
@login_required
def werkvoorraad(request):
    if request.user.rol not in {Rol.CONSULENT, Rol.BACKOFFICE}:
        raise PermissionDenied
    regels = selectors.werkvoorraad(request.user)
    record(Actie.LEZEN, object_type="verwijzing.dossier", omschrijving=f"Werkvoorraad: {len(regels)} dossiers")
    return render(request, "verwijzing/werkvoorraad.html", {"regels": regels})


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_http_methods(["GET", "POST"])
def melding(request, public_id):
    if request.user.rol != Rol.CONSULENT:
        raise PermissionDenied
    inwoner = inwoner_services.lees(request.user, public_id)
    form = MeldingForm(request.POST or None, gebruiker=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = services.open_dossier(door=request.user, inwoner=inwoner, **form.cleaned_data)
        except services.Geweigerd as fout:
            form.add_error(None, str(fout))
        else:
            messages.success(request, _("De melding is vastgelegd."))
            return redirect("verwijzing:dossier", public_id=dossier.public_id)
    return render(
        request, "verwijzing/melding.html", {"form": form, "inwoner": inwoner}, status=400 if form.errors else 200
    )


@route(scope="inwoner", audit="lezen")
@login_required
def dossier(request, public_id):
    dossier = _dossier(request, public_id)
    record(Actie.LEZEN, dossier, omschrijving="Dossier bekeken")
    return render(
        request,
        "verwijzing/dossier.html",
        {
            "dossier": dossier,
            "afsluiten": AfsluitenForm(),
            "open": dossier.status in {Status.MELDING, Status.ONDERZOEK, Status.INDICATIE},
        },
    )


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_POST
def start_onderzoek(request, public_id):
    dossier = _dossier(request, public_id)
    try:
        services.start_onderzoek(door=request.user, dossier=dossier)
    except services.Geweigerd as fout:
        messages.error(request, str(fout))
        return redirect("verwijzing:dossier", public_id=public_id)
    return redirect("verwijzing:onderzoek", public_id=public_id)


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_http_methods(["GET", "POST"])
def onderzoek(request, public_id):
    dossier = _dossier(request, public_id)
    if dossier.status != Status.ONDERZOEK:
        messages.info(request, _("Het verslag kan alleen tijdens het onderzoek worden gewijzigd."))
        return redirect("verwijzing:dossier", public_id=public_id)
    record(Actie.LEZEN, dossier.onderzoek, omschrijving="Verslag bekeken")
    form = OnderzoekForm(request.POST or None, instance=dossier.onderzoek)
    if request.method == "POST" and form.is_valid():
        try:
            services.sla_onderzoek_op(door=request.user, dossier=dossier, gegevens=form.cleaned_data)
            if "afronden" in request.POST:
                services.rond_onderzoek_af(door=request.user, dossier=dossier)
                messages.success(request, _("Het onderzoek is afgerond."))
                return redirect("verwijzing:dossier", public_id=public_id)
            messages.success(request, _("Concept opgeslagen."))
            return redirect("verwijzing:onderzoek", public_id=public_id)
        except services.Geweigerd as fout:
            form.add_error(None, str(fout))
    return render(
        request, "verwijzing/onderzoek.html", {"form": form, "dossier": dossier}, status=400 if form.errors else 200
    )


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_POST
def afsluiten(request, public_id):
    dossier = _dossier(request, public_id)
    form = AfsluitenForm(request.POST)
    if form.is_valid():
        try:
            services.sluit_af(door=request.user, dossier=dossier, **form.cleaned_data)
        except services.Geweigerd as fout:
            form.add_error(None, str(fout))
        else:
            messages.success(request, _("Het dossier is afgesloten."))
            return redirect("verwijzing:dossier", public_id=public_id)
    return render(request, "verwijzing/dossier.html", {"dossier": dossier, "afsluiten": form, "open": True}, status=400)
