"""The dossier search, for consulent and backoffice."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from accounts.models import Rol
from accounts.permissions import rol_vereist
from toegang.routes import route

from ..forms.zoeken import DossierZoekForm
from ..zoeken import dossiers_zoeken as zoeken


@route(scope="inwoner", audit="zoeken")
@login_required
@require_http_methods(["GET", "POST"])
@rol_vereist(Rol.CONSULENT, Rol.BACKOFFICE)
def dossiers_zoeken(request):
    """Search by POST, so a name or a BSN never lands in a URL or an access log."""
    resultaat = None
    if request.method == "POST":
        form = DossierZoekForm(request.POST)
        if form.is_valid():
            resultaat = zoeken(request.user, zoekterm=form.cleaned_data["q"])
    else:
        form = DossierZoekForm()
    context = {"form": form, "resultaat": resultaat, "gezocht": request.method == "POST"}
    return render(request, "verwijzing/zoeken.html", context, status=400 if form.errors else 200)
