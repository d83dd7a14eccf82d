"""Screens after the leefzorgplan: the signed-copy upload, the beslistermijn notices, the beschikking
(concept, vaststellen, PDF with progress, download, bekendmaking) and the toewijzing changes. Thin:
parse the form, call a service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.permissions import mag_beschikken
from audit.models import Actie
from audit.services import record
from toegang.fouten import Geweigerd
from toegang.routes import route
from verwijzing.beschikking.services import beschikking_bekendmaken, beschikking_opstellen, beschikking_vaststellen
from verwijzing.beschikking.termijn import beslistermijn_opschorten, beslistermijn_verlengen, opschorting_beeindigen
from verwijzing.leefzorgplan.upload import getekend_exemplaar_uploaden
from verwijzing.melding import herindicatie_starten
from verwijzing.toewijzing import (
    garantiefase_starten,
    omvang_wijzigen,
    toewijzing_intrekken,
    toewijzing_oprekken,
    toewijzing_verwijderen,
)

from .beschikking.beslistermijn import beslistermijn
from .forms_beschikking import (
    BekendmakingForm,
    BeschikkingForm,
    GarantiefaseForm,
    HervattenForm,
    IntrekkenForm,
    OmvangForm,
    OprekkenForm,
    OpschortingForm,
    UploadForm,
    VerlengingForm,
    VerwijderenForm,
)
from .models import Beschikking, BeschikkingStatus, RenderStatus
from .views import _dossier, toon_dossier


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_POST
def upload(request, public_id):
    dossier = _dossier(request, public_id)
    form = UploadForm(request.POST, request.FILES, prefix="upload")
    if not form.is_valid():
        return toon_dossier(request, dossier, gebonden=form)
    bestand = form.cleaned_data["bestand"]
    try:
        getekend_exemplaar_uploaden(
            door=request.user,
            dossier=dossier,
            inhoud=bestand.read(),
            content_type=bestand.content_type,
            getekend_door=form.cleaned_data["getekend_door"],
            getekend_op=form.cleaned_data["getekend_op"],
        )
    except Geweigerd as fout:
        form.add_error(None, str(fout))
        return toon_dossier(request, dossier, gebonden=form)
    messages.success(request, _("Het getekende exemplaar is ontvangen. Het telt zodra de virusscan het goedkeurt."))
    return redirect("verwijzing:dossier", public_id=public_id)


TERMIJNACTIES = {
    "opschorten": (OpschortingForm, beslistermijn_opschorten, _("De beslistermijn is opgeschort.")),
    "hervatten": (HervattenForm, opschorting_beeindigen, _("De opschorting is beëindigd.")),
    "verlengen": (VerlengingForm, beslistermijn_verlengen, _("De beslistermijn is verlengd.")),
}


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_POST
def termijn(request, public_id, actie):
    if actie not in TERMIJNACTIES:
        raise Http404
    dossier = _dossier(request, public_id)
    form_class, service, gelukt = TERMIJNACTIES[actie]
    form = form_class(request.POST, prefix=actie)
    if form.is_valid():
        try:
            service(door=request.user, dossier=dossier, **form.cleaned_data)
        except Geweigerd as fout:
            form.add_error(None, str(fout))
        else:
            messages.success(request, gelukt)
            return redirect("verwijzing:dossier", public_id=public_id)
    return toon_dossier(request, dossier, gebonden=form)


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_http_methods(["GET", "POST"])
def beschikking(request, public_id):
    """Compose the beschikking (backoffice for Jeugd, the consulent for Wmo, per gemeente)."""
    dossier = _dossier(request, public_id)
    if not mag_beschikken(request.user, dossier.gemeente, dossier.domein):
        raise PermissionDenied
    concept = dossier.beschikkingen.filter(status=BeschikkingStatus.CONCEPT).first()
    initial = None
    if concept:
        initial = {
            "soort": concept.soort,
            "toegekend": list(concept.toegekend.all()),
            "motivering": concept.motivering,
            "horen_op": concept.horen_op,
            "zienswijze": concept.zienswijze,
            "horen_niet_nodig": concept.horen_niet_nodig,
        }
    form = BeschikkingForm(request.POST or None, dossier=dossier, initial=initial)
    if request.method == "GET":
        record(Actie.LEZEN, dossier, omschrijving="Beschikking opstellen bekeken")
    if request.method == "POST" and form.is_valid():
        gegevens = dict(form.cleaned_data)
        if gegevens["soort"] == "toekenning":
            gegevens["toegekend"] = list(dossier.indicaties.all())
        try:
            beschikking_opstellen(door=request.user, dossier=dossier, **gegevens)
        except Geweigerd as fout:
            form.add_error(None, str(fout))
        else:
            messages.success(request, _("Het concept is opgeslagen. Controleer het en stel het vast."))
            return redirect("verwijzing:beschikking", public_id=public_id)
    context = {
        "dossier": dossier,
        "form": form,
        "concept": concept,
        "indicaties": dossier.indicaties.select_related("product", "aanbieder").order_by("id"),
        "termijn": beslistermijn(dossier),
    }
    return render(request, "verwijzing/beschikking.html", context, status=400 if form.errors else 200)


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_POST
def vaststellen(request, public_id):
    dossier = _dossier(request, public_id)
    concept = dossier.beschikkingen.filter(status=BeschikkingStatus.CONCEPT).first()
    if concept is None:
        messages.error(request, _("Er is geen concept om vast te stellen."))
        return redirect("verwijzing:beschikking", public_id=public_id)
    try:
        beschikking_vaststellen(door=request.user, beschikking=concept)
    except Geweigerd as fout:
        messages.error(request, str(fout))
        return redirect("verwijzing:beschikking", public_id=public_id)
    messages.success(request, _("De beschikking is vastgesteld. De PDF wordt gemaakt."))
    return redirect("verwijzing:dossier", public_id=public_id)


def _beschikking(request, dossier, beschikking_id) -> Beschikking:
    return get_object_or_404(
        Beschikking.objects.visible_to(request.user).filter(dossier=dossier), public_id=beschikking_id
    )


@route(scope="inwoner", audit="lezen")
@login_required
def beschikking_status(request, public_id, beschikking_id):
    """The htmx partial with the PDF's progress; it stops polling once the PDF is ready or failed."""
    dossier = _dossier(request, public_id)
    b = _beschikking(request, dossier, beschikking_id)
    record(Actie.LEZEN, b, omschrijving="Voortgang PDF beschikking bekeken")
    return render(request, "verwijzing/_beschikking_status.html", {"b": b, "dossier": dossier})


