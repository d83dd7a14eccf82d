"""The dossier overview: the whole dossier at a glance (steps, indicaties with their matching, the leefzorgplan
and its signatures, beschikkingen, toewijzingen with their berichten, deadlines and a timeline), read in a
fixed number of queries whatever the dossier gathered over the years. Reads only.

verwijzing does not know the berichten app (berichten depends on verwijzing): berichten hands in, when
Django starts, what reads the berichten of a dossier's toewijzingen (`berichten_instellen`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import CharField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Concat, Trim
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import Rol
from audit.models import Actie, AuditEvent
from regie.regelset import regelset

from . import selectors
from .budget import budgetten
from .indicatie import uiterlijk_matchingsgesprek
from .models import (
    TERMINAL,
    Bekostiging,
    GesprekVorm,
    Ondertekenaar,
    Onderzoek,
    ScanStatus,
    Status,
    VerzoekStatus,
)
from .omvang import tekst as omvang_tekst
from .tijdlijn import leesbaar

TIJDLIJN = 50  # the newest events shown; older ones stay in the audit trail


def _d(datum) -> str:
    return datum.strftime("%d-%m-%Y") if datum else ""


def _dt(moment) -> str:
    return timezone.localtime(moment).strftime("%d-%m-%Y %H:%M") if moment else ""


# --- Berichten, handed in by the berichten app -------------------------------------------------------


@dataclass
class BerichtRegel:
    """One bericht of a toewijzing as the dossier shows it; `status` is the bericht's own status label, the
    word the berichtencockpit shows, so the two pages never disagree."""

    pk: int
    soort: str
    identificatie: str
    richting: str
    status: str
    datum: str
    url: str | None  # the cockpit's page of the bericht, None for whom may not open the cockpit


# (gebruiker, toewijzing pks) -> {toewijzing pk: [BerichtRegel, oldest first]}
_berichten: Callable[[object, list[int]], dict[int, list[BerichtRegel]]] | None = None


def berichten_instellen(lezer: Callable[[object, list[int]], dict[int, list[BerichtRegel]]]) -> None:
    """What reads the berichten per toewijzing; the berichten app sets it in its AppConfig.ready()."""
    global _berichten
    _berichten = lezer


def _berichten_van(gebruiker, toewijzing_ids: list[int]) -> dict[int, list[BerichtRegel]]:
    if _berichten is None or not toewijzing_ids:
        return {}
    return _berichten(gebruiker, toewijzing_ids)


# --- Steps --------------------------------------------------------------------------------------------


@dataclass
class Stap:
    naam: str
    stand: str  # afgerond, bezig, te-doen, vervallen
    tekst: str
    detail: str = ""  # what the current step waits for ("matchingsverzoek verstuurd, wacht op antwoord")


# The matching belongs to the status "Indicatie samenstellen": it is told as detail of that step, not as a
# step of its own, so the steps never run ahead of the status.
STAPPEN = ["melding", "onderzoek", "indicatie", "leefzorgplan", "ondertekening", "aanvraag", "beschikking"]
STAPPEN += ["toewijzing"]
# The step at hand in this status, the one the status word names; the ones before it are done.
BEZIG = {
    Status.MELDING: "melding",
    Status.ONDERZOEK: "onderzoek",
    Status.INDICATIE: "indicatie",
    Status.LEEFZORGPLAN: "leefzorgplan",
    Status.ONDERTEKENING: "ondertekening",
    Status.AANVRAAG: "beschikking",  # "Aanvraag ontvangen": the beschikking is at hand
}


def _stap_namen(dossier) -> dict[str, str]:
    return {
        "melding": gettext("Melding"),
        "onderzoek": gettext("Wmo-onderzoek") if dossier.domein == "wmo" else gettext("Vraagverheldering"),
        "indicatie": gettext("Indicatie"),
        "leefzorgplan": gettext("Leefzorgplan"),
        "ondertekening": gettext("Ondertekening"),
        "aanvraag": gettext("Aanvraag"),
        "beschikking": gettext("Beschikking"),
        "toewijzing": gettext("Toewijzing"),
    }


def _detail(dossier, bezig: str | None, open_verzoeken: int, klaar: bool) -> str:
    """What the step at hand waits for, in words."""
    if bezig == "melding":
        if dossier.domein == "wmo":
            return gettext("het Wmo-onderzoek is nog niet gestart")
        return gettext("de vraagverheldering is nog niet gestart")
    if bezig == "indicatie":
        if open_verzoeken:
            return gettext("matchingsverzoek verstuurd, wacht op antwoord")
        if klaar:
            return gettext("klaar: het leefzorgplan kan worden opgesteld")
    if bezig == "toewijzing":
        return gettext("nog geen toewijzing verstuurd")
    return ""


def stappen(dossier, *, gedaan: set[str], klaar: bool = False, open_verzoeken: int = 0) -> list[Stap]:
    """The flow's steps with what is done, what is at hand and what is still to do; the step at hand is
    always the one the dossier's status names. `gedaan` holds the steps the dossier's data show as done,
    for a dossier that ended on the way (afgesloten, ingetrokken); `klaar`: every indicatie is ready for
    the leefzorgplan; `open_verzoeken`: matchingsverzoeken sent and not yet answered."""
    teksten = {
        "afgerond": gettext("afgerond"),
        "bezig": gettext("nu bezig"),
        "te-doen": gettext("nog te doen"),
        "vervallen": gettext("niet meer aan de orde"),
    }
    if dossier.status == Status.TOEGEKEND:
        bezig = None if "toewijzing" in gedaan else "toewijzing"
        gedaan = set(STAPPEN)
    elif dossier.status == Status.AFGEWEZEN:
        bezig, gedaan = None, set(STAPPEN[:-1])
    else:
        bezig = BEZIG.get(dossier.status)
    namen = _stap_namen(dossier)
    regels, voorbij = [], bezig is not None
    for stap in STAPPEN:
        detail = ""
        if stap == bezig:
            stand, voorbij = "bezig", False
            detail = _detail(dossier, bezig, open_verzoeken, klaar)
        elif bezig is not None:
            stand = "afgerond" if voorbij else "te-doen"
        else:
            stand = "afgerond" if stap in gedaan or stap == "melding" else "vervallen"
        regels.append(Stap(namen[stap], stand, teksten[stand], detail))
    return regels


# --- Indicaties and their matching --------------------------------------------------------------------


@dataclass
class Beoordeling:
    """One matchingsverzoek for an indicatie and what the aanbieder answered."""

    aanbieder: str
    status: str
    verzonden: str
    open: bool  # sent, no answer yet
    uiterlijk: str
    te_laat: bool
    gesprek: str
    deelnemers: str
    inschatting: str
    startdatum: str
    reden_niet_passend: str


@dataclass
class IndicatieRegel:
    id: int
    product: str
    omvang: str
    periode: str
    aanbieder: str
    bekostiging: str
    matching_nodig: bool
    verzoeken: list[Beoordeling] = field(default_factory=list)
    budget: object = None  # regie.budget.Budgetuitkomst: "Budget (indicatie)"


def omvang(i) -> str:
    """Volume, unit and frequentie ("10 uur per week"), or the budget (verwijzing.omvang)."""
    return omvang_tekst(i)


def _indicaties(dossier, vandaag: date) -> tuple[list[IndicatieRegel], list[int], list]:
    """The indicaties with their matching, the indicatie ids and the matchingsverzoeken."""
    indicaties = list(dossier.indicaties.select_related("product", "aanbieder").order_by("id"))
    verzoeken = list(dossier.matchingsverzoeken.select_related("aanbieder").order_by("id"))
    rs = regelset(vandaag) if verzoeken else None
    statussen = {k: str(v) for k, v in VerzoekStatus.choices}
    vormen = {k: str(v).lower() for k, v in GesprekVorm.choices}
    bekostigingen = {k: str(v) for k, v in Bekostiging.choices}
    per_indicatie = defaultdict(list)
    for v in verzoeken:
        uiterlijk = uiterlijk_matchingsgesprek(v, rs)
        gesprek = _d(v.gesprek_op) + (f", {vormen.get(v.gesprek_vorm, '')}" if v.gesprek_vorm else "")
        per_indicatie[v.indicatie_id].append(
            Beoordeling(
                aanbieder=v.aanbieder.naam,
                status=statussen.get(v.status, v.status) + (f"; {v.get_besluit_display()}" if v.besluit else ""),
                verzonden=_d(v.verzonden_op),
                open=v.status == VerzoekStatus.VERZONDEN,
                uiterlijk=_d(uiterlijk),
                te_laat=v.status == VerzoekStatus.VERZONDEN and uiterlijk < vandaag,
                gesprek=gesprek,
                deelnemers=v.deelnemers,
                inschatting=v.inschatting_traject,
                startdatum=_d(v.verwachte_startdatum),
                reden_niet_passend=v.reden_niet_passend,
            )
        )
    per_budget = budgetten(indicaties, dossier.gemeente)
    regels = [
        IndicatieRegel(
            id=i.pk,
            product=f"{i.product.code} {i.product.naam}",
            omvang=omvang(i),
            periode=f"{_d(i.ingangsdatum)} – {_d(i.einddatum) or '…'}",
            aanbieder=i.aanbieder.naam if i.aanbieder else "",
            bekostiging=bekostigingen.get(i.bekostiging, i.bekostiging),
            matching_nodig=i.matching_nodig,
            verzoeken=per_indicatie[i.pk],
            budget=per_budget[i.pk],
        )
        for i in indicaties
    ]
    return regels, [i.pk for i in indicaties], verzoeken


# --- Leefzorgplan and signatures ----------------------------------------------------------------------


@dataclass
class Handtekening:
    naam: str
    rol: str
    tekst: str  # getekend op …, nog niet getekend, vervallen


@dataclass
class VersieRegel:
    versie: int
    gemaakt: str
    door: str
    pdf_url: str
    getekend: list[Handtekening]
    te_tekenen: list[Handtekening]
    exemplaren: list[str]


def _naam(gebruiker) -> str:
    return (gebruiker.get_full_name() or gebruiker.username) if gebruiker else ""


def _leefzorgplan(dossier) -> tuple[list[VersieRegel], tuple[list[int], list[int], list[int]], list[str]]:
    versies = list(dossier.leefzorgplanversies.select_related("aangemaakt_door").order_by("-versie"))
    # Signatures and signed copies belong to a version: none to read before the first one.
    ondertekeningen, exemplaren = [], []
    if versies:
        velden = ("dossier_id", "versie_id", "getekend_op")
        ondertekeningen = list(dossier.ondertekeningen.order_by("id").only(*velden, "rol", "naam", "vervallen"))
        exemplaren = list(dossier.getekende_exemplaren.order_by("id").only(*velden, "getekend_door", "scan_status"))
    rollen = {k: str(v).lower() for k, v in Ondertekenaar.choices}
    scans = {k: str(v) for k, v in ScanStatus.choices}
    per_versie: dict[int, tuple[list, list, list]] = defaultdict(lambda: ([], [], []))
    for o in ondertekeningen:
        getekend, te_tekenen, _ex = per_versie[o.versie_id]
        if o.getekend_op:
            tekst = gettext("getekend op %(d)s") % {"d": _d(timezone.localtime(o.getekend_op))}
            getekend.append(Handtekening(o.naam, rollen.get(o.rol, o.rol), tekst))
        elif not o.vervallen:  # a vervallen request was replaced by a new one
            te_tekenen.append(Handtekening(o.naam, rollen.get(o.rol, o.rol), gettext("nog niet getekend")))
    for e in exemplaren:
        per_versie[e.versie_id][2].append(
            gettext("Getekend exemplaar van %(wie)s (%(d)s): %(scan)s")
            % {"wie": e.getekend_door, "d": _d(e.getekend_op), "scan": scans.get(e.scan_status, e.scan_status)}
        )
    regels = []
    for v in versies:
        getekend, te_tekenen, ex = per_versie[v.pk]
        regels.append(
            VersieRegel(
                versie=v.versie,
                gemaakt=_dt(v.aangemaakt_op),
                door=_naam(v.aangemaakt_door),
                pdf_url=reverse(
                    "verwijzing:leefzorgplan-pdf", kwargs={"public_id": dossier.public_id, "versie": v.versie}
                ),
                getekend=getekend,
                te_tekenen=te_tekenen,
                exemplaren=ex,
            )
        )
    ids = [v.pk for v in versies], [o.pk for o in ondertekeningen], [e.pk for e in exemplaren]
    # Whom the beschikking letter addresses: who signed the plan, else the inwoner (beschikking/pdf.py).
    getekend = list(dict.fromkeys(o.naam for o in ondertekeningen if o.getekend_op and not o.vervallen))
    return regels, ids, getekend or [dossier.inwoner.volledige_naam]


# --- Toewijzingen with their berichten ----------------------------------------------------------------


@dataclass
class ToewijzingOverzicht:
    regel: selectors.ToewijzingRegel
    berichten: list[BerichtRegel]


# --- Timeline -----------------------------------------------------------------------------------------


@dataclass
class Gebeurtenis:
    wanneer: str
    wie: str
    wat: str


def _wat(omschrijving: str, actie: str, reden: str, acties: dict[str, str], aanbieders: dict[str, str]) -> str:
    """The event in words: its description with codes as labels and aanbieders by name (verwijzing.tijdlijn), with
    the reason given."""
    wat = leesbaar(omschrijving, aanbieders) if omschrijving else acties.get(actie, actie)
    if reden:
        wat += " (" + gettext("reden: %(reden)s") % {"reden": reden} + ")"
    return wat


def tijdlijn(
    objecten: dict[str, list[int]], limiet: int = TIJDLIJN, aanbieders: dict[str, str] | None = None
) -> list[Gebeurtenis]:
    """What happened to the dossier and its children, newest first, from the audit trail: changes, not
    reads (every view of the dossier is audited too, and would drown the story). `aanbieders`: AGB code ->
    name of the aanbieders of the dossier's matchingsverzoeken and toewijzingen."""
    waar = Q()
    for soort, ids in objecten.items():
        if isinstance(ids, QuerySet):  # a subquery of text ids: no list read first
            waar |= Q(object_type=soort, object_id__in=ids)
        elif ids:
            waar |= Q(object_type=soort, object_id__in=[str(i) for i in ids])
    # The user's full name in the same query (the audit keeps the user's id, not a foreign key);
    # without one, the username the event recorded.
    naam = Trim(Concat("first_name", Value(" "), "last_name"))
    rijen = list(
        AuditEvent.objects.filter(waar)
        .exclude(actie=Actie.LEZEN)
        .annotate(
            volledige_naam=Subquery(
                get_user_model().objects.filter(pk=OuterRef("gebruiker_id")).values(n=naam)[:1],
                output_field=CharField(),
            )
        )
        .order_by("-tijdstip", "-id")
        # Values, not models: up to 50 rows of which the page prints a few fields.
        .values_list("tijdstip", "volledige_naam", "gebruikersnaam", "omschrijving", "actie", "reden")[:limiet]
    )
    acties = {k: str(v) for k, v in Actie.choices}
    systeem = gettext("het systeem")
    return [
        Gebeurtenis(
            wanneer=_dt(tijdstip),
            wie=volledige_naam or gebruikersnaam or systeem,
            wat=_wat(omschrijving, actie, reden, acties, aanbieders or {}),
        )
        for tijdstip, volledige_naam, gebruikersnaam, omschrijving, actie, reden in rijen
    ]


