"""Every state change of a dossier: one keyword-only service call, one transaction, one audit event.
A refused transition raises `Geweigerd` with a Dutch reason and changes nothing."""

from __future__ import annotations

import hmac
import logging
import smtplib
from datetime import date, timedelta

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext
from django_fsm import TransitionNotAllowed, can_proceed

from accounts.models import Rol
from audit.models import Actie
from audit.services import record
from inwoners.models import Betrokkenheid, BetrokkenheidReden, Inwoner
from regie.regelset import regelset
from regie.termijnen import bereken
from regie.toets import toets
from toegang.fouten import Geweigerd

from .beslistermijn import werk_bij
from .leefzorgplan import OPTIONEEL, inhoud_hash, secties_voor
from .models import (
    TERMINAL,
    Dossier,
    Indicatie,
    LeefzorgplanVersie,
    Matchingsverzoek,
    Methode,
    Ondertekening,
    Onderzoek,
    Status,
    VerzoekStatus,
)
from .ondertekening import code_hash, hash_, nieuw_token, nieuwe_code, wie_tekent
from .verzenders import SmsFout, stuur_code, stuur_link

logger = logging.getLogger(__name__)


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
        raise Geweigerd("Deze inwoner valt buiten uw gemeenten of domein; open de inwoner eerst met een reden.")
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
    werk_bij(dossier)
    # A record of the responsible gemeente's involvement (woonplaatsbeginsel); the dossier itself is what
    # brings the inwoner into its consulenten's and backoffice's scope (InwonerQuerySet.scope_filter).
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


def lopende_codes(dossier: Dossier, *, behalve: int | None = None) -> list[str]:
    """The inwoner's other indicaties that run at the same time (this and other open dossiers), as the
    rules module's stapeling needs them. Toewijzingen from messages join when they exist."""
    qs = Indicatie.objects.filter(dossier__inwoner=dossier.inwoner).exclude(dossier__status__in=TERMINAL)
    if behalve:
        qs = qs.exclude(pk=behalve)
    return list(qs.values_list("product__code", flat=True))


def toets_voorstel(*, dossier: Dossier, gegevens: dict):
    """The rules module's findings for a proposed indicatie (used live while composing, and on save)."""
    return toets(
        productcode=gegevens["product"].code,
        geboortedatum=dossier.inwoner.geboortedatum,
        gemeente=dossier.gemeente,
        ingangsdatum=gegevens["ingangsdatum"],
        einddatum=gegevens.get("einddatum"),
        aanbieder=gegevens.get("aanbieder"),
        lopend=lopende_codes(dossier),
        herindicatie=dossier.herindicatie_van_id is not None,
    )


@transaction.atomic
def stel_indicatie_voor(
    *,
    door,
    dossier: Dossier,
    gegevens: dict,
    motivering: str = "",
    hardheidsclausule: bool = False,
    akkoord_client: bool = False,
    akkoord_verwijzer: bool = False,
):
    """Compose an indicatie. `niet_toegestaan` blocks, except through the hardheidsclausule (Handboek verwijzers
    jeugdhulp §2.9 (r. 4165–4166)): cliënt and verwijzer agree and a second person gives the gemeente's agreement;
    `voorwaardelijk` needs a motivering. The findings are stored with the version of the rule data they used."""
    dossier = _vergrendeld(dossier)
    _consulent_van(door, dossier.gemeente, dossier.domein)
    if dossier.status != Status.INDICATIE:
        raise Geweigerd("Een indicatie stel je samen na het onderzoek.")
    if gegevens["product"].domein != dossier.domein:
        raise Geweigerd("Dit product hoort niet bij het domein van het dossier.")
    resultaat = toets_voorstel(dossier=dossier, gegevens=gegevens)
    if resultaat.uitkomst == "niet_toegestaan":
        if not hardheidsclausule:
            redenen = "; ".join(b.uitleg for b in resultaat.bevindingen if b.uitkomst == "niet_toegestaan")
            raise Geweigerd(
                f"Niet toegestaan: {redenen}", [b for b in resultaat.bevindingen if b.uitkomst == "niet_toegestaan"]
            )
        if not (akkoord_client and akkoord_verwijzer and motivering.strip()):
            raise Geweigerd("De hardheidsclausule vraagt het akkoord van cliënt en verwijzer en een motivering.")
    if resultaat.uitkomst == "voorwaardelijk" and not motivering.strip():
        raise Geweigerd(
            "Bevestig de voorwaarden en motiveer de indicatie.",
            [b for b in resultaat.bevindingen if b.uitkomst == "voorwaardelijk"],
        )
    indicatie = Indicatie(
        dossier=dossier,
        aangemaakt_door=door,
        uitkomst=resultaat.uitkomst,
        bevindingen=[b.als_dict() for b in resultaat.bevindingen],
        regelset_versie=resultaat.regelset_versie,
        motivering=motivering,
        hardheidsclausule=hardheidsclausule and resultaat.uitkomst == "niet_toegestaan",
        akkoord_client=akkoord_client,
        akkoord_verwijzer=akkoord_verwijzer,
        **gegevens,
    )
    indicatie.full_clean()
    indicatie.save()
    record(
        Actie.AANMAKEN,
        indicatie,
        reden=motivering,
        gebruiker=door,
        omschrijving=f"Indicatie {indicatie.product.code}: {resultaat.uitkomst}",
    )
    return indicatie


