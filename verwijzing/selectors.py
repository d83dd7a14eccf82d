"""Reads of dossiers, always through the scope: the werkvoorraad per role, in keyset pages on the
stored deadline (Dossier.uiterlijk, kept by the services), so a page costs the same with a million rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Case, DateField, F, Q, When
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Gebruiker, Rol
from accounts.permissions import mag_beschikken
from accounts.scoping import gemeente_ids, get_lidmaatschappen
from inwoners.models import volledige_naam
from regie.models import Feestdag, Termijn
from regie.regelset import TermijnInfo
from regie.termijnen import bereken
from toegang.links import link

from .beschikking.beslistermijn import beslistermijn
from .models import (
    OPEN,
    Beschikking,
    BeschikkingSoort,
    BeschikkingStatus,
    Dossier,
    Indicatie,
    Matchingsverzoek,
    Status,
    VerzoekStatus,
    Wijziging,
    ZorgStart,
    ZorgStop,
)
from .omvang import tekst as omvang_tekst

PAGINA = 50
MIJN, TEAM = "mijn", "team"  # the consulent's two werkvoorraden: his own dossiers, and his team's

# What must happen by a row's Dossier.uiterlijk, by status and domain (huidige_termijn in beslistermijn.py
# stores the Wmo-onderzoek for a Wmo melding and onderzoek, and the beslistermijn for an aanvraag).
TERMIJN_TAAK = {
    (Status.MELDING, "wmo"): _("Onderzoek afronden"),
    (Status.ONDERZOEK, "wmo"): _("Onderzoek afronden"),
    (Status.AANVRAAG, "jeugd"): _("Beschikking nemen"),
    (Status.AANVRAAG, "wmo"): _("Beschikking nemen"),
}
BIJNA_DAGEN = 5  # a deadline this close shows as "binnenkort"
# A matchingsverzoek this old is late whatever the holidays (5 werkdagen), so only this window's are read.
MATCHING_VENSTER = 31
# What a list row needs of the inwoner (Inwoner.volledige_naam): loading only these keeps a page of
# 50 rows cheap; the BSN and contact details are never loaded for a list.
NAAM = ("voornamen", "voorvoegsel", "geslachtsnaam", "partner_voorvoegsel", "partnernaam", "naamgebruik")
# A werkvoorraad row's own fields, in the order _regels unpacks them.
RIJ_VELDEN = ("pk", "public_id", "domein", "status", "meldingsdatum", "uiterlijk", "gemeente__naam")


@dataclass
class Regel:
    """One werkvoorraad row, prepared once in Python: the template only prints (a page of 50 rows
    would otherwise resolve choice labels, dates and URLs hundreds of times)."""

    dossier_id: int
    url: str
    naam: str
    domein: str
    gemeente: str
    status: str
    melding: str
    uiterlijk: date | None
    uiterlijk_tekst: str
    termijn: str
    stand: str  # geen, op-tijd, bijna, te-laat
    behandelaar: str = ""
    matching_te_laat: bool = False


@dataclass
class Pagina:
    regels: list[Regel]
    volgende: str | None  # the cursor of the next page, or None on the last page


def _stand(uiterlijk: date | None, vandaag: date) -> str:
    if uiterlijk is None:
        return "geen"
    if uiterlijk < vandaag:
        return "te-laat"
    return "bijna" if (uiterlijk - vandaag).days <= BIJNA_DAGEN else "op-tijd"


def termijn_taak(status: str, domein: str) -> str:
    """What must be done by the dossier's deadline ("Beschikking nemen"), or "" when no deadline runs."""
    taak = TERMIJN_TAAK.get((status, domein))
    return str(taak) if taak else ""


def naam_van(gebruiker) -> str:
    return gebruiker.get_full_name() or gebruiker.get_username()


