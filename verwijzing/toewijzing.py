"""Toewijzingen: made by a toekenning, stretched by a verlenging (oprekken, OP380) or the garantiefase
(JR-065), replaced by a new number when the omvang or product changes (IV066), and what the aanbieder
reports back (302, 305, 307).

Every change ends with the `toewijzing_vastgesteld` signal inside the same transaction.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.models import Actie
from audit.services import record
from producten.eenheden import BEDRAG_EENHEID, OnbekendeEenheid
from regie import garantiefase
from toegang.fouten import Geweigerd

from . import lopend, omvang
from .beschikking.beslisser import eis_beslisser
from .indicatie import verdict_or_refuse
from .models import (
    TOEWIJZINGNUMMER_MAX,
    Bekostiging,
    Nummerreeks,
    Toewijzing,
    ToewijzingStatus,
    Wijziging,
    ZorgStart,
    ZorgStop,
)
from .signals import toewijzing_vastgesteld


def volgend_nummer(gemeente, domein: str) -> int:
    """The next toewijzingnummer of this gemeente and domain: a row lock on the sequence, so two
    decisions at the same moment never share a number, and a rolled-back decision gives its number back."""
    reeks, _nieuw = Nummerreeks.objects.select_for_update().get_or_create(gemeente=gemeente, domein=domein)
    if reeks.laatste >= TOEWIJZINGNUMMER_MAX:
        raise Geweigerd(_("De reeks toewijzingnummers van deze gemeente is vol (999.999.999)."))
    reeks.laatste += 1
    reeks.save(update_fields=["laatste"])
    return reeks.laatste


def announce(toewijzing: Toewijzing, wijziging: str, reden_wijziging: str = "") -> None:
    toewijzing_vastgesteld.send(
        sender=Toewijzing, toewijzing=toewijzing, wijziging=wijziging, reden_wijziging=reden_wijziging
    )


def create_toewijzing(dossier, beschikking, indicatie, moment, *, door=None, **velden) -> Toewijzing:
    """A toewijzing with the next number of the dossier's gemeente and domain, as `indicatie` granted it.
    `velden` sets what differs from the indicatie (a changed omvang keeps the product, aanbieder and
    eenheid of the toewijzing it replaces) and adds fields such as vervangt or referentie_aanbieder."""
    for veld in ("product", "aanbieder", "volume", "frequentie", "budget", "ingangsdatum", "einddatum"):
        if veld not in velden:
            velden[veld] = getattr(indicatie, veld)
    if "eenheid" not in velden:  # the indicatie's omvang as the 301 carries it (a traject: its trajectprijs)
        try:
            velden.update(
                omvang.voor_toewijzing(
                    velden["product"],
                    velden["volume"],
                    velden["frequentie"],
                    budget=velden["budget"],
                    aanbieder=velden["aanbieder"],
                    peildatum=velden["ingangsdatum"],
                    gemeente=dossier.gemeente,
                )
            )
        except OnbekendeEenheid:
            raise Geweigerd(_onbekende_omvang(velden["product"])) from None
    toewijzing = Toewijzing.objects.create(
        nummer=volgend_nummer(dossier.gemeente, dossier.domein),
        gemeente=dossier.gemeente,
        domein=dossier.domein,
        dossier=dossier,
        beschikking=beschikking,
        indicatie=indicatie,
        inwoner_id=dossier.inwoner_id,
        toewijzingsmoment=moment,
        laatste_wijziging=Wijziging.NIEUW,
        **velden,
    )
    # Every new number is audited, whether a toekenning, a new omvang or a verzoek om wijziging made it.
    record(
        Actie.AANMAKEN,
        toewijzing,
        gebruiker=door,  # None: the request's user (a toekenning's vaststelling)
        gemeente_cbs=dossier.gemeente.cbs_code,
        omschrijving=f"Toewijzing {toewijzing.nummer}: {toewijzing.product.code} bij {toewijzing.aanbieder.agb_code}",
    )
    return toewijzing


def _onbekende_omvang(product) -> str:
    if not product.eenheid:  # producten.eenheden.BEDRAG: the amount is the omvang
        return _(
            "Van %(code)s staat geen eenheid in de productcatalogus: de toewijzing draagt het bedrag per aanbieder, "
            "en de indicatie noemt geen bedrag."
        ) % {"code": product.code}
    return _("Van %(code)s is de eenheid onbekend: de omvang kan niet in de toewijzing.") % {"code": product.code}


# Why the gemeente ends a toewijzing earlier (intrekken): RedenWijziging, iStandaarden iJw/iWmo 3.2, codelijst
# RedenWijziging. Not offered: 01 (vervallen, CS336), 04 (that is oprekken), 12 (a verzoek om wijziging), 13
# (verwijderen) and 14 (an administrative correction is not an intrekking).
REDEN_INTREKKEN = {
    "05": gettext_lazy("Herbeoordeling: verkorting toewijzing"),
    "02": gettext_lazy("Cliënt overleden"),
    "03": gettext_lazy("Contractwijziging"),
    "06": gettext_lazy("Uitstroom naar ander domein (bijvoorbeeld de Wlz)"),
    "07": gettext_lazy("Verhuizing naar een andere gemeente"),
    "08": gettext_lazy("Wijziging leveringsvorm (bijvoorbeeld naar pgb)"),
    "09": gettext_lazy("Overstap naar andere aanbieder"),
    "10": gettext_lazy("Overgang naar nieuwe bekostigingssystematiek"),
    "11": gettext_lazy("Gemeentelijke herindeling"),
}


def toewijzingen_maken(beschikking, moment, **extra) -> list[Toewijzing]:
    """One toewijzing per granted indicatie in natura. A PGB gets no toewijzing (OP043). Called inside
    the transaction of the toekenning; the toewijzingsdatum/-tijd is the moment of the decision (IV013)."""
    dossier = beschikking.dossier
    uit = []
    for indicatie in beschikking.toegekend.select_related("product", "aanbieder").order_by("id"):
        if indicatie.bekostiging == Bekostiging.PGB:
            continue
        uit.append(create_toewijzing(dossier, beschikking, indicatie, moment, **extra))
    if not extra.get("referentie_aanbieder"):
        for toewijzing in uit:
            referenties_vervallen(toewijzing)
    for toewijzing in uit:
        announce(toewijzing, Wijziging.NIEUW)
    return uit


def _vergrendel(door, toewijzing) -> Toewijzing:
    """The toewijzing locked for a change by `door`, who must decide for its gemeente and domain."""
    toewijzing = (
        Toewijzing.objects.select_for_update(of=("self",))
        .select_related("dossier__gemeente", "dossier__inwoner", "product", "aanbieder")
        .get(pk=toewijzing.pk)
    )
    eis_beslisser(door, toewijzing.gemeente, toewijzing.domein)
    _eis_actueel(toewijzing)
    return toewijzing


def _eis_actueel(toewijzing) -> None:
    """Only an actual toewijzing changes. A deleted one never was valid (RedenWijziging 13, CS335) and no
    longer counts (OP087): stretching or ending it again would revive it at the aanbieder. One replaced by
    a new omvang (IV066) ended; its successor is the one to change."""
    if toewijzing.laatste_wijziging == Wijziging.VERWIJDERD:
        raise Geweigerd(_("Deze toewijzing is verwijderd: zij heeft nooit gegolden en verandert niet meer."))
    opvolger = toewijzing.vervangen_door.order_by("-id").first()
    if opvolger is not None or toewijzing.laatste_wijziging == Wijziging.BEEINDIGD:
        naam = f"toewijzing {opvolger.nummer}" if opvolger else "een nieuwe toewijzing"
        raise Geweigerd(_("Deze toewijzing is al vervangen door %(naam)s; wijzig die.") % {"naam": naam})


def _leg_vast(
    toewijzing, *, door, reden: str, einddatum: date, wijziging: str, omschrijving: str, reden_wijziging: str = ""
) -> Toewijzing:
    """A change on the same number: the new einddatum, audited with the reason, and announced. The change is a
    new decision: its moment is the new Toewijzingsdatum/-tijd (IV013: the most recent one is the actual
    toewijzing, an aanbieder ignores an older one), and it answers no verzoek of the aanbieder, so the 301 carries
    no ReferentieAanbieder for it (IV097)."""
    toewijzing.einddatum, toewijzing.laatste_wijziging = einddatum, wijziging
    toewijzing.toewijzingsmoment, toewijzing.referentie_aanbieder = timezone.now(), ""
    toewijzing.save(
        update_fields=["einddatum", "laatste_wijziging", "toewijzingsmoment", "referentie_aanbieder", "gewijzigd_op"]
    )
    referenties_vervallen(toewijzing)
    record(Actie.WIJZIGEN, toewijzing, reden=reden, gebruiker=door, omschrijving=omschrijving)
    announce(toewijzing, wijziging, reden_wijziging)
    return toewijzing


def referenties_vervallen(toewijzing) -> None:
    """IV097/TR379: a verzoek's ReferentieAanbieder goes only in the 301 that answers it. A change the gemeente makes by
    itself answers none, so the 301 it causes carries no referentie on any product of this client at this aanbieder
    (the products it resends unchanged included)."""
    Toewijzing.objects.filter(
        gemeente_id=toewijzing.gemeente_id,
        domein=toewijzing.domein,
        inwoner_id=toewijzing.inwoner_id,
        aanbieder_id=toewijzing.aanbieder_id,
    ).exclude(referentie_aanbieder="").update(referentie_aanbieder="")


@transaction.atomic
def toewijzing_oprekken(*, door, toewijzing, einddatum: date, reden: str) -> Toewijzing:
    """Verlenging with an unchanged omvang: the einddatum moves on the same toewijzingnummer (OP380).
    A product whose verlenging is a separate indicatie (Wmo 1A: 02C02/07C02) or is not possible
    (dyslexie) is refused here."""
    toewijzing = _vergrendel(door, toewijzing)
    if not reden.strip():
        raise Geweigerd(_("Motiveer de verlenging."))
    if toewijzing.einddatum is None:
        raise Geweigerd(_("Deze toewijzing heeft geen einddatum; er is niets te verlengen."))
    if einddatum <= toewijzing.einddatum:
        raise Geweigerd(_("De nieuwe einddatum moet na de huidige einddatum liggen."))
    product = toewijzing.product
    if "aparte indicatie" in product.verlenging.lower():
        raise Geweigerd(
            _("Een verlenging van %(product)s is een nieuwe indicatie: %(verlenging)s.")
            % {"product": product.naam, "verlenging": product.verlenging}
        )
    verdict_or_refuse(
        weigering=_("Verlenging niet toegestaan"),
        productcode=product.code,
        geboortedatum=toewijzing.dossier.inwoner.geboortedatum,
        geboortedatum_gebruik=toewijzing.dossier.inwoner.geboortedatum_gebruik,
        gemeente=toewijzing.gemeente,
        ingangsdatum=toewijzing.ingangsdatum,
        einddatum=einddatum,
        aanbieder=toewijzing.aanbieder,
        peildatum=timezone.localdate(),
        **lopend.historie(toewijzing.inwoner, timezone.localdate(), behalve_toewijzing=toewijzing),
        verlenging=True,
    )
    oud = toewijzing.einddatum
    return _leg_vast(
        toewijzing,
        door=door,
        reden=reden,
        einddatum=einddatum,
        wijziging=Wijziging.OPREKKEN,
        omschrijving=f"Toewijzing {toewijzing.nummer} opgerekt: einddatum {oud:%d-%m-%Y} → {einddatum:%d-%m-%Y}",
    )


@transaction.atomic
def garantiefase_toewijzen(*, door, toewijzing, reden: str) -> Toewijzing:
    """JR-064/JR-065: a client who returns within 6 months after the end of care (the 307's Einddatum,
    else the einddatum) is taken back in the same traject: the closed toewijzing is stretched to the end of
    the garantiefase, same number, same aanbieder, same omvang (no new money). Refused for a product that
    is no traject with a garantiefase, while the care still runs, and after the 6 months (the einddatum
    would lie in the past)."""
    toewijzing = _vergrendel(door, toewijzing)
    if toewijzing.laatste_wijziging == Wijziging.GARANTIEFASE:
        raise Geweigerd(_("De garantiefase is al toegewezen."))
    if toewijzing.einddatum is None:
        raise Geweigerd(_("Deze toewijzing heeft geen einddatum; een garantiefase volgt op het einde."))
    afgesloten = lopend.afgesloten(toewijzing)
    if waarom := garantiefase.weigering(afgesloten, vandaag=timezone.localdate()):
        raise Geweigerd(waarom)
    if not reden.strip():
        raise Geweigerd(_("Geef de reden van de garantiefase."))
    oud, einddatum = toewijzing.einddatum, garantiefase.loopt_tot(afgesloten.einde)
    if einddatum <= oud:
        raise Geweigerd(
            _("De toewijzing loopt nog tot %(einddatum)s, na de garantiefase: de aanbieder kan de zorg hervatten.")
            % {"einddatum": f"{oud:%d-%m-%Y}"}
        )
    return _leg_vast(
        toewijzing,
        door=door,
        reden=reden,
        einddatum=einddatum,
        wijziging=Wijziging.GARANTIEFASE,
        omschrijving=f"Garantiefase tot {einddatum:%d-%m-%Y} (einde zorg {afgesloten.einde:%d-%m-%Y}): "
        f"einddatum {oud:%d-%m-%Y} → {einddatum:%d-%m-%Y}",
    )


@transaction.atomic
def omvang_wijzigen(
    *, door, toewijzing, ingangsdatum: date, volume=None, frequentie: str = "", budget=None, reden: str
) -> Toewijzing:
    """A changed omvang is a new toewijzing with a new number (IV066); the old one ends the day before."""
    toewijzing = _vergrendel(door, toewijzing)
    if not reden.strip():
        raise Geweigerd(_("Motiveer de wijziging."))
    if volume is not None and toewijzing.eenheid == BEDRAG_EENHEID:
        raise Geweigerd(_("Deze toewijzing draagt een bedrag: geef het nieuwe bedrag in euro, geen volume."))
    volume, frequentie, budget = omvang.nieuw_bedrag(toewijzing.eenheid, volume, frequentie, budget)
    if (volume, frequentie, budget) == (toewijzing.volume, toewijzing.frequentie, toewijzing.budget):
        raise Geweigerd(_("De omvang is niet gewijzigd; voor een langere periode is oprekken de weg."))
    if volume is not None and budget is not None:
        raise Geweigerd(_("Geef een omvang of een budget, niet allebei (CD077/CD078)."))
    if omvang.op_zelfde_nummer(toewijzing, ingangsdatum, volume, frequentie, budget):  # a Frequentie-6 volume
        return _volume_wijzigen(toewijzing, door=door, volume=volume, reden=reden)
    if ingangsdatum <= toewijzing.ingangsdatum or (toewijzing.einddatum and ingangsdatum > toewijzing.einddatum):
        raise Geweigerd(_("De nieuwe omvang gaat in binnen de looptijd van de huidige toewijzing, na de ingangsdatum."))
    einde_oud = ingangsdatum - timedelta(days=1)
    nieuw = create_toewijzing(
        toewijzing.dossier,
        toewijzing.beschikking,
        toewijzing.indicatie,
        timezone.now(),
        door=door,
        product=toewijzing.product,
        aanbieder=toewijzing.aanbieder,
        eenheid=toewijzing.eenheid,
        volume=volume,
        frequentie=frequentie,
        budget=budget,
        ingangsdatum=ingangsdatum,
        einddatum=toewijzing.einddatum,
        vervangt=toewijzing,
    )
    _leg_vast(
        toewijzing,
        door=door,
        reden=reden,
        einddatum=einde_oud,
        wijziging=Wijziging.BEEINDIGD,
        omschrijving=f"Omvang gewijzigd: toewijzing {toewijzing.nummer} eindigt {einde_oud:%d-%m-%Y}, "
        f"nieuwe toewijzing {nieuw.nummer}",
    )
    announce(nieuw, Wijziging.NIEUW)
    return nieuw


def _volume_wijzigen(t: Toewijzing, *, door, volume: int, reden: str) -> Toewijzing:
    """IV066/OP033x1: the volume on the same number, a new decision (IV013, IV097) with RedenWijziging 04 or 05."""
    oud, t.volume, t.toewijzingsmoment, t.referentie_aanbieder = t.volume, volume, timezone.now(), ""
    t.save(update_fields=["volume", "toewijzingsmoment", "referentie_aanbieder", "gewijzigd_op"])
    referenties_vervallen(t)
    record(Actie.WIJZIGEN, t, reden=reden, gebruiker=door, omschrijving=f"Volume {t.nummer}: {oud} → {volume} (IV066)")
    announce(t, *omvang.volume_wijziging(oud, volume))
    return t


@transaction.atomic
def toewijzing_intrekken(*, door, toewijzing, einddatum: date, reden: str, reden_wijziging: str = "05") -> Toewijzing:
    """Intrekken: the gemeente ends the toewijzing earlier, on the same number (OP033x1: the einddatum
    may change; RedenWijziging 05 "herbeoordeling: verkorting"). Not before the ingangsdatum (CS003) and
    not before a start the aanbieder reported: care that was delivered stays covered."""
    toewijzing = _vergrendel(door, toewijzing)
    if not reden.strip():
        raise Geweigerd(_("Motiveer de intrekking."))
    if reden_wijziging not in REDEN_INTREKKEN:
        raise Geweigerd(_("Kies een reden wijziging die bij intrekken past."))
    if toewijzing.einddatum is not None and einddatum >= toewijzing.einddatum:
        raise Geweigerd(_("Intrekken vervroegt de einddatum; voor een latere einddatum is oprekken de weg."))
    if einddatum < toewijzing.ingangsdatum:
        raise Geweigerd(_("De einddatum ligt niet vóór de ingangsdatum; verwijder de toewijzing als zij nooit gold."))
    if toewijzing.gestart_op and einddatum < toewijzing.gestart_op:
        raise Geweigerd(_("De aanbieder is al gestart; de einddatum ligt niet vóór die start."))
    oud = toewijzing.einddatum
    return _leg_vast(
        toewijzing,
        door=door,
        reden=reden,
        einddatum=einddatum,
        wijziging=Wijziging.INGETROKKEN,
        reden_wijziging=reden_wijziging,
        omschrijving=f"Toewijzing {toewijzing.nummer} ingetrokken: einddatum {oud:%d-%m-%Y} → {einddatum:%d-%m-%Y}"
        if oud
        else f"Toewijzing {toewijzing.nummer} ingetrokken per {einddatum:%d-%m-%Y}",
    )


@transaction.atomic
def toewijzing_verwijderen(*, door, toewijzing, reden: str) -> Toewijzing:
    """Verwijderen (RedenWijziging 13): the toewijzing never was valid — einddatum = ingangsdatum (CS335),
    it stops counting as actual (OP087) and nothing may be declared on it (TR384). Only while the
    aanbieder reported no start: after a start the toewijzing is ingetrokken instead."""
    toewijzing = _vergrendel(door, toewijzing)
    if not reden.strip():
        raise Geweigerd(_("Geef de reden van het verwijderen."))
    if toewijzing.gestart_op:
        raise Geweigerd(_("De aanbieder is al gestart met deze toewijzing; trek haar in in plaats van verwijderen."))
    return _leg_vast(
        toewijzing,
        door=door,
        reden=reden,
        einddatum=toewijzing.ingangsdatum,
        wijziging=Wijziging.VERWIJDERD,
        omschrijving=f"Toewijzing {toewijzing.nummer} verwijderd",
    )


@transaction.atomic
def verzending_registreren(*, toewijzingen, bericht_omschrijving: str) -> None:
    """The 301 carrying these toewijzingen was accepted by the aanbieder (a 302 without errors)."""
    for t in Toewijzing.objects.select_for_update().filter(pk__in=[t.pk for t in toewijzingen]):
        if t.status == ToewijzingStatus.KLAAR:
            t.status = ToewijzingStatus.VERZONDEN
            t.save(update_fields=["status", "gewijzigd_op"])
            record(
                Actie.WIJZIGEN,
                t,
                omschrijving=f"Toewijzing {t.nummer} ontvangen door de aanbieder ({bericht_omschrijving})",
            )


def _stand_bijwerken(t: Toewijzing) -> None:
    """The toewijzing's start and stop from its records (the fields are their cache, in the same transaction):
    the latest actual start (status 1, not withdrawn), and its latest stop, a definitive one before a
    temporary one on the same day (OP377). A toewijzing without an actual start counts as not started."""
    start = ZorgStart.objects.filter(toewijzing=t, status_aanlevering="1", ingetrokken_door=None)
    start = start.order_by("-begindatum", "-pk").first()
    stops = ZorgStop.objects.filter(toewijzing=t, status_aanlevering="1", ingetrokken_door=None)
    if start is not None:
        stops = stops.filter(begindatum=start.begindatum)
    stop = max(stops, key=lambda s: (s.einddatum, s.reden_beeindiging != "20", s.pk), default=None)
    t.gestart_op = start.begindatum if start else None
    t.gestopt_op = stop.einddatum if stop else None
    t.reden_beeindiging = stop.reden_beeindiging if stop else ""
    if stop is not None:
        t.status = ToewijzingStatus.GESTOPT
    elif start is not None:
        t.status = ToewijzingStatus.GESTART
    elif t.status in (ToewijzingStatus.GESTART, ToewijzingStatus.GESTOPT):
        t.status = ToewijzingStatus.VERZONDEN  # the aanbieder had it: it reported on it
    t.save(update_fields=["gestart_op", "gestopt_op", "reden_beeindiging", "status", "gewijzigd_op"])


def _intrekken(model, t: Toewijzing, bericht, **sleutel) -> None:
    """Status 3: a record of the withdrawal, and the actual line with this key points to it (IV008)."""
    intrekking = model.objects.create(toewijzing=t, status_aanlevering="3", bericht=bericht, **sleutel)
    actueel = model.objects.filter(toewijzing=t, status_aanlevering="1", ingetrokken_door=None, **sleutel)
    if actueel.update(ingetrokken_door=intrekking) != 1:
        raise Geweigerd(_("Er is geen actuele aanlevering met deze sleutel om te verwijderen."))  # TR063


@transaction.atomic
def start_registreren(
    *, toewijzing, begindatum: date, bericht_omschrijving: str, bericht=None, product: str = "", ingangsdatum=None
) -> Toewijzing:
    """305 StartProduct with status 1: the actual start of the care (OP271); after a stop a new start may
    follow (OP379)."""
    t = Toewijzing.objects.select_for_update().get(pk=toewijzing.pk)
    ZorgStart.objects.create(
        toewijzing=t,
        product=product,
        begindatum=begindatum,
        toewijzing_ingangsdatum=ingangsdatum,
        status_aanlevering="1",
        bericht=bericht,
    )
    _stand_bijwerken(t)
    record(Actie.WIJZIGEN, t, omschrijving=f"Zorg gestart op {begindatum:%d-%m-%Y} ({bericht_omschrijving})")
    return t


@transaction.atomic
def start_intrekken(*, toewijzing, begindatum: date, bericht_omschrijving: str, bericht=None) -> Toewijzing:
    """305 StartProduct with status 3: the start with this Begindatum is withdrawn (OP033, IV008)."""
    t = Toewijzing.objects.select_for_update().get(pk=toewijzing.pk)
    _intrekken(ZorgStart, t, bericht, begindatum=begindatum)
    _stand_bijwerken(t)
    record(Actie.WIJZIGEN, t, omschrijving=f"Start van {begindatum:%d-%m-%Y} ingetrokken ({bericht_omschrijving})")
    return t


@transaction.atomic
def stop_registreren(
    *, toewijzing, einddatum: date, reden: str, bericht_omschrijving: str, begindatum=None, bericht=None, product=""
) -> Toewijzing:
    """307 StopProduct with status 1: the actual end and the reden beëindiging (20 = temporary, OP377-OP379)
    of the start with this Begindatum (without one: the latest actual start, else the ingangsdatum)."""
    t = Toewijzing.objects.select_for_update().get(pk=toewijzing.pk)
    if begindatum is None:
        begindatum = t.gestart_op or t.ingangsdatum
    ZorgStop.objects.create(
        toewijzing=t,
        product=product,
        begindatum=begindatum,
        reden_beeindiging=reden,
        einddatum=einddatum,
        status_aanlevering="1",
        bericht=bericht,
    )
    _stand_bijwerken(t)
    record(
        Actie.WIJZIGEN, t, omschrijving=f"Zorg gestopt op {einddatum:%d-%m-%Y}, reden {reden} ({bericht_omschrijving})"
    )
    return t


@transaction.atomic
def stop_intrekken(
    *, toewijzing, begindatum: date, einddatum: date, reden: str, bericht_omschrijving: str, bericht=None
) -> Toewijzing:
    """307 StopProduct with status 3: this stop is withdrawn (OP033, IV008); the care runs again from the start
    it stopped, or up to an earlier stop that is still actual."""
    t = Toewijzing.objects.select_for_update().get(pk=toewijzing.pk)
    _intrekken(ZorgStop, t, bericht, begindatum=begindatum, reden_beeindiging=reden, einddatum=einddatum)
    _stand_bijwerken(t)
    record(
        Actie.WIJZIGEN,
        t,
        omschrijving=f"Stop van {einddatum:%d-%m-%Y} (reden {reden}) ingetrokken ({bericht_omschrijving})",
    )
    return t
