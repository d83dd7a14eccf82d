"""Beat tasks for the audit chain: seal every minute, write the head outside the database daily."""

from celery import shared_task

from . import keten


@shared_task
def verzegel() -> int:
    return keten.verzegel()


@shared_task
def schrijf_kop() -> None:
    keten.schrijf_kop()
