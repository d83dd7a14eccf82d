"""Dossier screens. Thin: parse the form, call a service, render; reads go through the scope."""

import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Rol
from accounts.scoping import get_in_scope_or_404
from audit.models import Actie
from audit.services import record
from inwoners import services as inwoner_services
from regie.regelset import regelset
from toegang.fouten import Geweigerd
from toegang.routes import route
from verwijzing.indicatie import (
    indicatie_toetsen,
    indicatie_voorstellen,
    matchingsverzoek_versturen,
    uiterlijk_matchingsgesprek,
)
from verwijzing.leefzorgplan.ondertekening import (
    ONDERTEKEN_SESSIE,
    LinkAlGebruikt,
    code_controleren,
    get_ondertekening,
    leefzorgplan_ondertekenen,
    link_inwisselen,
    ter_ondertekening_aanbieden,
)
from verwijzing.leefzorgplan.plan import leefzorgplan_opslaan, leefzorgplan_starten
from verwijzing.melding import dossier_afsluiten, dossier_openen
from verwijzing.onderzoek import onderzoek_afronden, onderzoek_opslaan, onderzoek_starten

from . import selectors
from .forms import (
    VELD_VAN_REGEL,
    AfsluitenForm,
    DoelFormSet,
    IndicatieForm,
    LeefzorgplanForm,
    MeldingForm,
    OndertekenCodeForm,
    OnderzoekForm,
)
from .idempotent import AlVerwerkt, eenmalig, nieuw_token
from .leefzorgplan.secties import secties_voor as leefzorgplan_secties
from .models import Dossier, Status


def _stap(request, public_id, service, volgende: str):
    """A state change by button: on refusal its Dutch reason on the dossier page, else the next screen."""
    dossier = _dossier(request, public_id)
    try:
        service(door=request.user, dossier=dossier)
    except Geweigerd as fout:
        messages.error(request, str(fout))
        return redirect("verwijzing:dossier", public_id=public_id)
    return redirect(volgende, public_id=public_id)


def _dossier(request, public_id) -> Dossier:
    dossier = get_in_scope_or_404(
        Dossier.objects.select_related("inwoner", "gemeente", "consulent"), request.user, public_id=public_id
    )
    return dossier


