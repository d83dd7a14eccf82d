"""The leefzorgplan: start it, write it in versions, hand out a version as PDF; offer it for signing (the
inwoner's page behind the link and the code) or register a copy signed on paper."""

import time

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Rol
from accounts.permissions import rol_vereist
from audit.models import Actie
from audit.services import record
from toegang.fouten import Geweigerd
from toegang.routes import route
from toegang.views import submit_button, submit_form
from verwijzing.leefzorgplan import ondertekening as ondertekening_services
from verwijzing.leefzorgplan import plan as plan_services
from verwijzing.leefzorgplan import upload as upload_services

from ..forms.leefzorgplan import DoelFormSet, LeefzorgplanForm, OndertekenCodeForm, UploadForm
from ..leefzorgplan.pdf import render as leefzorgplan_als_pdf
from ..leefzorgplan.secties import secties_voor as leefzorgplan_secties
from ..models import Status
from .dossier import dossier_url, get_dossier, render_dossier


def leefzorgplan_url(public_id) -> str:
    return reverse("verwijzing:leefzorgplan", kwargs={"public_id": public_id})


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_POST
def leefzorgplan_starten(request, public_id):
    dossier = get_dossier(request, public_id)
    return submit_button(
        request,
        lambda: plan_services.leefzorgplan_starten(door=request.user, dossier=dossier),
        success=None,
        next_url=leefzorgplan_url(public_id),
        refused_url=dossier_url(public_id),
    )


def _als_json(doel: dict) -> dict:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in doel.items()}


@route(scope="inwoner", audit="wijzigen")
@login_required
@rol_vereist(Rol.CONSULENT, Rol.BACKOFFICE)
@require_http_methods(["GET", "POST"])
def leefzorgplan(request, public_id):
    """The inwoner's leefzorgplan: sections and SMART doelen, saved as versions. Never for an aanbieder."""
    dossier = get_dossier(request, public_id)
    laatste = dossier.leefzorgplanversies.order_by("-versie").first()
    record(Actie.LEZEN, dossier, omschrijving="Leefzorgplan bekeken")
    secties = leefzorgplan_secties(dossier, timezone.localdate())
    form = LeefzorgplanForm(request.POST or None, secties=secties, initial_secties=laatste.secties if laatste else None)
    doelen = DoelFormSet(
        request.POST or None, prefix="doel", initial=laatste.doelen if laatste and request.method == "GET" else None
    )
    if request.method == "POST" and doelen.is_valid():
        gedaan = submit_form(
            request,
            form,
            lambda gegevens: plan_services.leefzorgplan_opslaan(
                door=request.user,
                dossier=dossier,
                secties=gegevens,
                doelen=[_als_json(d) for d in doelen.cleaned_data if d.get("doel")],
            ),
            success=lambda versie: _("Leefzorgplan opgeslagen als versie %(n)s.") % {"n": versie.versie},
            next_url=leefzorgplan_url(public_id),
        )
        if gedaan:
            return gedaan
    bewerkbaar = dossier.status == Status.LEEFZORGPLAN and request.user.rol == Rol.CONSULENT
    return render(
        request,
        "verwijzing/leefzorgplan.html",
        {
            "dossier": dossier,
            "form": form,
            "doelen": doelen,
            "laatste": laatste,
            "bewerkbaar": bewerkbaar,
            "versies": dossier.leefzorgplanversies.order_by("-versie"),
        },
        status=400 if (form.errors or doelen.total_error_count()) else 200,
    )


