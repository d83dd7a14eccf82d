"""The indicatie (het WAT) from the rules module's verdict, the hardheidsclausule, and the matchingsgesprek
with the aanbieder that checks it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Rol
from accounts.permissions import heeft_bijzondere_toegang, mag_hardheidsclausule_goedkeuren
from audit.models import Actie
from audit.services import record
from organisaties.models import Domein
from producten.selectors import leverbare_aanbieders
from regie import garantiefase, voorstelregels
from regie.bevinding import eindoordeel
from regie.regelset import regelset
from regie.termijnen import bereken
from regie.toets import OngeldigeInvoer, Toetsresultaat, toets
from toegang.fouten import Geweigerd

from . import omvang
from .lopend import garantiefase_kandidaten, historie
from .models import Dossier, Indicatie, Matchingsverzoek, Status, VerzoekStatus
from .overgang import eis_consulent, lock_dossier
from .tijdlijn import ANTWOORD


def verdict_or_refuse(*, weigering: str = "", voorvoegsel: str = "", **invoer) -> Toetsresultaat:
    """The rules module's verdict on `invoer` (the arguments of `regie.toets.toets`), refused as a whole
    when the input is invalid or a finding is niet toegestaan. `weigering` heads the refusal,
    `voorvoegsel` the invalid-input message: a verzoek that changes several products names the product."""
    try:
        resultaat = zonder_herhaalde_garantiefase(toets(**invoer))
    except OngeldigeInvoer as fout:
        raise Geweigerd(_("%(voorvoegsel)s%(fout)s") % {"voorvoegsel": voorvoegsel, "fout": fout}) from fout
    blokkerend = [b for b in resultaat.bevindingen if b.uitkomst == "niet_toegestaan"]
    if blokkerend:
        redenen = "; ".join(b.uitleg for b in blokkerend)
        kop = weigering or _("Niet toegestaan")
        raise Geweigerd(_("%(weigering)s: %(redenen)s") % {"weigering": kop, "redenen": redenen}, blokkerend)
    return resultaat


def zonder_herhaalde_garantiefase(resultaat: Toetsresultaat, vlaggen: list = ()) -> Toetsresultaat:
    """The toegang flags the garantiefase itself (JR-066, from the 307's end, this gemeente's toewijzingen, not for a
    herindicatie; `vlaggen`); the command line's JR-065 read from `eerder` would say the same a second time."""
    jr065 = voorstelregels.regels()["garantiefase"]["id"]
    eigen = [b for b in resultaat.bevindingen if b.regel != jr065]
    if not vlaggen and len(eigen) == len(resultaat.bevindingen):
        return resultaat
    bevindingen = [*eigen, *vlaggen]
    return replace(resultaat, uitkomst=eindoordeel(bevindingen), bevindingen=bevindingen)


def indicatie_from_verdict(*, dossier, door, resultaat: Toetsresultaat, motivering: str = "", **velden) -> Indicatie:
    """An unsaved indicatie carrying the rules module's verdict: its outcome, its findings and the version
    of the rule data they used. `velden` are the indicatie's own fields (product, omvang, period…)."""
    return Indicatie(
        dossier=dossier,
        aangemaakt_door=door,
        uitkomst=resultaat.uitkomst,
        bevindingen=[b.als_dict() for b in resultaat.bevindingen],
        regelset_versie=resultaat.regelset_versie,
        motivering=motivering,
        **velden,
    )


def indicatie_toetsen(*, dossier: Dossier, gegevens: dict, bijzondere_toegang: bool = False, behalve=None):
    """The rules module's findings for a proposed indicatie (used live while composing, and on save), with
    the flag "mogelijk garantiefase" (JR-066) beside them: the verwijzer judges whether it is the same
    hulpvraag, so a flag is voorwaardelijk. `bijzondere_toegang`: the consulent's membership opens segment 1
    (accounts.permissions.heeft_bijzondere_toegang). `behalve`: the dossier's own indicatie being asked
    again (another aanbieder, a change), which never runs beside itself."""
    resultaat = toets(
        bijzondere_toegang=bijzondere_toegang,
        productcode=gegevens["product"].code,
        geboortedatum=dossier.inwoner.geboortedatum,
        geboortedatum_gebruik=dossier.inwoner.geboortedatum_gebruik,
        gemeente=dossier.gemeente,
        ingangsdatum=gegevens["ingangsdatum"],
        einddatum=gegevens.get("einddatum"),
        aanbieder=gegevens.get("aanbieder"),
        **historie(
            dossier.inwoner,
            gegevens["ingangsdatum"],
            dossier=dossier,
            behalve_indicatie=getattr(behalve, "pk", behalve),
        ),
        herindicatie=dossier.herindicatie_van_id is not None,
    )
    vlaggen = garantiefase.bevindingen(
        garantiefase_kandidaten(
            dossier.inwoner,
            gemeente=dossier.gemeente,
            domein=dossier.domein,
            product=gegevens["product"],
            aanbieder=gegevens.get("aanbieder"),
            datum=gegevens["ingangsdatum"],
            dossier=dossier,
        )
    )
    return zonder_herhaalde_garantiefase(resultaat, vlaggen)


