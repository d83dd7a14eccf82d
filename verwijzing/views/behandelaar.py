"""Handing a dossier to another behandelend consulent (the team's werkverdeling, cover during leave)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import Rol
from accounts.permissions import rol_vereist
from audit.models import Actie
from audit.services import record
from toegang.routes import route
from toegang.views import submit_form
from verwijzing import behandelaar as behandelaar_services

from ..forms.behandelaar import BehandelaarForm
from .dossier import dossier_url, get_dossier


@route(scope="inwoner", audit="wijzigen")
@login_required
@rol_vereist(Rol.CONSULENT, Rol.BACKOFFICE)
@require_http_methods(["GET", "POST"])
def behandelaar_wijzigen(request, public_id):
    dossier = get_dossier(request, public_id)
    keuzes = behandelaar_services.behandelaars(dossier.gemeente, dossier.domein).exclude(pk=dossier.consulent_id)
    form = BehandelaarForm(request.POST or None, keuzes=keuzes)
    if request.method == "POST":
        gedaan = submit_form(
            request,
            form,
            lambda gegevens: behandelaar_services.behandelaar_wijzigen(door=request.user, dossier=dossier, **gegevens),
            success=lambda d: (
                _("%(naam)s behandelt nu dit dossier.")
                % {"naam": d.consulent.get_full_name() or d.consulent.get_username()}
            ),
            next_url=dossier_url(public_id),
        )
        if gedaan:
            return gedaan
    else:
        record(Actie.LEZEN, dossier, omschrijving="Behandelaar wijzigen bekeken")
    context = {"dossier": dossier, "form": form, "mag": behandelaar_services.is_teamlid(request.user, dossier)}
    return render(request, "verwijzing/behandelaar.html", context, status=400 if form.is_bound else 200)