def matching_te_laat(dossier_ids, vandaag: date) -> set[int]:
    """The dossiers with an open matchingsverzoek past its 5 werkdagen (uiterlijk_matchingsgesprek in
    indicatie.py, the same rule). Three small queries, whatever the number of rows; not the cached
    regelset: its cache may be emptied by other dates at any moment, and a page must cost the same number
    of queries every time."""
    verzoeken = list(
        Matchingsverzoek.objects.filter(dossier_id__in=dossier_ids, status=VerzoekStatus.VERZONDEN).values_list(
            "dossier_id", "verzonden_op"
        )
    )
    if not verzoeken:  # nothing open on this page: no deadline to compute
        return set()
    t = Termijn.objects.filter(Termijn.geldig_op(vandaag), soort="matchingsgesprek").order_by("-geldig_vanaf").first()
    lijsten: dict[str, set[date]] = {}
    for lijst, datum in Feestdag.objects.filter(datum__gte=vandaag - timedelta(days=MATCHING_VENSTER)).values_list(
        "lijst", "datum"
    ):
        lijsten.setdefault(lijst, set()).add(datum)
    if t is None:
        return set()
    termijn = TermijnInfo(t.soort, t.naam, t.aantal, t.eenheid, t.wettelijk, t.vanaf, t.bron, t.opmerking, "")
    feestdagen = {k: frozenset(v) for k, v in lijsten.items()}
    te_laat = set()
    for dossier_id, verzonden in verzoeken:
        if (vandaag - verzonden).days > MATCHING_VENSTER or (
            date.fromisoformat(bereken(termijn, verzonden, feestdagen).uiterlijk) < vandaag
        ):
            te_laat.add(dossier_id)
    return te_laat


def _regels(rijen: list[tuple]) -> list[Regel]:
    """Rows of `RIJ_VELDEN`, the inwoner's `NAAM` and, where shown, the behandelaar's username and names."""
    vandaag = timezone.localdate()
    te_laat = matching_te_laat([r[0] for r in rijen], vandaag) if rijen else set()
    domeinen = {k: str(v) for k, v in Dossier._meta.get_field("domein").choices}
    statussen = {k: str(v) for k, v in Status.choices}
    taken = {k: str(v) for k, v in TERMIJN_TAAK.items()}
    naam_tot = len(RIJ_VELDEN) + len(NAAM)
    regels = []
    for rij in rijen:
        pk, public_id, domein, status, melding, u, gemeente = rij[: len(RIJ_VELDEN)]
        behandelaar = rij[naam_tot:]
        regels.append(
            Regel(
                dossier_id=pk,
                url=link("verwijzing:dossier", public_id=public_id),
                naam=volledige_naam(*rij[len(RIJ_VELDEN) : naam_tot]),
                domein=domeinen.get(domein, domein),
                gemeente=gemeente,
                status=statussen.get(status, status),
                melding=melding.strftime("%d-%m-%Y"),
                uiterlijk=u,
                uiterlijk_tekst=u.strftime("%d-%m-%Y") if u else "",
                termijn=taken.get((status, domein), "") if u else "",
                stand=_stand(u, vandaag),
                behandelaar=(f"{behandelaar[1]} {behandelaar[2]}".strip() or behandelaar[0]) if behandelaar else "",
                matching_te_laat=pk in te_laat,
            )
        )
    return regels


def _cursor(rij: tuple) -> str:
    pk, uiterlijk = rij[0], rij[RIJ_VELDEN.index("uiterlijk")]
    return f"{uiterlijk.isoformat() if uiterlijk else '-'}.{pk}"


def _na(cursor: str | None) -> Q:
    """Rows after the cursor in the order (uiterlijk ASC NULLS LAST, id)."""
    if not cursor:
        return Q()
    try:
        datum, pk = cursor.split(".", 1)
        pk = int(pk)
        if datum == "-":
            return Q(uiterlijk__isnull=True, pk__gt=pk)
        d = date.fromisoformat(datum)
    except ValueError:
        return Q()  # a mangled cursor starts at the top instead of failing
    return Q(uiterlijk__gt=d) | Q(uiterlijk=d, pk__gt=pk) | Q(uiterlijk__isnull=True)


def beslist_over(gebruiker, pad: str = "") -> Q:
    """The dossiers (or rows under them, through `pad`) whose beschikking this user's role decides on: per
    domain the gemeente's choice (Gemeente.beschikking_*_door), as accounts.permissions.mag_beschikken
    asks it of one dossier. Combine with the scope, which holds the user's gemeenten."""
    q = Q(pk__in=[])
    for gemeente_id, domein in beslissingen(gebruiker):
        q |= Q(**{f"{pad}gemeente_id": gemeente_id, f"{pad}domein": domein})
    return q