def aanbieder_route_toetsen(
    *, dossier: Dossier, gegevens: dict, niet_gecontracteerd: bool = False, motivering_niet_gecontracteerd: str = ""
) -> None:
    """A Jeugd indicatie goes to an aanbieder contracted for the product on the ingangsdatum, in a perceel the
    gemeente uses (Handboek verwijzers jeugdhulp §1.1.2.3 (r. 1993–1998), §2.3 (r. 3644–3670)); an uncontracted
    one only through the route niet gecontracteerd aanbod, with its own motivering (§1.1.2.3.1 (r. 2028–2069))."""
    aanbieder, product = gegevens.get("aanbieder"), gegevens["product"]
    if niet_gecontracteerd and aanbieder is None:
        raise Geweigerd(_("Kies de aanbieder van het niet gecontracteerde aanbod."))
    if aanbieder is None or dossier.domein != Domein.JEUGD:
        return
    leverbaar = leverbare_aanbieders(
        product=product, gemeente=dossier.gemeente, ingangsdatum=gegevens["ingangsdatum"]
    ).filter(pk=aanbieder.pk)
    namen = {"aanbieder": aanbieder.naam, "code": product.code, "gemeente": dossier.gemeente.naam}
    if not niet_gecontracteerd and not leverbaar.exists():
        raise Geweigerd(
            _(
                "%(aanbieder)s is niet gecontracteerd voor %(code)s in %(gemeente)s op de ingangsdatum. Kies een "
                "gecontracteerde aanbieder, of de route niet gecontracteerd aanbod met een motivering "
                "(Handboek verwijzers jeugdhulp §1.1.2.3)."
            )
            % namen
        )
    if niet_gecontracteerd and leverbaar.exists():
        raise Geweigerd(
            _("%(aanbieder)s is gecontracteerd voor %(code)s in %(gemeente)s: kies de gewone route.") % namen
        )
    if niet_gecontracteerd and not motivering_niet_gecontracteerd.strip():
        raise Geweigerd(
            _(
                "Motiveer het niet gecontracteerde aanbod: waarom geen gecontracteerde aanbieder hetzelfde kan "
                "bieden (Handboek verwijzers jeugdhulp §1.1.2.3.1)."
            )
        )


def verdict_voor_route(
    *, dossier: Dossier, gegevens: dict, niet_gecontracteerd: bool, bijzondere_toegang: bool = False, behalve=None
) -> Toetsresultaat:
    """The rules' verdict; on the route niet gecontracteerd aanbod the missing contract is the route itself,
    checked with its motivering by `aanbieder_route_toetsen`, so the contract rule is left out. `behalve`: the
    indicatie being asked again (see `indicatie_toetsen`)."""
    if niet_gecontracteerd:
        gegevens = {**gegevens, "aanbieder": None}
    return indicatie_toetsen(dossier=dossier, gegevens=gegevens, bijzondere_toegang=bijzondere_toegang, behalve=behalve)


