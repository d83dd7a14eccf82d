"""Inwoner screens. Thin: parse the form, call a service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Rol
from accounts.permissions import ROLLEN_CLIENTGEGEVENS, rol_vereist
from toegang.fouten import Geweigerd
from toegang.routes import route

from . import services
from .forms import BuitenScopeForm, InwonerForm, ZoekForm
from .models import Inwoner


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


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_http_methods(["GET", "POST"])
@rol_vereist(Rol.CONSULENT)
def nieuw(request):
    form = InwonerForm(request.POST or None, gebruiker=request.user)
    if request.method == "POST" and form.is_valid():
        if Inwoner.objects.filter(bsn=form.cleaned_data["bsn"]).exists():
            form.add_error("bsn", _("Er is al een inwoner met dit BSN. Zoek de inwoner op BSN om verder te gaan."))
        else:
            try:
                inwoner = services.inwoner_registreren(
                    request.user,
                    gemeente=form.cleaned_data["gemeente"],
                    gegevens=form.gegevens(),
                    brp_adres=form.brp_adres(),
                    reden=form.cleaned_data["reden"],
                )
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