def beslissingen(gebruiker) -> list[tuple[int, str]]:
    """(gemeente id, domein) pairs whose beschikkingen this user decides on, from the request's cached
    memberships: a page knows without a query (or a join) whether there is anything to decide at all."""
    domeinen = gebruiker.domeinen if gebruiker.rol == Rol.CONSULENT else ["jeugd", "wmo"]
    return [
        (lid.gemeente_id, domein)
        for lid in get_lidmaatschappen(gebruiker)
        for domein in domeinen
        if lid.gemeente.beschikking_door(domein) == gebruiker.rol
    ]


def werkvoorraad(
    gebruiker, *, na: str | None = None, limiet: int = PAGINA, weergave: str = MIJN, behandelaar: int | None = None
) -> Pagina:
    """The open dossiers in scope, the nearest deadline on top. The backoffice sees the aanvragen waiting
    for a beschikking it decides on; a consulent his own dossiers (`MIJN`: he is the behandelaar) or, with
    `TEAM`, all open dossiers of his domain(s) and gemeenten, optionally of one `behandelaar`."""
    dossiers = Dossier.objects.visible_to(gebruiker)
    team = False
    if gebruiker.rol == Rol.BACKOFFICE:
        dossiers = dossiers.filter(beslist_over(gebruiker), status=Status.AANVRAAG)
    else:
        dossiers = dossiers.filter(status__in=OPEN)
        if weergave == TEAM:
            team = True
            if behandelaar:
                dossiers = dossiers.filter(consulent_id=behandelaar)
        else:
            dossiers = dossiers.filter(consulent=gebruiker)
    # The behandelaar's name only where the page shows it (the team view and the backoffice): a consulent's
    # own list would read a user per row for nothing. Values, not models: a page of 50 rows would otherwise
    # build 150 model instances to print a few fields of each.
    met_behandelaar = team or gebruiker.rol == Rol.BACKOFFICE
    behandelaar_velden = ("consulent__username", "consulent__first_name", "consulent__last_name")
    rijen = list(
        dossiers.filter(_na(na))
        .order_by(F("uiterlijk").asc(nulls_last=True), "id")
        .values_list(
            *RIJ_VELDEN,
            *(f"inwoner__{veld}" for veld in NAAM),
            *(behandelaar_velden if met_behandelaar else ()),
        )[: limiet + 1]
    )
    volgende = _cursor(rijen[limiet - 1]) if len(rijen) > limiet else None
    return Pagina(_regels(rijen[:limiet]), volgende)


def team_behandelaars(gebruiker) -> list[tuple[int, str]]:
    """The consulenten whose work a consulent may cover: active, in one of his gemeenten and domains."""
    domeinen = Q(pk__in=[])
    for domein in gebruiker.domeinen:
        domeinen |= Q(**{f"domein_{domein}": True})
    rijen = (
        Gebruiker.objects.filter(
            domeinen, is_active=True, rol=Rol.CONSULENT, lidmaatschappen__gemeente_id__in=gemeente_ids(gebruiker)
        )
        .distinct()
        .only("username", "first_name", "last_name")
        .order_by("last_name", "first_name", "username")
    )
    return [(g.pk, naam_van(g)) for g in rijen]


@dataclass
class Link:
    """A row of a short list beside the werkvoorraad: where it leads and what it says, prepared once."""

    url: str
    tekst: str