@transaction.atomic
def keur_hardheidsclausule_goed(*, door, indicatie, motivering: str):
    """The gemeente's agreement, by a second person who holds the permission (per gemeente)."""
    from accounts.permissions import mag_hardheidsclausule_goedkeuren

    indicatie = Indicatie.objects.select_for_update().select_related("dossier__gemeente").get(pk=indicatie.pk)
    if not indicatie.hardheidsclausule or indicatie.hardheid_goedgekeurd_op:
        raise Geweigerd("Voor deze indicatie is geen goedkeuring van de hardheidsclausule nodig.")
    if door.pk == indicatie.aangemaakt_door_id:
        raise Geweigerd("Een tweede persoon keurt de hardheidsclausule goed, niet wie de indicatie samenstelde.")
    if not mag_hardheidsclausule_goedkeuren(door, indicatie.dossier.gemeente):
        raise Geweigerd("U heeft in deze gemeente geen bevoegdheid om de hardheidsclausule goed te keuren.")
    if not motivering.strip():
        raise Geweigerd("Motiveer de goedkeuring.")
    indicatie.hardheid_goedgekeurd_door, indicatie.hardheid_goedgekeurd_op = door, timezone.now()
    indicatie.save(update_fields=["hardheid_goedgekeurd_door", "hardheid_goedgekeurd_op"])
    record(Actie.WIJZIGEN, indicatie, reden=motivering, gebruiker=door, omschrijving="Hardheidsclausule goedgekeurd")
    return indicatie


def _groen_deel(indicatie, door) -> dict:
    """The green part of the Format Matchingsgesprek, prefilled from the dossier. The field list is
    inferred from the handbooks (Memo Plan van aanpak Jeugd en Wmo, kopje Matchingsgesprek: the real form is not in the
    sources)."""
    dossier, inwoner = indicatie.dossier, indicatie.dossier.inwoner
    adres = inwoner.adressen.filter(soort="01").first()
    return {
        "gemeente": dossier.gemeente.naam,
        "consulent": door.get_full_name() or door.username,
        "consulent_email": door.email,
        "datum_aanmelding": timezone.localdate().isoformat(),
        "inwoner": inwoner.volledige_naam,
        "geboortedatum": inwoner.geboortedatum.isoformat(),
        "telefoon": inwoner.telefoon,
        "adres": str(adres) if adres else "",
        "domein": dossier.get_domein_display(),
        "product": f"{indicatie.product.code} {indicatie.product.naam}",
        "hulpvraag": dossier.hulpvraag,
        "conclusie_onderzoek": getattr(getattr(dossier, "onderzoek", None), "conclusie", ""),
    }


