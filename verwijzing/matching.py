"""Re-matching before the plan is signed: another aanbieder after a niet passend, the gemeente's decision
when no aanbieder fits, and withdrawing or changing an indicatie (Handboek verwijzers jeugdhulp §1.1.2.3.2
(r. 2073–2172)). Each change after the indicatie step sends the dossier back to it: the plan waits for the
matching again, and signatures still pending lapse."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import heeft_bijzondere_toegang
from audit.models import Actie
from audit.services import record
from toegang.fouten import Geweigerd

from .indicatie import aanbieder_route_toetsen, indicatie_voorstellen, verdict_voor_route, verzoek_maken
from .models import Indicatie, Matchingsbesluit, Matchingsverzoek, Ondertekening, Status, VerzoekStatus
from .overgang import eis_consulent, lock_dossier, transition

# Before the plan is signed: the signed plan is the aanvraag (Handboek verwijzers jeugdhulp §1.1.3 (r. 2238–2246)).
VOOR_ONDERTEKENING = (Status.INDICATIE, Status.LEEFZORGPLAN, Status.ONDERTEKENING)


def _open_voor_wijziging(door, indicatie, actie: str):
    """Lock the dossier and the indicatie, check the consulent and that the plan is not yet signed."""
    dossier = lock_dossier(indicatie.dossier)
    eis_consulent(door, dossier.gemeente, dossier.domein)
    if dossier.status not in VOOR_ONDERTEKENING:
        raise Geweigerd(_("%(actie)s kan alleen zolang het leefzorgplan niet is ondertekend.") % {"actie": actie})
    indicatie = (
        Indicatie.objects.select_for_update(of=("self",)).select_related("product", "aanbieder").get(pk=indicatie.pk)
    )
    return dossier, indicatie


def _terug_naar_indicatie(dossier, door, reden: str) -> None:
    """The plan waits for the changed indicatie's matching; pending signatures lapse."""
    if dossier.status == Status.INDICATIE:
        return
    Ondertekening.objects.filter(dossier=dossier, getekend_op__isnull=True).update(vervallen=True)
    transition(dossier, "indicatie_heropenen", door, reden=reden)


def _verzoeken_intrekken(indicatie, door) -> None:
    for verzoek in indicatie.matchingsverzoeken.select_for_update().filter(status=VerzoekStatus.VERZONDEN):
        verzoek.status = VerzoekStatus.INGETROKKEN
        verzoek.save(update_fields=["status"])
        record(Actie.WIJZIGEN, verzoek, gebruiker=door, omschrijving="Matchingsverzoek ingetrokken")


@transaction.atomic
def matchingsverzoek_opnieuw(
    *,
    door,
    indicatie,
    aanbieder,
    niet_gecontracteerd: bool = False,
    motivering_niet_gecontracteerd: str = "",
) -> Matchingsverzoek:
    """After a niet passend, the verzoek goes to another aanbieder: the indicatie takes the new aanbieder,
    the rules are asked again for it, and the plan waits only for this new verzoek."""
    dossier, indicatie = _open_voor_wijziging(door, indicatie, _("Een andere aanbieder vragen"))
    huidig = dossier.matchingsverzoeken.huidig_per_indicatie().get(indicatie.pk)
    if huidig is None or huidig.status != VerzoekStatus.NIET_PASSEND:
        raise Geweigerd(_("Een andere aanbieder vraag je nadat de aanbieder niet passend heeft teruggemeld."))
    if huidig.besluit == Matchingsbesluit.LEVERINGSPLICHT:
        raise Geweigerd(_("De gemeente heeft besloten dat deze aanbieder de hulp levert."))
    if aanbieder is None or aanbieder.pk == huidig.aanbieder_id:
        raise Geweigerd(_("Kies een andere aanbieder dan de aanbieder die niet passend terugmeldde."))
    gegevens = {"product": indicatie.product, "ingangsdatum": indicatie.ingangsdatum, "aanbieder": aanbieder}
    gegevens["einddatum"] = indicatie.einddatum
    motivering = motivering_niet_gecontracteerd.strip() if niet_gecontracteerd else ""
    aanbieder_route_toetsen(
        dossier=dossier,
        gegevens=gegevens,
        niet_gecontracteerd=niet_gecontracteerd,
        motivering_niet_gecontracteerd=motivering,
    )
    resultaat = verdict_voor_route(
        dossier=dossier,
        gegevens=gegevens,
        niet_gecontracteerd=niet_gecontracteerd,
        bijzondere_toegang=heeft_bijzondere_toegang(door, dossier.gemeente),
        behalve=indicatie,  # asked again: it does not run beside itself
    )
    blokkerend = [b for b in resultaat.bevindingen if b.uitkomst == "niet_toegestaan"]
    if blokkerend and not (indicatie.hardheidsclausule and indicatie.geldig):
        redenen = "; ".join(b.uitleg for b in blokkerend)
        raise Geweigerd(_("Niet toegestaan: %(redenen)s") % {"redenen": redenen}, blokkerend)
    indicatie.aanbieder = aanbieder
    indicatie.niet_gecontracteerd, indicatie.motivering_niet_gecontracteerd = niet_gecontracteerd, motivering
    indicatie.uitkomst, indicatie.regelset_versie = resultaat.uitkomst, resultaat.regelset_versie
    indicatie.bevindingen = [b.als_dict() for b in resultaat.bevindingen]
    indicatie.save()
    record(
        Actie.WIJZIGEN,
        indicatie,
        gebruiker=door,
        reden=motivering,
        omschrijving=f"Andere aanbieder {aanbieder.agb_code} na niet passend van {huidig.aanbieder.agb_code}",
    )
    _terug_naar_indicatie(dossier, door, _("Andere aanbieder gevraagd"))
    return verzoek_maken(door=door, indicatie=indicatie)


