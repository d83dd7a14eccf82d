from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import Rol
from accounts.scoping import get_in_scope_or_404
from audit.models import Actie
from audit.services import record
from regie.regelset import regelset
from toegang.fouten import Geweigerd
from toegang.routes import route
from verwijzing.indicatie import matchingsverzoek_beantwoorden, uiterlijk_matchingsgesprek
from verwijzing.models import Matchingsverzoek

from .forms import BlauwDeelForm


def _alleen_aanbieder(request):
    if request.user.rol != Rol.AANBIEDER:
        raise PermissionDenied


@route(scope="inwoner", audit="lezen")
@login_required
def verzoeken(request):
    """The aanbieder's werkvoorraad: open verzoeken first, oldest first, with the 5-werkdagen clock."""
    _alleen_aanbieder(request)
    lijst = list(
        Matchingsverzoek.objects.visible_to(request.user)
        .select_related("product")
        .order_by("-status", "verzonden_op", "id")[:200]
    )
    rs = regelset(timezone.localdate())  # one snapshot for the whole list
    regels = [(v, uiterlijk_matchingsgesprek(v, rs)) for v in lijst]
    record(Actie.LEZEN, object_type="verwijzing.matchingsverzoek", omschrijving=f"Portaal: {len(lijst)} verzoeken")
    return render(request, "portaal/verzoeken.html", {"regels": regels})


@route(scope="inwoner", audit="lezen")
@login_required
@require_http_methods(["GET", "POST"])
def verzoek(request, public_id):
    _alleen_aanbieder(request)
    verzoek = get_in_scope_or_404(
        Matchingsverzoek.objects.select_related("product", "aanbieder"), request.user, public_id=public_id
    )
    record(Actie.LEZEN, verzoek, omschrijving="Matchingsverzoek bekeken door aanbieder")
    form = BlauwDeelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            matchingsverzoek_beantwoorden(door=request.user, verzoek=verzoek, **form.cleaned_data)
        except Geweigerd as fout:
            form.add_error(None, str(fout))
        else:
            messages.success(request, _("Het format is teruggestuurd naar de toegang."))
            return redirect("portaal:verzoeken")
    return render(
        request,
        "portaal/verzoek.html",
        {
            "verzoek": verzoek,
            "form": form,
            "uiterlijk": uiterlijk_matchingsgesprek(verzoek),
        },
        status=400 if form.errors else 200,
    )