@transaction.atomic
def indicatie_voorstellen(
    *,
    door,
    dossier: Dossier,
    gegevens: dict,
    motivering: str = "",
    hardheidsclausule: bool = False,
    akkoord_client: bool = False,
    akkoord_verwijzer: bool = False,
    niet_gecontracteerd: bool = False,
    motivering_niet_gecontracteerd: str = "",
):
    """Compose an indicatie. `niet_toegestaan` blocks, except through the hardheidsclausule (Handboek verwijzers
    jeugdhulp §2.9 (r. 4165–4166)): cliënt and verwijzer agree and a second person gives the gemeente's agreement;
    `voorwaardelijk` needs a motivering. The findings are stored with the version of the rule data they used."""
    dossier = lock_dossier(dossier)
    eis_consulent(door, dossier.gemeente, dossier.domein)
    if dossier.status != Status.INDICATIE:
        raise Geweigerd(_("Een indicatie stel je samen na het onderzoek."))
    if gegevens["product"].domein != dossier.domein:
        raise Geweigerd(_("Dit product hoort niet bij het domein van het dossier."))
    route = {
        "niet_gecontracteerd": niet_gecontracteerd,
        "motivering_niet_gecontracteerd": motivering_niet_gecontracteerd.strip() if niet_gecontracteerd else "",
    }
    aanbieder_route_toetsen(dossier=dossier, gegevens=gegevens, **route)
    resultaat = verdict_voor_route(
        dossier=dossier,
        gegevens=gegevens,
        niet_gecontracteerd=niet_gecontracteerd,
        bijzondere_toegang=heeft_bijzondere_toegang(door, dossier.gemeente),
    )
    if resultaat.uitkomst == "niet_toegestaan":
        if not hardheidsclausule:
            redenen = "; ".join(b.uitleg for b in resultaat.bevindingen if b.uitkomst == "niet_toegestaan")
            raise Geweigerd(
                _("Niet toegestaan: %(redenen)s") % {"redenen": redenen},
                [b for b in resultaat.bevindingen if b.uitkomst == "niet_toegestaan"],
            )
        if not (akkoord_client and akkoord_verwijzer and motivering.strip()):
            raise Geweigerd(_("De hardheidsclausule vraagt het akkoord van cliënt en verwijzer en een motivering."))
    if resultaat.uitkomst == "voorwaardelijk" and not motivering.strip():
        raise Geweigerd(
            _("Bevestig de voorwaarden en motiveer de indicatie."),
            [b for b in resultaat.bevindingen if b.uitkomst == "voorwaardelijk"],
        )
    indicatie = indicatie_from_verdict(
        dossier=dossier,
        door=door,
        resultaat=resultaat,
        motivering=motivering,
        hardheidsclausule=hardheidsclausule and resultaat.uitkomst == "niet_toegestaan",
        akkoord_client=akkoord_client,
        akkoord_verwijzer=akkoord_verwijzer,
        **route,
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
def hardheidsclausule_goedkeuren(*, door, indicatie, motivering: str):
    """The gemeente's agreement, by a second person who holds the permission (per gemeente)."""
    indicatie = Indicatie.objects.select_for_update().select_related("dossier__gemeente").get(pk=indicatie.pk)
    if not indicatie.hardheidsclausule or indicatie.hardheid_goedgekeurd_op:
        raise Geweigerd(_("Voor deze indicatie is geen goedkeuring van de hardheidsclausule nodig."))
    if door.pk == indicatie.aangemaakt_door_id:
        raise Geweigerd(_("Een tweede persoon keurt de hardheidsclausule goed, niet wie de indicatie samenstelde."))
    if not mag_hardheidsclausule_goedkeuren(door, indicatie.dossier.gemeente):
        raise Geweigerd(_("U heeft in deze gemeente geen bevoegdheid om de hardheidsclausule goed te keuren."))
    if not motivering.strip():
        raise Geweigerd(_("Motiveer de goedkeuring."))
    indicatie.hardheid_goedgekeurd_door, indicatie.hardheid_goedgekeurd_op = door, timezone.now()
    indicatie.save(update_fields=["hardheid_goedgekeurd_door", "hardheid_goedgekeurd_op"])
    record(Actie.WIJZIGEN, indicatie, reden=motivering, gebruiker=door, omschrijving="Hardheidsclausule goedgekeurd")
    return indicatie


def _omvang(indicatie) -> str:
    """The omvang as the aanbieder reads it: volume, unit and frequentie, or the budget (verwijzing.omvang)."""
    return omvang.tekst(indicatie)


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
        "geboortedatum_weergave": inwoner.geboortedatum_weergave,  # OP252: never 01-01-1900 for an unknown one
        "telefoon": inwoner.telefoon,
        "adres": str(adres) if adres else "",
        "domein": dossier.get_domein_display(),
        "product": f"{indicatie.product.code} {indicatie.product.naam}",
        "omvang": _omvang(indicatie),
        "periode": f"{indicatie.ingangsdatum:%d-%m-%Y} – "
        + (f"{indicatie.einddatum:%d-%m-%Y}" if indicatie.einddatum else "…"),
        "hulpvraag": dossier.hulpvraag,
        "conclusie_onderzoek": getattr(getattr(dossier, "onderzoek", None), "conclusie", ""),
    }


