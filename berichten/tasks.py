"""The Celery tasks: thin wrappers of the outbox and the intake. Sending retries with exponential
backoff; a beat task picks up what got stuck, another receives what the transport holds.

The send and sweep tasks keep their wire names (`berichten.tasks.verstuur_bericht`, `…verstuur_achterstallige`):
a task queued in Redis before a deploy must still find its function."""

from celery import shared_task
from django.conf import settings

from . import inkomend, outbox
from .transport import TransportFout


@shared_task(
    name="berichten.tasks.verstuur_bericht",
    autoretry_for=(TransportFout,),
    retry_backoff=30,
    retry_backoff_max=settings.TOEGANG_BERICHTEN_BACKOFF_MAX,
    max_retries=12,
    acks_late=True,
)
def bericht_versturen(bericht_id: int) -> str:
    return outbox.bericht_versturen(bericht_id)


@shared_task(name="berichten.tasks.verstuur_achterstallige")
def achterstallige_berichten_versturen() -> int:
    """Beat: what got stuck is queued again (`outbox.achterstallige_berichten_versturen`)."""
    return outbox.achterstallige_berichten_versturen()


@shared_task
def berichten_ophalen() -> int:
    """Beat: what the transport holds is received."""
    return len(inkomend.berichten_ophalen())