@transaction.atomic
def stuur_matchingsverzoek(*, door, indicatie):
    """One verzoek per product and aanbieder, to the aanbieder's contactpunt Toegang; skipped where the
    rules say no matchingsgesprek is needed (Wmo 3A, a Wmo herindicatie)."""
    indicatie = Indicatie.objects.select_related("dossier__gemeente", "dossier__inwoner", "product", "aanbieder").get(
        pk=indicatie.pk
    )
    dossier = _vergrendeld(indicatie.dossier)
    _consulent_van(door, dossier.gemeente, dossier.domein)
    if not indicatie.geldig:
        raise Geweigerd("Deze indicatie is niet toegestaan; eerst moet de hardheidsclausule zijn goedgekeurd.")
    if indicatie.aanbieder is None:
        raise Geweigerd("Kies eerst een aanbieder bij de indicatie.")
    if not indicatie.matching_nodig:
        raise Geweigerd("Voor deze indicatie is volgens de regels geen matchingsgesprek nodig.")
    if Matchingsverzoek.objects.filter(dossier=dossier, product=indicatie.product, status="verzonden").exists():
        raise Geweigerd(
            "Voor dit product loopt al een matchingsverzoek; een product gaat nooit tegelijk naar twee aanbieders."
        )
    verzoek = Matchingsverzoek.objects.create(
        dossier=dossier,
        indicatie=indicatie,
        product=indicatie.product,
        aanbieder=indicatie.aanbieder,
        verzonden_op=timezone.localdate(),
        verzonden_door=door,
        groen=_groen_deel(indicatie, door),
    )
    record(
        Actie.AANMAKEN,
        verzoek,
        gebruiker=door,
        omschrijving=f"Matchingsverzoek {indicatie.product.code} naar aanbieder {indicatie.aanbieder.agb_code}",
    )
    return verzoek


@transaction.atomic
def beantwoord_matchingsverzoek(
    *,
    door,
    verzoek,
    passend: bool,
    gesprek_op: date,
    gesprek_vorm: str,
    deelnemers: str = "",
    inschatting_traject: str = "",
    verwachte_startdatum: date | None = None,
    reden_niet_passend: str = "",
):
    """The aanbieder returns the blue part: passend with an inschatting and a verwachte startdatum, or
    niet passend with its reasons (Handboek verwijzers jeugdhulp §1.1.2.3.2 (r. 2097–2113)). An aanbieder that declines
    gets no beschikking."""
    verzoek = Matchingsverzoek.objects.select_for_update().get(pk=verzoek.pk)
    if door.rol != Rol.AANBIEDER or door.aanbieder_id != verzoek.aanbieder_id:
        raise Geweigerd("Alleen de aanbieder aan wie het verzoek is gericht, kan het beantwoorden.")
    if verzoek.status != VerzoekStatus.VERZONDEN:
        raise Geweigerd("Dit verzoek is al beantwoord.")
    if gesprek_op > timezone.localdate():
        raise Geweigerd("De datum van het gesprek ligt in de toekomst.")
    if passend and not verwachte_startdatum:
        raise Geweigerd("Geef de verwachte startdatum.")
    if not passend and not reden_niet_passend.strip():
        raise Geweigerd("Geef de reden waarom de hulp niet passend is.")
    verzoek.status = VerzoekStatus.PASSEND if passend else VerzoekStatus.NIET_PASSEND
    verzoek.gesprek_op, verzoek.gesprek_vorm, verzoek.deelnemers = gesprek_op, gesprek_vorm, deelnemers
    verzoek.inschatting_traject, verzoek.verwachte_startdatum = inschatting_traject, verwachte_startdatum
    verzoek.reden_niet_passend = reden_niet_passend
    verzoek.geretourneerd_op, verzoek.geretourneerd_door = timezone.now(), door
    verzoek.save()
    record(
        Actie.WIJZIGEN,
        verzoek,
        gebruiker=door,
        reden=reden_niet_passend,
        omschrijving=f"Matchingsverzoek beantwoord: {verzoek.status}",
    )
    return verzoek


def uiterlijk_matchingsgesprek(verzoek, rs=None) -> date:
    """5 werkdagen after the verzoek (Handboek verwijzers jeugdhulp §1.1.2.3.2 (r. 2125–2127); Handboek Maatwerkdiensten
    Wmo §2 (r. 114–117)), from the rules module."""
    rs = rs or regelset(timezone.localdate())
    return date.fromisoformat(bereken(rs.termijnen["matchingsgesprek"], verzoek.verzonden_op, rs.feestdagen).uiterlijk)


@transaction.atomic
def start_leefzorgplan(*, door, dossier: Dossier) -> Dossier:
    dossier = _vergrendeld(dossier)
    _consulent_van(door, dossier.gemeente, dossier.domein)
    if dossier.status == Status.INDICATIE:
        ontbreekt = dossier.wat_ontbreekt_voor_leefzorgplan()
        if ontbreekt:
            raise Geweigerd("Het leefzorgplan kan nog niet: " + " ".join(ontbreekt))
    return _overgang(dossier, "start_leefzorgplan", door)


