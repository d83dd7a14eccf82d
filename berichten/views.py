"""The berichten cockpit (backoffice). Thin: filter, call the services, render; every view of an XML
is audited, and only the backoffice of the responsible gemeente sees a message (Bericht.visible_to)."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Rol
from audit.models import Actie
from audit.services import record
from toegang.routes import route

from . import cockpit
from .forms import FilterForm, RedenForm, UploadForm, VerzoekForm
from .inkomend import BuitenScope, gemeente_codes, ontvang
from .models import Bericht, BerichtStatus, Richting, VerzoekStatus, Wijzigingsverzoek


def _backoffice(request):
    from django.core.exceptions import PermissionDenied

    if request.user.rol != Rol.BACKOFFICE:
        raise PermissionDenied


@route(scope="inwoner", audit="lezen")
@login_required
def lijst(request):
    _backoffice(request)
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
    return render(request, "berichten/lijst.html", {"form": form, "regels": regels, "upload": UploadForm()})


@route(scope="inwoner", audit="lezen")
@login_required
def detail(request, pk):
    _backoffice(request)
    bericht = get_object_or_404(Bericht.objects.visible_to(request.user), pk=pk)
    record(Actie.LEZEN, bericht, omschrijving=f"{bericht.soort} {bericht.identificatie} met XML bekeken")
    vorige = cockpit.vorige_301(bericht)
    context = {
        "bericht": bericht,
        "xml": bytes(bericht.xml).decode("utf-8", "replace"),
        "fouten": cockpit.uitleg(bericht.fouten),
        "vorige": vorige,
        "verschil": cockpit.verschil(vorige, bericht) if vorige else "",
        "reden": RedenForm(),
        "taken": _taken(bericht),
        "wijziging": _wijzigingsverzoek(bericht),
        "verzoekform": VerzoekForm(),
    }
    return render(request, "berichten/detail.html", context)


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_POST
def actie(request, pk, wat):
    """Resend (a rejected or stuck outgoing message, after the data was corrected) or cancel; with a reason."""
    _backoffice(request)
    bericht = get_object_or_404(Bericht.objects.visible_to(request.user), pk=pk, richting=Richting.UIT)
    form = RedenForm(request.POST)
    if not form.is_valid() or wat not in {"opnieuw", "annuleer"}:
        messages.error(request, _("Geef een reden."))
        return redirect("berichten:detail", pk=pk)
    if bericht.status not in {
        BerichtStatus.KLAAR,
        BerichtStatus.WACHT,
        BerichtStatus.AFGEKEURD,
        BerichtStatus.VERZENDEN,
    }:
        messages.error(request, _("Een verzonden bericht kan niet meer worden geannuleerd of opnieuw verstuurd."))
        return redirect("berichten:detail", pk=pk)
    with transaction.atomic():
        if wat == "annuleer":
            bericht.status = BerichtStatus.GEANNULEERD
        else:
            if bericht.fouten and bericht.status == BerichtStatus.AFGEKEURD:
                messages.error(request, _("Dit bericht voldoet niet aan de regels; herstel eerst de gegevens."))
                return redirect("berichten:detail", pk=pk)
            bericht.status = BerichtStatus.KLAAR
            from .tasks import verstuur_bericht

            transaction.on_commit(lambda: verstuur_bericht.delay(bericht.pk), robust=True)
        bericht.save(update_fields=["status"])
        record(Actie.WIJZIGEN, bericht, reden=form.cleaned_data["reden"], omschrijving=f"Bericht: {wat}")
    messages.success(request, _("Gedaan."))
    return redirect("berichten:detail", pk=pk)


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_POST
def upload(request):
    """A message downloaded from the GGk portal, uploaded by hand."""
    _backoffice(request)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Kies een bestand."))
        return redirect("berichten:lijst")
    try:
        bericht = ontvang(form.cleaned_data["bestand"].read(), kanaal="upload", gemeenten=gemeente_codes(request.user))
    except BuitenScope as fout:
        messages.error(request, str(fout))
        return redirect("berichten:lijst")
    if bericht.status == BerichtStatus.QUARANTAINE:
        messages.error(request, _("Het bericht voldoet niet aan het schema en staat in quarantaine."))
    else:
        messages.success(request, _("Het bericht is ontvangen: %(s)s.") % {"s": bericht.get_status_display()})
    return redirect("berichten:lijst")


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_POST
def verzoek(request, pk, taak, wat):
    """Answer one product of a 315: toewijzen (301), afwijzen or in onderzoek (319)."""
    from verwijzing.fouten import Geweigerd

    from . import verzoeken

    _backoffice(request)
    bericht = get_object_or_404(Bericht.objects.visible_to(request.user), pk=pk)
    opdracht = get_object_or_404(bericht.aangevraagde_producten, pk=taak)
    form = VerzoekForm(request.POST, prefix=f"taak-{opdracht.pk}")
    form.is_valid()
    d = form.cleaned_data
    try:
        if wat == "toewijzen":
            verzoeken.honoreer(
                door=request.user,
                taak=opdracht,
                motivering=d.get("motivering", ""),
                gi_instemming=d.get("gi_instemming", ""),
            )
        elif wat in {"afwijzen", "onderzoek"}:
            verzoeken.beantwoord(
                door=request.user,
                taak=opdracht,
                antwoord="1" if wat == "afwijzen" else "2",
                reden=d.get("reden", "") if wat == "afwijzen" else "",
                gemeente_cbs=d.get("gemeente", ""),
            )
        else:
            raise Geweigerd(_("Onbekende actie."))
    except Geweigerd as fout:
        messages.error(request, str(fout))
    else:
        messages.success(request, _("Het verzoek is beantwoord."))
    return redirect("berichten:detail", pk=pk)


def _taken(bericht) -> list[dict]:
    """The 315's products, each with the rules module's advice and its own form (the suggested reden)."""
    from .verzoeken import advies

    taken = []
    for t in bericht.aangevraagde_producten.order_by("id"):
        open_ = t.status in {VerzoekStatus.OPEN, VerzoekStatus.IN_ONDERZOEK}
        a = advies(t) if open_ else None
        initial = {"reden": a.reden, "gemeente": a.gemeente} if a else {}
        taken.append({"taak": t, "advies": a, "form": VerzoekForm(prefix=f"taak-{t.pk}", initial=initial)})
    return taken


def _wijzigingsverzoek(bericht) -> dict | None:
    from .wijzigingsverzoeken import vergelijking

    taak = Wijzigingsverzoek.objects.filter(bericht=bericht).first()
    return {"taak": taak, "regels": vergelijking(taak)} if taak else None


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_POST
def wijziging(request, pk, wat):
    """Answer a whole 317: honoreren (gewijzigde beschikking + 301), afwijzen or in onderzoek (319)."""
    from verwijzing.fouten import Geweigerd

    from . import wijzigingsverzoeken

    _backoffice(request)
    bericht = get_object_or_404(Bericht.objects.visible_to(request.user), pk=pk)
    taak = get_object_or_404(Wijzigingsverzoek, bericht=bericht)
    form = VerzoekForm(request.POST)
    form.is_valid()
    d = form.cleaned_data
    try:
        if wat == "honoreren":
            wijzigingsverzoeken.honoreer(door=request.user, taak=taak, motivering=d.get("motivering", ""))
            gelukt = _("Het verzoek is gehonoreerd: een gewijzigde beschikking en een 301 naar de aanbieder.")
        elif wat in {"afwijzen", "onderzoek"}:
            wijzigingsverzoeken.beantwoord(
                door=request.user,
                taak=taak,
                antwoord="1" if wat == "afwijzen" else "2",
                reden=d.get("reden", "") if wat == "afwijzen" else "",
                gemeente_cbs=d.get("gemeente", ""),
            )
            gelukt = _("Het verzoek is beantwoord met een 319.")
        else:
            raise Geweigerd(_("Onbekende actie."))
    except Geweigerd as fout:
        messages.error(request, str(fout))
    else:
        messages.success(request, gelukt)
    return redirect("berichten:detail", pk=pk)


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_POST
def ophalen(request):
    """Receive what the folder transport's in/ holds now (beat does this every minute in production)."""
    from .inkomend import haal_op

    _backoffice(request)
    ontvangen = haal_op()
    messages.success(request, _("%(n)s bericht(en) uit de map opgehaald.") % {"n": len(ontvangen)})
    return redirect("berichten:lijst")
