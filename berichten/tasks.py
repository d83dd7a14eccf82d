"""Sending after commit, with retries and exponential backoff; a beat task picks up what got stuck."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .transport import TransportFout


@shared_task(autoretry_for=(TransportFout,), retry_backoff=30, retry_backoff_max=3600, max_retries=12, acks_late=True)
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
        bericht.save(update_fields=["status", "pogingen"])
    naam = transport().verstuur(bericht)  # idempotent by BerichtIdentificatie
    with transaction.atomic():
        bijgewerkt = Bericht.objects.filter(pk=bericht_id, status=BerichtStatus.VERZENDEN).update(
            status=BerichtStatus.VERZONDEN, verzonden_op=timezone.now()
        )
        if bijgewerkt:
            record(Actie.WIJZIGEN, bericht, omschrijving=f"Verzonden als {naam}")
    return BerichtStatus.VERZONDEN


@shared_task
def verstuur_achterstallige() -> int:
    """Beat: what is klaar or half-sent for over TOEGANG_BERICHTEN_ACHTERSTALLIG_NA seconds (default five
    minutes; a lost task, a dead worker) is queued again."""
    from .models import Bericht, BerichtStatus

    grens = timezone.now() - timedelta(seconds=settings.TOEGANG_BERICHTEN_ACHTERSTALLIG_NA)
    ids = list(
        Bericht.objects.filter(
            status__in=[BerichtStatus.KLAAR, BerichtStatus.VERZENDEN], gewijzigd_op__lt=grens
        ).values_list("pk", flat=True)[:500]
    )
    for pk in ids:
        verstuur_bericht.delay(pk)
    return len(ids)


@shared_task
def haal_berichten_op() -> int:
    """Beat: what the folder transport's in/ holds is received."""
    from .inkomend import haal_op

    return len(haal_op())
