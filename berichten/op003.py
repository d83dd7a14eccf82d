"""OP003 (iStandaarden iJw/iWmo 3.2, bedrijfsregel OP003): berichtenverkeer is not used for a client where a
professional judges that sending the client's data puts the client's safety at serious risk (a consulent marks
the inwoner: inwoners.services.berichtenverkeer_uitsluiten).

For such a client the outbox builds no 301 (berichten.uitgaand asks `buiten_berichtenverkeer`); the aanbieder is
told by letter (`toewijzingsbrief_pdf`, made from the current data whenever it is printed), and the backoffice
enters the start and stop of the care by hand (`zorgstart_vastleggen`, `zorgstop_vastleggen`) where a 305/307
would have done it. The start/stop go through verwijzing's services as a 305/307 does, so they become start and
stop records (ZorgStart/ZorgStop) like those."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Rol
from accounts.scoping import gemeente_ids
from audit.models import Actie
from audit.services import record
from inwoners.models import Inwoner
from istandaard.definities.typen import REDEN_BEEINDIGING
from toegang.fouten import Geweigerd
from toegang.pdf import pdf_van_sjabloon
from verwijzing.models import Toewijzing
from verwijzing.toewijzing import start_registreren, stop_registreren

BRON = "iStandaarden iJw en iWmo 3.2, regel OP003"
SJABLOON = "berichten/op003_brief.html"


def buiten_berichtenverkeer(toewijzing: Toewijzing) -> bool:
    return toewijzing.inwoner.geen_berichtenverkeer


def gemarkeerde_client(bsn: str) -> Inwoner | None:
    """The inwoner with this BSN when a consulent marked it "geen berichtenverkeer" (OP003), else None. A verzoek
    (315) for such a client is still received and gets its technical retour (316, not among OP003's messages), but
    is answered outside the berichtenverkeer: a toewijzing makes no 301 (berichten.uitgaand), a 319 never leaves
    (berichten.outbox), and the aanbieder gets the letter (`toewijzingsbrief_pdf`)."""
    return Inwoner.objects.filter(bsn=bsn, geen_berichtenverkeer_sinds__isnull=False).first()


def brief_in_plaats_van_bericht(toewijzing: Toewijzing, wijziging: str) -> None:
    """Inside the toewijzing's transaction, instead of a 301: no message; the audit says a letter goes."""
    record(
        Actie.WIJZIGEN,
        toewijzing,
        omschrijving=f"Toewijzing {toewijzing.nummer} ({wijziging}): geen bericht, brief aan de aanbieder (OP003)",
    )


def buiten_berichtenverkeer_toewijzingen(gebruiker):
    """Selector for the cockpit: the toewijzingen of OP003 clients in the backoffice's gemeenten."""
    if gebruiker.rol != Rol.BACKOFFICE:
        return Toewijzing.objects.none()
    return (
        Toewijzing.objects.filter(
            gemeente_id__in=gemeente_ids(gebruiker), inwoner__geen_berichtenverkeer_sinds__isnull=False
        )
        .select_related("inwoner", "aanbieder", "product", "gemeente")
        .order_by("-ingangsdatum", "nummer")
    )


def met_redenen(toewijzingen) -> list[Toewijzing]:
    """For the cockpit's stop form: each toewijzing with the redenen beëindiging of its domain (JZ588/WMO588)."""
    uit = list(toewijzingen)
    for t in uit:
        t.redenen_beeindiging = REDEN_BEEINDIGING[t.domein]
    return uit


def _eis_backoffice(door, toewijzing: Toewijzing) -> Toewijzing:
    if door.rol != Rol.BACKOFFICE or toewijzing.gemeente_id not in set(gemeente_ids(door)):
        raise Geweigerd(_("Alleen de backoffice van de gemeente legt de start en stop van de zorg vast."))
    t = Toewijzing.objects.select_related("inwoner").get(pk=toewijzing.pk)
    if not t.inwoner.geen_berichtenverkeer:
        raise Geweigerd(_("De aanbieder meldt de start en stop met een bericht; hier vult u die alleen in bij OP003."))
    return t


@transaction.atomic
def zorgstart_vastleggen(*, door, toewijzing: Toewijzing, begindatum: date) -> Toewijzing:
    """OP003: the start the aanbieder told us outside the berichtenverkeer, entered by the backoffice."""
    t = _eis_backoffice(door, toewijzing)
    if begindatum < t.ingangsdatum or (t.einddatum and begindatum > t.einddatum):
        raise Geweigerd(_("De start valt buiten de looptijd van de toewijzing."))
    t = start_registreren(toewijzing=t, begindatum=begindatum, bericht_omschrijving=_("handmatig vastgelegd (OP003)"))
    record(Actie.WIJZIGEN, t, gebruiker=door, omschrijving=f"Start {begindatum:%d-%m-%Y} handmatig vastgelegd (OP003)")
    return t


@transaction.atomic
def zorgstop_vastleggen(*, door, toewijzing: Toewijzing, einddatum: date, reden: str) -> Toewijzing:
    """OP003: the stop (with its reden beëindiging, JZ588/WMO588) entered by the backoffice; only after a start."""
    t = _eis_backoffice(door, toewijzing)
    if reden not in REDEN_BEEINDIGING[t.domein]:
        raise Geweigerd(_("Kies een reden van beëindiging."))
    if t.gestart_op is None or einddatum < t.gestart_op:
        raise Geweigerd(_("Een stop kan pas na de start, en niet vóór de startdatum."))
    t = stop_registreren(
        toewijzing=t, einddatum=einddatum, reden=reden, bericht_omschrijving=_("handmatig vastgelegd (OP003)")
    )
    record(Actie.WIJZIGEN, t, gebruiker=door, omschrijving=f"Stop {einddatum:%d-%m-%Y} reden {reden} handmatig (OP003)")
    return t


def brief_context(toewijzing: Toewijzing) -> dict:
    """What the letter to the aanbieder shows: the client and every actual toewijzing at that aanbieder, as a
    301 would have carried them (OP087), from stored data."""
    t = toewijzing
    vandaag = timezone.localdate()
    toewijzingen = (
        Toewijzing.objects.filter(inwoner=t.inwoner, aanbieder=t.aanbieder, gemeente=t.gemeente, domein=t.domein)
        .exclude(einddatum__lt=vandaag)
        .select_related("product")
        .order_by("nummer")
    )
    return {
        "gemeente": t.gemeente,
        "aanbieder": t.aanbieder,
        "inwoner": t.inwoner,
        "toewijzingen": list(toewijzingen) or [t],
        "dagtekening": vandaag,
        "kenmerk": f"{t.gemeente.cbs_code}-OP003-{t.inwoner_id}-{t.aanbieder_id}",
        "bron": BRON,
    }


def toewijzingsbrief_pdf(*, door, toewijzing: Toewijzing) -> bytes:
    """The letter (PDF/UA, toegang.pdf) that replaces the 301 for an OP003 client; printing it is audited."""
    t = _eis_backoffice(door, toewijzing)
    t = Toewijzing.objects.select_related("inwoner", "aanbieder", "gemeente", "product").get(pk=t.pk)
    record(Actie.LEZEN, t, gebruiker=door, omschrijving=f"Toewijzingsbrief (OP003) voor toewijzing {t.nummer}")
    return pdf_van_sjabloon(SJABLOON, brief_context(t))
