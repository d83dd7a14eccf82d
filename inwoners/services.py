"""Inwoner services: search, registration, the out-of-scope step and reading, each audited."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Rol
from accounts.scoping import gemeente_ids, get_in_scope_or_404
from audit.models import Actie
from audit.services import record
from toegang.fouten import Geweigerd

from .codes import AdresSoort, Herkomst
from .models import Adres, Betrokkenheid, BetrokkenheidReden, Inwoner, Relatie, Toegangsgrond, ToegangsgrondReden

MAX_RESULTATEN = 50


@dataclass
class ZoekResultaat:
    inwoners: list[Inwoner] = field(default_factory=list)
    # An exact BSN matched an inwoner outside the user's scope: only the out-of-scope step may follow.
    buiten_scope: bool = False
    meer_dan_getoond: bool = False


def inwoner_zoeken(
    gebruiker, *, bsn: str = "", geslachtsnaam: str = "", geboortedatum: date | None = None
) -> ZoekResultaat:
    """Search within the user's scope. The criteria are audited by name, never by value."""
    qs = Inwoner.objects.visible_to(gebruiker)
    criteria = Q()
    if bsn:
        criteria &= Q(bsn=bsn)
    if geslachtsnaam:
        criteria &= Q(geslachtsnaam__icontains=geslachtsnaam) | Q(partnernaam__icontains=geslachtsnaam)
    if geboortedatum:
        # OP252: someone of whom only the month or the year of birth is known may be born on the date searched.
        criteria &= (
            Q(geboortedatum=geboortedatum, geboortedatum_gebruik="")
            | Q(geboortedatum=geboortedatum.replace(day=1), geboortedatum_gebruik="1")
            | Q(geboortedatum=geboortedatum.replace(month=1, day=1), geboortedatum_gebruik="2")
        )
    gevonden = list(qs.filter(criteria).order_by("geslachtsnaam", "voornamen", "id")[: MAX_RESULTATEN + 1])
    resultaat = ZoekResultaat(inwoners=gevonden[:MAX_RESULTATEN], meer_dan_getoond=len(gevonden) > MAX_RESULTATEN)
    if bsn and not gevonden and gebruiker.rol == Rol.CONSULENT:
        resultaat.buiten_scope = Inwoner.objects.filter(bsn=bsn).exists()
    gebruikt = [n for n, v in (("bsn", bsn), ("naam", geslachtsnaam), ("geboortedatum", geboortedatum)) if v]
    record(
        Actie.ZOEKEN,
        object_type="inwoners.inwoner",
        omschrijving=f"Zoeken op {', '.join(gebruikt)}: {len(resultaat.inwoners)} resultaten"
        + (" (bestaat buiten eigen gemeenten)" if resultaat.buiten_scope else ""),
    )
    return resultaat


def lees(gebruiker, public_id) -> Inwoner:
    """One inwoner in scope. A relatie that is itself an inwoner the user may not see (a visible
    parent's own partner or other child) shows no name: relaties go through the one scope too."""
    relaties = Relatie.objects.select_related("persoon").annotate(
        persoon_zichtbaar=Exists(Inwoner.objects.visible_to(gebruiker).filter(pk=OuterRef("persoon_id")))
    )
    inwoner = get_in_scope_or_404(
        Inwoner.objects.prefetch_related("adressen", Prefetch("relaties", queryset=relaties)),
        gebruiker,
        public_id=public_id,
    )
    record(Actie.LEZEN, inwoner, omschrijving="Inwonergegevens bekeken")
    return inwoner


def get_inwoner(gebruiker, public_id) -> Inwoner:
    """One inwoner in scope for a change form (the change itself is audited, not this look-up)."""
    return get_in_scope_or_404(Inwoner.objects.all(), gebruiker, public_id=public_id)


def get_relatie(gebruiker, public_id, nummer: int) -> Relatie:
    """A current relatie of an inwoner in scope, by its stable number."""
    inwoner = get_inwoner(gebruiker, public_id)
    return get_object_or_404(Relatie.objects.select_related("inwoner", "persoon"), inwoner=inwoner, nummer=nummer)


