"""The uploaded signed copy after the virus scan: only a clean copy counts as the signature and makes the
aanvraag; an infected one is never kept."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from audit.models import Actie
from audit.services import record
from toegang.virusscan import scanner

from ..models import GetekendExemplaar, Methode, Ondertekenaar, Ondertekening, ScanStatus, Status
from ..overgang import lock_dossier
from .ondertekening import aanvraag_ontvangen
from .tekenaars import wie_tekent


def getekend_exemplaar_scannen(exemplaar_id: int) -> GetekendExemplaar:
    """Ask the scanner (outside any transaction: it may take a while), then record the outcome."""
    exemplaar = GetekendExemplaar.objects.get(pk=exemplaar_id)
    if exemplaar.scan_status != ScanStatus.ONGESCAND:
        return exemplaar
    uitslag = scanner().scan(bytes(exemplaar.inhoud))
    return _verwerk(exemplaar_id, uitslag)


@transaction.atomic
def _verwerk(exemplaar_id: int, uitslag) -> GetekendExemplaar:
    exemplaar = GetekendExemplaar.objects.select_for_update().select_related("versie").get(pk=exemplaar_id)
    if exemplaar.scan_status != ScanStatus.ONGESCAND:  # a duplicate task
        return exemplaar
    exemplaar.scan_melding = uitslag.melding[:200]
    if not uitslag.schoon:
        exemplaar.scan_status = ScanStatus.BESMET
        exemplaar.inhoud = b""  # never kept, never served
        exemplaar.save(update_fields=["scan_status", "scan_melding", "inhoud"])
        record(Actie.WIJZIGEN, exemplaar, omschrijving=f"Virus gevonden, bestand verwijderd: {exemplaar.scan_melding}")
        return exemplaar
    exemplaar.scan_status = ScanStatus.SCHOON
    exemplaar.save(update_fields=["scan_status", "scan_melding"])
    record(Actie.WIJZIGEN, exemplaar, omschrijving="Virusscan: schoon")
    dossier = lock_dossier(exemplaar.dossier)
    laatste = dossier.leefzorgplanversies.order_by("-versie").first()
    if dossier.status != Status.ONDERTEKENING or laatste.pk != exemplaar.versie_id:
        record(Actie.WIJZIGEN, exemplaar, omschrijving="Niet als handtekening gebruikt: het plan is intussen gewijzigd")
        return exemplaar
    # The paper copy replaces the pending links: they lapse, and the signature is recorded once.
    Ondertekening.objects.filter(dossier=dossier, versie=exemplaar.versie, getekend_op__isnull=True).update(
        vervallen=True
    )
    Ondertekening.objects.create(
        dossier=dossier,
        versie=exemplaar.versie,
        versie_hash=exemplaar.versie.inhoud_hash,
        rol=_rol(dossier),
        naam=exemplaar.getekend_door,
        methode=Methode.UPLOAD,
        betrouwbaarheid="papier",
        token_hash=f"upload:{exemplaar.pk}:{exemplaar.sha256}"[:64],
        code_hash="",
        verloopt_op=timezone.now(),
        getekend_op=timezone.now(),
    )
    aanvraag_ontvangen(dossier, f"Aanvraag ontvangen: getekend exemplaar v{exemplaar.versie.versie} geüpload")
    return exemplaar


def _rol(dossier) -> str:
    """Who signed the paper copy, as the signing rules name it: the one signer where there is one (Wmo:
    the inwoner; a jeugdige from 16), else the gezaghebbenden (their names are on the form)."""
    tekenaars = wie_tekent(dossier, timezone.localdate())
    if len(tekenaars) == 1:
        return tekenaars[0].rol
    return Ondertekenaar.GEZAGHEBBENDE