# --- The whole overview -------------------------------------------------------------------------------


@dataclass
class LopendeTermijn:
    """The deadline running now (Dossier.uiterlijk, kept by the services), with the werkvoorraad's words."""

    taak: str  # "Onderzoek afronden"
    uiterlijk: str
    stand: str  # op-tijd, bijna, te-laat


def termijn_stand(uiterlijk: date, vandaag: date) -> str:
    """As the werkvoorraad flags a row: te laat after the day, binnenkort within BIJNA_DAGEN."""
    if uiterlijk < vandaag:
        return "te-laat"
    return "bijna" if (uiterlijk - vandaag).days <= selectors.BIJNA_DAGEN else "op-tijd"


def lopende_termijn(dossier, vandaag: date) -> LopendeTermijn | None:
    """The deadline the werkvoorraad shows for this dossier, or None when none runs."""
    taak = selectors.termijn_taak(dossier.status, dossier.domein)
    if not taak or not dossier.uiterlijk:
        return None
    return LopendeTermijn(taak, _d(dossier.uiterlijk), termijn_stand(dossier.uiterlijk, vandaag))


def behandelaar_wijzigen_url(gebruiker, dossier) -> str | None:
    """The page to change the dossier's behandelaar, for the team while the dossier is not closed."""
    if gebruiker.rol not in {Rol.CONSULENT, Rol.BACKOFFICE} or dossier.status in TERMINAL:
        return None
    try:
        return reverse("verwijzing:behandelaar-wijzigen", kwargs={"public_id": dossier.public_id})
    except NoReverseMatch:
        return None


