"""The aanbieder's portal: its matchingsverzoeken, and the format (blauw deel) it sends back."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.models import Rol
from accounts.permissions import rol_vereist
from accounts.scoping import get_in_scope_or_404
from audit.models import Actie
from audit.services import record
from regie.regelset import regelset
from toegang.routes import route
from toegang.views import submit_form
from verwijzing import selectors
from verwijzing.indicatie import matchingsverzoek_beantwoorden, uiterlijk_matchingsgesprek
from verwijzing.models import Matchingsverzoek, VerzoekStatus

from .forms import BlauwDeelForm

# The status as the aanbieder reads it: "Verzonden" is the gemeente's side of the same request.
STATUS_AANBIEDER = {
    VerzoekStatus.VERZONDEN: gettext_lazy("Te beantwoorden"),
    VerzoekStatus.PASSEND: gettext_lazy("Beantwoord: passend"),
    VerzoekStatus.NIET_PASSEND: gettext_lazy("Beantwoord: niet passend"),
    VerzoekStatus.INGETROKKEN: gettext_lazy("Ingetrokken door de gemeente"),
}


def status_aanbieder(verzoek) -> str:
    return str(STATUS_AANBIEDER.get(verzoek.status, verzoek.get_status_display()))


@route(scope="inwoner", audit="lezen")
@login_required
@rol_vereist(Rol.AANBIEDER)
def verzoeken(request):
    """The aanbieder's werkvoorraad: open verzoeken first, oldest first, with the 5-werkdagen clock; an open
    verzoek past its deadline says so in words."""
    lijst = selectors.matchingsverzoeken(request.user)
    vandaag = timezone.localdate()
    rs = regelset(vandaag)  # one snapshot for the whole list
    regels = []
    for v in lijst:
        uiterlijk = uiterlijk_matchingsgesprek(v, rs)
        te_laat = v.status == VerzoekStatus.VERZONDEN and uiterlijk < vandaag
        regels.append((v, uiterlijk, te_laat, status_aanbieder(v)))
    record(Actie.LEZEN, object_type="verwijzing.matchingsverzoek", omschrijving=f"Portaal: {len(lijst)} verzoeken")
    return render(request, "portaal/verzoeken.html", {"regels": regels})


@route(scope="inwoner", audit="lezen")
@login_required
@rol_vereist(Rol.AANBIEDER)
@require_http_methods(["GET", "POST"])
def verzoek(request, public_id):
    verzoek = get_in_scope_or_404(
        Matchingsverzoek.objects.select_related("product", "aanbieder", "indicatie"), request.user, public_id=public_id
    )
    record(Actie.LEZEN, verzoek, omschrijving="Matchingsverzoek bekeken door aanbieder")
    form = BlauwDeelForm(request.POST or None, ingangsdatum=verzoek.indicatie.ingangsdatum)
    if request.method == "POST":
        gedaan = submit_form(
            request,
            form,
            lambda gegevens: matchingsverzoek_beantwoorden(door=request.user, verzoek=verzoek, **gegevens),
            success=_("Het format is teruggestuurd naar de toegang."),
            next_url=reverse("portaal:verzoeken"),
        )
        if gedaan:
            return gedaan
    return render(
        request,
        "portaal/verzoek.html",
        {
            "verzoek": verzoek,
            "form": form,
            "uiterlijk": uiterlijk_matchingsgesprek(verzoek),
            "status": status_aanbieder(verzoek),
        },
        status=400 if form.errors else 200,
    )
