"""The beschikking: the notices on its beslistermijn (opschorten, hervatten, verlengen), the concept, its
vaststelling, the PDF with its progress and download, and the bekendmaking."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.permissions import mag_beschikken
from audit.models import Actie
from audit.services import record
from toegang.idempotent import eerder_verwerkt
from toegang.routes import route
from toegang.views import submit_button, submit_form
from verwijzing.beschikking import services as beschikking_services
from verwijzing.beschikking import termijn as termijn_services

from .. import omvang, selectors
from ..beschikking.beslistermijn import beslistermijn, bezwaar_tot
from ..forms.beschikking import BekendmakingForm, BeschikkingForm, HervattenForm, OpschortingForm, VerlengingForm
from ..models import BeschikkingStatus, RenderStatus
from .dossier import dossier_url, get_dossier, render_dossier


def beschikking_url(public_id) -> str:
    return reverse("verwijzing:beschikking", kwargs={"public_id": public_id})


def _termijn_wijzigen(request, public_id, form_class, prefix, service, gelukt):
    """A notice on the beslistermijn, from its form on the dossier page."""
    dossier = get_dossier(request, public_id)
    form = form_class(request.POST, prefix=prefix)
    gedaan = submit_form(
        request,
        form,
        lambda gegevens: service(door=request.user, dossier=dossier, **gegevens),
        success=gelukt,
        next_url=dossier_url(public_id),
    )
    return gedaan or render_dossier(request, dossier, gebonden=form)


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_POST
def beslistermijn_opschorten(request, public_id):
    return _termijn_wijzigen(
        request,
        public_id,
        OpschortingForm,
        "opschorten",
        termijn_services.beslistermijn_opschorten,
        _("De beslistermijn is opgeschort."),
    )


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_POST
def opschorting_beeindigen(request, public_id):
    return _termijn_wijzigen(
        request,
        public_id,
        HervattenForm,
        "hervatten",
        termijn_services.opschorting_beeindigen,
        _("De opschorting is beëindigd."),
    )


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_POST
def beslistermijn_verlengen(request, public_id):
    return _termijn_wijzigen(
        request,
        public_id,
        VerlengingForm,
        "verlengen",
        termijn_services.beslistermijn_verlengen,
        _("De beslistermijn is verlengd."),
    )


def _concept(dossier):
    return dossier.beschikkingen.filter(status=BeschikkingStatus.CONCEPT).first()


def _als_initial(concept) -> dict | None:
    if concept is None:
        return None
    return {
        "soort": concept.soort,
        "toegekend": list(concept.toegekend.all()),
        "motivering": concept.motivering,
        "horen_op": concept.horen_op,
        "zienswijze": concept.zienswijze,
        "horen_niet_nodig": concept.horen_niet_nodig,
    }


def _opstellen(request, dossier, gegevens):
    gegevens = dict(gegevens)
    if gegevens["soort"] == "toekenning":
        gegevens["toegekend"] = list(dossier.indicaties.all())
    beschikking_services.beschikking_opstellen(door=request.user, dossier=dossier, **gegevens)


def _met_omvang(dossier) -> list:
    """The indicaties with the omvang the beschikking names (the PDF reads the same function)."""
    besloten = dossier.beschikkingen.exclude(status=BeschikkingStatus.CONCEPT).exists()
    indicaties = list(dossier.indicaties.select_related("product", "aanbieder").order_by("id"))
    # Each indicatie's first toewijzing, all in one query (newest first, so the first one is written last).
    eerste = {t.indicatie_id: t for t in dossier.toewijzingen.select_related("product").order_by("-id")}
    for i in indicaties:
        i.dossier = dossier
        i.omvang_in_beschikking = omvang.in_beschikking(i, eerste.get(i.pk), besloten=besloten)
    return indicaties


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_http_methods(["GET", "POST"])
def beschikking(request, public_id):
    """Compose the beschikking (backoffice for Jeugd, the consulent for Wmo, per gemeente)."""
    dossier = get_dossier(request, public_id)
    if not mag_beschikken(request.user, dossier.gemeente, dossier.domein):
        raise PermissionDenied
    concept = _concept(dossier)
    form = BeschikkingForm(request.POST or None, dossier=dossier, initial=_als_initial(concept))
    if request.method == "GET":
        record(Actie.LEZEN, dossier, omschrijving="Beschikking opstellen bekeken")
    if request.method == "POST":
        gedaan = submit_form(
            request,
            form,
            lambda gegevens: _opstellen(request, dossier, gegevens),
            success=_("Het concept is opgeslagen. Controleer het en stel het vast."),
            next_url=beschikking_url(public_id),
        )
        if gedaan:
            return gedaan
    context = {
        "dossier": dossier,
        "form": form,
        "concept": concept,
        "indicaties": _met_omvang(dossier),
        "termijn": beslistermijn(dossier),
    }
    return render(request, "verwijzing/beschikking.html", context, status=400 if form.errors else 200)


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_POST
def beschikking_vaststellen(request, public_id):
    dossier = get_dossier(request, public_id)
    concept = _concept(dossier)
    if concept is None and (al := eerder_verwerkt(request)):
        return al  # back + resubmit after the concept was vastgesteld
    if concept is None:
        messages.error(request, _("Er is geen concept om vast te stellen."))
        return redirect(beschikking_url(public_id))
    return submit_button(
        request,
        lambda: beschikking_services.beschikking_vaststellen(door=request.user, beschikking=concept),
        success=_("De beschikking is vastgesteld. De PDF wordt gemaakt."),
        next_url=dossier_url(public_id),
        refused_url=beschikking_url(public_id),
    )


@route(scope="inwoner", audit="lezen")
@login_required
def beschikking_status(request, public_id, beschikking_id):
    """The htmx partial with the PDF's progress; it stops polling once the PDF is ready or failed."""
    dossier = get_dossier(request, public_id)
    b = selectors.get_beschikking(request.user, dossier, beschikking_id)
    record(Actie.LEZEN, b, omschrijving="Voortgang PDF beschikking bekeken")
    return render(request, "verwijzing/_beschikking_status.html", {"b": b, "dossier": dossier})


@route(scope="inwoner", audit="lezen")
@login_required
def beschikking_pdf(request, public_id, beschikking_id):
    """The issued PDF, only in scope, each download audited; the file name carries no personal data."""
    dossier = get_dossier(request, public_id)
    b = selectors.get_beschikking(request.user, dossier, beschikking_id)
    if b.render_status != RenderStatus.KLAAR:
        raise Http404
    record(Actie.LEZEN, b, omschrijving=f"PDF beschikking gedownload (sha256 {b.pdf_sha256[:12]})")
    response = HttpResponse(bytes(b.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="beschikking-{dossier.gemeente.cbs_code}-{b.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_POST
def bekendmaking_vastleggen(request, public_id, beschikking_id):
    dossier = get_dossier(request, public_id)
    b = selectors.get_beschikking(request.user, dossier, beschikking_id)
    form = BekendmakingForm(request.POST, prefix="bekendmaking")
    gedaan = submit_form(
        request,
        form,
        lambda gegevens: beschikking_services.bekendmaking_vastleggen(door=request.user, beschikking=b, **gegevens),
        success=lambda b: (
            _("De bekendmaking is vastgelegd; de bezwaartermijn loopt tot en met %(datum)s.")
            % {"datum": f"{bezwaar_tot(b.verzonden_op):%d-%m-%Y}"}
        ),
        next_url=dossier_url(public_id),
    )
    return gedaan or render_dossier(request, dossier, gebonden=form)
