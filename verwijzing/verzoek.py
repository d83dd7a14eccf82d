"""The decisions on an aanbieder's verzoek: a verzoek om toewijzing (iJw/iWmo 315) and a verzoek om
wijziging (317), each honoured as a whole. Neither is a step of a running toewijzing: each makes its own
decided beschikking (a toekenning the inwoner can object to). berichten calls them; verwijzing never
imports berichten.

Per TeWijzigenProduct of a 317 (iStandaarden iJw/iWmo 3.2, bericht 317, IV066, OP033x1):
- only the einddatum differs → the same number: later is oprekken, earlier is intrekken;
- a budget that differs, from the same ingangsdatum (TR373) → the same number with the new budget;
- a different omvang → a new toewijzing from the gewenste ingangsdatum; the old one ends the day before;
- nothing differs → unchanged.
A NieuwProduct becomes a new toewijzing. Changed and new toewijzingen carry the verzoek's
ReferentieAanbieder (IV093); the changed ones go out with RedenWijziging 12, all in one 301 (the
outbox rebuilds the unsent 301 of this transaction, OP087)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Actie
from audit.services import record
from producten.eenheden import IJW_EENHEID, OnbekendeEenheid, toewijzingseenheid
from regie.toets import Toetsresultaat
from toegang.fouten import Geweigerd

from .beschikking.beslisser import eis_beslisser, eis_verzoekbehandelaar
from .beschikking.beslistermijn import werk_bij
from .beschikking.services import render_pdf_after_commit
from .indicatie import indicatie_from_verdict, verdict_or_refuse
from .lopend import get_eerder, get_lopend, historie
from .models import (
    Beschikking,
    BeschikkingSoort,
    BeschikkingStatus,
    Dossier,
    Indicatie,
    RenderStatus,
    Toewijzing,
    Wijziging,
)
from .omvang import op_zelfde_nummer
from .toewijzing import announce, create_toewijzing, toewijzingen_maken


def _vastgestelde_beschikking(*, dossier, door, motivering: str, moment, wijzigt=None) -> Beschikking:
    """A toekenning decided at once on a verzoek: no concept, its moment the toewijzingsdatum/-tijd."""
    return Beschikking.objects.create(
        dossier=dossier,
        soort=BeschikkingSoort.TOEKENNING,
        status=BeschikkingStatus.VASTGESTELD,
        motivering=motivering,
        sjabloon=settings.TOEGANG_BESCHIKKING_SJABLOON,
        opgesteld_door=door,
        vastgesteld_door=door,
        vastgesteld_op=moment,
        render_status=RenderStatus.WACHTRIJ,
        wijzigt=wijzigt,
    )


# --- Verzoek om toewijzing (315) -------------------------------------------------------------------


def _verzoekdossier(*, door, gemeente, domein: str, inwoner, aanbieder, referentie: str, verwijzer: str) -> Dossier:
    """A dossier that skips onderzoek, matching and leefzorgplan: the verzoek is the aanvraag."""
    vandaag = timezone.localdate()
    dossier = Dossier.objects.create(
        inwoner=inwoner,
        gemeente=gemeente,
        domein=domein,
        consulent=door,
        meldingsdatum=vandaag,
        kanaal="digitaal",
        melder="anders",
        melder_naam=verwijzer[:200],
        aanvraag_op=vandaag,
        hulpvraag=f"Verzoek om toewijzing {referentie} van {aanbieder.naam}; verwijzer: {verwijzer}.",
    )
    dossier.verwijzing_toewijzen()
    dossier.save()
    werk_bij(dossier)
    return dossier


@transaction.atomic
def toewijzingsverzoek_toekennen(
    *,
    door,
    gemeente,
    domein: str,
    inwoner,
    product,
    aanbieder,
    ingangsdatum: date,
    einddatum: date | None,
    volume: int | None,
    frequentie: str,
    budget,
    referentie: str,
    verwijzer: str,
    motivering: str,
    eenheid: str = "",
) -> Toewijzing:
    """A verzoek om toewijzing (315) honoured: a dossier with the rules module's findings, a toekenning and
    the toewijzing carrying the aanbieder's ReferentieAanbieder (IV097). Choice (Wmo 2015 art. 2.3.2, Jeugdwet art. 2.3:
    disputed whether a beschikking is needed after a wettelijke verwijzing): a toekenning is made, so the
    inwoner has a decision to object to. `eenheid` is the unit the toewijzing stores for the Eenheid the 301 carries
    (IV042/IV094: chosen with the volume and frequentie); empty, the indicatie's own omvang applies."""
    eis_verzoekbehandelaar(door, gemeente, domein)
    if not motivering.strip():
        raise Geweigerd(_("Motiveer de toewijzing."))
    resultaat = verdict_or_refuse(
        productcode=product.code,
        geboortedatum=inwoner.geboortedatum,
        geboortedatum_gebruik=inwoner.geboortedatum_gebruik,
        gemeente=gemeente,
        ingangsdatum=ingangsdatum,
        einddatum=einddatum,
        aanbieder=aanbieder,
        **historie(inwoner, ingangsdatum),  # a second dyslexie diagnostiek is a herindicatie, as in the toegang
    )
    moment = timezone.now()
    dossier = _verzoekdossier(
        door=door,
        gemeente=gemeente,
        domein=domein,
        inwoner=inwoner,
        aanbieder=aanbieder,
        referentie=referentie,
        verwijzer=verwijzer,
    )
    indicatie = indicatie_from_verdict(
        dossier=dossier,
        door=door,
        resultaat=resultaat,
        motivering=motivering,
        product=product,
        aanbieder=aanbieder,
        volume=volume,
        frequentie=frequentie,
        budget=budget,
        ingangsdatum=ingangsdatum,
        einddatum=einddatum,
    )
    indicatie.save()
    beschikking = _vastgestelde_beschikking(dossier=dossier, door=door, motivering=motivering, moment=moment)
    beschikking.toegekend.add(indicatie)
    record(
        Actie.AANMAKEN, dossier, gebruiker=door, reden=motivering, omschrijving=f"Toewijzing op verzoek {referentie}"
    )
    eigen_eenheid = {"eenheid": eenheid} if eenheid else {}
    (toewijzing,) = toewijzingen_maken(
        beschikking, moment, referentie_aanbieder=referentie, verwijzer=verwijzer[:120], **eigen_eenheid
    )
    render_pdf_after_commit(beschikking)
    return toewijzing


