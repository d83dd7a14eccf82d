"""The dossier page (with the forms of every stage that show on it) and closing a
dossier without a toekenning."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scoping import get_in_scope_or_404
from audit.models import Actie
from audit.services import record
from toegang.routes import route
from toegang.views import submit_form
from verwijzing import melding as melding_services

from .. import overzicht
from ..forms.beschikking import BekendmakingForm, HervattenForm, OpschortingForm, VerlengingForm
from ..forms.dossier import AfsluitenForm
from ..forms.leefzorgplan import UploadForm
from ..models import Dossier, Status


def get_dossier(request, public_id) -> Dossier:
    """The dossier in the user's scope, or a 404 (the attempt audited)."""
    return get_in_scope_or_404(
        Dossier.objects.select_related("inwoner", "gemeente", "consulent"), request.user, public_id=public_id
    )


def dossier_url(public_id) -> str:
    return reverse("verwijzing:dossier", kwargs={"public_id": public_id})


class _Formulieren(dict):
    """The page's empty forms by prefix, each made when the template first shows it: a dossier in one state
    shows one of them or none, and a form costs its fields and token to make."""

    def __init__(self, maken: dict):
        super().__init__()
        self._maken = maken

    def __missing__(self, prefix):
        formulier = self[prefix] = self._maken[prefix]()
        return formulier


def _formulieren(geadresseerden: str = "") -> _Formulieren:
    """The empty forms of the dossier page, each under its prefix; the bekendmaking proposes the names the
    beschikking letter is addressed to."""
    vandaag = timezone.localdate()
    return _Formulieren(
        {
            "afsluiten": AfsluitenForm,
            "upload": lambda: UploadForm(prefix="upload", initial={"getekend_op": vandaag}),
            "opschorten": lambda: OpschortingForm(
                prefix="opschorten", initial={"vanaf": vandaag, "medegedeeld_op": vandaag}
            ),
            "hervatten": lambda: HervattenForm(prefix="hervatten", initial={"tot": vandaag}),
            "verlengen": lambda: VerlengingForm(prefix="verlengen", initial={"medegedeeld_op": vandaag}),
            "bekendmaking": lambda: BekendmakingForm(
                prefix="bekendmaking",
                initial={"verzonden_op": vandaag, "kanaal": "post", "geadresseerden": geadresseerden},
            ),
        }
    )


def render_dossier(request, dossier, gebonden=None):
    """The dossier page, the whole dossier at a glance (verwijzing.overzicht); a form that failed
    (`gebonden`) is shown again in place with its errors on it, announced at the top of the page with a link
    to the form's own error summary (`fout_anker`)."""
    gegevens = overzicht.dossier_overzicht(request.user, dossier)
    context = {
        "dossier": dossier,
        "open": dossier.status in {Status.MELDING, Status.ONDERZOEK, Status.INDICATIE},
        **gegevens,
        "formulieren": _formulieren(gegevens["geadresseerden"]),
    }
    if isinstance(gebonden, AfsluitenForm):
        context["formulieren"]["afsluiten"], context["fout_in"] = gebonden, "afsluiten"
    elif gebonden is not None:
        context["formulieren"][gebonden.prefix] = gebonden
        context["fout_in"] = gebonden.prefix
    if gebonden is not None:
        context["fout_anker"] = f"{gebonden.prefix or 'form'}-fouten"  # the id templates/forms/nlds_form.html gives
    return render(request, "verwijzing/dossier.html", context, status=400 if gebonden is not None else 200)


@route(scope="inwoner", audit="lezen")
@login_required
def dossier(request, public_id):
    dossier = get_dossier(request, public_id)
    record(Actie.LEZEN, dossier, omschrijving="Dossier bekeken")
    return render_dossier(request, dossier)


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_POST
def dossier_afsluiten(request, public_id):
    dossier = get_dossier(request, public_id)
    form = AfsluitenForm(request.POST)
    gedaan = submit_form(
        request,
        form,
        lambda gegevens: melding_services.dossier_afsluiten(door=request.user, dossier=dossier, **gegevens),
        success=_("Het dossier is afgesloten."),
        next_url=dossier_url(public_id),
    )
    return gedaan or render_dossier(request, dossier, gebonden=form)
