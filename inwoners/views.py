"""Inwoner screens. Thin: parse the form, call a service, render."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Rol
from accounts.permissions import ROLLEN_CLIENTGEGEVENS, rol_vereist
from toegang.fouten import Geweigerd
from toegang.idempotent import AlVerwerkt, eenmalig, inhoud_van, naar_eerste_resultaat
from toegang.routes import route
from toegang.views import submit_form

from . import services
from .forms import BerichtenverkeerForm, BuitenScopeForm, InwonerForm, ZoekForm
from .models import Inwoner
from .relatieforms import InwonerWijzigenForm, RelatieBeeindigenForm, RelatieForm


@route(scope="inwoner", audit="zoeken")
@login_required
@require_http_methods(["GET", "POST"])
@rol_vereist(*ROLLEN_CLIENTGEGEVENS)
def zoeken(request):
    """Search by POST, so a BSN never lands in a URL or an access log."""
    resultaat = None
    buiten_scope_form = None
    if request.method == "POST":
        form = ZoekForm(request.POST)
        if form.is_valid():
            resultaat = services.inwoner_zoeken(request.user, **form.cleaned_data)
            if resultaat.buiten_scope:
                buiten_scope_form = BuitenScopeForm(gebruiker=request.user, initial={"bsn": form.cleaned_data["bsn"]})
    else:
        form = ZoekForm()
    status = 400 if form.errors else 200
    return render(
        request,
        "inwoners/zoeken.html",
        {
            "form": form,
            "resultaat": resultaat,
            "buiten_scope_form": buiten_scope_form,
            "mag_registreren": request.user.rol == Rol.CONSULENT,
        },
        status=status,
    )


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_POST
@rol_vereist(Rol.CONSULENT)
def buiten_scope(request):
    """The out-of-scope step: a reason, audited; then only this inwoner's own page is shown."""
    form = BuitenScopeForm(request.POST, gebruiker=request.user)
    if form.is_valid():
        try:
            inwoner = services.open_voor_melding(request.user, **form.cleaned_data)
        except (Geweigerd, Inwoner.DoesNotExist):
            form.add_error(None, _("Deze inwoner kan niet worden geopend."))
        else:
            messages.info(request, _("De inwoner is geopend voor een nieuwe melding. Dit is vastgelegd met uw reden."))
            return redirect("inwoners:detail", public_id=inwoner.public_id)
    return render(request, "inwoners/buiten_scope.html", {"form": form}, status=400)