def te_verzenden(gebruiker, limiet: int = PAGINA) -> list[Link]:
    """Beschikkingen that were decided but not yet sent (bekendmaking), of the domains whose beschikkingen
    this user decides on: the backoffice's, or the Wmo consulent's where he decides (beslist_over)."""
    if not beslissingen(gebruiker):
        return []
    soorten = {k: str(v).lower() for k, v in BeschikkingSoort.choices}
    rijen = (
        Beschikking.objects.visible_to(gebruiker)
        .filter(beslist_over(gebruiker, "dossier__"), status=BeschikkingStatus.VASTGESTELD)
        .order_by("vastgesteld_op", "id")
        .values_list("dossier__public_id", "soort", "vastgesteld_op", *(f"dossier__inwoner__{v}" for v in NAAM))[
            :limiet
        ]
    )
    return [
        Link(
            link("verwijzing:dossier", public_id=public_id),
            f"{volledige_naam(*naam)}: {soorten.get(soort, soort)} "
            f"({timezone.localtime(vastgesteld_op).strftime('%d-%m-%Y')})",
        )
        for public_id, soort, vastgesteld_op, *naam in rijen
    ]


def hardheidsclausules(gebruiker, limiet: int = PAGINA) -> list[Link]:
    """Indicaties waiting for the gemeente's agreement under the hardheidsclausule (Handboek verwijzers jeugdhulp §2.9
    (r. 4165–4166))."""
    zichtbaar = Dossier.objects.visible_to(gebruiker).filter(status__in=OPEN)
    # First the open ones from their partial index (a short queue: each waits for a second person), then
    # the scope. In one query PostgreSQL misjudges that index (it cannot see that hardheidsclausule and
    # hardheid_goedgekeurd_op are correlated) and walks a gemeente's open dossiers instead: 100-300 ms.
    open_ = list(
        Indicatie.objects.filter(hardheidsclausule=True, hardheid_goedgekeurd_op__isnull=True).values_list(
            "pk", flat=True
        )
    )
    rijen = (
        Indicatie.objects.filter(pk__in=open_, dossier__in=zichtbaar)
        .exclude(aangemaakt_door=gebruiker)
        .order_by("aangemaakt_op", "id")
        .values_list("dossier__public_id", "product__code", "product__naam", *(f"dossier__inwoner__{v}" for v in NAAM))[
            :limiet
        ]
    )
    return [
        Link(link("verwijzing:indicatie", public_id=public_id), f"{volledige_naam(*naam)}: {code} {product}")
        for public_id, code, product, *naam in rijen
    ]


@dataclass
class ToewijzingRegel:
    """One row of the dossier's toewijzingen, prepared once (a dossier gathers many over the years)."""

    toewijzing: object
    nummer: int
    product: str
    aanbieder: str
    periode: str
    status: str
    wijziging: str
    url: str
    herindicatie_url: str | None  # None: no herindicatie from an ended toewijzing
    wijzigbaar: bool


def _d(datum) -> str:
    return datum.strftime("%d-%m-%Y") if datum else ""


def _toewijzing_regels(dossier, toewijzingen, beslisser: bool) -> list[ToewijzingRegel]:
    wijzigingen = {k: str(v) for k, v in Wijziging.choices}
    gestart, gestopt = gettext("gestart op"), gettext("gestopt op")
    regels = []
    for t in toewijzingen:
        status = t.status_tekst
        if t.gestart_op:
            status += f", {gestart} {_d(t.gestart_op)}"
        if t.gestopt_op:
            status += f", {gestopt} {_d(t.gestopt_op)}"
        ids = {"public_id": dossier.public_id, "toewijzing_id": t.public_id}
        geeindigd = t.laatste_wijziging in {Wijziging.BEEINDIGD, Wijziging.VERWIJDERD}
        regels.append(
            ToewijzingRegel(
                toewijzing=t,
                nummer=t.nummer,
                product=", ".join(filter(None, [f"{t.product.code} {t.product.naam}", omvang_tekst(t)])),
                aanbieder=t.aanbieder.naam,
                periode=f"{_d(t.ingangsdatum)} – {_d(t.einddatum) or '…'}",
                status=status,
                wijziging=f"{wijzigingen.get(t.laatste_wijziging, '')}, "
                f"{timezone.localtime(t.toewijzingsmoment).strftime('%d-%m-%Y %H:%M')}",
                url=link("verwijzing:toewijzing", **ids),
                herindicatie_url=None if geeindigd else link("verwijzing:herindicatie-starten", **ids),
                wijzigbaar=beslisser and not geeindigd,
            )
        )
    return regels