@transaction.atomic
def sla_leefzorgplan_op(*, door, dossier: Dossier, secties: dict, doelen: list[dict]):
    """A new version when the content changed; the same version when nothing changed. SMART doelen
    each have a leefgebied, the doel, the resultaat and a termijn after today (Handboek verwijzers jeugdhulp §1.1.2.1
    (r. 1656–1683))."""
    dossier = _vergrendeld(dossier)
    _consulent_van(door, dossier.gemeente, dossier.domein)
    if dossier.status != Status.LEEFZORGPLAN:
        raise Geweigerd("Het leefzorgplan kan alleen in de stap leefzorgplan worden gewijzigd.")
    toegestaan = {sleutel for sleutel, _kop in secties_voor(dossier, timezone.localdate())}
    onbekend = set(secties) - toegestaan
    if onbekend:
        raise Geweigerd(f"Onbekende secties: {', '.join(sorted(onbekend))}.")
    for nummer, doel in enumerate(doelen, start=1):
        if not all(str(doel.get(k) or "").strip() for k in ("leefgebied", "doel", "resultaat", "termijn")):
            raise Geweigerd(f"Doel {nummer} is niet SMART: vul leefgebied, doel, resultaat en termijn in.")
        if date.fromisoformat(str(doel["termijn"])) <= timezone.localdate():
            raise Geweigerd(f"Doel {nummer}: de termijn ligt niet in de toekomst.")
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


ONDERTEKEN_DAGEN = 14  # choice: a signing link is valid for two weeks
MAX_CODEPOGINGEN = 5
# After its one use the link is a session entry this long: enough to read the plan and sign.
ONDERTEKEN_SESSIE = timedelta(minutes=30)


def _plan_compleet(dossier: Dossier, versie) -> list[str]:
    ontbreekt = [
        kop
        for sleutel, kop in secties_voor(dossier, timezone.localdate())
        if sleutel not in OPTIONEEL and not (versie.secties.get(sleutel) or "").strip()
    ]
    if not versie.doelen:
        ontbreekt.append("ten minste één SMART-doel")
    return ontbreekt


@transaction.atomic
def bied_ter_ondertekening(*, door, dossier: Dossier, basis_url: str) -> list:
    """Send the latest version to those who must sign: a one-time link by e-mail and, separately, a code by
    SMS. Inside the transaction: when a message cannot be sent, nothing is offered and the consulent is told."""
    dossier = _vergrendeld(dossier)
    _consulent_van(door, dossier.gemeente, dossier.domein)
    versie = dossier.leefzorgplanversies.order_by("-versie").first()
    if versie is None:
        raise Geweigerd("Sla eerst een versie van het leefzorgplan op.")
    ontbreekt = _plan_compleet(dossier, versie)
    if ontbreekt:
        raise Geweigerd("Het leefzorgplan is nog niet compleet. Vul nog in: " + ", ".join(ontbreekt) + ".")
    tekenaars = wie_tekent(dossier, timezone.localdate())
    if not tekenaars:
        raise Geweigerd("Leg eerst de gezaghebbenden vast bij de inwoner: zij tekenen voor een jeugdige onder 16.")
    _kan_digitaal_tekenen(tekenaars)
    _overgang(dossier, "bied_ter_ondertekening", door)
    verloopt = timezone.now() + timedelta(days=ONDERTEKEN_DAGEN)
    uit = []
    for t in tekenaars:
        token, code = nieuw_token(), nieuwe_code()
        ondertekening = Ondertekening.objects.create(
            dossier=dossier,
            versie=versie,
            versie_hash=versie.inhoud_hash,
            rol=t.rol,
            naam=t.naam,
            relatie_id=t.relatie_id,
            methode=Methode.LINK_CODE,
            token_hash=hash_(token),
            code_hash=code_hash(code, hash_(token)),
            verloopt_op=verloopt,
        )
        try:
            stuur_link(
                aan=t.email,
                url=f"{basis_url}/ondertekenen/?t={token}",
                verloopt=verloopt,
                gemeente=gettext("Gemeente %(naam)s") % {"naam": dossier.gemeente.naam},
            )
            stuur_code(nummer=t.mobiel, code=code)
        except (smtplib.SMTPException, OSError, SmsFout, ImproperlyConfigured) as fout:
            logger.error("Ondertekenbericht niet verstuurd (dossier %s): %s", dossier.pk, type(fout).__name__)
            raise Geweigerd(
                gettext(
                    "Het versturen van de link of de code lukte niet; het plan staat nog niet ter ondertekening. "
                    "Probeer het later opnieuw, of laat het plan op papier ondertekenen."
                )
            ) from fout
        uit.append(ondertekening)
    record(
        Actie.WIJZIGEN,
        dossier,
        gebruiker=door,
        omschrijving=f"Leefzorgplan v{versie.versie} ter ondertekening aan {len(uit)} ondertekenaar(s): "
        "link per e-mail, code per sms",
    )
    return uit