def dossier_overzicht(gebruiker, dossier) -> dict:
    """Everything the dossier page shows, prepared once; the template only prints."""
    vandaag = timezone.localdate()
    vervolg = selectors.dossier_vervolg(gebruiker, dossier)
    indicaties, indicatie_ids, verzoeken = _indicaties(dossier, vandaag)
    versies, (versie_ids, ondertekening_ids, exemplaar_ids), geadresseerden = _leefzorgplan(dossier)
    regels = vervolg["toewijzingen"]
    toewijzing_ids = [r.toewijzing.pk for r in regels]
    berichten = _berichten_van(gebruiker, toewijzing_ids)
    beschikking_ids = [b.pk for b in vervolg["beschikkingen"]]
    # The onderzoek counts as a step done only for a dossier that ended on the way; the timeline asks by subquery.
    onderzoek = Onderzoek.objects.filter(dossier=dossier).values_list(Cast("pk", CharField()), flat=True)
    gedaan = {
        stap
        for stap, bewijs in {
            "onderzoek": dossier.status not in {*BEZIG, Status.TOEGEKEND, Status.AFGEWEZEN} and onderzoek.exists(),
            "indicatie": indicaties,
            "leefzorgplan": versies,
            "ondertekening": [v for v in versies if v.getekend],
            "aanvraag": dossier.aanvraag_op,
            "beschikking": beschikking_ids,
            "toewijzing": regels,
        }.items()
        if bewijs
    }
    ontbreekt = dossier.wat_ontbreekt_voor_leefzorgplan() if dossier.status == Status.INDICATIE else []
    gebeurtenissen = tijdlijn(
        {
            "verwijzing.dossier": [dossier.pk],
            "verwijzing.onderzoek": onderzoek,
            "verwijzing.indicatie": indicatie_ids,
            "verwijzing.matchingsverzoek": [v.pk for v in verzoeken],
            "verwijzing.leefzorgplanversie": versie_ids,
            "verwijzing.ondertekening": ondertekening_ids,
            "verwijzing.getekendexemplaar": exemplaar_ids,
            "verwijzing.beschikking": beschikking_ids,
            "verwijzing.toewijzing": toewijzing_ids,
            "berichten.bericht": [b.pk for lijst in berichten.values() for b in lijst],
        },
        aanbieders={
            a.agb_code: a.naam for a in [*(v.aanbieder for v in verzoeken), *(r.toewijzing.aanbieder for r in regels)]
        },
    )
    return {
        **vervolg,
        "stappen": stappen(
            dossier,
            gedaan=gedaan,
            klaar=dossier.status == Status.INDICATIE and not ontbreekt,
            open_verzoeken=sum(v.status == VerzoekStatus.VERZONDEN for v in verzoeken),
        ),
        "indicaties": indicaties,
        "versies": versies,
        "toewijzingen": [ToewijzingOverzicht(r, berichten.get(r.toewijzing.pk, [])) for r in regels],
        "tijdlijn": gebeurtenissen,
        "ontbreekt_voor_leefzorgplan": ontbreekt,
        "leefzorgplan_mogelijk": dossier.status == Status.INDICATIE and not ontbreekt,
        "behandelaar_wijzigen_url": behandelaar_wijzigen_url(gebruiker, dossier),
        "lopende_termijn": lopende_termijn(dossier, vandaag),
        "geadresseerden": gettext(" en ").join(geadresseerden),
        "termijn_stand": termijn_stand(vervolg["termijn"].uiterlijk, vandaag)
        if vervolg["termijn"] and vervolg["termijn"].uiterlijk
        else "",
    }
