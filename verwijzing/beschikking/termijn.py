"""The notices on the beslistermijn: opschorting (Awb 4:15) and verlenging (Awb 4:14); docs/bronnen.md, termijnen."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import mag_beschikken
from audit.models import Actie
from audit.services import record
from toegang.fouten import Geweigerd

from ..models import MededelingSoort, OpschortingGrond, Status, Termijnmededeling
from ..overgang import lock_dossier
from .beslistermijn import beslistermijn, werk_bij


def _termijnbeheerder(door, dossier) -> None:
    if mag_beschikken(door, dossier.gemeente, dossier.domein):
        return
    if door.pk == dossier.consulent_id:
        return
    raise Geweigerd(_("Alleen de consulent van het dossier of wie beschikt, kan de beslistermijn aanpassen."))


@transaction.atomic
def beslistermijn_opschorten(
    *, door, dossier, grond: str, vanaf: date, reden: str, medegedeeld_op: date
) -> Termijnmededeling:
    """Awb 4:15: the beslistermijn stands still from `vanaf` until the opschorting is ended."""
    dossier = lock_dossier(dossier, "inwoner")
    _termijnbeheerder(door, dossier)
    if dossier.status != Status.AANVRAAG:
        raise Geweigerd(_("Opschorten kan alleen terwijl de beslistermijn loopt."))
    if grond not in OpschortingGrond.values:
        raise Geweigerd(_("Kies de grond van de opschorting (Awb 4:15)."))
    if not reden.strip():
        raise Geweigerd(_("Geef de reden van de opschorting."))
    if dossier.termijnmededelingen.filter(soort=MededelingSoort.OPSCHORTING, tot__isnull=True).exists():
        raise Geweigerd(_("Er loopt al een opschorting; beëindig die eerst."))
    if vanaf < dossier.aanvraag_op or vanaf > timezone.localdate() or medegedeeld_op > timezone.localdate():
        raise Geweigerd(_("De opschorting begint na de aanvraag en niet in de toekomst."))
    m = Termijnmededeling.objects.create(
        dossier=dossier,
        soort=MededelingSoort.OPSCHORTING,
        grond=grond,
        vanaf=vanaf,
        medegedeeld_op=medegedeeld_op,
        reden=reden.strip(),
        door=door,
    )
    werk_bij(dossier)
    record(Actie.WIJZIGEN, dossier, gebruiker=door, reden=reden, omschrijving=f"Beslistermijn opgeschort ({grond})")
    return m


@transaction.atomic
def opschorting_beeindigen(*, door, dossier, tot: date) -> Termijnmededeling:
    dossier = lock_dossier(dossier, "inwoner")
    _termijnbeheerder(door, dossier)
    m = dossier.termijnmededelingen.filter(soort=MededelingSoort.OPSCHORTING, tot__isnull=True).first()
    if m is None:
        raise Geweigerd(_("Er loopt geen opschorting."))
    if tot < m.vanaf or tot > timezone.localdate():
        raise Geweigerd(_("De opschorting eindigt na haar begin en niet in de toekomst."))
    m.tot = tot
    m.save(update_fields=["tot"])
    werk_bij(dossier)
    record(Actie.WIJZIGEN, dossier, gebruiker=door, omschrijving=f"Opschorting beëindigd op {tot:%d-%m-%Y}")
    return m


@transaction.atomic
def beslistermijn_verlengen(*, door, dossier, tot: date, reden: str, medegedeeld_op: date) -> Termijnmededeling:
    """Awb 4:14: the aanvrager is told before the term ends, with a new date (Wmo: 'zo kort mogelijk',
    Jeugd: 'redelijk'); docs/keuzes.md, termijnen."""
    dossier = lock_dossier(dossier, "inwoner")
    _termijnbeheerder(door, dossier)
    if dossier.status != Status.AANVRAAG:
        raise Geweigerd(_("Verlengen kan alleen terwijl de beslistermijn loopt."))
    termijn = beslistermijn(dossier)
    if termijn.uiterlijk is None:
        raise Geweigerd(_("De termijn is opgeschort; beëindig eerst de opschorting."))
    if medegedeeld_op > termijn.uiterlijk:
        raise Geweigerd(
            _("Een verlenging moet vóór het einde van de termijn (%(uiterlijk)s) zijn medegedeeld.")
            % {"uiterlijk": f"{termijn.uiterlijk:%d-%m-%Y}"}
        )
    if medegedeeld_op > timezone.localdate():
        raise Geweigerd(_("De datum van de mededeling ligt in de toekomst."))
    if tot <= termijn.uiterlijk:
        raise Geweigerd(
            _("De nieuwe datum moet na %(uiterlijk)s liggen.") % {"uiterlijk": f"{termijn.uiterlijk:%d-%m-%Y}"}
        )
    if not reden.strip():
        raise Geweigerd(_("Geef de reden van de verlenging."))
    m = Termijnmededeling.objects.create(
        dossier=dossier,
        soort=MededelingSoort.VERLENGING,
        vanaf=termijn.uiterlijk,
        tot=tot,
        medegedeeld_op=medegedeeld_op,
        reden=reden.strip(),
        door=door,
    )
    werk_bij(dossier)
    record(
        Actie.WIJZIGEN, dossier, gebruiker=door, reden=reden, omschrijving=f"Beslistermijn verlengd tot {tot:%d-%m-%Y}"
    )
    return m
