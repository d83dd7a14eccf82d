"""The berichten cockpit (backoffice). Thin: filter, call the services, render; every view of an XML
is audited, and only the backoffice of the responsible gemeente sees a message (Bericht.visible_to)."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from accounts.models import Rol
from accounts.permissions import mag_verzoek_behandelen, rol_vereist
from audit.models import Actie
from audit.services import record
from istandaard.xml import KOP_BYTES, MAX_BYTES
from toegang.forms import refusal_to_form
from toegang.fouten import Geweigerd
from toegang.routes import route
from toegang.views import submit_form

from . import cockpit, inkomend, op003, toewijzingsverzoeken, uitgaand, verzoektaken, wijzigingsverzoeken
from .forms import FilterForm, RedenForm, UploadForm, ZorgstartForm, ZorgstopForm, antwoorden, antwoordformulier
from .inkomend import BuitenScope, bericht_ontvangen, gemeente_codes, te_groot_weigeren
from .models import Bericht, BerichtStatus, Richting, Wijzigingsverzoek

# Who may read the cockpit: the backoffice, and (read-only) the regional applicatiebeheer, who sees only
# the quarantined files addressed to no gemeente (Bericht.visible_to).
LEZERS = (Rol.BACKOFFICE, Rol.APPLICATIEBEHEER)


@route(scope="inwoner", audit="lezen")
@login_required
@rol_vereist(*LEZERS)
def lijst(request):
    form = FilterForm(request.GET or None, gebruiker=request.user)
    qs = Bericht.objects.visible_to(request.user).select_related("gemeente", "aanbieder").defer("xml")
    if form.is_valid():
        d = form.cleaned_data
        if d["gemeente"]:
            qs = qs.filter(gemeente=d["gemeente"])
        if d["aanbieder"]:
            qs = qs.filter(aanbieder__agb_code=d["aanbieder"])
        if d["soort"]:
            qs = qs.filter(soort=d["soort"])
        if d["status"]:
            qs = qs.filter(status=d["status"])
        if d["vanaf"]:
            qs = qs.filter(aangemaakt_op__date__gte=d["vanaf"])
        if d["tot"]:
            qs = qs.filter(aangemaakt_op__date__lt=d["tot"] + timedelta(days=1))
    regels = cockpit.regels(qs.order_by("-aangemaakt_op", "-id")[:200])
    record(Actie.LEZEN, object_type="berichten.bericht", omschrijving=f"Berichtencockpit: {len(regels)} berichten")
    backoffice = request.user.rol == Rol.BACKOFFICE
    context = {
        "form": form,
        "regels": regels,
        "upload": UploadForm() if backoffice else None,
        # OP003: the clients for whom no message goes; their letter and the start/stop entered by hand.
        "op003": op003.met_redenen(op003.buiten_berichtenverkeer_toewijzingen(request.user)[:100]),
    }
    return render(request, "berichten/lijst.html", context)


def _op003_toewijzing(request, public_id):
    """A toewijzing of an OP003 client in the backoffice's gemeenten (404 outside them)."""
    return get_object_or_404(op003.buiten_berichtenverkeer_toewijzingen(request.user), public_id=public_id)


