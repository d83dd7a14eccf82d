"""A signed copy of the leefzorgplan, uploaded by the consulent.

The upload is checked (size, PDF content type and signature bytes) and kept as "ongescand"; a Celery
task asks the virus scanner. Only a clean copy counts as the signature and makes the aanvraag."""

from __future__ import annotations

import hashlib
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from audit.models import Actie
from audit.services import record
from toegang.fouten import Geweigerd
from toegang.virusscan import scanner

from .models import GetekendExemplaar, Methode, Ondertekenaar, Ondertekening, ScanStatus, Status
from .ondertekening import wie_tekent
from .services import _consulent_van, _vergrendeld, ontvang_aanvraag

PDF_TYPES = {"application/pdf"}


@transaction.atomic
def registreer(
    *, door, dossier, inhoud: bytes, content_type: str, getekend_door: str, getekend_op: date
) -> GetekendExemplaar:
    dossier = _vergrendeld(dossier)
    _consulent_van(door, dossier.gemeente, dossier.domein)
    if dossier.status != Status.ONDERTEKENING:
        raise Geweigerd("Een getekend exemplaar hoort bij een plan dat ter ondertekening ligt.")
    if not inhoud:
        raise Geweigerd("Het bestand is leeg.")
    if len(inhoud) > settings.TOEGANG_UPLOAD_MAX_BYTES:
        raise Geweigerd(f"Het bestand is groter dan {settings.TOEGANG_UPLOAD_MAX_BYTES // (1024 * 1024)} MB.")
    if content_type not in PDF_TYPES or not inhoud.startswith(b"%PDF-"):
        raise Geweigerd("Alleen een PDF-bestand kan worden geüpload.")
    if not getekend_door.strip():
        raise Geweigerd("Vul in wie het plan heeft getekend.")
    versie = dossier.leefzorgplanversies.order_by("-versie").first()
    if getekend_op > timezone.localdate() or getekend_op < timezone.localtime(versie.aangemaakt_op).date():
        raise Geweigerd("De datum van de handtekening ligt in de toekomst of vóór deze versie van het plan.")
    exemplaar = GetekendExemplaar.objects.create(
        dossier=dossier,
        versie=versie,
        inhoud=inhoud,
        grootte=len(inhoud),
        sha256=hashlib.sha256(inhoud).hexdigest(),
        getekend_door=getekend_door.strip(),
        getekend_op=getekend_op,
        geupload_door=door,
    )
    record(
        Actie.AANMAKEN,
        exemplaar,
        gebruiker=door,
        omschrijving=f"Getekend exemplaar v{versie.versie} geüpload ({len(inhoud)} bytes), wacht op virusscan",
    )
    from .tasks import scan_getekend_exemplaar

    transaction.on_commit(lambda: scan_getekend_exemplaar.delay(exemplaar.pk), robust=True)
    return exemplaar


def scan(exemplaar_id: int) -> GetekendExemplaar:
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
    dossier = _vergrendeld(exemplaar.dossier)
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
    ontvang_aanvraag(dossier, f"Aanvraag ontvangen: getekend exemplaar v{exemplaar.versie.versie} geüpload")
    return exemplaar


def _rol(dossier) -> str:
    """Who signed the paper copy, as the signing rules name it: the one signer where there is one (Wmo:
    the inwoner; a jeugdige from 16), else the gezaghebbenden (their names are on the form)."""
    tekenaars = wie_tekent(dossier, timezone.localdate())
    if len(tekenaars) == 1:
        return tekenaars[0].rol
    return Ondertekenaar.GEZAGHEBBENDE