def _kan_digitaal_tekenen(tekenaars) -> None:
    """The link needs an e-mail address and the code a mobile number, each signer their own."""
    ontbreekt = []
    for t in tekenaars:
        wat = [
            w for w, er in ((gettext("een e-mailadres"), t.email), (gettext("een mobiel nummer"), t.mobiel)) if not er
        ]
        if wat:
            ontbreekt.append(
                gettext("van %(naam)s ontbreekt %(wat)s") % {"naam": t.naam, "wat": gettext(" en ").join(wat)}
            )
    if ontbreekt:
        raise Geweigerd(
            gettext(
                "Digitaal ondertekenen kan niet: %(wie)s. De link gaat per e-mail en de code per sms. Leg die "
                "gegevens vast, of laat het plan op papier ondertekenen en upload het getekende exemplaar."
            )
            % {"wie": "; ".join(ontbreekt)}
        )


class LinkAlGebruikt(Geweigerd):
    def __init__(self, ondertekening_id: int):
        super().__init__("Deze link is al gebruikt: hij werkt maar één keer. Vraag uw consulent om een nieuwe link.")
        self.ondertekening_id = ondertekening_id


def _open(ondertekening):
    if ondertekening is None or ondertekening.vervallen:
        raise Geweigerd("Deze link is niet (meer) geldig. Neem contact op met uw consulent.")
    if ondertekening.getekend_op:
        raise Geweigerd("U heeft dit leefzorgplan al ondertekend.")
    if ondertekening.verloopt_op < timezone.now():
        raise Geweigerd("Deze link is verlopen. Vraag uw consulent om een nieuwe link.")
    return ondertekening


def wissel_link_in(token: str):
    """The link's one use: marks it used and returns the signature for a short-lived session, so a copy of
    the link (a forwarded mail, a log, a browser history) opens nothing afterwards."""
    with transaction.atomic():
        ondertekening = _open(Ondertekening.objects.select_for_update().filter(token_hash=hash_(token)).first())
        if ondertekening.link_gebruikt_op:
            raise LinkAlGebruikt(ondertekening.pk)
        ondertekening.link_gebruikt_op = timezone.now()
        ondertekening.save(update_fields=["link_gebruikt_op"])
        record(Actie.WIJZIGEN, ondertekening, omschrijving="Ondertekenlink eenmalig ingewisseld voor een sessie")
    return ondertekening


def zoek_ondertekening(ondertekening_id: int):
    """A signature whose link was exchanged (the session holds its id) and that can still be signed."""
    ondertekening = (
        Ondertekening.objects.select_related("dossier__inwoner", "versie")
        .filter(pk=ondertekening_id, link_gebruikt_op__isnull=False)
        .first()
    )
    return _open(ondertekening)


def controleer_code(*, ondertekening_id: int, code: str):
    """Deliberately outside a surrounding transaction: a wrong attempt must be counted (and audited)
    even though the caller's action fails."""
    ondertekening = zoek_ondertekening(ondertekening_id)
    if not secrets_equal(ondertekening.code_hash, code_hash(code.strip(), ondertekening.token_hash)):
        with transaction.atomic():
            Ondertekening.objects.filter(pk=ondertekening.pk).update(pogingen=F("pogingen") + 1)
            ondertekening.refresh_from_db(fields=["pogingen"])
            geblokkeerd = ondertekening.pogingen >= MAX_CODEPOGINGEN
            if geblokkeerd:
                Ondertekening.objects.filter(pk=ondertekening.pk).update(vervallen=True)
            record(Actie.GEWEIGERD, ondertekening, omschrijving="Onjuiste ondertekencode")
        raise Geweigerd("Deze code klopt niet." + (" De link is nu geblokkeerd." if geblokkeerd else ""))
    return ondertekening