# --- Verzoek om wijziging (317) --------------------------------------------------------------------


@dataclass
class Gewenst:
    """One product of the desired situation: `toewijzing` for a TeWijzigenProduct, None for a NieuwProduct."""

    toewijzing: Toewijzing | None
    product: object | None  # producten.Product
    ingangsdatum: date
    einddatum: date | None
    volume: int | None = None
    frequentie: str = ""
    budget: Decimal | None = None
    eenheid: str = ""  # WJ756 as the verzoek asks it


@dataclass
class _Wijziging:
    """What one verzoek om wijziging decides on: its dossier, the gewijzigde beschikking and the moment."""

    door: object
    dossier: Dossier
    beschikking: Beschikking
    referentie: str
    motivering: str
    moment: object


def _soort_wijziging(g: Gewenst) -> str:
    """What changes for a TeWijzigenProduct: 'geen', 'einddatum', 'budget', 'volume' or 'omvang'. IV066: the volume of
    a toewijzing with Frequentie 6 (totaal binnen de geldigheidsduur) changes on the same number when the change holds
    from the original ingangsdatum (then IV093 asks that number back too); from a later date it is a new omvang."""
    t = g.toewijzing
    omvang_anders = (g.volume, g.frequentie or "") != (t.volume, t.frequentie or "") or _eenheid_anders(g, t)
    budget_anders = (g.budget is not None or t.budget is not None) and g.budget != t.budget
    if (
        omvang_anders
        and not _eenheid_anders(g, t)
        and op_zelfde_nummer(t, g.ingangsdatum, g.volume, g.frequentie or "", g.budget)
    ):
        return "volume"
    if omvang_anders:
        return "omvang"
    if budget_anders:
        return "budget"
    if g.einddatum != t.einddatum or g.ingangsdatum != t.ingangsdatum:
        return "einddatum"
    return "geen"


def _eenheid_anders(g: Gewenst, t: Toewijzing) -> bool:
    if not g.eenheid or g.volume is None:
        return False
    regel = IJW_EENHEID.get(t.eenheid or "")
    return regel is None or regel.eenheid != g.eenheid