@transaction.atomic
def matchingsverzoek_sturen(*, door, indicatie):
    """One verzoek per product and aanbieder, to the aanbieder's contactpunt Toegang; skipped where the
    rules say no matchingsgesprek is needed (Wmo 3A, a Wmo herindicatie)."""
    indicatie = Indicatie.objects.select_related("dossier__gemeente", "dossier__inwoner", "product", "aanbieder").get(
        pk=indicatie.pk
    )
    dossier = lock_dossier(indicatie.dossier)
    eis_consulent(door, dossier.gemeente, dossier.domein)
    if not indicatie.geldig:
        raise Geweigerd(_("Deze indicatie is niet toegestaan; eerst moet de hardheidsclausule zijn goedgekeurd."))
    if indicatie.aanbieder is None:
        raise Geweigerd(_("Kies eerst een aanbieder bij de indicatie."))
    if not indicatie.matching_nodig:
        raise Geweigerd(_("Voor deze indicatie is volgens de regels geen matchingsgesprek nodig."))
    if Matchingsverzoek.objects.filter(dossier=dossier, product=indicatie.product, status="verzonden").exists():
        raise Geweigerd(
            _("Voor dit product loopt al een matchingsverzoek; een product gaat nooit tegelijk naar twee aanbieders.")
        )
    if indicatie.pk in dossier.matchingsverzoeken.huidig_per_indicatie():
        raise Geweigerd(_("Deze aanbieder is al gevraagd; na een niet passend stuur je het verzoek naar een andere."))
    return verzoek_maken(door=door, indicatie=indicatie)


def te_sturen_verzoeken(dossier, indicaties) -> set[int]:
    """The indicaties `matchingsverzoek_sturen` would accept now, so the screen offers its button only there:
    none while a verzoek for the product is open or the aanbieder was already asked."""
    lopend = set(dossier.matchingsverzoeken.filter(status="verzonden").values_list("product_id", flat=True))
    huidig = dossier.matchingsverzoeken.huidig_per_indicatie()
    return {
        i.pk
        for i in indicaties
        if i.geldig and i.aanbieder_id and i.matching_nodig and i.product_id not in lopend and i.pk not in huidig
    }


def verzoek_maken(*, door, indicatie) -> Matchingsverzoek:
    """The verzoek to the indicatie's aanbieder, with the green part as it stands now (the caller checked
    and locked)."""
    dossier = indicatie.dossier
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
def matchingsverzoek_beantwoorden(
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
        raise Geweigerd(_("Alleen de aanbieder aan wie het verzoek is gericht, kan het beantwoorden."))
    if verzoek.status == VerzoekStatus.INGETROKKEN:
        raise Geweigerd(_("De toegang heeft dit verzoek ingetrokken."))
    if verzoek.status != VerzoekStatus.VERZONDEN:
        raise Geweigerd(_("Dit verzoek is al beantwoord."))
    if gesprek_op > timezone.localdate():
        raise Geweigerd(_("De datum van het gesprek ligt in de toekomst."))
    if passend and not verwachte_startdatum:
        raise Geweigerd(_("Geef de verwachte startdatum."))
    ingangsdatum = verzoek.indicatie.ingangsdatum
    if passend and verwachte_startdatum < ingangsdatum:
        raise Geweigerd(
            _("De verwachte startdatum ligt vóór de ingangsdatum van de indicatie (%(datum)s).")
            % {"datum": f"{ingangsdatum:%d-%m-%Y}"}
        )
    if not passend and not reden_niet_passend.strip():
        raise Geweigerd(_("Geef de reden waarom de hulp niet passend is."))
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
        omschrijving=f"Matchingsverzoek beantwoord: {ANTWOORD[verzoek.status]}",
    )
    return verzoek


def uiterlijk_matchingsgesprek(verzoek, rs=None) -> date:
    """5 werkdagen after the verzoek (Handboek verwijzers jeugdhulp §1.1.2.3.2 (r. 2125–2127); Handboek Maatwerkdiensten
    Wmo §2 (r. 114–117)), from the rules module."""
    rs = rs or regelset(timezone.localdate())
    return date.fromisoformat(bereken(rs.termijnen["matchingsgesprek"], verzoek.verzonden_op, rs.feestdagen).uiterlijk)
