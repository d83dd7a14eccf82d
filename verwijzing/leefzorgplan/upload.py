"""A signed copy of the leefzorgplan, uploaded by the consulent: checked (size, PDF content type and
signature bytes) and kept as "ongescand" until the virus scanner (leefzorgplan.getekend) has seen it."""

from __future__ import annotations

import hashlib
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Actie
from audit.services import record
from toegang.fouten import Geweigerd

from ..models import GetekendExemplaar, Status
from ..overgang import eis_consulent, lock_dossier
from ..tasks import scan_getekend_exemplaar

PDF_TYPES = {"application/pdf"}


@transaction.atomic
def getekend_exemplaar_registreren(
    *, door, dossier, inhoud: bytes, content_type: str, getekend_door: str, getekend_op: date
) -> GetekendExemplaar:
    dossier = lock_dossier(dossier)
    eis_consulent(door, dossier.gemeente, dossier.domein)
    if dossier.status != Status.ONDERTEKENING:
        raise Geweigerd(_("Een getekend exemplaar hoort bij een plan dat ter ondertekening ligt."))
    if not inhoud:
        raise Geweigerd(_("Het bestand is leeg."))
    if len(inhoud) > settings.TOEGANG_UPLOAD_MAX_BYTES:
        raise Geweigerd(
            _("Het bestand is groter dan %(mb)s MB.") % {"mb": settings.TOEGANG_UPLOAD_MAX_BYTES // (1024 * 1024)}
        )
    if content_type not in PDF_TYPES or not inhoud.startswith(b"%PDF-"):
        raise Geweigerd(_("Alleen een PDF-bestand kan worden geüpload."))
    if not getekend_door.strip():
        raise Geweigerd(_("Vul in wie het plan heeft getekend."))
    versie = dossier.leefzorgplanversies.order_by("-versie").first()
    if getekend_op > timezone.localdate() or getekend_op < timezone.localtime(versie.aangemaakt_op).date():
        raise Geweigerd(_("De datum van de handtekening ligt in de toekomst of vóór deze versie van het plan."))
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
    transaction.on_commit(lambda: scan_getekend_exemplaar.delay(exemplaar.pk), robust=True)
    return exemplaar
