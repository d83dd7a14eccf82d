"""Every state change of a dossier: one keyword-only service call, one transaction, one audit event.
A refused transition raises `Geweigerd` with a Dutch reason and changes nothing."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django_fsm import TransitionNotAllowed, can_proceed

from accounts.models import Rol
from audit.models import Actie
from audit.services import record
from inwoners.models import Betrokkenheid, BetrokkenheidReden, Inwoner

from .models import Dossier, Onderzoek, Status


class Geweigerd(Exception):
    """The action is not allowed now; the message says why, in Dutch."""


def _consulent_van(gebruiker, gemeente, domein: str) -> None:
    if gebruiker.rol != Rol.CONSULENT:
        raise Geweigerd("Alleen een consulent kan dit doen.")
    if domein not in gebruiker.domeinen:
        raise Geweigerd("U bent geen consulent voor dit domein.")
    if not gebruiker.lidmaatschappen.filter(gemeente=gemeente).exists():
        raise Geweigerd("U werkt niet voor deze gemeente.")


@transaction.atomic
def open_dossier(
    *,
    door,
    inwoner: Inwoner,
    gemeente,
    domein: str,
    meldingsdatum: date,
    kanaal: str,
    melder: str,
    hulpvraag: str,
    melder_naam: str = "",
    gezag_en_vertegenwoordiging: str = "",
    clientondersteuning_aangeboden: bool = False,
    persoonlijk_plan_aangeboden: bool = False,
    ontvangstbevestiging_op: date | None = None,
) -> Dossier:
    """A melding opens a dossier in the gemeente responsible under the woonplaatsbeginsel."""
    _consulent_van(door, gemeente, domein)
    if not Inwoner.objects.visible_to(door).filter(pk=inwoner.pk).exists():
        raise Geweigerd("Deze inwoner valt buiten uw gemeenten; open de inwoner eerst met een reden.")
    if domein != "wmo" and (persoonlijk_plan_aangeboden or ontvangstbevestiging_op):
        raise Geweigerd("Persoonlijk plan en ontvangstbevestiging horen bij een Wmo-melding.")
    dossier = Dossier(
        inwoner=inwoner,
        gemeente=gemeente,
        domein=domein,
        consulent=door,
        meldingsdatum=meldingsdatum,
        kanaal=kanaal,
        melder=melder,
        melder_naam=melder_naam,
        hulpvraag=hulpvraag,
        gezag_en_vertegenwoordiging=gezag_en_vertegenwoordiging,
        clientondersteuning_aangeboden=clientondersteuning_aangeboden,
        persoonlijk_plan_aangeboden=persoonlijk_plan_aangeboden,
        ontvangstbevestiging_op=ontvangstbevestiging_op,
    )
    dossier.full_clean(exclude=["status"])  # the state machine owns the status
    dossier.save()
    # The responsible gemeente keeps the inwoner in scope even after a move (woonplaatsbeginsel).
    Betrokkenheid.objects.get_or_create(
        inwoner=inwoner,
        gemeente=gemeente,
        defaults={"reden": BetrokkenheidReden.MELDING, "door": door, "toelichting": f"Dossier {dossier.pk}"},
    )
    record(Actie.AANMAKEN, dossier, gemeente_cbs=gemeente.cbs_code, omschrijving=f"Melding {domein}")
    return dossier


def _overgang(dossier: Dossier, naam: str, door, *, reden: str = "") -> Dossier:
    methode = getattr(dossier, naam)
    if not can_proceed(methode):
        raise Geweigerd(
            WEIGERINGEN.get(
                (naam, dossier.status), f"Deze stap kan nu niet: het dossier staat op '{dossier.get_status_display()}'."
            )
        )
    van = dossier.status
    try:
        methode()
    except TransitionNotAllowed as fout:  # pragma: no cover - can_proceed checked the same guards
        raise Geweigerd("Deze stap kan nu niet.") from fout
    dossier.save()
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
    ("start_onderzoek", Status.ONDERZOEK): "Het onderzoek loopt al.",
}


def _vergrendeld(dossier: Dossier) -> Dossier:
    return Dossier.objects.select_for_update().select_related("gemeente").get(pk=dossier.pk)


@transaction.atomic
def start_onderzoek(*, door, dossier: Dossier) -> Dossier:
    dossier = _vergrendeld(dossier)
    _consulent_van(door, dossier.gemeente, dossier.domein)
    dossier = _overgang(dossier, "start_onderzoek", door)
    Onderzoek.objects.get_or_create(dossier=dossier, defaults={"hulpvraag": dossier.hulpvraag})
    return dossier


@transaction.atomic
def sla_onderzoek_op(*, door, dossier: Dossier, gegevens: dict) -> Onderzoek:
    """Save the verslag as a concept: nothing is lost, whatever state the text is in."""
    dossier = _vergrendeld(dossier)
    _consulent_van(door, dossier.gemeente, dossier.domein)
    if dossier.status != Status.ONDERZOEK:
        raise Geweigerd("Het verslag kan alleen tijdens het onderzoek worden gewijzigd.")
    onderzoek = dossier.onderzoek
    for veld, waarde in gegevens.items():
        setattr(onderzoek, veld, waarde)
    onderzoek.full_clean()
    onderzoek.save()
    record(Actie.WIJZIGEN, onderzoek, omschrijving="Verslag opgeslagen", gebruiker=door)
    return onderzoek


@transaction.atomic
def rond_onderzoek_af(*, door, dossier: Dossier) -> Dossier:
    dossier = _vergrendeld(dossier)
    _consulent_van(door, dossier.gemeente, dossier.domein)
    onderzoek = getattr(dossier, "onderzoek", None)
    if dossier.status == Status.ONDERZOEK and onderzoek and not onderzoek.is_compleet:
        raise Geweigerd("Het verslag is nog niet compleet. Vul nog in: " + ", ".join(onderzoek.ontbrekend) + ".")
    dossier = _overgang(dossier, "rond_onderzoek_af", door)
    Onderzoek.objects.filter(dossier=dossier).update(afgerond_op=timezone.now())
    return dossier


AFSLUITINGEN = {
    "voorliggend": "sluit_voorliggend",
    "wlz": "sluit_wlz",
    "ingetrokken": "trek_in",
    "buiten_behandeling": "stel_buiten_behandeling",
}


@transaction.atomic
def sluit_af(*, door, dossier: Dossier, soort: str, reden: str) -> Dossier:
    """A terminal state with its reason: voorliggende voorziening, Wlz, ingetrokken, or buiten
    behandeling (Awb 4:5, after a hersteltermijn that passed unused)."""
    if soort not in AFSLUITINGEN:
        raise Geweigerd("Onbekende manier van afsluiten.")
    if not reden.strip():
        raise Geweigerd("Geef de reden van het afsluiten.")
    dossier = _vergrendeld(dossier)
    _consulent_van(door, dossier.gemeente, dossier.domein)
    dossier.reden_afsluiting = reden
    return _overgang(dossier, AFSLUITINGEN[soort], door, reden=reden)