def dossier_vervolg(gebruiker, dossier) -> dict:
    """What the dossier page shows after the leefzorgplan: the beslistermijn with
    its notices, the beschikkingen (newest first) and the toewijzingen, and whether the user decides on them. The page's
    forms are the view's; those to change a toewijzing live on its own page (loaded on demand)."""
    beschikkingen = list(
        dossier.beschikkingen.exclude(status=BeschikkingStatus.CONCEPT)
        .order_by("-id")
        .only(
            "public_id",
            "soort",
            "status",
            "render_status",
            "render_voortgang",
            "render_fout",
            "vastgesteld_op",
            "verzonden_op",
            "verzendkanaal",
            "geadresseerden",
            "pdf_sha256",
            "dossier_id",
            "budgetten",
        )
    )
    toewijzingen = list(dossier.toewijzingen.select_related("product", "aanbieder").order_by("nummer"))
    beslisser = mag_beschikken(gebruiker, dossier.gemeente, dossier.domein)
    return {
        "termijn": beslistermijn(dossier),
        "beschikking": beschikkingen[0] if beschikkingen else None,
        "beschikkingen": beschikkingen,
        "toewijzingen": _toewijzing_regels(dossier, toewijzingen, beslisser),
        "herindicatie_van": dossier.herindicatie_van,
        "mag_beschikken": beslisser,
    }


def get_beschikking(gebruiker, dossier, public_id) -> Beschikking:
    """A beschikking of this dossier in the user's scope, or a 404."""
    return get_object_or_404(Beschikking.objects.visible_to(gebruiker).filter(dossier=dossier), public_id=public_id)


def get_toewijzing(gebruiker, dossier, public_id):
    """A toewijzing of this dossier in the user's scope, with its product and aanbieder, or a 404."""
    return get_object_or_404(
        dossier.toewijzingen.visible_to(gebruiker).select_related("product", "aanbieder"), public_id=public_id
    )


def matchingsverzoeken(gebruiker, limiet: int = 200) -> list[Matchingsverzoek]:
    """The aanbieder's werkvoorraad: open verzoeken first, the oldest (so the latest deadline) on top; then
    the answered ones, the last answered first."""
    return list(
        Matchingsverzoek.objects.visible_to(gebruiker)
        .select_related("product")
        .annotate(
            open_sinds=Case(When(status=VerzoekStatus.VERZONDEN, then=F("verzonden_op")), output_field=DateField())
        )
        .order_by(F("open_sinds").asc(nulls_last=True), F("geretourneerd_op").desc(nulls_last=True), "id")[:limiet]
    )


@dataclass(frozen=True)
class Leveringsregel:
    """One StartProduct or StopProduct as the aanbieder sent it, for the toewijzing page."""

    soort: str
    begindatum: date
    einddatum: date | None
    reden: str
    verwijderen: bool  # StatusAanlevering 3: this line withdraws an earlier one
    ingetrokken: bool  # withdrawn by a later line
    bericht: str


def leveringsregels(t) -> list[Leveringsregel]:
    """Every start and stop the aanbieder sent on this toewijzing, in the order received (two queries)."""
    velden = ("pk", "ontvangen", "begindatum", "status_aanlevering", "ingetrokken_door_id", "bericht__soort")
    velden += ("bericht__identificatie",)
    rijen = [(r, gettext("Start")) for r in ZorgStart.objects.filter(toewijzing=t).values(*velden)]
    rijen += [
        (r, gettext("Stop"))
        for r in ZorgStop.objects.filter(toewijzing=t).values(*velden, "einddatum", "reden_beeindiging")
    ]
    rijen.sort(key=lambda rij: (rij[0]["ontvangen"], rij[1] == gettext("Stop"), rij[0]["pk"]))
    return [
        Leveringsregel(
            soort=soort,
            begindatum=r["begindatum"],
            einddatum=r.get("einddatum"),
            reden=r.get("reden_beeindiging", ""),
            verwijderen=r["status_aanlevering"] == "3",
            ingetrokken=r["ingetrokken_door_id"] is not None,
            bericht=" ".join(filter(None, [r["bericht__soort"], r["bericht__identificatie"]])),
        )
        for r, soort in rijen
    ]
