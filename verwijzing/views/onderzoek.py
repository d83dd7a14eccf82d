"""The onderzoek (vraagverheldering for Jeugd, the Wmo-onderzoek): start it, write the report, finish it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from audit.models import Actie
from audit.services import record
from toegang.routes import route
from toegang.views import submit_button, submit_form
from verwijzing import onderzoek as onderzoek_services

from ..forms.onderzoek import OnderzoekForm
from ..models import Status
from .dossier import dossier_url, get_dossier


def onderzoek_url(public_id) -> str:
    return reverse("verwijzing:onderzoek", kwargs={"public_id": public_id})


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_POST
def onderzoek_starten(request, public_id):
    dossier = get_dossier(request, public_id)
    return submit_button(
        request,
        lambda: onderzoek_services.onderzoek_starten(door=request.user, dossier=dossier),
        success=None,
        next_url=onderzoek_url(public_id),
        refused_url=dossier_url(public_id),
    )


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_http_methods(["GET", "POST"])
def onderzoek(request, public_id):
    """The report, saved as a concept or saved and finished ("afronden")."""
    dossier = get_dossier(request, public_id)
    if dossier.status != Status.ONDERZOEK:
        messages.info(request, _("Het verslag kan alleen tijdens het onderzoek worden gewijzigd."))
        return redirect(dossier_url(public_id))
    record(Actie.LEZEN, dossier.onderzoek, omschrijving="Verslag bekeken")
    form = OnderzoekForm(request.POST or None, instance=dossier.onderzoek)
    afronden = "afronden" in request.POST

    def opslaan(gegevens):
        onderzoek_services.onderzoek_opslaan(door=request.user, dossier=dossier, gegevens=gegevens)
        if afronden:
            onderzoek_services.onderzoek_afronden(door=request.user, dossier=dossier)

    if request.method == "POST":
        gedaan = submit_form(
            request,
            form,
            opslaan,
            success=_("Het onderzoek is afgerond.") if afronden else _("Concept opgeslagen."),
            next_url=dossier_url(public_id) if afronden else onderzoek_url(public_id),
        )
        if gedaan:
            return gedaan
    return render(
        request, "verwijzing/onderzoek.html", {"form": form, "dossier": dossier}, status=400 if form.errors else 200
    )
