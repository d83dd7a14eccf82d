"""The matching of one indicatie: its verzoeken, and the actions that fit its state — another aanbieder after a
niet passend, the gemeente's decision, withdrawing the indicatie before the plan is signed."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Rol
from accounts.permissions import rol_vereist
from audit.models import Actie
from audit.services import record
from toegang.routes import route
from toegang.views import submit_form
from verwijzing import matching as matching_services

from ..forms.indicatie import VELD_VAN_REGEL
from ..forms.matching import AndereAanbiederForm, IndicatieWijzigenForm, IntrekkenForm, MatchingsbesluitForm
from ..indicatie import uiterlijk_matchingsgesprek
from ..models import Matchingsbesluit, VerzoekStatus
from .dossier import dossier_url, get_dossier


def matching_url(public_id, indicatie_id) -> str:
    return reverse("verwijzing:matching", kwargs={"public_id": public_id, "indicatie_id": indicatie_id})


def _indicatie(request, public_id, indicatie_id):
    dossier = get_dossier(request, public_id)
    indicatie = get_object_or_404(dossier.indicaties.select_related("product", "aanbieder"), pk=indicatie_id)
    indicatie.dossier = dossier
    return dossier, indicatie


def _render(request, dossier, indicatie, gebonden=None):
    verzoeken = list(indicatie.matchingsverzoeken.select_related("aanbieder").order_by("id"))
    huidig = next((v for v in reversed(verzoeken) if v.status != VerzoekStatus.INGETROKKEN), None)
    niet_passend = huidig is not None and huidig.status == VerzoekStatus.NIET_PASSEND
    formulieren = {
        "opnieuw": AndereAanbiederForm(prefix="opnieuw", indicatie=indicatie)
        if niet_passend and huidig.besluit != Matchingsbesluit.LEVERINGSPLICHT
        else None,
        "besluit": MatchingsbesluitForm(prefix="besluit") if niet_passend and not huidig.besluit else None,
        "intrekken": IntrekkenForm(prefix="intrekken")
        if dossier.status in matching_services.VOOR_ONDERTEKENING
        else None,
    }
    if gebonden is not None:
        formulieren[gebonden.prefix] = gebonden
    # The open verzoek's deadline, flagged when past, as the werkvoorraad and the dossier flag it.
    termijn = None
    if huidig is not None and huidig.status == VerzoekStatus.VERZONDEN:
        uiterlijk = uiterlijk_matchingsgesprek(huidig)
        termijn = {"uiterlijk": uiterlijk, "te_laat": uiterlijk < timezone.localdate()}
    context = {
        "dossier": dossier,
        "indicatie": indicatie,
        "verzoeken": verzoeken,
        "huidig": huidig,
        "termijn": termijn,
        **formulieren,
    }
    return render(request, "verwijzing/matching.html", context, status=400 if gebonden is not None else 200)


@route(scope="inwoner", audit="lezen")
@login_required
@rol_vereist(Rol.CONSULENT)
def matching(request, public_id, indicatie_id):
    dossier, indicatie = _indicatie(request, public_id, indicatie_id)
    record(Actie.LEZEN, indicatie, omschrijving="Matching van een indicatie bekeken")
    return _render(request, dossier, indicatie)


@route(scope="inwoner", audit="wijzigen")
@login_required
@rol_vereist(Rol.CONSULENT)
@require_POST
def matchingsverzoek_opnieuw(request, public_id, indicatie_id):
    dossier, indicatie = _indicatie(request, public_id, indicatie_id)
    form = AndereAanbiederForm(request.POST, prefix="opnieuw", indicatie=indicatie)
    gedaan = submit_form(
        request,
        form,
        lambda _d: matching_services.matchingsverzoek_opnieuw(door=request.user, indicatie=indicatie, **form.keuze()),
        success=_("Het matchingsverzoek is verstuurd naar de andere aanbieder."),
        next_url=matching_url(public_id, indicatie_id),
    )
    return gedaan or _render(request, dossier, indicatie, gebonden=form)


@route(scope="inwoner", audit="wijzigen")
@login_required
@rol_vereist(Rol.CONSULENT)
@require_POST
def matchingsbesluit_nemen(request, public_id, indicatie_id):
    dossier, indicatie = _indicatie(request, public_id, indicatie_id)
    form = MatchingsbesluitForm(request.POST, prefix="besluit")
    huidig = indicatie.matchingsverzoeken.huidig_per_indicatie().get(indicatie.pk)  # the one definition
    if huidig is None:
        raise Http404
    gedaan = submit_form(
        request,
        form,
        lambda d: matching_services.matchingsbesluit_nemen(door=request.user, verzoek=huidig, **d),
        success=_("Het besluit van de gemeente is vastgelegd."),
        next_url=matching_url(public_id, indicatie_id),
    )
    return gedaan or _render(request, dossier, indicatie, gebonden=form)


@route(scope="inwoner", audit="wijzigen")
@login_required
@rol_vereist(Rol.CONSULENT)
@require_POST
def indicatie_intrekken(request, public_id, indicatie_id):
    dossier, indicatie = _indicatie(request, public_id, indicatie_id)
    form = IntrekkenForm(request.POST, prefix="intrekken")
    gedaan = submit_form(
        request,
        form,
        lambda d: matching_services.indicatie_intrekken(door=request.user, indicatie=indicatie, **d),
        success=_("De indicatie is ingetrokken."),
        next_url=dossier_url(public_id),
    )
    return gedaan or _render(request, dossier, indicatie, gebonden=form)


@route(scope="inwoner", audit="wijzigen")
@login_required
@rol_vereist(Rol.CONSULENT)
@require_http_methods(["GET", "POST"])
def indicatie_wijzigen(request, public_id, indicatie_id):
    """The indicatie form, prefilled; the changed indicatie replaces the old one and its matching starts again."""
    dossier, indicatie = _indicatie(request, public_id, indicatie_id)
    form = IndicatieWijzigenForm(
        request.POST or None,
        domein=dossier.domein,
        gemeente=dossier.gemeente,
        initial=IndicatieWijzigenForm.initial_van(indicatie),
    )
    if request.method == "POST":
        gedaan = submit_form(
            request,
            form,
            lambda d: matching_services.indicatie_wijzigen(
                door=request.user,
                indicatie=indicatie,
                gegevens=form.gegevens(),
                reden=d["reden_wijziging"],
                motivering=d["motivering"],
                hardheidsclausule=d["hardheidsclausule"],
                akkoord_client=d["akkoord_client"],
                akkoord_verwijzer=d["akkoord_verwijzer"],
                **form.route(),
            ),
            success=_("De indicatie is gewijzigd; de matching begint opnieuw."),
            next_url=lambda nieuw: matching_url(public_id, nieuw.pk),
            veld_van=lambda bevinding: VELD_VAN_REGEL.get(bevinding.regel, "product"),
        )
        if gedaan:
            return gedaan
    else:
        record(Actie.LEZEN, indicatie, omschrijving="Indicatie geopend om te wijzigen")
    context = {"dossier": dossier, "indicatie": indicatie, "form": form}
    return render(request, "verwijzing/indicatie_wijzigen.html", context, status=400 if form.errors else 200)
