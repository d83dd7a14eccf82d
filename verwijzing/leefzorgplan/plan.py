"""Composing the leefzorgplan: started after the matchingsgesprek, saved as versions, reopened for a change."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Actie
from audit.services import record
from toegang.fouten import Geweigerd

from ..models import Dossier, LeefzorgplanVersie, Ondertekening, Status
from ..overgang import eis_consulent, lock_dossier, transition
from .secties import inhoud_hash, secties_voor


@transaction.atomic
def leefzorgplan_starten(*, door, dossier: Dossier) -> Dossier:
    dossier = lock_dossier(dossier)
    eis_consulent(door, dossier.gemeente, dossier.domein)
    if dossier.status == Status.INDICATIE:
        ontbreekt = dossier.wat_ontbreekt_voor_leefzorgplan()
        if ontbreekt:
            raise Geweigerd(_("Het leefzorgplan kan nog niet: %(redenen)s") % {"redenen": " ".join(ontbreekt)})
    return transition(dossier, "leefzorgplan_starten", door)


@transaction.atomic
def leefzorgplan_opslaan(*, door, dossier: Dossier, secties: dict, doelen: list[dict]):
    """A new version when the content changed; the same version when nothing changed. SMART doelen
    each have a leefgebied, the doel, the resultaat and a termijn after today (Handboek verwijzers jeugdhulp §1.1.2.1
    (r. 1656–1683))."""
    dossier = lock_dossier(dossier)
    eis_consulent(door, dossier.gemeente, dossier.domein)
    if dossier.status != Status.LEEFZORGPLAN:
        raise Geweigerd(_("Het leefzorgplan kan alleen in de stap leefzorgplan worden gewijzigd."))
    toegestaan = {sleutel for sleutel, _kop in secties_voor(dossier, timezone.localdate())}
    onbekend = set(secties) - toegestaan
    if onbekend:
        raise Geweigerd(_("Onbekende secties: %(secties)s.") % {"secties": ", ".join(sorted(onbekend))})
    for nummer, doel in enumerate(doelen, start=1):
        if not all(str(doel.get(k) or "").strip() for k in ("leefgebied", "doel", "resultaat", "termijn")):
            raise Geweigerd(
                _("Doel %(nummer)s is niet SMART: vul leefgebied, doel, resultaat en termijn in.") % {"nummer": nummer}
            )
        if date.fromisoformat(str(doel["termijn"])) <= timezone.localdate():
            raise Geweigerd(_("Doel %(nummer)s: de termijn ligt niet in de toekomst.") % {"nummer": nummer})
    secties = {k: v.strip() for k, v in secties.items()}
    doelen = [{k: str(v).strip() for k, v in d.items()} for d in doelen]
    hash_ = inhoud_hash(secties, doelen)
    laatste = dossier.leefzorgplanversies.order_by("-versie").first()
    if laatste and laatste.inhoud_hash == hash_:
        return laatste
    versie = LeefzorgplanVersie.objects.create(
        dossier=dossier,
        versie=(laatste.versie + 1) if laatste else 1,
        secties=secties,
        doelen=doelen,
        inhoud_hash=hash_,
        aangemaakt_door=door,
    )
    record(Actie.WIJZIGEN, versie, gebruiker=door, omschrijving=f"Leefzorgplan versie {versie.versie}")
    return versie


@transaction.atomic
def leefzorgplan_heropenen(*, door, dossier: Dossier, reden: str) -> Dossier:
    """Change the plan after it was offered: pending signatures lapse; a new version needs new ones."""
    dossier = lock_dossier(dossier)
    eis_consulent(door, dossier.gemeente, dossier.domein)
    if not reden.strip():
        raise Geweigerd(_("Geef de reden waarom het plan wordt gewijzigd."))
    Ondertekening.objects.filter(dossier=dossier, getekend_op__isnull=True).update(vervallen=True)
    return transition(dossier, "leefzorgplan_heropenen", door, reden=reden)