@transaction.atomic
def matchingsbesluit_nemen(*, door, verzoek, besluit: str, reden: str) -> Matchingsverzoek:
    """The gemeente's decision after an aanbieder said niet passend and consulted the toegang: it must still
    accept and deliver (acceptatie- en leveringsplicht), or another aanbieder is sought (Handboek verwijzers
    jeugdhulp §1.1.2.3.2 (r. 2103–2113)). Recorded with its reason."""
    verzoek = Matchingsverzoek.objects.select_related("dossier").get(pk=verzoek.pk)
    dossier = lock_dossier(verzoek.dossier)
    eis_consulent(door, dossier.gemeente, dossier.domein)
    verzoek = Matchingsverzoek.objects.select_for_update().get(pk=verzoek.pk)
    if besluit not in Matchingsbesluit.values:
        raise Geweigerd(_("Kies het besluit van de gemeente."))
    if not reden.strip():
        raise Geweigerd(_("Geef de reden van het besluit."))
    if verzoek.status != VerzoekStatus.NIET_PASSEND:
        raise Geweigerd(_("De gemeente besluit alleen over een verzoek dat niet passend is teruggemeld."))
    if verzoek.besluit:
        raise Geweigerd(_("Over dit verzoek heeft de gemeente al besloten."))
    if dossier.matchingsverzoeken.huidig_per_indicatie().get(verzoek.indicatie_id) != verzoek:
        raise Geweigerd(_("Er is al een andere aanbieder gevraagd; dit verzoek is niet meer het huidige."))
    verzoek.besluit, verzoek.besluit_reden = besluit, reden.strip()
    verzoek.besluit_op, verzoek.besluit_door = timezone.now(), door
    verzoek.save(update_fields=["besluit", "besluit_reden", "besluit_op", "besluit_door"])
    record(
        Actie.WIJZIGEN,
        verzoek,
        gebruiker=door,
        reden=reden,
        omschrijving=f"Besluit gemeente: {Matchingsbesluit(besluit).label}",
    )
    return verzoek


@transaction.atomic
def indicatie_intrekken(*, door, indicatie, reden: str) -> Indicatie:
    """Withdraw an indicatie before the plan is signed; an open verzoek is withdrawn with it. It stays for the
    audit trail and the aanbieder's portal, and no longer counts for the plan, stapeling or beschikking."""
    dossier, indicatie = _open_voor_wijziging(door, indicatie, _("Een indicatie intrekken"))
    if indicatie.ingetrokken_op:
        raise Geweigerd(_("Deze indicatie is al ingetrokken."))
    if not reden.strip():
        raise Geweigerd(_("Geef de reden van de intrekking."))
    _verzoeken_intrekken(indicatie, door)
    indicatie.ingetrokken_op, indicatie.ingetrokken_door, indicatie.reden_intrekking = timezone.now(), door, reden
    indicatie.save(update_fields=["ingetrokken_op", "ingetrokken_door", "reden_intrekking"])
    record(Actie.WIJZIGEN, indicatie, gebruiker=door, reden=reden, omschrijving="Indicatie ingetrokken")
    _terug_naar_indicatie(dossier, door, _("Indicatie ingetrokken"))
    return indicatie


@transaction.atomic
def indicatie_wijzigen(*, door, indicatie, gegevens: dict, reden: str, **voorstel) -> Indicatie:
    """Change an indicatie before the plan is signed: the old one is withdrawn and replaced by a new one,
    checked by the rules like any proposal; its matching starts again. `voorstel` are the further arguments
    of `indicatie_voorstellen` (motivering, hardheidsclausule, the route niet gecontracteerd aanbod…)."""
    dossier, oud = _open_voor_wijziging(door, indicatie, _("Een indicatie wijzigen"))
    if oud.ingetrokken_op:
        raise Geweigerd(_("Deze indicatie is al ingetrokken."))
    if not reden.strip():
        raise Geweigerd(_("Geef de reden van de wijziging."))
    _verzoeken_intrekken(oud, door)
    oud.ingetrokken_op, oud.ingetrokken_door, oud.reden_intrekking = timezone.now(), door, reden
    oud.save(update_fields=["ingetrokken_op", "ingetrokken_door", "reden_intrekking"])
    _terug_naar_indicatie(dossier, door, _("Indicatie gewijzigd"))
    nieuw = indicatie_voorstellen(door=door, dossier=dossier, gegevens=gegevens, **voorstel)
    oud.vervangen_door = nieuw
    oud.save(update_fields=["vervangen_door"])
    record(
        Actie.WIJZIGEN, oud, gebruiker=door, reden=reden, omschrijving=f"Indicatie gewijzigd: vervangen door {nieuw.pk}"
    )
    return nieuw
