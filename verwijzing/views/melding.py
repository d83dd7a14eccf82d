"""The melding: the consulent records it for an inwoner, and a dossier opens."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Rol
from accounts.permissions import rol_vereist
from inwoners import services as inwoner_services
from toegang.routes import route
from toegang.views import submit_form
from verwijzing.melding import dossier_openen

from ..forms.melding import MeldingForm
from .dossier import dossier_url


@route(scope="inwoner", audit="wijzigen")
@login_required
@rol_vereist(Rol.CONSULENT)
@require_http_methods(["GET", "POST"])
def melding(request, public_id):
    inwoner = inwoner_services.lees(request.user, public_id)
    form = MeldingForm(request.POST or None, gebruiker=request.user, inwoner=inwoner)
    if request.method == "POST":
        gedaan = submit_form(
            request,
            form,
            lambda gegevens: dossier_openen(door=request.user, inwoner=inwoner, **gegevens),
            success=_("De melding is vastgelegd."),
            next_url=lambda d: dossier_url(d.public_id),
        )
        if gedaan:
            return gedaan
    context = {"form": form, "inwoner": inwoner}
    return render(request, "verwijzing/melding.html", context, status=400 if form.errors else 200)


@route(scope="inwoner", audit="lezen")
@login_required
@rol_vereist(Rol.CONSULENT)
@require_POST
def melding_voorstel(request, public_id):
    """The htmx partial: the woonplaatsbeginsel's suggestion for what is on the melding form now (domain,
    verblijf, the gemeenten the consulent knows, the chosen gemeente). Nothing is stored."""
    inwoner = inwoner_services.lees(request.user, public_id)
    form = MeldingForm(request.POST, gebruiker=request.user, inwoner=inwoner)
    form.is_valid()
    return render(request, "verwijzing/_woonplaatsvoorstel.html", {"form": form})