@route(scope="inwoner", audit="lezen")
@login_required
def beschikking_pdf(request, public_id, beschikking_id):
    """The issued PDF, only in scope, each download audited; the file name carries no personal data."""
    dossier = _dossier(request, public_id)
    b = _beschikking(request, dossier, beschikking_id)
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
def bekendmaking(request, public_id, beschikking_id):
    dossier = _dossier(request, public_id)
    b = _beschikking(request, dossier, beschikking_id)
    form = BekendmakingForm(request.POST, prefix="bekendmaking")
    if form.is_valid():
        try:
            beschikking_bekendmaken(door=request.user, beschikking=b, **form.cleaned_data)
        except Geweigerd as fout:
            form.add_error(None, str(fout))
        else:
            messages.success(request, _("De bekendmaking is vastgelegd; de bezwaartermijn loopt."))
            return redirect("verwijzing:dossier", public_id=public_id)
    return toon_dossier(request, dossier, gebonden=form)


TOEWIJZINGACTIES = {
    "oprekken": (OprekkenForm, toewijzing_oprekken, _("De einddatum is opgerekt op hetzelfde toewijzingnummer.")),
    "garantiefase": (GarantiefaseForm, garantiefase_starten, _("De garantiefase is toegewezen.")),
    "omvang": (OmvangForm, omvang_wijzigen, _("De omvang is gewijzigd: er is een nieuwe toewijzing.")),
    "intrekken": (IntrekkenForm, toewijzing_intrekken, _("De toewijzing is ingetrokken: de einddatum is vervroegd.")),
    "verwijderen": (VerwijderenForm, toewijzing_verwijderen, _("De toewijzing is verwijderd.")),
}


def _toewijzing(request, dossier, toewijzing_id):
    return get_object_or_404(
        dossier.toewijzingen.visible_to(request.user).select_related("product", "aanbieder"), public_id=toewijzing_id
    )


def _toon_toewijzing(request, dossier, t, gebonden=None):
    """The toewijzing page: its facts and, for who decides, the change forms. A bound form that failed
    is shown again with its errors on it (status 400), the other forms empty."""
    beslisser = mag_beschikken(request.user, dossier.gemeente, dossier.domein)
    formulieren = {}
    if beslisser and t.laatste_wijziging not in {"beeindigd", "verwijderd"}:
        formulieren = {actie: form_class(prefix=actie) for actie, (form_class, _s, _g) in TOEWIJZINGACTIES.items()}
    if gebonden is not None:  # also for who may not decide: the refusal's reason shows on the form
        formulieren[gebonden.prefix] = gebonden
    context = {"dossier": dossier, "t": t, "formulieren": formulieren, "mag_beschikken": beslisser}
    return render(request, "verwijzing/toewijzing.html", context, status=400 if gebonden is not None else 200)


@route(scope="inwoner", audit="lezen")
@login_required
def toewijzing_detail(request, public_id, toewijzing_id):
    """One toewijzing with its change forms: loaded on demand, so the dossier page stays light however
    many toewijzingen a dossier gathers over the years."""
    dossier = _dossier(request, public_id)
    t = _toewijzing(request, dossier, toewijzing_id)
    record(Actie.LEZEN, t, omschrijving="Toewijzing bekeken")
    return _toon_toewijzing(request, dossier, t)


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_POST
def toewijzing_actie(request, public_id, toewijzing_id, actie):
    if actie not in TOEWIJZINGACTIES:
        raise Http404
    dossier = _dossier(request, public_id)
    t = _toewijzing(request, dossier, toewijzing_id)
    form_class, service, gelukt = TOEWIJZINGACTIES[actie]
    form = form_class(request.POST, prefix=actie)
    if form.is_valid():
        try:
            service(door=request.user, toewijzing=t, **form.cleaned_data)
        except Geweigerd as fout:
            form.add_error(None, str(fout))
        else:
            messages.success(request, gelukt)
            return redirect("verwijzing:dossier", public_id=public_id)
    return _toon_toewijzing(request, dossier, t, gebonden=form)


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_POST
def herindicatie(request, public_id, toewijzing_id):
    dossier = _dossier(request, public_id)
    t = get_object_or_404(dossier.toewijzingen.visible_to(request.user), public_id=toewijzing_id)
    try:
        nieuw = herindicatie_starten(door=request.user, toewijzing=t)
    except Geweigerd as fout:
        messages.error(request, str(fout))
        return redirect("verwijzing:dossier", public_id=public_id)
    messages.success(request, _("Herindicatie gestart: een nieuw dossier, gekoppeld aan de lopende toewijzing."))
    return redirect("verwijzing:dossier", public_id=nieuw.public_id)