def secrets_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a, b)


def onderteken(*, ondertekening_id: int, code: str):
    """Sign the version the link was made for. When every signer of that version has signed, the dossier
    receives the aanvraag and the beslistermijn starts."""
    ondertekening = controleer_code(ondertekening_id=ondertekening_id, code=code)
    return _teken(ondertekening)


@transaction.atomic
def _teken(ondertekening):
    dossier = _vergrendeld(ondertekening.dossier)
    laatste = dossier.leefzorgplanversies.order_by("-versie").first()
    if dossier.status != Status.ONDERTEKENING or laatste.inhoud_hash != ondertekening.versie_hash:
        raise Geweigerd("Het leefzorgplan is intussen gewijzigd; u krijgt een nieuwe link.")
    ondertekening.getekend_op = timezone.now()
    ondertekening.save(update_fields=["getekend_op"])
    record(
        Actie.WIJZIGEN,
        ondertekening,
        omschrijving=f"Ondertekend via link ({ondertekening.rol}), versie-hash {ondertekening.versie_hash[:12]}",
    )
    open_ = Ondertekening.objects.filter(
        dossier=dossier, versie=ondertekening.versie, vervallen=False, getekend_op__isnull=True
    ).exists()
    if not open_:
        ontvang_aanvraag(dossier, "Aanvraag ontvangen: ondertekend leefzorgplan")
    return ondertekening


def ontvang_aanvraag(dossier: Dossier, omschrijving: str) -> None:
    """The signed plan is the aanvraag (Handboek verwijzers jeugdhulp §1.1.3 (r. 2240–2246)): its date starts the
    beslistermijn. Choice: the day the last signature reached us (Awb 4:13 'na ontvangst'), for a link and an upload
    alike."""
    dossier.aanvraag_op = timezone.localdate()
    dossier.ontvang_aanvraag()
    dossier.save()
    werk_bij(dossier)
    record(Actie.WIJZIGEN, dossier, omschrijving=omschrijving)


@transaction.atomic
def terug_naar_leefzorgplan(*, door, dossier: Dossier, reden: str) -> Dossier:
    """Change the plan after it was offered: pending signatures lapse; a new version needs new ones."""
    dossier = _vergrendeld(dossier)
    _consulent_van(door, dossier.gemeente, dossier.domein)
    if not reden.strip():
        raise Geweigerd("Geef de reden waarom het plan wordt gewijzigd.")
    Ondertekening.objects.filter(dossier=dossier, getekend_op__isnull=True).update(vervallen=True)
    return _overgang(dossier, "terug_naar_leefzorgplan", door, reden=reden)


@transaction.atomic
def start_herindicatie(*, door, toewijzing) -> Dossier:
    """A herindicatie is a new dossier linked to the running toewijzing. For Wmo it needs no
    matchingsgesprek (Handboek Maatwerkdiensten Wmo §2 (r. 126–128)): the rules module is told it is a herindicatie.
    Jeugd follows the normal route (Handboek verwijzers jeugdhulp §1: a herindicatie is a new vraagverheldering with the
    evaluatie)."""
    oud = _vergrendeld(toewijzing.dossier)
    _consulent_van(door, oud.gemeente, oud.domein)
    if oud.status != Status.TOEGEKEND:
        raise Geweigerd("Een herindicatie volgt op een toegekend dossier.")
    if Dossier.objects.filter(herindicatie_van=toewijzing).exclude(status__in=TERMINAL).exists():
        raise Geweigerd("Voor deze toewijzing loopt al een herindicatie.")
    dossier = open_dossier(
        door=door,
        inwoner=oud.inwoner,
        gemeente=oud.gemeente,
        domein=oud.domein,
        meldingsdatum=timezone.localdate(),
        kanaal="loket",
        melder="inwoner",
        hulpvraag=f"Herindicatie van toewijzing {toewijzing.nummer} ({toewijzing.product.code}). {oud.hulpvraag}",
        gezag_en_vertegenwoordiging=oud.gezag_en_vertegenwoordiging,
    )
    Dossier.objects.filter(pk=dossier.pk).update(herindicatie_van=toewijzing)
    dossier.herindicatie_van = toewijzing
    record(
        Actie.WIJZIGEN,
        dossier,
        gebruiker=door,
        omschrijving=f"Herindicatie van toewijzing {toewijzing.nummer} uit dossier {oud.pk}",
    )
    return dossier