def _eigen_gemeente(gebruiker, gemeente):
    if gebruiker.rol != Rol.CONSULENT:
        raise Geweigerd(_("Alleen een consulent kan een inwoner registreren of een melding starten."))
    if not gebruiker.lidmaatschappen.filter(gemeente=gemeente).exists():
        raise Geweigerd(_("U werkt niet voor deze gemeente."))


def woont_buiten_eigen_gemeenten(gebruiker, woongemeente) -> bool:
    """Registering someone whose BRP woongemeente is none of the user's (or outside the region) is
    the reasoned out-of-scope step, as when a search by BSN finds someone outside the user's scope."""
    return woongemeente is None or woongemeente.pk not in gemeente_ids(gebruiker)


def _buiten_scope_geopend(
    gebruiker, inwoner: Inwoner, gemeente, reden: str, omschrijving: str, grond=ToegangsgrondReden.MET_REDEN
) -> None:
    """The reasoned out-of-scope step itself: the user (only he) may see this inwoner from now on,
    and the reason is audited."""
    Toegangsgrond.objects.get_or_create(
        inwoner=inwoner,
        gebruiker=gebruiker,
        gemeente=gemeente,
        defaults={"reden": grond, "toelichting": reden},
    )
    record(Actie.BUITEN_SCOPE, inwoner, gemeente_cbs=gemeente.cbs_code, reden=reden, omschrijving=omschrijving)


@transaction.atomic
def inwoner_registreren(gebruiker, *, gemeente, gegevens: dict, brp_adres: dict | None, reden: str = "") -> Inwoner:
    """Register a new inwoner entered by a consulent: he sees the inwoner from now on, nobody else
    until a dossier or his colleague's own step. Someone living outside his gemeenten needs a reason."""
    _eigen_gemeente(gebruiker, gemeente)
    buiten = woont_buiten_eigen_gemeenten(gebruiker, (brp_adres or {}).get("gemeente"))
    if buiten and not reden.strip():
        raise Geweigerd(_("Deze inwoner woont buiten uw gemeenten. Geef een reden op."))
    inwoner = Inwoner(**gegevens)
    inwoner.herkomst = {naam: Herkomst.CONSULENT for naam, waarde in gegevens.items() if waarde not in ("", None)}
    inwoner.full_clean()
    inwoner.save()
    if brp_adres:
        adres = Adres(inwoner=inwoner, soort=AdresSoort.BRP, herkomst=Herkomst.CONSULENT, **brp_adres)
        adres.full_clean()
        adres.save()
    Betrokkenheid.objects.create(
        inwoner=inwoner, gemeente=gemeente, reden=BetrokkenheidReden.GEREGISTREERD, door=gebruiker
    )
    record(Actie.AANMAKEN, inwoner, gemeente_cbs=gemeente.cbs_code, omschrijving="Inwoner geregistreerd")
    if buiten:
        _buiten_scope_geopend(
            gebruiker,
            inwoner,
            gemeente,
            reden,
            "Inwoner van buiten de eigen gemeenten geregistreerd",
            ToegangsgrondReden.GEREGISTREERD,
        )
    else:
        Toegangsgrond.objects.create(
            inwoner=inwoner, gebruiker=gebruiker, gemeente=gemeente, reden=ToegangsgrondReden.GEREGISTREERD
        )
    return inwoner


@transaction.atomic
def open_voor_melding(gebruiker, *, gemeente, bsn: str, reden: str) -> Inwoner:
    """An exact BSN found an inwoner outside the user's scope: with a reason, this consulent may see
    the inwoner so a new melding can start. Nothing of other dossiers is shown."""
    _eigen_gemeente(gebruiker, gemeente)
    if not reden.strip():
        raise Geweigerd(_("Geef een reden op."))
    inwoner = Inwoner.objects.get(bsn=bsn)
    Betrokkenheid.objects.get_or_create(
        inwoner=inwoner,
        gemeente=gemeente,
        defaults={"reden": BetrokkenheidReden.MELDING, "toelichting": reden, "door": gebruiker},
    )
    _buiten_scope_geopend(
        gebruiker, inwoner, gemeente, reden, "Inwoner buiten de eigen scope geopend voor een nieuwe melding"
    )
    return inwoner


