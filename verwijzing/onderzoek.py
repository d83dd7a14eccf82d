"""The onderzoek: the vraagverheldering (Jeugd) or the Wmo-onderzoek, saved as a concept and completed."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Actie
from audit.services import record
from toegang.fouten import Geweigerd

from .models import Dossier, Onderzoek, Status
from .overgang import eis_consulent, lock_dossier, transition


@transaction.atomic
def onderzoek_starten(*, door, dossier: Dossier) -> Dossier:
    dossier = lock_dossier(dossier)
    eis_consulent(door, dossier.gemeente, dossier.domein)
    dossier = transition(dossier, "onderzoek_starten", door)
    Onderzoek.objects.get_or_create(dossier=dossier, defaults={"hulpvraag": dossier.hulpvraag})
    return dossier


@transaction.atomic
def onderzoek_opslaan(*, door, dossier: Dossier, gegevens: dict) -> Onderzoek:
    """Save the verslag as a concept: nothing is lost, whatever state the text is in."""
    dossier = lock_dossier(dossier)
    eis_consulent(door, dossier.gemeente, dossier.domein)
    if dossier.status != Status.ONDERZOEK:
        raise Geweigerd(_("Het verslag kan alleen tijdens het onderzoek worden gewijzigd."))
    onderzoek = dossier.onderzoek
    for veld, waarde in gegevens.items():
        setattr(onderzoek, veld, waarde)
    onderzoek.full_clean()
    onderzoek.save()
    record(Actie.WIJZIGEN, onderzoek, omschrijving="Verslag opgeslagen", gebruiker=door)
    return onderzoek


@transaction.atomic
def onderzoek_afronden(*, door, dossier: Dossier) -> Dossier:
    dossier = lock_dossier(dossier)
    eis_consulent(door, dossier.gemeente, dossier.domein)
    onderzoek = getattr(dossier, "onderzoek", None)
    if dossier.status == Status.ONDERZOEK and onderzoek and not onderzoek.is_compleet:
        raise Geweigerd(
            _("Het verslag is nog niet compleet. Vul nog in: %(velden)s.") % {"velden": ", ".join(onderzoek.ontbrekend)}
        )
    dossier = transition(dossier, "onderzoek_afronden", door)
    Onderzoek.objects.filter(dossier=dossier).update(afgerond_op=timezone.now())
    return dossier