@route(scope="inwoner", audit="lezen")
@login_required
@rol_vereist(Rol.BACKOFFICE)
def op003_brief(request, public_id):
    """The letter to the aanbieder instead of the 301 (OP003); the service audits the print."""
    t = _op003_toewijzing(request, public_id)
    response = HttpResponse(op003.toewijzingsbrief_pdf(door=request.user, toewijzing=t), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="toewijzing-{t.gemeente.cbs_code}-{t.nummer}.pdf"'
    return response


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_POST
@rol_vereist(Rol.BACKOFFICE)
def op003_vastleggen(request, public_id, wat):
    """OP003: the start or stop of the care entered by hand, where a 305/307 would have done it."""
    t = _op003_toewijzing(request, public_id)
    if wat == "start":
        form = ZorgstartForm(request.POST)
        actie = lambda d: op003.zorgstart_vastleggen(door=request.user, toewijzing=t, **d)  # noqa: E731
    elif wat == "stop":
        form = ZorgstopForm(request.POST)
        actie = lambda d: op003.zorgstop_vastleggen(door=request.user, toewijzing=t, **d)  # noqa: E731
    else:
        raise Http404
    antwoord = submit_form(
        request, form, actie, success=_("De zorg is vastgelegd."), next_url=reverse("berichten:lijst") + "#op003"
    )
    if antwoord:
        return antwoord
    for fouten in form.errors.values():
        for fout in fouten:
            messages.error(request, fout)
    return redirect(reverse("berichten:lijst") + "#op003")


@route(scope="inwoner", audit="lezen")
@login_required
@rol_vereist(*LEZERS)
def detail(request, pk):
    return _toon(request, get_object_or_404(Bericht.objects.visible_to(request.user), pk=pk))


def _toon(request, bericht, *, reden=None, wijzigingsform=None):
    """The message with its XML (each view audited) and its forms; a submitted form that failed is shown
    again with its errors on it (status 400), the others empty."""
    record(Actie.LEZEN, bericht, omschrijving=f"{bericht.soort} {bericht.identificatie} met XML bekeken")
    vorige = cockpit.vorige_301(gebruiker=request.user, bericht=bericht)
    wijziging = _wijzigingsverzoek(bericht, gebonden=wijzigingsform)
    # The messages it waits on or answers are named and linked only within the user's scope.
    verwant = (
        Bericht.objects.visible_to(request.user)
        .only("soort", "identificatie")
        .in_bulk([pk for pk in (bericht.wacht_op_id, bericht.retour_van_id) if pk])
    )
    xml = bytes(bericht.xml).decode("utf-8", "replace")
    context = {
        "bericht": bericht,
        "wacht_op": verwant.get(bericht.wacht_op_id),
        "retour_van": verwant.get(bericht.retour_van_id),
        "xml": xml,
        # OP179: a message over 25 MB kept its metadata and reason only
        "niet_bewaard": not xml and (bericht.grootte is None or bericht.grootte > MAX_BYTES),
        "fouten": cockpit.uitleg(bericht.fouten),
        "vorige": vorige,
        "verschil": cockpit.verschil(vorige, bericht) if vorige else "",
        "reden": reden or RedenForm(),
        "verzoek": _verzoek_315(request.user, bericht),
        "wijziging": wijziging,
        "toewijzingen": cockpit.toewijzingen_van(gebruiker=request.user, bericht=bericht),
    }
    fout = any(f is not None and f.is_bound for f in (reden, wijzigingsform))
    return render(request, "berichten/detail.html", context, status=400 if fout else 200)


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_POST
@rol_vereist(Rol.BACKOFFICE)
def bericht_afhandelen(request, pk, wat):
    """Resend (a rejected or stuck outgoing message, after the data was corrected) or cancel; with a reason.
    A refusal comes back on the form."""
    if wat not in {"opnieuw", "annuleer"}:
        raise Http404
    bericht = get_object_or_404(Bericht.objects.visible_to(request.user), pk=pk, richting=Richting.UIT)
    form = RedenForm(request.POST)
    if form.is_valid():
        service = uitgaand.bericht_opnieuw_versturen if wat == "opnieuw" else uitgaand.bericht_annuleren
        try:
            service(door=request.user, bericht=bericht, reden=form.cleaned_data["reden"])
        except Geweigerd as fout:
            refusal_to_form(form, fout)
        else:
            messages.success(request, _("Het bericht gaat opnieuw uit.") if wat == "opnieuw" else _("Geannuleerd."))
            return redirect("berichten:detail", pk=pk)
    return _toon(request, bericht, reden=form)


class BegrensdeUpload(FileUploadHandler):
    """The upload screen's first upload handler: no file is kept past 25 MB (OP179). It passes each chunk
    on to Django's own handlers (memory, then a temporary file) up to the limit and keeps the first
    KOP_BYTES (for the header); one byte past the limit it stops the upload and what was taken is
    dropped. The rest of the body is then read past, not kept, so the person gets the reason; a body
    that announces more than twice the limit is cut off instead (connection_reset)."""

    def __init__(self, request=None):
        super().__init__(request)
        self.kop, self.gelezen, self.te_groot, self.afbreken = b"", 0, False, False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):  # noqa: N803
        self.afbreken = (content_length or 0) > 2 * MAX_BYTES

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.kop, self.gelezen = b"", 0

    def receive_data_chunk(self, raw_data, start):
        self.gelezen += len(raw_data)
        if len(self.kop) < KOP_BYTES:
            self.kop += raw_data[: KOP_BYTES - len(self.kop)]
        if self.gelezen > MAX_BYTES:
            self.te_groot = True
            raise StopUpload(connection_reset=self.afbreken)
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler makes the file


