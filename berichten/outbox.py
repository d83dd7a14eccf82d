"""The outbox: every outgoing message (the 301, the 319, the retours, and what comes) is placed here in the
transaction of the decision that makes it, and sent after commit.

`bericht_plaatsen` builds and validates the message through the codec, stores it, audits it and schedules
it; `bericht_versturen` sends one (the Celery task wraps it, with retries and backoff);
`achterstallige_berichten_versturen` queues again what got stuck. The Celery task that sends is handed in
by `apps.py` (`verzending_instellen`): the outbox knows no task module, the tasks know the outbox."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Actie
from audit.services import record
from istandaard.regels import Afwijking
from istandaard.validatie import valideer_geschreven
from istandaard.xml import schrijf
from toegang.fouten import Geweigerd

from .models import Bericht, BerichtStatus, Identificatiereeks, Richting
from .transport import transport

# Never sent: only such a message may be cancelled or sent again. A 301 the aanbieder refused in its 302
# is afgekeurd too, but it went out: its identificatie is spent (TR056), a change makes a new 301.
NOOIT_VERZONDEN = Q(richting=Richting.UIT, verzonden_op__isnull=True) & ~Q(status=BerichtStatus.GEANNULEERD)

# The sweep reads the overdue messages in batches of this many ids (keyset on the primary key).
ACHTERSTALLIG_REEKS = 500

_verzending: Callable[[int], object] | None = None


def verzending_instellen(verzending: Callable[[int], object]) -> None:
    """What queues one message for sending (the Celery task's delay); `apps.py` sets it when Django starts."""
    global _verzending
    _verzending = verzending


def _verzend(pk: int) -> None:
    if _verzending is None:
        raise RuntimeError("berichten.outbox: geen verzending ingesteld (BerichtenConfig.ready)")
    _verzending(pk)


def volgende_identificatie(soort: str, afzender: str) -> str:
    """TR056: unique per berichtsoort per sender; at most 12 characters (the number, zero-padded)."""
    reeks, _nieuw = Identificatiereeks.objects.select_for_update().get_or_create(soort=soort, afzender=afzender)
    reeks.laatste += 1
    reeks.save(update_fields=["laatste"])
    return f"{reeks.laatste:012d}"


def bericht_bouwen(domein: str, nummer: str, gegevens: dict) -> tuple[bytes, list[Afwijking]]:
    """Serialise (`xml.schrijf`, the generated writer) and validate (`valideer_geschreven`: the bytes
    against the XSD, every rule on what they say): the path every outgoing message takes, and the one
    `python -m bench.doorvoer` measures stage by stage."""
    geschreven = schrijf(domein, nummer, gegevens)
    return geschreven.xml, valideer_geschreven(geschreven).bevindingen


def verzenden_na_commit(bericht: Bericht) -> None:
    """A message that is klaar goes to the transport once the transaction that made it commits."""
    if bericht.status == BerichtStatus.KLAAR:
        transaction.on_commit(lambda: _verzend(bericht.pk), robust=True)


def bericht_plaatsen(
    bericht: Bericht,
    gegevens: dict,
    *,
    omschrijving: str | Callable[[Bericht], str],
    klaar: str = BerichtStatus.KLAAR,
    door=None,
    reden: str = "",
    toewijzingen=(),
    ongeldig_weigeren: bool = False,
) -> Bericht:
    """Every outgoing message: built and validated from `gegevens`, stored (`klaar`, or afgekeurd with
    its findings: kept, never sent, shown in the cockpit), audited and sent after commit. Inside the
    caller's transaction. `ongeldig_weigeren`: a message a person sends is refused instead (the
    transaction rolls back); `omschrijving` may read the stored message (its status)."""
    bericht.xml, afwijkingen = bericht_bouwen(bericht.domein, bericht.soort[-3:], gegevens)
    bericht.fouten = [a.als_dict() for a in afwijkingen]
    bericht.status = BerichtStatus.AFGEKEURD if afwijkingen else klaar
    bericht.save()
    if afwijkingen and ongeldig_weigeren:
        raise Geweigerd(
            _("Het antwoord voldoet niet aan de regels: %(uitleg)s")
            % {"uitleg": "; ".join(a.uitleg for a in afwijkingen)}
        )
    if toewijzingen:
        bericht.toewijzingen.add(*toewijzingen)
    tekst = omschrijving(bericht) if callable(omschrijving) else omschrijving
    record(Actie.AANMAKEN, bericht, gebruiker=door, reden=reden, omschrijving=tekst)
    verzenden_na_commit(bericht)
    return bericht


def bericht_versturen(bericht_id: int) -> str:
    """One message to the transport. A duplicate task does nothing; the attempt is marked first, so the
    sweep leaves it alone while it runs."""
    with transaction.atomic():
        bericht = Bericht.objects.select_for_update().get(pk=bericht_id)
        if bericht.status not in {BerichtStatus.KLAAR, BerichtStatus.VERZENDEN}:
            return bericht.status  # sent already, waiting, or cancelled: a duplicate task does nothing
        if bericht.inwoner_id and bericht.inwoner.geen_berichtenverkeer:
            # OP003: the client was marked after this message was placed; it never leaves (berichten.op003).
            bericht.status = BerichtStatus.GEANNULEERD
            bericht.save(update_fields=["status", "gewijzigd_op"])
            record(
                Actie.WIJZIGEN, bericht, omschrijving="Niet verzonden: geen berichtenverkeer voor deze cliënt (OP003)"
            )
            return bericht.status
        # From here the content is frozen: a later change makes a new message (OP080), never a rebuild.
        bericht.status = BerichtStatus.VERZENDEN
        bericht.pogingen += 1
        # gewijzigd_op marks the attempt: the sweep leaves a message alone while it is being sent.
        bericht.save(update_fields=["status", "pogingen", "gewijzigd_op"])
    naam = transport().verstuur(bericht)  # idempotent by BerichtIdentificatie
    with transaction.atomic():
        bijgewerkt = Bericht.objects.filter(pk=bericht_id, status=BerichtStatus.VERZENDEN).update(
            status=BerichtStatus.VERZONDEN, verzonden_op=timezone.now()
        )
        if bijgewerkt:
            record(Actie.WIJZIGEN, bericht, omschrijving=f"Verzonden als {naam}")
    return BerichtStatus.VERZONDEN


def _pogingen_voorbij(nu):
    """Before this moment an attempt that started is over, retry included: a worker died, or the chain
    gave up (the sweep's threshold plus the longest backoff)."""
    return nu - timedelta(seconds=settings.TOEGANG_BERICHTEN_ACHTERSTALLIG_NA + settings.TOEGANG_BERICHTEN_BACKOFF_MAX)


def poging_kan_lopen(bericht: Bericht) -> bool:
    """Whether a send attempt on this message may still be under way or a retry pending: then neither the
    sweep nor a person starts another one beside it."""
    return bericht.gewijzigd_op >= _pogingen_voorbij(timezone.now())


def achterstallige_berichten_versturen() -> int:
    """What is klaar for over TOEGANG_BERICHTEN_ACHTERSTALLIG_NA seconds (default five minutes: a lost
    task) is queued again; so is a message whose last attempt started longer ago than that plus the
    longest backoff (a dead worker, or a retry chain that gave up) — never one whose retry is pending,
    which would start a second chain beside it. Everything overdue in one run (after a lost Redis that
    can be thousands), read in batches of ACHTERSTALLIG_REEKS ids by primary key, never all at once;
    each message is then sent by its own task (durable per message)."""
    nu, na = timezone.now(), settings.TOEGANG_BERICHTEN_ACHTERSTALLIG_NA
    achterstallig = Bericht.objects.filter(
        Q(status=BerichtStatus.KLAAR, gewijzigd_op__lt=nu - timedelta(seconds=na))
        | Q(status=BerichtStatus.VERZENDEN, gewijzigd_op__lt=_pogingen_voorbij(nu))
    ).order_by("pk")
    aantal, vanaf = 0, 0
    while True:
        ids = list(achterstallig.filter(pk__gt=vanaf).values_list("pk", flat=True)[:ACHTERSTALLIG_REEKS])
        for pk in ids:
            _verzend(pk)
        aantal += len(ids)
        if len(ids) < ACHTERSTALLIG_REEKS:
            break
        vanaf = ids[-1]
    transport().ruim_op()  # what a writer killed between write and rename left behind
    return aantal