def _wijziging_toegestaan(gebruiker, inwoner: Inwoner, persoon: Inwoner | None = None) -> None:
    """Only a consulent changes a person's data, and only for an inwoner (and a relatie that is an inwoner)
    in his scope."""
    if gebruiker.rol != Rol.CONSULENT:
        raise Geweigerd(_("Alleen een consulent kan relaties en inwonergegevens wijzigen."))
    zichtbaar = Inwoner.objects.visible_to(gebruiker)
    if not zichtbaar.filter(pk=inwoner.pk).exists() or (persoon and not zichtbaar.filter(pk=persoon.pk).exists()):
        raise Geweigerd(_("Deze inwoner valt buiten uw gemeenten of domein."))


def _valideer(obj) -> None:
    """The model's own rules (a constraint such as naamgebruik without partnernaam) as a refusal."""
    try:
        obj.full_clean()
    except ValidationError as fout:
        raise Geweigerd(" ".join(fout.messages)) from fout


def _gewijzigd(obj, gegevens: dict) -> list[str]:
    """Set the values on `obj`; the names of the fields that changed (the audit names them, never values)."""
    velden = []
    for naam, waarde in gegevens.items():
        if getattr(obj, naam) != waarde:
            setattr(obj, naam, waarde)
            velden.append(naam)
    return velden


@transaction.atomic
def relatie_toevoegen(gebruiker, inwoner: Inwoner, *, token=None, reden: str = "", **gegevens) -> Relatie:
    """A relatie gets the next stable number for this client (OP071: never reused, never changed). Only
    for an inwoner in the user's scope, and a relatie that is an inwoner must be in it too. A second
    submit of the same form (its token) returns the relatie the first one made."""
    _wijziging_toegestaan(gebruiker, inwoner, gegevens.get("persoon"))
    vergrendeld = Inwoner.objects.select_for_update().get(pk=inwoner.pk)
    if token and (eerder := Relatie.alle.filter(token=token, inwoner=inwoner).first()):
        return eerder
    vergrendeld.laatste_relatienummer += 1
    vergrendeld.save(update_fields=["laatste_relatienummer"])
    inwoner.laatste_relatienummer = vergrendeld.laatste_relatienummer
    relatie = Relatie(inwoner=inwoner, nummer=vergrendeld.laatste_relatienummer, token=token, **gegevens)
    _valideer(relatie)
    relatie.save()
    record(
        Actie.AANMAKEN,
        relatie,
        gebruiker=gebruiker,
        reden=reden,
        omschrijving=f"Relatie {relatie.nummer} toegevoegd aan inwoner {inwoner.pk}",
        gegevens={"bron": relatie.herkomst, "gezag": relatie.gezaghebbend, "soort": relatie.soort},
    )
    return relatie


@transaction.atomic
def relatie_wijzigen(gebruiker, *, relatie: Relatie, gegevens: dict, reden: str = "") -> Relatie:
    """Change a current relatie (its number stays); the source of what is recorded now is `herkomst`."""
    _wijziging_toegestaan(gebruiker, relatie.inwoner, gegevens.get("persoon", relatie.persoon))
    relatie = Relatie.objects.select_for_update().get(pk=relatie.pk)
    velden = _gewijzigd(relatie, gegevens)
    _valideer(relatie)
    relatie.save()
    record(
        Actie.WIJZIGEN,
        relatie,
        gebruiker=gebruiker,
        reden=reden,
        omschrijving=f"Relatie {relatie.nummer} van inwoner {relatie.inwoner_id} gewijzigd: {', '.join(velden) or '-'}",
        gegevens={"bron": relatie.herkomst, "gezag": relatie.gezaghebbend, "velden": velden},
    )
    return relatie


@transaction.atomic
def relatie_beeindigen(gebruiker, *, relatie: Relatie, einddatum: date, bron: str, reden: str) -> Relatie:
    """End a relatie: it stays as history (a signature may point at it) and no longer counts as gezag,
    vertegenwoordiger or contactpersoon."""
    _wijziging_toegestaan(gebruiker, relatie.inwoner)
    if not reden.strip():
        raise Geweigerd(_("Geef een reden op."))
    relatie = Relatie.objects.select_for_update().get(pk=relatie.pk)
    relatie.beeindigd_op = einddatum
    relatie.save(update_fields=["beeindigd_op"])
    record(
        Actie.WIJZIGEN,
        relatie,
        gebruiker=gebruiker,
        reden=reden,
        omschrijving=f"Relatie {relatie.nummer} van inwoner {relatie.inwoner_id} beëindigd",
        gegevens={"bron": bron, "einddatum": einddatum.isoformat()},
    )
    return relatie


