"""Who works on a dossier: the behandelend consulent (Dossier.consulent), set at the melding and handed on
by the team, for a new division of work or to cover a colleague on leave.

Who may hand a dossier on: a consulent of the dossier's gemeente and domain (the team divides its own work,
as Dutch wijkteams and toegangsteams do) and the backoffice of that gemeente (where the teamleider or
werkverdeler sits). Both must have the dossier in their scope. Who may receive it: an active consulent
with a lidmaatschap of that gemeente and the dossier's domain; nobody else may be behandelaar. A closed or
rejected dossier keeps its last behandelaar as a record."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Gebruiker, Rol
from audit.models import Actie
from audit.services import record
from toegang.fouten import Geweigerd

from .models import TERMINAL, Dossier
from .overgang import lock_dossier


def behandelaars(gemeente, domein: str):
    """The consulenten who may be behandelaar of a dossier of this gemeente and domain, by name."""
    return (
        Gebruiker.objects.filter(
            is_active=True,
            rol=Rol.CONSULENT,
            lidmaatschappen__gemeente=gemeente,
            **{f"domein_{domein}": True},
        )
        .only("username", "first_name", "last_name")
        .order_by("last_name", "first_name", "username")
    )


def _naam(gebruiker) -> str:
    return (gebruiker.get_full_name() or gebruiker.get_username()) if gebruiker else "–"


def is_teamlid(gebruiker, dossier: Dossier) -> bool:
    """Whether this user may hand the dossier on (see the module's docstring)."""
    if not gebruiker.is_authenticated or not gebruiker.is_active:
        return False
    if gebruiker.rol == Rol.CONSULENT:
        if dossier.domein not in gebruiker.domeinen:
            return False
    elif gebruiker.rol != Rol.BACKOFFICE:
        return False
    return Dossier.objects.visible_to(gebruiker).filter(pk=dossier.pk).exists()


@transaction.atomic
def behandelaar_wijzigen(*, door, dossier: Dossier, behandelaar, reden: str) -> Dossier:
    """Make `behandelaar` the behandelend consulent of the dossier; audited with the reason."""
    if not is_teamlid(door, dossier):
        raise Geweigerd(_("Alleen een consulent of de backoffice van deze gemeente en dit domein kan dit doen."))
    reden = (reden or "").strip()
    if not reden:
        raise Geweigerd(_("Geef de reden van de wijziging."))
    dossier = lock_dossier(dossier)
    if dossier.status in TERMINAL:
        raise Geweigerd(_("Een afgesloten dossier krijgt geen andere behandelaar."))
    if not behandelaars(dossier.gemeente, dossier.domein).filter(pk=behandelaar.pk).exists():
        raise Geweigerd(
            _("%(naam)s is geen actieve consulent van deze gemeente voor dit domein.")
            % {"naam": behandelaar.get_full_name() or behandelaar.get_username()}
        )
    if dossier.consulent_id == behandelaar.pk:
        raise Geweigerd(_("Deze consulent is al de behandelaar."))
    vorige = dossier.consulent
    dossier.consulent = behandelaar
    dossier.save(update_fields=["consulent", "gewijzigd_op"])
    record(
        Actie.WIJZIGEN,
        dossier,
        reden=reden,
        gemeente_cbs=dossier.gemeente.cbs_code,
        # The names of the consulenten (employees, not clients), so the dossier's timeline reads as a story;
        # the ids stay in the data for whoever follows the trail.
        omschrijving=f"Behandelaar {_naam(vorige)} → {_naam(behandelaar)}",
        gegevens={"behandelaar": {"oud": vorige.pk if vorige else None, "nieuw": behandelaar.pk}},
        gebruiker=door,
    )
    return dossier
