from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from accounts.models import Rol

from .routes import route


@route(scope="publiek", audit="geen")
def index(request):
    return redirect("start" if request.user.is_authenticated else "accounts:login")


@route(scope="ingelogd", audit="geen")
@login_required
def start(request):
    """The start page per role: only links and counts that carry no personal data."""
    user = request.user
    template = {
        Rol.CONSULENT: "start/consulent.html",
        Rol.BACKOFFICE: "start/backoffice.html",
        Rol.AANBIEDER: "start/aanbieder.html",
        Rol.REGIE: "start/regie.html",
        Rol.BEHEER: "start/beheer.html",
        Rol.APPLICATIEBEHEER: "start/applicatiebeheer.html",
    }.get(user.rol, "start/onbekend.html")
    gemeenten = [lid.gemeente for lid in user.lidmaatschappen.select_related("gemeente").order_by("gemeente__naam")]
    return render(request, template, {"gemeenten": gemeenten})