def _gevraagde_eenheid(g: Gewenst, product) -> dict:
    """OP348/IV093: an honoured verzoek is followed one to one, its Eenheid as well — never the catalogue's unit
    put on the requested volume (IV042). Without an Omvang the indicatie's own omvang applies."""
    if not g.eenheid or g.volume is None:
        return {}
    try:
        return {"eenheid": toewijzingseenheid(g.eenheid, product.eenheid)}
    except OnbekendeEenheid:
        raise Geweigerd(
            _("%(code)s: de gevraagde eenheid %(eenheid)s kan niet worden toegewezen; wijs het verzoek af.")
            % {"code": product.code, "eenheid": g.eenheid}
        ) from None


def _toets(g: Gewenst, product, dossier, aanbieder, lopend: list) -> Toetsresultaat:
    return verdict_or_refuse(
        weigering=_("%(code)s niet toegestaan") % {"code": product.code},
        voorvoegsel=f"{product.code}: ",
        productcode=product.code,
        geboortedatum=dossier.inwoner.geboortedatum,
        geboortedatum_gebruik=dossier.inwoner.geboortedatum_gebruik,
        gemeente=dossier.gemeente,
        ingangsdatum=g.ingangsdatum,
        einddatum=g.einddatum,
        aanbieder=aanbieder,
        lopend=lopend,
        eerder=get_eerder(dossier.inwoner, g.ingangsdatum, behalve_toewijzing=g.toewijzing),
        peildatum=timezone.localdate(),
    )


def _toegekende_indicatie(w: _Wijziging, g: Gewenst, product, aanbieder, lopend: list) -> Indicatie:
    """The indicatie the gewijzigde beschikking grants for one product, from the rules module's verdict."""
    indicatie = indicatie_from_verdict(
        dossier=w.dossier,
        door=w.door,
        resultaat=_toets(g, product, w.dossier, aanbieder, lopend),
        motivering=w.motivering,
        product=product,
        aanbieder=aanbieder,
        volume=g.volume,
        frequentie=g.frequentie or "",
        budget=g.budget,
        ingangsdatum=g.ingangsdatum,
        einddatum=g.einddatum,
    )
    indicatie.save()
    w.beschikking.toegekend.add(indicatie)
    return indicatie


def _eigen_dossier(*, gemeente, domein: str, aanbieder, inwoner, te_wijzigen: list[Gewenst]) -> Dossier:
    """The client's own dossier, locked: a toewijzing being changed, else its latest at this aanbieder from
    this gemeente in this domain (a verzoek with only unchanged and new products) — never another client's."""
    eigen = Toewijzing.objects.filter(gemeente=gemeente, domein=domein, aanbieder=aanbieder, inwoner=inwoner)
    bekend = [g.toewijzing for g in te_wijzigen] or list(eigen.order_by("-id")[:1])
    if not bekend:
        raise Geweigerd(_("Er is geen toewijzing bij deze aanbieder om te wijzigen."))
    return Dossier.objects.select_for_update().select_related("inwoner", "gemeente").get(pk=bekend[0].dossier_id)


def _vorige_beschikking(dossier) -> Beschikking | None:
    return (
        dossier.beschikkingen.filter(status__in=[BeschikkingStatus.VASTGESTELD, BeschikkingStatus.BEKENDGEMAAKT])
        .order_by("-vastgesteld_op", "-id")
        .first()
    )


def _omvang_wijzigen(w: _Wijziging, t: Toewijzing, g: Gewenst, indicatie: Indicatie) -> Toewijzing:
    """A different omvang: a new toewijzing from the gewenste ingangsdatum; the old one ends the day before."""
    if g.ingangsdatum <= t.ingangsdatum or (t.einddatum and g.ingangsdatum > t.einddatum):
        raise Geweigerd(
            _("Toewijzing %(nummer)s: een andere omvang gaat in binnen de looptijd, na de ingangsdatum (IV066).")
            % {"nummer": t.nummer}
        )
    nieuwe = create_toewijzing(
        w.dossier,
        w.beschikking,
        indicatie,
        w.moment,
        door=w.door,
        referentie_aanbieder=w.referentie,
        vervangt=t,
        **_gevraagde_eenheid(g, t.product),
    )
    t.einddatum = g.ingangsdatum - timedelta(days=1)
    return nieuwe


def _zelfde_nummer_wijzigen(w: _Wijziging, t: Toewijzing, g: Gewenst, indicatie: Indicatie, wat: str) -> None:
    """Only the einddatum, the budget, or a Frequentie-6 volume (IV066) from the same ingangsdatum: the same number
    (TR373/OP033x1)."""
    if g.ingangsdatum != t.ingangsdatum:
        raise Geweigerd(
            _("Toewijzing %(nummer)s: de ingangsdatum verandert niet op hetzelfde nummer (TR373/OP033x1).")
            % {"nummer": t.nummer}
        )
    t.einddatum, t.budget = g.einddatum, g.budget if wat == "budget" else t.budget
    t.volume = g.volume if wat == "volume" else t.volume
    t.indicatie, t.beschikking = indicatie, w.beschikking