def _reden(bericht) -> str:
    """Why a message is in quarantine, as the upload screen says it: its first findings, each shortened."""
    uitleg = [(f.get("uitleg") or f.get("regel") or "")[:300] for f in bericht.fouten]
    tekst = "; ".join(uitleg[:3])
    if len(uitleg) > 3:
        tekst += " " + _("(en %(n)s bevinding(en) meer)") % {"n": len(uitleg) - 3}
    return tekst


@route(scope="inwoner", audit="wijzigen")
@csrf_exempt  # the size limit must be in place before the CSRF check reads the body: _upload checks it
@login_required
@require_POST
@rol_vereist(Rol.BACKOFFICE)
def bericht_uploaden(request):
    """A message downloaded from the GGk portal, uploaded by hand; never kept past 25 MB (OP179)."""
    begrenzing = BegrensdeUpload(request)
    request.upload_handlers.insert(0, begrenzing)
    return _upload(request, begrenzing)


@csrf_protect
def _upload(request, begrenzing: BegrensdeUpload):
    form = UploadForm(request.POST, request.FILES)
    gemeenten = gemeente_codes(request.user)
    try:
        if begrenzing.te_groot:
            bericht = te_groot_weigeren(begrenzing.kop, kanaal="upload", grootte=None, gemeenten=gemeenten)
        elif form.is_valid():
            bericht = bericht_ontvangen(form.cleaned_data["bestand"].read(), kanaal="upload", gemeenten=gemeenten)
        else:
            messages.error(request, _("Kies een bestand."))
            return redirect("berichten:lijst")
    except BuitenScope as fout:
        messages.error(request, str(fout))
        return redirect("berichten:lijst")
    if bericht.status == BerichtStatus.QUARANTAINE and bericht.gemeente_id is None:
        # No readable Ontvanger: the row is for the applicatiebeheerder only (Bericht.objects.visible_to).
        messages.error(
            request,
            _(
                "Het bericht is niet verwerkt: %(reden)s. Omdat niet te lezen is voor welke gemeente het is, "
                "staat het in quarantaine bij applicatiebeheer, niet in uw lijst."
            )
            % {"reden": _reden(bericht).rstrip(".")},
        )
    elif bericht.status == BerichtStatus.QUARANTAINE:
        messages.error(
            request,
            _("Het bericht is niet verwerkt en staat in quarantaine: %(reden)s") % {"reden": _reden(bericht)},
        )
    else:
        messages.success(request, _("Het bericht is ontvangen: %(s)s.") % {"s": bericht.get_status_display()})
    return redirect("berichten:lijst")


@route(scope="inwoner", audit="lezen")
@login_required
@rol_vereist(Rol.BACKOFFICE, Rol.CONSULENT)
def verzoeken(request):
    """The verzoeken om toewijzing (315) still to answer, for whoever handles them in the gemeente."""
    lijst = verzoektaken.open_verzoeken(request.user)
    omschrijving = f"Verzoeken om toewijzing: {len(lijst)}"
    record(Actie.LEZEN, object_type="berichten.aangevraagdproduct", omschrijving=omschrijving)
    return render(request, "berichten/verzoeken.html", {"verzoeken": lijst})


