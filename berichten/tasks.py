"""Sending after commit, with retries and exponential backoff; a beat task picks up what got stuck."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .transport import TransportFout


@shared_task(
    autoretry_for=(TransportFout,),
    retry_backoff=30,
    retry_backoff_max=settings.TOEGANG_BERICHTEN_BACKOFF_MAX,
    max_retries=12,
    acks_late=True,
)
def verstuur_bericht(bericht_id: int) -> str:
    from audit.models import Actie
    from audit.services import record

    from .models import Bericht, BerichtStatus
    from .transport import transport

    with transaction.atomic():
        bericht = Bericht.objects.select_for_update().get(pk=bericht_id)
        if bericht.status not in {BerichtStatus.KLAAR, BerichtStatus.VERZENDEN}:
            return bericht.status  # sent already, waiting, or cancelled: a duplicate task does nothing
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


def poging_kan_lopen(bericht) -> bool:
    """Whether a send attempt on this message may still be under way or a retry pending: then neither the
    sweep nor a person starts another one beside it."""
    return bericht.gewijzigd_op >= _pogingen_voorbij(timezone.now())


# The sweep reads the overdue messages in batches of this many ids (keyset on the primary key).
ACHTERSTALLIG_REEKS = 500


@shared_task
def verstuur_achterstallige() -> int:
    """Beat: what is klaar for over TOEGANG_BERICHTEN_ACHTERSTALLIG_NA seconds (default five minutes: a
    lost task) is queued again; so is a message whose last attempt started longer ago than that plus the
    longest backoff (a dead worker, or a retry chain that gave up) — never one whose retry is pending,
    which would start a second chain beside it. Everything overdue in one run (after a lost Redis that
    can be thousands), read in batches of ACHTERSTALLIG_REEKS ids by primary key, never all at once;
    each message is then sent by its own task (durable per message)."""
    from django.db.models import Q

    from .models import Bericht, BerichtStatus

    nu, na = timezone.now(), settings.TOEGANG_BERICHTEN_ACHTERSTALLIG_NA
    achterstallig = Bericht.objects.filter(
        Q(status=BerichtStatus.KLAAR, gewijzigd_op__lt=nu - timedelta(seconds=na))
        | Q(status=BerichtStatus.VERZENDEN, gewijzigd_op__lt=_pogingen_voorbij(nu))
    ).order_by("pk")
    aantal, vanaf = 0, 0
    while True:
        ids = list(achterstallig.filter(pk__gt=vanaf).values_list("pk", flat=True)[:ACHTERSTALLIG_REEKS])
        for pk in ids:
            verstuur_bericht.delay(pk)
        aantal += len(ids)
        if len(ids) < ACHTERSTALLIG_REEKS:
            break
        vanaf = ids[-1]
    from .transport import MapTransport, transport

    bron = transport()
    if isinstance(bron, MapTransport):
        bron.ruim_op()  # what a writer killed between write and rename left behind
    return aantal


@shared_task
def haal_berichten_op() -> int:
    """Beat: what the folder transport's in/ holds is received."""
    from .inkomend import haal_op

    return len(haal_op())