def _product_wijzigen(w: _Wijziging, g: Gewenst) -> list[tuple[Toewijzing, str]]:
    """One TeWijzigenProduct: the toewijzingen it changes or makes, each with its kind of change."""
    t = Toewijzing.objects.select_for_update(of=("self",)).select_related("product").get(pk=g.toewijzing.pk)
    g.toewijzing = t
    wat = _soort_wijziging(g)
    if wat == "geen":
        return []
    andere = get_lopend(w.dossier.inwoner, g.ingangsdatum, behalve_toewijzing=t)  # the one definition
    indicatie = _toegekende_indicatie(w, g, t.product, t.aanbieder, andere)
    uit = []
    if wat == "omvang":
        uit.append((_omvang_wijzigen(w, t, g, indicatie), Wijziging.NIEUW))
    else:
        _zelfde_nummer_wijzigen(w, t, g, indicatie, wat)
    t.laatste_wijziging, t.referentie_aanbieder, t.toewijzingsmoment = Wijziging.OP_VERZOEK, w.referentie, w.moment
    t.save()
    uit.append((t, Wijziging.OP_VERZOEK))
    return uit


def _product_toevoegen(w: _Wijziging, g: Gewenst, aanbieder, bestaande: list) -> tuple[Toewijzing, str]:
    """One NieuwProduct: a new toewijzing."""
    if g.product is None:
        raise Geweigerd(_("Een nieuw product zonder productcode kan niet worden toegewezen; wijs het verzoek af."))
    indicatie = _toegekende_indicatie(w, g, g.product, aanbieder, bestaande)
    nieuwe = create_toewijzing(
        w.dossier,
        w.beschikking,
        indicatie,
        w.moment,
        door=w.door,
        referentie_aanbieder=w.referentie,
        **_gevraagde_eenheid(g, g.product),
    )
    return nieuwe, Wijziging.NIEUW


@transaction.atomic
def wijzigingsverzoek_toekennen(
    *,
    door,
    gemeente,
    domein: str,
    aanbieder,
    inwoner,
    te_wijzigen: list[Gewenst],
    nieuw: list[Gewenst],
    referentie: str,
    motivering: str,
) -> Beschikking:
    """A verzoek om wijziging (317) honoured as a whole (OP348): the aanbieder's complete desired situation
    becomes a gewijzigde beschikking that `wijzigt` the previous one, granting one indicatie per changed or
    new product. Any refused product refuses the verzoek (then a 319 answers it)."""
    eis_beslisser(door, gemeente, domein)
    if not motivering.strip():
        raise Geweigerd(_("Motiveer de gewijzigde beschikking."))
    if not te_wijzigen and not nieuw:
        raise Geweigerd(_("Het verzoek wijzigt niets: er is niets te beschikken."))
    dossier = _eigen_dossier(
        gemeente=gemeente, domein=domein, aanbieder=aanbieder, inwoner=inwoner, te_wijzigen=te_wijzigen
    )
    moment = timezone.now()
    beschikking = _vastgestelde_beschikking(
        dossier=dossier, door=door, motivering=motivering, moment=moment, wijzigt=_vorige_beschikking(dossier)
    )
    w = _Wijziging(door, dossier, beschikking, referentie, motivering, moment)
    gewijzigd = [paar for g in te_wijzigen for paar in _product_wijzigen(w, g)]
    gewijzigd += [_product_toevoegen(w, g, aanbieder, get_lopend(dossier.inwoner, g.ingangsdatum)) for g in nieuw]
    if not gewijzigd:
        raise Geweigerd(_("Het verzoek wijzigt niets ten opzichte van de huidige toewijzingen."))
    record(
        Actie.AANMAKEN,
        beschikking,
        gebruiker=door,
        reden=motivering,
        omschrijving=f"Gewijzigde beschikking op verzoek om wijziging {referentie}: "
        + ", ".join(f"toewijzing {t.nummer} ({wijziging})" for t, wijziging in gewijzigd),
    )
    for t, wijziging in gewijzigd:
        announce(t, wijziging)
    render_pdf_after_commit(beschikking)
    return beschikking