@route(scope="inwoner", audit="lezen")
@login_required
def verzoek(request, pk):
    """One verzoek om toewijzing with each product's advice and form (no XML: that is the cockpit's)."""
    v = verzoektaken.verzoek(request.user, pk)
    record(Actie.LEZEN, v.bericht, omschrijving=f"Verzoek om toewijzing {v.bericht.identificatie} bekeken")
    return render(request, "berichten/verzoek.html", {"v": v})


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_POST
def toewijzingsverzoek_beantwoorden(request, pk, taak, wat):
    """Answer one product of a 315: toewijzen (301), afwijzen or in onderzoek (319). A refusal comes back
    on that answer's own form (400, announced); nothing is half-saved (the services are atomic)."""
    if wat not in verzoektaken.ANTWOORDEN:
        raise Http404
    opdracht = verzoektaken.taak(request.user, pk, taak)
    form = verzoektaken.formulier(opdracht, wat, data=request.POST)
    gedaan = submit_form(
        request,
        form,
        lambda gegevens: toewijzingsverzoeken.toewijzingsverzoek_beantwoorden(
            door=request.user, taak=opdracht, wat=wat, gegevens=gegevens
        ),
        success=_("Het verzoek is beantwoord."),
        next_url=reverse("berichten:verzoek", kwargs={"pk": pk}),
    )
    if gedaan:
        return gedaan
    v = verzoektaken.verzoek(request.user, pk, gebonden=form)
    record(Actie.LEZEN, v.bericht, omschrijving=f"Verzoek om toewijzing {v.bericht.identificatie} bekeken")
    return render(request, "berichten/verzoek.html", {"v": v}, status=400)


def _verzoek_315(user, bericht) -> dict | None:
    """On a 315 in the cockpit: its tasks' states, and who answers them (the backoffice, or the
    consulenten where the gemeente configures so)."""
    taken = list(bericht.aangevraagde_producten.order_by("id"))
    if not taken:
        return None
    return {
        "taken": taken,
        "behandelaar": bericht.gemeente.verzoek_door(bericht.domein),
        "mag": mag_verzoek_behandelen(user, bericht.gemeente, bericht.domein),
    }


def _wijzigingsverzoek(bericht, gebonden=None) -> dict | None:
    """A 317's task: the current and desired situation side by side and, while it is open, its answer
    forms (honoreren, afwijzen, in onderzoek — the last once, TR360)."""
    taak = Wijzigingsverzoek.objects.filter(bericht=bericht).first()
    if taak is None:
        return None
    gevraagd = []
    if taak.te_beantwoorden or gebonden is not None:  # a refusal ("al beantwoord") still shows
        gevraagd = antwoorden(
            taak,
            ("honoreren", "afwijzen", "onderzoek"),
            lambda wat: antwoordformulier(wat, bericht.domein, prefix=f"wijziging-{wat}"),
            lambda wat: reverse("berichten:wijzigingsverzoek-beantwoorden", args=[bericht.pk, wat]),
            gebonden,
        )
    return {"taak": taak, "regels": wijzigingsverzoeken.vergelijking(taak), "antwoorden": gevraagd}


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_POST
@rol_vereist(Rol.BACKOFFICE)
def wijzigingsverzoek_beantwoorden(request, pk, wat):
    """Answer a whole 317: honoreren (gewijzigde beschikking + 301), afwijzen or in onderzoek (319)."""
    if wat not in {"honoreren", "afwijzen", "onderzoek"}:
        raise Http404
    bericht = get_object_or_404(Bericht.objects.visible_to(request.user), pk=pk)
    taak = get_object_or_404(Wijzigingsverzoek, bericht=bericht)
    form = antwoordformulier(wat, bericht.domein, data=request.POST, prefix=f"wijziging-{wat}")
    gedaan = submit_form(
        request,
        form,
        lambda gegevens: wijzigingsverzoeken.wijzigingsverzoek_beantwoorden(
            door=request.user, taak=taak, wat=wat, gegevens=gegevens
        ),
        success=_("Het verzoek is gehonoreerd: een gewijzigde beschikking en een 301 naar de aanbieder.")
        if wat == "honoreren"
        else _("Het verzoek is beantwoord met een 319."),
        next_url=reverse("berichten:detail", kwargs={"pk": pk}),
    )
    if gedaan:
        return gedaan
    return _toon(request, bericht, wijzigingsform=form)


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_POST
@rol_vereist(Rol.BACKOFFICE)
def berichten_ophalen(request):
    """Receive what the folder transport's in/ holds now (beat does this every minute in production)."""
    ontvangen = inkomend.berichten_ophalen()
    messages.success(request, _("%(n)s bericht(en) uit de map opgehaald.") % {"n": len(ontvangen)})
    return redirect("berichten:lijst")