@transaction.atomic
def inwoner_wijzigen(
    gebruiker, *, inwoner: Inwoner, gegevens: dict, adres: dict | None = None, bron: str, reden: str = ""
) -> Inwoner:
    """Correct an inwoner's own data (naamgebruik, contact) and one address by its soort; each changed
    field gets `bron` as its herkomst, so a later BRP source knows what it may take over."""
    _wijziging_toegestaan(gebruiker, inwoner)
    inwoner = Inwoner.objects.select_for_update().get(pk=inwoner.pk)
    velden = _gewijzigd(inwoner, gegevens)
    inwoner.herkomst = {**inwoner.herkomst, **dict.fromkeys(velden, bron)}
    _valideer(inwoner)
    inwoner.save()
    if adres:
        bestaand = Adres.objects.filter(inwoner=inwoner, soort=adres["soort"]).first() or Adres(inwoner=inwoner)
        adresvelden = _gewijzigd(bestaand, adres)
        if adresvelden:
            bestaand.herkomst = bron
            _valideer(bestaand)
            bestaand.save()
            velden.append(f"adres {adres['soort']}")
    record(
        Actie.WIJZIGEN,
        inwoner,
        gebruiker=gebruiker,
        reden=reden,
        omschrijving=f"Inwonergegevens gecorrigeerd: {', '.join(velden) or '-'}",
        gegevens={"bron": bron, "velden": velden},
    )
    return inwoner


# iJw/iWmo OP003 (iStandaarden 3.2, bedrijfsregel OP003): berichtenverkeer is not used for a client where a
# professional judges that sending the client's data puts the client's safety at serious risk. A consulent
# marks it and ends it, each time with a reason in the audit trail.


def _berichtenverkeer_zetten(gebruiker, inwoner: Inwoner, reden: str, *, uit: bool) -> Inwoner:
    """Both OP003 services: permission, a reason, the mark set or cleared under a row lock, the audit."""
    _wijziging_toegestaan(gebruiker, inwoner)
    if not reden.strip():
        raise Geweigerd(
            _("Geef de reden waarom berichtenverkeer de veiligheid van de cliënt in gevaar brengt.")
            if uit
            else _("Geef een reden op.")
        )
    inwoner = Inwoner.objects.select_for_update().get(pk=inwoner.pk)
    if inwoner.geen_berichtenverkeer == uit:
        raise Geweigerd(
            _("Voor deze inwoner wordt al geen berichtenverkeer gebruikt.")
            if uit
            else _("Voor deze inwoner wordt berichtenverkeer al gebruikt.")
        )
    inwoner.geen_berichtenverkeer_sinds = timezone.now() if uit else None
    inwoner.geen_berichtenverkeer_reden = reden.strip() if uit else ""
    inwoner.save(update_fields=["geen_berichtenverkeer_sinds", "geen_berichtenverkeer_reden", "gewijzigd_op"])
    wat = "geen berichtenverkeer (OP003)" if uit else "berichtenverkeer hervat (OP003 beëindigd)"
    record(Actie.WIJZIGEN, inwoner, gebruiker=gebruiker, reden=reden, omschrijving=f"Inwoner {inwoner.pk}: {wat}")
    return inwoner


@transaction.atomic
def berichtenverkeer_uitsluiten(gebruiker, *, inwoner: Inwoner, reden: str) -> Inwoner:
    """OP003 set: from now on no message is built for this client (berichten.uitgaand asks the mark)."""
    return _berichtenverkeer_zetten(gebruiker, inwoner, reden, uit=True)


@transaction.atomic
def berichtenverkeer_hervatten(gebruiker, *, inwoner: Inwoner, reden: str) -> Inwoner:
    """OP003 ended: the next change of a toewijzing goes by message again (its 301 carries every actual one)."""
    return _berichtenverkeer_zetten(gebruiker, inwoner, reden, uit=False)
