"""Background work of the referral flow (Celery; in process in the demo). Each task wraps one service."""

from celery import shared_task

from toegang.virusscan import ScannerNietBereikbaar

from .beschikking.pdf import render_and_store
from .leefzorgplan.getekend import getekend_exemplaar_scannen


@shared_task(
    autoretry_for=(ScannerNietBereikbaar,), retry_backoff=30, retry_backoff_max=3600, max_retries=None, acks_late=True
)
def scan_getekend_exemplaar(exemplaar_id: int) -> str:
    return getekend_exemplaar_scannen(exemplaar_id).scan_status


@shared_task(acks_late=True)
def maak_beschikking_pdf(beschikking_id: int) -> str:
    return render_and_store(beschikking_id)
