"""Background work of the referral flow (Celery; in process in the demo)."""

from celery import shared_task

from toegang.virusscan import ScannerNietBereikbaar


@shared_task(
    autoretry_for=(ScannerNietBereikbaar,), retry_backoff=30, retry_backoff_max=3600, max_retries=None, acks_late=True
)
def scan_getekend_exemplaar(exemplaar_id: int) -> str:
    from .getekend import scan

    return scan(exemplaar_id).scan_status


@shared_task(acks_late=True)
def maak_beschikking_pdf(beschikking_id: int) -> str:
    from .beschikking_pdf import maak_pdf

    return maak_pdf(beschikking_id)
