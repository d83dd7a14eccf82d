"""A toewijzing after the beschikking: its page with the change forms (oprekken, garantiefase, omvang,
intrekken, verwijderen) and the herindicatie that starts a new dossier from it."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import mag_beschikken
from audit.models import Actie
from audit.services import record
from toegang.routes import route
from toegang.views import submit_button, submit_form
from verwijzing import melding as melding_services
from verwijzing import toewijzing as toewijzing_services

from .. import selectors
from ..forms.toewijzing import GarantiefaseForm, IntrekkenForm, OmvangForm, OprekkenForm, VerwijderenForm
from .dossier import dossier_url, get_dossier

# The change forms of the toewijzing page, by prefix (the order they show in).
WIJZIGINGEN = {
    "oprekken": OprekkenForm,
    "garantiefase": GarantiefaseForm,
    "omvang": OmvangForm,
    "intrekken": IntrekkenForm,
    "verwijderen": VerwijderenForm,
}


def _toon_toewijzing(request, dossier, t, gebonden=None):
    """The toewijzing page: its facts and, for who decides, the change forms. A bound form that failed
    is shown again with its errors on it (status 400), the other forms empty."""
    beslisser = mag_beschikken(request.user, dossier.gemeente, dossier.domein)
    formulieren = {}
    if beslisser and t.laatste_wijziging not in {"beeindigd", "verwijderd"}:
        formulieren = {prefix: form_class(prefix=prefix) for prefix, form_class in WIJZIGINGEN.items()}
    if gebonden is not None:  # also for who may not decide: the refusal's reason shows on the form
        formulieren[gebonden.prefix] = gebonden
    context = {"dossier": dossier, "t": t, "formulieren": formulieren, "mag_beschikken": beslisser}
    context["leveringsregels"] = selectors.leveringsregels(t)
    return render(request, "verwijzing/toewijzing.html", context, status=400 if gebonden is not None else 200)


@route(scope="inwoner", audit="lezen")
@login_required
def toewijzing(request, public_id, toewijzing_id):
    """One toewijzing with its change forms: loaded on demand, so the dossier page stays light however
    many toewijzingen a dossier gathers over the years."""
    dossier = get_dossier(request, public_id)
    t = selectors.get_toewijzing(request.user, dossier, toewijzing_id)
    record(Actie.LEZEN, t, omschrijving="Toewijzing bekeken")
    return _toon_toewijzing(request, dossier, t)


def _toewijzing_wijzigen(request, public_id, toewijzing_id, prefix, service, gelukt):
    """One change from the toewijzing page: on success back to the dossier, else the page again."""
    dossier = get_dossier(request, public_id)
    t = selectors.get_toewijzing(request.user, dossier, toewijzing_id)
    form = WIJZIGINGEN[prefix](request.POST, prefix=prefix)
    gedaan = submit_form(
        request,
        form,
        lambda gegevens: service(door=request.user, toewijzing=t, **gegevens),
        success=gelukt,
        next_url=dossier_url(public_id),
    )
    return gedaan or _toon_toewijzing(request, dossier, t, gebonden=form)


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_POST
def toewijzing_oprekken(request, public_id, toewijzing_id):
    return _toewijzing_wijzigen(
        request,
        public_id,
        toewijzing_id,
        "oprekken",
        toewijzing_services.toewijzing_oprekken,
        _("De einddatum is opgerekt op hetzelfde toewijzingnummer."),
    )


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_POST
def garantiefase_toewijzen(request, public_id, toewijzing_id):
    return _toewijzing_wijzigen(
        request,
        public_id,
        toewijzing_id,
        "garantiefase",
        toewijzing_services.garantiefase_toewijzen,
        _("De garantiefase is toegewezen."),
    )


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_POST
def omvang_wijzigen(request, public_id, toewijzing_id):
    return _toewijzing_wijzigen(
        request,
        public_id,
        toewijzing_id,
        "omvang",
        toewijzing_services.omvang_wijzigen,
        # IV066: a Frequentie-6 volume from the ingangsdatum stays on its number; any other omvang is a new one
        lambda uit: (
            _("Het volume is gewijzigd op hetzelfde toewijzingnummer.")
            if uit.public_id == toewijzing_id
            else _("De omvang is gewijzigd: er is een nieuwe toewijzing.")
        ),
    )


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_POST
def toewijzing_intrekken(request, public_id, toewijzing_id):
    return _toewijzing_wijzigen(
        request,
        public_id,
        toewijzing_id,
        "intrekken",
        toewijzing_services.toewijzing_intrekken,
        _("De toewijzing is ingetrokken: de einddatum is vervroegd."),
    )


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_POST
def toewijzing_verwijderen(request, public_id, toewijzing_id):
    return _toewijzing_wijzigen(
        request,
        public_id,
        toewijzing_id,
        "verwijderen",
        toewijzing_services.toewijzing_verwijderen,
        _("De toewijzing is verwijderd."),
    )


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_POST
def herindicatie_starten(request, public_id, toewijzing_id):
    """A new dossier for the same care, linked to the running toewijzing."""
    dossier = get_dossier(request, public_id)
    t = selectors.get_toewijzing(request.user, dossier, toewijzing_id)
    return submit_button(
        request,
        lambda: melding_services.herindicatie_starten(door=request.user, toewijzing=t),
        success=_("Herindicatie gestart: een nieuw dossier, gekoppeld aan de lopende toewijzing."),
        next_url=lambda nieuw: dossier_url(nieuw.public_id),
        refused_url=dossier_url(public_id),
    )
