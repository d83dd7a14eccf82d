"""What every step of a dossier shares: the consulent's guard, the row lock and the one transition helper
(the state machine's step, the deadline kept up to date and one audit event). A refused step raises
`Geweigerd` and changes nothing."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import TransitionNotAllowed, can_proceed

from accounts.models import Rol
from audit.models import Actie
from audit.services import record
from toegang.fouten import Geweigerd

from .beschikking.beslistermijn import werk_bij
from .models import Dossier, Status


def eis_consulent(gebruiker, gemeente, domein: str) -> None:
    if gebruiker.rol != Rol.CONSULENT:
        raise Geweigerd(_("Alleen een consulent kan dit doen."))
    if domein not in gebruiker.domeinen:
        raise Geweigerd(_("U bent geen consulent voor dit domein."))
    if not gebruiker.lidmaatschappen.filter(gemeente=gemeente).exists():
        raise Geweigerd(_("U werkt niet voor deze gemeente."))


def transition(dossier: Dossier, naam: str, door, *, reden: str = "") -> Dossier:
    methode = getattr(dossier, naam)
    if not can_proceed(methode):
        bericht = WEIGERINGEN.get((naam, dossier.status)) or _(
            "Deze stap kan nu niet: het dossier staat op '%(status)s'."
        ) % {"status": dossier.get_status_display()}
        raise Geweigerd(str(bericht))
    van = dossier.status
    try:
        methode()
    except TransitionNotAllowed as fout:  # pragma: no cover - can_proceed checked the same guards
        raise Geweigerd(_("Deze stap kan nu niet.")) from fout
    dossier.save()
    werk_bij(dossier)
    record(
        Actie.WIJZIGEN,
        dossier,
        reden=reden,
        gemeente_cbs=dossier.gemeente.cbs_code,
        omschrijving=f"Status {van} → {dossier.status}",
        gebruiker=door,
    )
    return dossier


WEIGERINGEN = {
    ("onderzoek_starten", Status.ONDERZOEK): gettext_lazy("Het onderzoek loopt al."),
}


def lock_dossier(dossier: Dossier, *related: str) -> Dossier:
    """The dossier row locked for the rest of the transaction, with its gemeente (and `related`)."""
    return Dossier.objects.select_for_update().select_related("gemeente", *related).get(pk=dossier.pk)
