"""Changes to rule data by functioneel beheer: each one audited, versioned by geldig_vanaf."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Rol
from audit.models import Actie
from audit.services import record
from toegang.fouten import Geweigerd

from .models import MatrixCel, Zekerheid


def _alleen_beheer(gebruiker) -> None:
    if gebruiker.rol != Rol.BEHEER:
        raise Geweigerd(_("Alleen functioneel beheer wijzigt de stapelingsmatrix."))


@transaction.atomic
def cel_bevestigen(cel: MatrixCel, *, door, motivering: str) -> MatrixCel:
    """Confirm a cell as it is: the verdict stays, the doubt is gone (no new version needed)."""
    _alleen_beheer(door)
    if not motivering.strip():
        raise Geweigerd(_("Geef een motivering."))
    cel = MatrixCel.objects.select_for_update().get(pk=cel.pk)
    cel.bevestigd_door, cel.bevestigd_op, cel.motivering = door, timezone.now(), motivering
    cel.save(update_fields=["bevestigd_door", "bevestigd_op", "motivering"])
    record(
        Actie.WIJZIGEN,
        cel,
        reden=motivering,
        omschrijving=f"Matrixcel {cel.rij.afkorting}×{cel.kolom.afkorting} bevestigd",
    )
    return cel


@transaction.atomic
def cel_wijzigen(cel: MatrixCel, *, uitkomst: str, geldig_vanaf: date, door, motivering: str) -> MatrixCel:
    """A new version of the cell from geldig_vanaf; the old one ends the day before. Verdicts on
    earlier peildata keep using the old version."""
    _alleen_beheer(door)
    if not motivering.strip():
        raise Geweigerd(_("Geef een motivering."))
    cel = MatrixCel.objects.select_for_update().get(pk=cel.pk)
    if cel.geldig_tot is not None:
        raise Geweigerd(_("Deze versie van de cel is al afgesloten; wijzig de actuele versie."))
    if geldig_vanaf <= cel.geldig_vanaf:
        raise Geweigerd(_("De nieuwe versie moet ingaan na %(datum)s.") % {"datum": f"{cel.geldig_vanaf:%d-%m-%Y}"})
    cel.geldig_tot = geldig_vanaf - timedelta(days=1)
    cel.save(update_fields=["geldig_tot"])
    nieuw = MatrixCel.objects.create(
        rij=cel.rij,
        kolom=cel.kolom,
        uitkomst=uitkomst,
        zekerheid=Zekerheid.ZEKER,
        sleutel=cel.sleutel,
        voorwaarde=cel.voorwaarde,
        basis=f"Besluit functioneel beheer: {motivering}",
        bron=cel.bron,
        geldig_vanaf=geldig_vanaf,
        bevestigd_door=door,
        bevestigd_op=timezone.now(),
        motivering=motivering,
    )
    record(
        Actie.WIJZIGEN,
        nieuw,
        reden=motivering,
        omschrijving=f"Matrixcel {cel.rij.afkorting}×{cel.kolom.afkorting}: {cel.uitkomst} → {uitkomst} "
        f"vanaf {geldig_vanaf:%d-%m-%Y}",
    )
    return nieuw
