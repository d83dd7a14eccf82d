"""The indicatie: compose it with the rules' findings beside the form (live through htmx), and ask the
aanbieder for a matchingsgesprek."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Rol
from accounts.permissions import heeft_bijzondere_toegang, rol_vereist
from audit.models import Actie
from audit.services import record
from regie.regelset import regelset
from toegang.routes import route
from toegang.views import submit_button, submit_form
from verwijzing import indicatie as indicatie_services

from ..forms.indicatie import VELD_VAN_REGEL, IndicatieForm
from .dossier import get_dossier


def indicatie_url(public_id) -> str:
    return reverse("verwijzing:indicatie", kwargs={"public_id": public_id})


def _indicatie_context(dossier, form, resultaat=None):
    rs = regelset(timezone.localdate())
    verzoeken = [
        (v, indicatie_services.uiterlijk_matchingsgesprek(v, rs))
        for v in dossier.matchingsverzoeken.select_related("product", "aanbieder").order_by("id")
    ]
    indicaties = list(dossier.indicaties.select_related("product", "aanbieder").order_by("id"))
    return {
        "dossier": dossier,
        "form": form,
        "resultaat": resultaat,
        "verzoeken": verzoeken,
        "indicaties": indicaties,
        "te_sturen": indicatie_services.te_sturen_verzoeken(dossier, indicaties),
    }


def _voorstellen(request, dossier, form):
    return submit_form(
        request,
        form,
        lambda d: indicatie_services.indicatie_voorstellen(
            door=request.user,
            dossier=dossier,
            gegevens=form.gegevens(),
            motivering=d["motivering"],
            hardheidsclausule=d["hardheidsclausule"],
            akkoord_client=d["akkoord_client"],
            akkoord_verwijzer=d["akkoord_verwijzer"],
            **form.route(),
        ),
        success=_("De indicatie is vastgelegd met de bevindingen van de regels."),
        next_url=indicatie_url(dossier.public_id),
        veld_van=lambda bevinding: VELD_VAN_REGEL.get(bevinding.regel, "product"),
    )


@route(scope="inwoner", audit="wijzigen")
@login_required
@rol_vereist(Rol.CONSULENT)
@require_http_methods(["GET", "POST"])
def indicatie(request, public_id):
    """Indicatie samenstellen, with the rules module's findings beside the form (live through htmx)."""
    dossier = get_dossier(request, public_id)
    form = IndicatieForm(request.POST or None, domein=dossier.domein, gemeente=dossier.gemeente)
    resultaat = None
    if request.method == "GET":
        record(Actie.LEZEN, dossier, omschrijving="Indicaties bekeken")
    if request.method == "POST" and (gedaan := _voorstellen(request, dossier, form)):
        return gedaan
    if form.is_bound:
        resultaat = _toets_of_niets(dossier, form, request.user)
    return render(
        request,
        "verwijzing/indicatie.html",
        _indicatie_context(dossier, form, resultaat),
        status=400 if form.errors else 200,
    )


def _toets_of_niets(dossier, form, gebruiker, behalve=None):
    """Findings for what is filled in so far: the rules need only product and ingangsdatum, so other
    fields still being typed (volume, frequentie…) do not hide them. `behalve`: the indicatie being changed."""
    d = getattr(form, "cleaned_data", {})
    if not (d.get("product") and d.get("ingangsdatum")):
        return None
    gegevens = {
        "product": d["product"],
        "ingangsdatum": d["ingangsdatum"],
        "einddatum": d.get("einddatum"),
        "aanbieder": d.get("aanbieder_niet_gecontracteerd") if form.niet_gecontracteerd() else d.get("aanbieder"),
    }
    try:
        return indicatie_services.verdict_voor_route(
            dossier=dossier,
            gegevens=gegevens,
            niet_gecontracteerd=form.niet_gecontracteerd(),
            bijzondere_toegang=heeft_bijzondere_toegang(gebruiker, dossier.gemeente),  # as on save
            behalve=behalve,
        )
    except ValueError:  # e.g. einddatum before ingangsdatum: the form says so beside the field
        return None


@route(scope="inwoner", audit="lezen")
@login_required
@require_POST
def indicatie_toetsen(request, public_id):
    """The htmx partial: findings for what is on the form now. Nothing is stored."""
    dossier = get_dossier(request, public_id)
    record(Actie.LEZEN, dossier, omschrijving="Regels getoetst voor een voorgestelde indicatie")
    form = IndicatieForm(request.POST, domein=dossier.domein, gemeente=dossier.gemeente)
    form.is_valid()
    # The aanbieder list, the frequenties and the omvang labels follow the product (out-of-band swaps).
    resultaat = _toets_of_niets(dossier, form, request.user, behalve=_gewijzigde_indicatie(request, dossier))
    context = {"resultaat": resultaat, "form": form, "velden_bijwerken": True}
    return render(request, "verwijzing/_bevindingen.html", context)


def _gewijzigde_indicatie(request, dossier):
    """The indicatie the wijzigen screen names in its live check (the field `wijzigt`), or None on any other page.
    Saving the change withdraws it before the new one is checked, so the live findings leave it out too. The id
    comes from the browser: one that is not this dossier's is not found (404), never silently left out."""
    wijzigt = request.POST.get("wijzigt", "")
    if not wijzigt:
        return None
    if not wijzigt.isdigit():
        raise Http404
    return get_object_or_404(dossier.indicaties, pk=int(wijzigt))


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_POST
def matchingsverzoek_sturen(request, public_id, indicatie_id):
    dossier = get_dossier(request, public_id)
    indicatie = get_object_or_404(dossier.indicaties, pk=indicatie_id)
    return submit_button(
        request,
        lambda: indicatie_services.matchingsverzoek_sturen(door=request.user, indicatie=indicatie),
        success=_("Het matchingsverzoek is verstuurd naar het contactpunt Toegang van de aanbieder."),
        next_url=indicatie_url(public_id),
        refused_url=indicatie_url(public_id),
    )