@route(scope="inwoner", audit="lezen")
@login_required
@rol_vereist(Rol.CONSULENT, Rol.BACKOFFICE)
def leefzorgplan_pdf(request, public_id, versie):
    """One version of the leefzorgplan as a PDF, for the consulent to hand to the inwoner. Never for an
    aanbieder: the dossier's scope has no aanbieder in it, and the role is checked as well."""
    dossier = get_dossier(request, public_id)
    plan = get_object_or_404(dossier.leefzorgplanversies, versie=versie)
    record(Actie.LEZEN, plan, omschrijving=f"Leefzorgplan versie {plan.versie} als PDF")
    response = HttpResponse(leefzorgplan_als_pdf(plan), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="leefzorgplan-{dossier.pk}-v{plan.versie}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def _verstuurd_aan(ondertekeningen) -> str:
    return _("Het leefzorgplan is ter ondertekening verstuurd aan: %(wie)s.") % {
        "wie": ", ".join(f"{o.naam} ({o.get_rol_display().lower()})" for o in ondertekeningen)
    }


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_POST
def ter_ondertekening_aanbieden(request, public_id):
    dossier = get_dossier(request, public_id)
    return submit_button(
        request,
        lambda: ondertekening_services.ter_ondertekening_aanbieden(
            door=request.user, dossier=dossier, basis_url=request.build_absolute_uri("/").rstrip("/")
        ),
        success=_verstuurd_aan,
        next_url=dossier_url(public_id),
        refused_url=dossier_url(public_id),
    )


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_POST
def getekend_exemplaar_registreren(request, public_id):
    """A copy the inwoner signed on paper, uploaded as PDF; it counts once the virus scan passes it."""
    dossier = get_dossier(request, public_id)
    form = UploadForm(request.POST, request.FILES, prefix="upload")

    def registreren(gegevens):
        bestand = gegevens["bestand"]
        upload_services.getekend_exemplaar_registreren(
            door=request.user,
            dossier=dossier,
            inhoud=bestand.read(),
            content_type=bestand.content_type,
            getekend_door=gegevens["getekend_door"],
            getekend_op=gegevens["getekend_op"],
        )

    gedaan = submit_form(
        request,
        form,
        registreren,
        success=_("Het getekende exemplaar is ontvangen. Het telt zodra de virusscan het goedkeurt."),
        next_url=dossier_url(public_id),
    )
    return gedaan or render_dossier(request, dossier, gebonden=form)


SESSIE_SLEUTEL = "ondertekening"


def _ondertekenpagina(request, context, status=200):
    response = render(request, "verwijzing/ondertekenen.html", context, status=status)
    response["Cache-Control"] = "no-store"  # the plan is personal data, and the page a one-time one
    return response


def _wissel_in(request, token: str):
    """First use of the link: the token becomes a short-lived session entry and the browser goes on to a URL
    without it (the token rides in the query string, which the access log leaves out: docker-compose.yml)."""
    sessie = request.session.get(SESSIE_SLEUTEL) or {}
    try:
        ondertekening = ondertekening_services.link_inwisselen(token)
    except ondertekening_services.LinkAlGebruikt as fout:
        # The same browser opening its own link again (a double click, a reload) just goes on.
        if sessie.get("id") == fout.ondertekening_id and sessie.get("tot", 0) > time.time():
            return redirect("ondertekenen")
        return _ondertekenpagina(request, {"fout": str(fout)}, status=410)
    except Geweigerd as fout:
        return _ondertekenpagina(request, {"fout": str(fout)}, status=410)
    request.session.cycle_key()
    request.session[SESSIE_SLEUTEL] = {
        "id": ondertekening.pk,
        "tot": time.time() + ondertekening_services.ONDERTEKEN_SESSIE.total_seconds(),
    }
    response = redirect("ondertekenen")
    response["Referrer-Policy"] = "no-referrer"
    return response


def _plan_tonen(request, ondertekening, form):
    """After a correct code: the plan itself, with the button to sign it."""
    record(
        Actie.LEZEN,
        ondertekening.versie,
        omschrijving=f"Leefzorgplan gelezen via ondertekenlink ({ondertekening.rol})",
    )
    secties = dict(leefzorgplan_secties(ondertekening.dossier, timezone.localdate()))
    context = {
        "ondertekening": ondertekening,
        "form": form,
        "plan": ondertekening.versie,
        "koppen": secties,
        "code": form.cleaned_data["code"],
    }
    return _ondertekenpagina(request, context)


@route(scope="ondertekenlink", audit="lezen")
@require_http_methods(["GET", "POST"])
def ondertekenen(request):
    """The inwoner's page: the link's token is exchanged for a session first; then the code, only then the
    plan is shown, and it can be signed."""
    if request.method == "GET" and request.GET.get("t"):
        # Opening the link changes nothing: mail scanners (Safe Links and the like) fetch links before the
        # inwoner does and would spend a one-time link. The exchange waits for the inwoner's button (POST).
        response = _ondertekenpagina(request, {"openen": request.GET["t"]})
        # Never to another site; the button's POST to ourselves needs its Origin (CSRF), which no-referrer hides.
        response["Referrer-Policy"] = "same-origin"
        return response
    if request.method == "POST" and request.POST.get("t"):
        return _wissel_in(request, request.POST["t"])
    sessie = request.session.get(SESSIE_SLEUTEL) or {}
    if not sessie.get("id") or sessie.get("tot", 0) < time.time():
        request.session.pop(SESSIE_SLEUTEL, None)
        fout = _(
            "Deze pagina is verlopen of de link is al gebruikt. Een link werkt maar één keer; "
            "vraag uw consulent om een nieuwe link."
        )
        return _ondertekenpagina(request, {"fout": fout}, status=410)
    try:
        ondertekening = ondertekening_services.get_ondertekening(sessie["id"])
    except Geweigerd as fout:
        request.session.pop(SESSIE_SLEUTEL, None)
        return _ondertekenpagina(request, {"fout": str(fout)}, status=410)
    form = OndertekenCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if "tekenen" in request.POST:
                ondertekening_services.leefzorgplan_ondertekenen(
                    ondertekening_id=ondertekening.pk, code=form.cleaned_data["code"]
                )
                request.session.pop(SESSIE_SLEUTEL, None)
                return _ondertekenpagina(request, {"klaar": True})
            ondertekening = ondertekening_services.code_controleren(
                ondertekening_id=ondertekening.pk, code=form.cleaned_data["code"]
            )
        except Geweigerd as fout:
            form.add_error("code", str(fout))
        else:
            return _plan_tonen(request, ondertekening, form)
    return _ondertekenpagina(
        request, {"ondertekening": ondertekening, "form": form}, status=400 if form.errors else 200
    )