@route(scope="inwoner", audit="lezen")
@login_required
def werkvoorraad(request):
    if request.user.rol not in {Rol.CONSULENT, Rol.BACKOFFICE}:
        raise PermissionDenied
    na = request.GET.get("na")
    pagina = selectors.werkvoorraad(request.user, na=na)
    context = {"pagina": pagina, "na": na}
    if request.user.rol == Rol.BACKOFFICE:
        context["hardheid"] = selectors.hardheidsclausules(request.user)
        context["te_verzenden"] = selectors.te_verzenden(request.user)
    record(Actie.LEZEN, object_type="verwijzing.dossier", omschrijving=f"Werkvoorraad: {len(pagina.regels)} dossiers")
    return render(request, "verwijzing/werkvoorraad.html", context)


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_http_methods(["GET", "POST"])
def melding(request, public_id):
    if request.user.rol != Rol.CONSULENT:
        raise PermissionDenied
    inwoner = inwoner_services.lees(request.user, public_id)
    form = MeldingForm(request.POST or None, gebruiker=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = eenmalig(
                request.POST.get("form_token"),
                request.user,
                lambda: dossier_openen(door=request.user, inwoner=inwoner, **form.cleaned_data),
                lambda d: reverse("verwijzing:dossier", kwargs={"public_id": d.public_id}),
            )
        except AlVerwerkt as al:  # the same form was already posted (double click, second tab)
            return redirect(al.doel_url)
        except Geweigerd as fout:
            form.add_error(None, str(fout))
        else:
            messages.success(request, _("De melding is vastgelegd."))
            return redirect("verwijzing:dossier", public_id=dossier.public_id)
    context = {"form": form, "inwoner": inwoner, "form_token": nieuw_token()}
    return render(request, "verwijzing/melding.html", context, status=400 if form.errors else 200)


@route(scope="inwoner", audit="lezen")
@login_required
def dossier(request, public_id):
    dossier = _dossier(request, public_id)
    record(Actie.LEZEN, dossier, omschrijving="Dossier bekeken")
    return toon_dossier(request, dossier)


def toon_dossier(request, dossier, gebonden=None):
    """The dossier page; a form that failed (`gebonden`) is shown again in place with its errors on it."""
    context = {
        "dossier": dossier,
        "afsluiten": AfsluitenForm(),
        "open": dossier.status in {Status.MELDING, Status.ONDERZOEK, Status.INDICATIE},
        **selectors.dossier_vervolg(request.user, dossier),
    }
    if gebonden is not None:
        context["formulieren"][gebonden.prefix] = gebonden
        context["fout_in"] = gebonden.prefix
    return render(request, "verwijzing/dossier.html", context, status=400 if gebonden is not None else 200)


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_POST
def start_onderzoek(request, public_id):
    return _stap(request, public_id, onderzoek_starten, "verwijzing:onderzoek")


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_http_methods(["GET", "POST"])
def onderzoek(request, public_id):
    dossier = _dossier(request, public_id)
    if dossier.status != Status.ONDERZOEK:
        messages.info(request, _("Het verslag kan alleen tijdens het onderzoek worden gewijzigd."))
        return redirect("verwijzing:dossier", public_id=public_id)
    record(Actie.LEZEN, dossier.onderzoek, omschrijving="Verslag bekeken")
    form = OnderzoekForm(request.POST or None, instance=dossier.onderzoek)
    if request.method == "POST" and form.is_valid():
        try:
            onderzoek_opslaan(door=request.user, dossier=dossier, gegevens=form.cleaned_data)
            if "afronden" in request.POST:
                onderzoek_afronden(door=request.user, dossier=dossier)
                messages.success(request, _("Het onderzoek is afgerond."))
                return redirect("verwijzing:dossier", public_id=public_id)
            messages.success(request, _("Concept opgeslagen."))
            return redirect("verwijzing:onderzoek", public_id=public_id)
        except Geweigerd as fout:
            form.add_error(None, str(fout))
    return render(
        request, "verwijzing/onderzoek.html", {"form": form, "dossier": dossier}, status=400 if form.errors else 200
    )


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_POST
def afsluiten(request, public_id):
    dossier = _dossier(request, public_id)
    form = AfsluitenForm(request.POST)
    if form.is_valid():
        try:
            dossier_afsluiten(door=request.user, dossier=dossier, **form.cleaned_data)
        except Geweigerd as fout:
            form.add_error(None, str(fout))
        else:
            messages.success(request, _("Het dossier is afgesloten."))
            return redirect("verwijzing:dossier", public_id=public_id)
    return render(request, "verwijzing/dossier.html", {"dossier": dossier, "afsluiten": form, "open": True}, status=400)


def _indicatie_context(dossier, form, resultaat=None):
    rs = regelset(timezone.localdate())
    verzoeken = [
        (v, uiterlijk_matchingsgesprek(v, rs))
        for v in dossier.matchingsverzoeken.select_related("product", "aanbieder").order_by("id")
    ]
    return {
        "dossier": dossier,
        "form": form,
        "resultaat": resultaat,
        "verzoeken": verzoeken,
        "indicaties": dossier.indicaties.select_related("product", "aanbieder").order_by("id"),
    }


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_http_methods(["GET", "POST"])
def indicatie(request, public_id):
    """Indicatie samenstellen, with the rules module's findings beside the form (live through htmx)."""
    dossier = _dossier(request, public_id)
    if request.user.rol != Rol.CONSULENT:
        raise PermissionDenied
    form = IndicatieForm(request.POST or None, domein=dossier.domein)
    resultaat = None
    if request.method == "GET":
        record(Actie.LEZEN, dossier, omschrijving="Indicaties bekeken")
    if request.method == "POST" and form.is_valid():
        try:
            indicatie_voorstellen(
                door=request.user,
                dossier=dossier,
                gegevens=form.gegevens(),
                motivering=form.cleaned_data["motivering"],
                hardheidsclausule=form.cleaned_data["hardheidsclausule"],
                akkoord_client=form.cleaned_data["akkoord_client"],
                akkoord_verwijzer=form.cleaned_data["akkoord_verwijzer"],
            )
        except Geweigerd as fout:
            form.add_error(None, str(fout))
            for b in fout.bevindingen:
                form.add_error(VELD_VAN_REGEL.get(b.regel, "product"), b.uitleg)
        else:
            messages.success(request, _("De indicatie is vastgelegd met de bevindingen van de regels."))
            return redirect("verwijzing:indicatie", public_id=public_id)
    if form.is_bound:
        resultaat = _toets_of_niets(dossier, form)
    return render(
        request,
        "verwijzing/indicatie.html",
        _indicatie_context(dossier, form, resultaat),
        status=400 if form.errors else 200,
    )


def _toets_of_niets(dossier, form):
    """Findings for what is filled in so far: the rules need only product and ingangsdatum, so other
    fields still being typed (volume, frequentie…) do not hide them."""
    d = getattr(form, "cleaned_data", {})
    if not (d.get("product") and d.get("ingangsdatum")):
        return None
    gegevens = {
        "product": d["product"],
        "ingangsdatum": d["ingangsdatum"],
        "einddatum": d.get("einddatum"),
        "aanbieder": d.get("aanbieder"),
    }
    try:
        return indicatie_toetsen(dossier=dossier, gegevens=gegevens)
    except ValueError:  # e.g. einddatum before ingangsdatum: the form says so beside the field
        return None


@route(scope="inwoner", audit="lezen")
@login_required
@require_POST
def indicatie_toets(request, public_id):
    """The htmx partial: findings for what is on the form now. Nothing is stored."""
    dossier = _dossier(request, public_id)
    record(Actie.LEZEN, dossier, omschrijving="Regels getoetst voor een voorgestelde indicatie")
    form = IndicatieForm(request.POST, domein=dossier.domein)
    form.is_valid()
    return render(request, "verwijzing/_bevindingen.html", {"resultaat": _toets_of_niets(dossier, form), "form": form})


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_POST
def stuur_matching(request, public_id, indicatie_id):
    dossier = _dossier(request, public_id)
    indicatie = get_object_or_404(dossier.indicaties, pk=indicatie_id)
    try:
        matchingsverzoek_versturen(door=request.user, indicatie=indicatie)
    except Geweigerd as fout:
        messages.error(request, str(fout))
    else:
        messages.success(request, _("Het matchingsverzoek is verstuurd naar het contactpunt Toegang van de aanbieder."))
    return redirect("verwijzing:indicatie", public_id=public_id)


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_POST
def start_leefzorgplan(request, public_id):
    return _stap(request, public_id, leefzorgplan_starten, "verwijzing:leefzorgplan")


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_http_methods(["GET", "POST"])
def leefzorgplan(request, public_id):
    """The inwoner's leefzorgplan: sections and SMART doelen, saved as versions. Never for an aanbieder."""
    if request.user.rol not in {Rol.CONSULENT, Rol.BACKOFFICE}:
        raise PermissionDenied
    dossier = _dossier(request, public_id)
    laatste = dossier.leefzorgplanversies.order_by("-versie").first()
    record(Actie.LEZEN, dossier, omschrijving="Leefzorgplan bekeken")
    secties = leefzorgplan_secties(dossier, timezone.localdate())
    form = LeefzorgplanForm(request.POST or None, secties=secties, initial_secties=laatste.secties if laatste else None)
    doelen = DoelFormSet(
        request.POST or None, prefix="doel", initial=laatste.doelen if laatste and request.method == "GET" else None
    )
    if request.method == "POST" and form.is_valid() and doelen.is_valid():
        gekozen = [
            {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in d.items()}
            for d in doelen.cleaned_data
            if d.get("doel")
        ]
        try:
            versie = leefzorgplan_opslaan(door=request.user, dossier=dossier, secties=form.cleaned_data, doelen=gekozen)
        except Geweigerd as fout:
            form.add_error(None, str(fout))
        else:
            messages.success(request, _("Leefzorgplan opgeslagen als versie %(n)s.") % {"n": versie.versie})
            return redirect("verwijzing:leefzorgplan", public_id=public_id)
    bewerkbaar = dossier.status == Status.LEEFZORGPLAN and request.user.rol == Rol.CONSULENT
    return render(
        request,
        "verwijzing/leefzorgplan.html",
        {
            "dossier": dossier,
            "form": form,
            "doelen": doelen,
            "laatste": laatste,
            "bewerkbaar": bewerkbaar,
            "versies": dossier.leefzorgplanversies.order_by("-versie"),
        },
        status=400 if (form.errors or doelen.total_error_count()) else 200,
    )


@route(scope="inwoner", audit="wijzigen")
@login_required
@require_POST
def ter_ondertekening(request, public_id):
    dossier = _dossier(request, public_id)
    try:
        ondertekeningen = ter_ondertekening_aanbieden(
            door=request.user, dossier=dossier, basis_url=request.build_absolute_uri("/").rstrip("/")
        )
    except Geweigerd as fout:
        messages.error(request, str(fout))
    else:
        messages.success(
            request,
            _("Het leefzorgplan is ter ondertekening verstuurd aan: %(wie)s.")
            % {"wie": ", ".join(f"{o.naam} ({o.get_rol_display().lower()})" for o in ondertekeningen)},
        )
    return redirect("verwijzing:dossier", public_id=public_id)


SESSIE_SLEUTEL = "ondertekening"


def _ondertekenpagina(request, context, status=200):
    response = render(request, "verwijzing/ondertekenen.html", context, status=status)
    response["Cache-Control"] = "no-store"  # the plan is personal data, and the page a one-time one
    return response


def _wissel_in(request, token: str):
    """First use of the link: the token becomes a short-lived session entry and the browser goes on to a URL
    without it (the token rides in the query string, which the access log leaves out: docker-compose.yml)."""
    sessie = request.session.get(SESSIE_SLEUTEL) or {}
    try:
        ondertekening = link_inwisselen(token)
    except LinkAlGebruikt as fout:
        # The same browser opening its own link again (a double click, a reload) just goes on.
        if sessie.get("id") == fout.ondertekening_id and sessie.get("tot", 0) > time.time():
            return redirect("ondertekenen")
        return _ondertekenpagina(request, {"fout": str(fout)}, status=410)
    except Geweigerd as fout:
        return _ondertekenpagina(request, {"fout": str(fout)}, status=410)
    request.session.cycle_key()
    request.session[SESSIE_SLEUTEL] = {
        "id": ondertekening.pk,
        "tot": time.time() + ONDERTEKEN_SESSIE.total_seconds(),
    }
    response = redirect("ondertekenen")
    response["Referrer-Policy"] = "no-referrer"
    return response


@route(scope="ondertekenlink", audit="lezen")
@require_http_methods(["GET", "POST"])
def ondertekenen(request):
    """The inwoner's page: the link's token is exchanged for a session first; then the code, only then the
    plan is shown, and it can be signed."""
    if request.method == "GET" and request.GET.get("t"):
        # Opening the link changes nothing: mail scanners (Safe Links and the like) fetch links before the
        # inwoner does and would spend a one-time link. The exchange waits for the inwoner's button (POST).
        response = _ondertekenpagina(request, {"openen": request.GET["t"]})
        # Never to another site; the button's POST to ourselves needs its Origin (CSRF), which no-referrer hides.
        response["Referrer-Policy"] = "same-origin"
        return response
    if request.method == "POST" and request.POST.get("t"):
        return _wissel_in(request, request.POST["t"])
    sessie = request.session.get(SESSIE_SLEUTEL) or {}
    if not sessie.get("id") or sessie.get("tot", 0) < time.time():
        request.session.pop(SESSIE_SLEUTEL, None)
        fout = _(
            "Deze pagina is verlopen of de link is al gebruikt. Een link werkt maar één keer; "
            "vraag uw consulent om een nieuwe link."
        )
        return _ondertekenpagina(request, {"fout": fout}, status=410)
    try:
        ondertekening = get_ondertekening(sessie["id"])
    except Geweigerd as fout:
        request.session.pop(SESSIE_SLEUTEL, None)
        return _ondertekenpagina(request, {"fout": str(fout)}, status=410)
    form = OndertekenCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if "tekenen" in request.POST:
                leefzorgplan_ondertekenen(ondertekening_id=ondertekening.pk, code=form.cleaned_data["code"])
                request.session.pop(SESSIE_SLEUTEL, None)
                return _ondertekenpagina(request, {"klaar": True})
            ondertekening = code_controleren(ondertekening_id=ondertekening.pk, code=form.cleaned_data["code"])
        except Geweigerd as fout:
            form.add_error("code", str(fout))
        else:
            record(
                Actie.LEZEN,
                ondertekening.versie,
                omschrijving=f"Leefzorgplan gelezen via ondertekenlink ({ondertekening.rol})",
            )
            secties = dict(leefzorgplan_secties(ondertekening.dossier, timezone.localdate()))
            return _ondertekenpagina(
                request,
                {
                    "ondertekening": ondertekening,
                    "form": form,
                    "plan": ondertekening.versie,
                    "koppen": secties,
                    "code": form.cleaned_data["code"],
                },
            )
    return _ondertekenpagina(
        request, {"ondertekening": ondertekening, "form": form}, status=400 if form.errors else 200
    )


@route(scope="inwoner", audit="lezen")
@login_required
def leefzorgplan_pdf(request, public_id, versie):
    """One version of the leefzorgplan as a PDF, for the consulent to hand to the inwoner. Never for an
    aanbieder: the dossier's scope has no aanbieder in it, and the role is checked as well."""
    from django.http import HttpResponse

    from .leefzorgplan.pdf import render as maak_pdf

    if request.user.rol not in {Rol.CONSULENT, Rol.BACKOFFICE}:
        raise PermissionDenied
    dossier = _dossier(request, public_id)
    plan = get_object_or_404(dossier.leefzorgplanversies, versie=versie)
    record(Actie.LEZEN, plan, omschrijving=f"Leefzorgplan versie {plan.versie} als PDF")
    response = HttpResponse(maak_pdf(plan), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="leefzorgplan-{dossier.pk}-v{plan.versie}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
