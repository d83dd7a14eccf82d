"""The 301 (toewijzingsbericht), placed in the outbox in the transaction of the toewijzing; and what the
cockpit does with an outgoing message that is stuck (cancel it, send it again).

OP087: each 301 carries all actual toewijzingen of that client at that aanbieder (valid today or
later) plus the ones just changed. OP080: while our previous 301 for the same client and aanbieder
waits for its 302, the next one waits too. A 301 not yet sent is rebuilt rather than joined by a
second one, so one message carries all changes of one decision."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Actie
from audit.services import record
from istandaard.definities.structuur import soort as soort_van
from istandaard.opbouw import client_301, header
from toegang.fouten import Geweigerd
from verwijzing.models import Toewijzing, Wijziging

from . import op003
from .models import Bericht, BerichtStatus, Richting
from .outbox import (
    NOOIT_VERZONDEN,
    bericht_bouwen,
    bericht_plaatsen,
    poging_kan_lopen,
    verzenden_na_commit,
    volgende_identificatie,
)

# IV099: RedenWijziging only when the toewijzing changed since it was last sent.
REDEN = {
    Wijziging.OPREKKEN: "04",  # Herbeoordeling: verlenging toewijzing
    Wijziging.GARANTIEFASE: "04",
    Wijziging.BEEINDIGD: "05",  # Herbeoordeling: verkorting (ends the day before the new omvang)
    Wijziging.INGETROKKEN: "05",
    Wijziging.OP_VERZOEK: "12",  # Geinitieerd door de aanbieder: the honoured 317 (IV093)
    Wijziging.VERWIJDERD: "13",  # never valid (CS335: einddatum = ingangsdatum)
}


def actueel(vandaag) -> Q:
    """OP087: a toewijzing is actual while it has not ended; a deleted one is not (it goes out once)."""
    return (Q(einddatum__isnull=True) | Q(einddatum__gte=vandaag)) & ~Q(laatste_wijziging=Wijziging.VERWIJDERD)


def toewijzingen_in_301(*, gemeente_id: int, aanbieder_id: int, domein: str, **client):
    """The one definition of the toewijzingen actual in the berichtenverkeer for one client (`inwoner_id=` or
    `inwoner__bsn=`) at one aanbieder from one gemeente (OP087): what every 301 carries, so also what a 317 must list
    in full (TR349) and may name (TR350/TR351). Not verwijzing.lopend's "what runs beside" (stapeling): a toewijzing
    replaced by a new omvang from a later date (IV066) still runs until its einddatum and stays in the 301."""
    return (
        Toewijzing.objects.filter(gemeente_id=gemeente_id, aanbieder_id=aanbieder_id, domein=domein, **client)
        .filter(actueel(timezone.localdate()))
        .select_related("product")
        .order_by("nummer")
    )


def _actueel(t: Toewijzing):
    return toewijzingen_in_301(
        gemeente_id=t.gemeente_id, aanbieder_id=t.aanbieder_id, domein=t.domein, inwoner_id=t.inwoner_id
    )


def gegevens_301(domein: str, *, afzender: str, identificatie: str, dagtekening, toewijzingen, redenen: dict) -> dict:
    """The 301 as a dict (the build step): the header and the client with every toewijzing given (OP087),
    all of one client at one aanbieder (the first one's inwoner and aanbieder are used)."""
    t = toewijzingen[0]
    return {
        "Header": header(
            domein,
            "301",
            afzender=afzender,
            ontvanger=t.aanbieder.agb_code,
            identificatie=identificatie,
            dagtekening=dagtekening,
        ),
        "Client": client_301(t.inwoner, toewijzingen, redenen, domein, peildatum=dagtekening),
    }


def _bouw(bericht: Bericht, toewijzingen, redenen: dict) -> tuple[bytes, list]:
    """The 301's bytes and findings from the current data: `gegevens_301`, then the outbox's build."""
    domein = toewijzingen[0].domein
    gegevens = _gegevens(bericht, toewijzingen, redenen)
    return bericht_bouwen(domein, "301", gegevens)


def _gegevens(bericht: Bericht, toewijzingen, redenen: dict) -> dict:
    return gegevens_301(
        toewijzingen[0].domein,
        afzender=bericht.afzender,
        identificatie=bericht.identificatie,
        dagtekening=bericht.dagtekening,
        toewijzingen=toewijzingen,
        redenen=redenen,
    )


def toewijzingsbericht_plaatsen(toewijzing: Toewijzing, wijziging: str, reden_wijziging: str = "") -> Bericht | None:
    """Called inside the toewijzing's transaction (the signal receiver). OP003: for a client marked
    "geen berichtenverkeer" no message is built at all; the aanbieder gets a letter (berichten.op003)."""
    t = Toewijzing.objects.select_related("inwoner", "aanbieder", "gemeente", "product").get(pk=toewijzing.pk)
    if op003.buiten_berichtenverkeer(t):
        op003.brief_in_plaats_van_bericht(t, wijziging)
        return None
    soort = soort_van(t.domein, "301")
    # Each gemeente is its own opdrachtgever (OP087, OP080): only its own 301s to this aanbieder for this
    # client are rebuilt or waited on, never another gemeente's.
    basis = Bericht.objects.select_for_update().filter(
        richting=Richting.UIT,
        soort=soort,
        gemeente_id=t.gemeente_id,
        inwoner_id=t.inwoner_id,
        aanbieder_id=t.aanbieder_id,
    )
    # Never sent (klaar, waiting, or refused by our own validation): rebuilt with this change. One the
    # aanbieder refused in its 302 went out already: this change makes a new message.
    open_ = basis.filter(NOOIT_VERZONDEN).exclude(status=BerichtStatus.VERZENDEN).order_by("-id").first()
    redenen = dict(open_.redenen if open_ else {})
    if wijziging in REDEN:
        redenen[str(t.pk)] = reden_wijziging or REDEN[wijziging]
    toewijzingen = _inhoud_301(t, redenen, t)
    if open_ is None:
        vorige = basis.filter(status__in=[BerichtStatus.VERZENDEN, BerichtStatus.VERZONDEN]).order_by("-id").first()
        open_ = Bericht(
            richting=Richting.UIT,
            soort=soort,
            domein=t.domein,
            gemeente=t.gemeente,
            aanbieder=t.aanbieder,
            inwoner=t.inwoner,
            afzender=t.gemeente.cbs_code,
            identificatie=volgende_identificatie(soort, t.gemeente.cbs_code),
            dagtekening=timezone.localdate(),
            status=BerichtStatus.WACHT if vorige else BerichtStatus.KLAAR,
            wacht_op=vorige,
        )
    open_.redenen = redenen
    # A message that fails its own validation is kept, never sent, and shows why in the cockpit; the
    # decision itself stands (the backoffice corrects the data and sends again).
    return bericht_plaatsen(
        open_,
        _gegevens(open_, toewijzingen, redenen),
        klaar=_klaar_of_wacht(open_),
        toewijzingen=toewijzingen,
        omschrijving=lambda b: (
            f"{soort} {b.identificatie}: {b.status}, {len(toewijzingen)} producten"
            + (f", wacht op {b.wacht_op.identificatie}" if b.wacht_op_id else "")
        ),
    )


def _inhoud_301(t: Toewijzing, redenen: dict, *aangekondigd: Toewijzing) -> list[Toewijzing]:
    """What a 301 for t's client at t's aanbieder carries (OP087): every actual toewijzing, plus each one
    whose change it announces (`redenen`, or passed in) — an ended or deleted one goes once."""
    per_pk = {x.pk: x for x in _actueel(t)}
    per_pk |= {x.pk: x for x in aangekondigd}
    ontbreekt = {int(pk) for pk in redenen} - set(per_pk)
    eigen = Toewijzing.objects.filter(
        gemeente_id=t.gemeente_id, domein=t.domein, inwoner_id=t.inwoner_id, aanbieder_id=t.aanbieder_id
    )
    per_pk |= {x.pk: x for x in eigen.filter(pk__in=ontbreekt).select_related("product")}
    for x in per_pk.values():
        x.inwoner, x.aanbieder = t.inwoner, t.aanbieder
    return sorted(per_pk.values(), key=lambda x: x.nummer)


def _klaar_of_wacht(bericht: Bericht) -> str:
    """OP080: a 301 waits for the 302 on the previous one while that is out or on its way."""
    wacht = bericht.wacht_op is not None and bericht.wacht_op.status in {
        BerichtStatus.VERZENDEN,
        BerichtStatus.VERZONDEN,
    }
    return BerichtStatus.WACHT if wacht else BerichtStatus.KLAAR


def _vergrendeld(bericht: Bericht) -> Bericht:
    bericht = Bericht.objects.select_for_update(of=("self",)).select_related("wacht_op").get(pk=bericht.pk)
    if not Bericht.objects.filter(NOOIT_VERZONDEN, pk=bericht.pk).exists():
        raise Geweigerd(_("Een verzonden bericht kan niet meer worden geannuleerd of opnieuw verstuurd."))
    if bericht.status == BerichtStatus.VERZENDEN and poging_kan_lopen(bericht):
        raise Geweigerd(_("Dit bericht wordt nu verzonden of wacht op een nieuwe poging; probeer het later."))
    return bericht


@transaction.atomic
def bericht_annuleren(*, door, bericht: Bericht, reden: str) -> Bericht:
    bericht = _vergrendeld(bericht)
    bericht.status = BerichtStatus.GEANNULEERD
    bericht.save(update_fields=["status", "gewijzigd_op"])
    record(Actie.WIJZIGEN, bericht, gebruiker=door, reden=reden, omschrijving="Bericht: annuleer")
    return bericht


@transaction.atomic
def bericht_opnieuw_versturen(*, door, bericht: Bericht, reden: str) -> Bericht:
    """A stuck message goes to the transport again. A 301 our own validation refused (say, the address a
    315 did not carry: TR061) is first rebuilt from the current data of the toewijzingen it carries, with
    its own identificatie and redenen; if it still fails, nothing changes and the refusal says why."""
    bericht = _vergrendeld(bericht)
    if bericht.status == BerichtStatus.AFGEKEURD and bericht.fouten:
        if not bericht.soort.endswith("301"):
            raise Geweigerd(_("Dit bericht voldoet niet aan de regels; herstel eerst de gegevens."))
        t = bericht.toewijzingen.select_related("inwoner", "aanbieder").first()
        bericht.xml, bevindingen = _bouw(bericht, _inhoud_301(t, bericht.redenen), bericht.redenen)
        if bevindingen:
            raise Geweigerd(
                _("Opnieuw opgebouwd uit de huidige gegevens, maar het bericht voldoet nog niet: %(uitleg)s")
                % {"uitleg": "; ".join(f"{b.regel}: {b.uitleg}" for b in bevindingen)}
            )
        bericht.fouten = []
    bericht.status = _klaar_of_wacht(bericht)
    bericht.save(update_fields=["xml", "fouten", "status", "gewijzigd_op"])
    record(Actie.WIJZIGEN, bericht, gebruiker=door, reden=reden, omschrijving="Bericht: opnieuw")
    verzenden_na_commit(bericht)
    return bericht