def _registreren(gebruiker, form):
    if Inwoner.objects.filter(bsn=form.cleaned_data["bsn"]).exists():
        raise ValidationError({"bsn": _("Er is al een inwoner met dit BSN. Zoek de inwoner op BSN om verder te gaan.")})
    return services.inwoner_registreren(
        gebruiker,
        gemeente=form.cleaned_data["gemeente"],
        gegevens=form.gegevens(),
        brp_adres=form.brp_adres(),
        reden=form.cleaned_data["reden"],
    )


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_http_methods(["GET", "POST"])
@rol_vereist(Rol.CONSULENT)
def nieuw(request):
    form = InwonerForm(request.POST or None, gebruiker=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            # Once per form token: back + resubmit goes to the inwoner the first post registered.
            inwoner = eenmalig(
                form.form_token(),
                request.user,
                lambda: _registreren(request.user, form),
                lambda i: reverse("inwoners:detail", kwargs={"public_id": i.public_id}),
                inhoud=inhoud_van(request),
            )
        except AlVerwerkt as al:
            return naar_eerste_resultaat(request, al)
        except ValidationError as fout:
            for veld, fouten in fout.message_dict.items():
                form.add_error(veld if veld in form.fields else None, fouten)
        except Geweigerd as fout:
            form.add_error("reden", str(fout))
        else:
            messages.success(request, _("De inwoner is geregistreerd."))
            return redirect("inwoners:detail", public_id=inwoner.public_id)
    return render(request, "inwoners/nieuw.html", {"form": form}, status=400 if form.errors else 200)


@route(scope="inwoner", audit="lezen")
@login_required
@rol_vereist(*ROLLEN_CLIENTGEGEVENS)
def detail(request, public_id):
    inwoner = services.lees(request.user, public_id)
    return render(request, "inwoners/detail.html", {"inwoner": inwoner})


def _naar_inwoner(inwoner):
    return reverse("inwoners:detail", kwargs={"public_id": inwoner.public_id})


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_http_methods(["GET", "POST"])
@rol_vereist(Rol.CONSULENT)
def relatie_toevoegen(request, public_id):
    """One relatie per form token: a back + resubmit finds the relatie the first post made."""
    inwoner = services.get_inwoner(request.user, public_id)
    form = RelatieForm(request.POST or None, initial={"token": uuid.uuid4()}, gebruiker=request.user, nieuw=True)
    if request.method == "POST":
        antwoord = submit_form(
            request,
            form,
            lambda d: services.relatie_toevoegen(
                request.user, inwoner, token=d["token"], reden=d["reden"], **form.gegevens()
            ),
            success=_("De relatie is vastgelegd."),
            next_url=_naar_inwoner(inwoner),
        )
        if antwoord:
            return antwoord
    context = {"form": form, "inwoner": inwoner, "titel": _("Relatie toevoegen"), "knop": _("Relatie toevoegen")}
    return render(request, "inwoners/relatie.html", context, status=400 if form.errors else 200)


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_http_methods(["GET", "POST"])
@rol_vereist(Rol.CONSULENT)
def relatie_wijzigen(request, public_id, nummer):
    relatie = services.get_relatie(request.user, public_id, nummer)
    inwoner = relatie.inwoner
    huidig = {naam: getattr(relatie, naam) for naam in RelatieForm.VELDEN}
    form = RelatieForm(request.POST or None, initial=huidig, gebruiker=request.user, nieuw=False)
    if request.method == "POST":
        antwoord = submit_form(
            request,
            form,
            lambda d: services.relatie_wijzigen(
                request.user, relatie=relatie, gegevens=form.gegevens(), reden=d["reden"]
            ),
            success=_("De relatie is gewijzigd."),
            next_url=_naar_inwoner(inwoner),
        )
        if antwoord:
            return antwoord
    context = {"form": form, "inwoner": inwoner, "titel": _("Relatie wijzigen"), "knop": _("Relatie wijzigen")}
    return render(request, "inwoners/relatie.html", context, status=400 if form.errors else 200)


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_http_methods(["GET", "POST"])
@rol_vereist(Rol.CONSULENT)
def relatie_beeindigen(request, public_id, nummer):
    relatie = services.get_relatie(request.user, public_id, nummer)
    form = RelatieBeeindigenForm(request.POST or None)
    if request.method == "POST":
        antwoord = submit_form(
            request,
            form,
            lambda d: services.relatie_beeindigen(request.user, relatie=relatie, **d),
            success=_("De relatie is beëindigd."),
            next_url=_naar_inwoner(relatie.inwoner),
        )
        if antwoord:
            return antwoord
    context = {
        "form": form,
        "inwoner": relatie.inwoner,
        "relatie": relatie,
        "titel": _("Relatie beëindigen"),
        "knop": _("Relatie beëindigen"),
    }
    return render(request, "inwoners/relatie.html", context, status=400 if form.errors else 200)


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_http_methods(["GET", "POST"])
@rol_vereist(Rol.CONSULENT)
def inwoner_wijzigen(request, public_id):
    inwoner = services.get_inwoner(request.user, public_id)
    huidig = {naam: getattr(inwoner, naam) for naam in InwonerWijzigenForm.EIGEN}
    if inwoner.geboortedatum_onbekend:  # OP252: an unknown birth date shows as an empty field, never 01-01-1900
        huidig["geboortedatum"] = None
    form = InwonerWijzigenForm(request.POST or None, initial=huidig)
    if request.method == "POST":
        antwoord = submit_form(
            request,
            form,
            lambda d: services.inwoner_wijzigen(
                request.user,
                inwoner=inwoner,
                gegevens=form.gegevens(),
                adres=form.adres(),
                bron=d["bron"],
                reden=d["reden"],
            ),
            success=_("De gegevens van de inwoner zijn gewijzigd."),
            next_url=_naar_inwoner(inwoner),
        )
        if antwoord:
            return antwoord
    context = {
        "form": form,
        "inwoner": inwoner,
        "titel": _("Gegevens wijzigen"),
        "knop": _("Gegevens wijzigen"),
    }
    return render(request, "inwoners/relatie.html", context, status=400 if form.errors else 200)


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_http_methods(["GET", "POST"])
@rol_vereist(Rol.CONSULENT)
def berichtenverkeer(request, public_id):
    """OP003: a consulent stops berichtenverkeer for this client (or resumes it), with a reason."""
    inwoner = services.get_inwoner(request.user, public_id)
    huidig = BerichtenverkeerForm.HERVATTEN if inwoner.geen_berichtenverkeer else BerichtenverkeerForm.UITSLUITEN
    form = BerichtenverkeerForm(request.POST or None, initial={"actie": huidig})
    # What the page asked for, not the state now: sent again after the back button it is refused, not reversed.
    actie = form.data.get("actie") if form.is_bound else huidig
    if actie == BerichtenverkeerForm.HERVATTEN:
        titel, succes = _("Berichtenverkeer hervatten"), _("Voor deze inwoner wordt weer berichtenverkeer gebruikt.")
        service = services.berichtenverkeer_hervatten
    else:
        titel, succes = (
            _("Geen berichtenverkeer (OP003)"),
            _("Voor deze inwoner wordt geen berichtenverkeer meer gebruikt."),
        )
        service = services.berichtenverkeer_uitsluiten
    if request.method == "POST":
        antwoord = submit_form(
            request,
            form,
            lambda d: service(request.user, inwoner=inwoner, reden=d["reden"]),
            success=succes,
            next_url=_naar_inwoner(inwoner),
        )
        if antwoord:
            return antwoord
    context = {"form": form, "inwoner": inwoner, "titel": titel, "knop": titel}
    return render(request, "inwoners/relatie.html", context, status=400 if form.errors else 200)
