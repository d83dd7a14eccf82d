"""A verzoek om wijziging (iJw/iWmo 317) honoured as a whole (OP348): the aanbieder's complete desired
situation becomes a gewijzigde beschikking and the toewijzingen follow it.

Per TeWijzigenProduct (iStandaarden iJw/iWmo 3.2, bericht 317, IV066, OP033x1):
- only the einddatum differs → the same number: later is oprekken, earlier is intrekken;
- a budget that differs, from the same ingangsdatum (TR373) → the same number with the new budget;
- a different omvang → a new toewijzing from the gewenste ingangsdatum; the old one ends the day before;
- nothing differs → unchanged.
A NieuwProduct becomes a new toewijzing. Changed and new toewijzingen carry the verzoek's
ReferentieAanbieder (IV093); the changed ones go out with RedenWijziging 12, all in one 301 (the
outbox rebuilds the unsent 301 of this transaction, OP087).

The gewijzigde beschikking (a toekenning that `wijzigt` the previous one) grants one indicatie per
changed or new product — the decision the inwoner can object to. berichten calls this; verwijzing
never imports berichten."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from audit.models import Actie
from audit.services import record
from regie.toets import Toetsresultaat
from toegang.fouten import Geweigerd

from .beslisser import eis_beslisser
from .models import Beschikking, BeschikkingStatus, Dossier, Indicatie, RenderStatus, Toewijzing, Wijziging
from .toewijzing import _meld, _nieuwe_toewijzing, toets_of_weiger


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


def _soort_wijziging(g: Gewenst) -> str:
    """What changes for a TeWijzigenProduct: 'geen', 'einddatum', 'budget' or 'omvang'."""
    t = g.toewijzing
    omvang_anders = (g.volume, g.frequentie or "") != (t.volume, t.frequentie or "")
    budget_anders = (g.budget is not None or t.budget is not None) and g.budget != t.budget
    if omvang_anders:
        return "omvang"
    if budget_anders:
        return "budget"
    if g.einddatum != t.einddatum or g.ingangsdatum != t.ingangsdatum:
        return "einddatum"
    return "geen"


def _toets(g: Gewenst, product, dossier, aanbieder, lopend: list[str]) -> Toetsresultaat:
    return toets_of_weiger(
        weigering=f"{product.code} niet toegestaan",
        voorvoegsel=f"{product.code}: ",
        productcode=product.code,
        geboortedatum=dossier.inwoner.geboortedatum,
        gemeente=dossier.gemeente,
        ingangsdatum=g.ingangsdatum,
        einddatum=g.einddatum,
        aanbieder=aanbieder,
        lopend=lopend,
        peildatum=timezone.localdate(),
    )


def _indicatie(g: Gewenst, product, dossier, aanbieder, resultaat, door, motivering) -> Indicatie:
    return Indicatie.objects.create(
        dossier=dossier,
        product=product,
        aanbieder=aanbieder,
        volume=g.volume,
        frequentie=g.frequentie or "",
        budget=g.budget,
        ingangsdatum=g.ingangsdatum,
        einddatum=g.einddatum,
        uitkomst=resultaat.uitkomst,
        bevindingen=[b.als_dict() for b in resultaat.bevindingen],
        regelset_versie=resultaat.regelset_versie,
        motivering=motivering,
        aangemaakt_door=door,
    )


@transaction.atomic
def honoreer(
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
    """The whole verzoek, or nothing: any refused product refuses the verzoek (then a 319 answers it)."""
    eis_beslisser(door, gemeente, domein)
    if not motivering.strip():
        raise Geweigerd("Motiveer de gewijzigde beschikking.")
    if not te_wijzigen and not nieuw:
        raise Geweigerd("Het verzoek wijzigt niets: er is niets te beschikken.")
    # The dossier is the client's own: a toewijzing being changed, else its latest at this aanbieder from this
    # gemeente in this domain (a verzoek with only unchanged and new products) — never another client's.
    eigen = Toewijzing.objects.filter(gemeente=gemeente, domein=domein, aanbieder=aanbieder, inwoner=inwoner)
    bekend = [g.toewijzing for g in te_wijzigen] or list(eigen.order_by("-id")[:1])
    if not bekend:
        raise Geweigerd("Er is geen toewijzing bij deze aanbieder om te wijzigen.")
    dossier = Dossier.objects.select_for_update().select_related("inwoner", "gemeente").get(pk=bekend[0].dossier_id)
    vorige = (
        dossier.beschikkingen.filter(status__in=[BeschikkingStatus.VASTGESTELD, BeschikkingStatus.BEKENDGEMAAKT])
        .order_by("-vastgesteld_op", "-id")
        .first()
    )
    moment = timezone.now()
    beschikking = Beschikking.objects.create(
        dossier=dossier,
        soort="toekenning",
        status=BeschikkingStatus.VASTGESTELD,
        motivering=motivering,
        sjabloon=settings.TOEGANG_BESCHIKKING_SJABLOON,
        opgesteld_door=door,
        vastgesteld_door=door,
        vastgesteld_op=moment,
        render_status=RenderStatus.WACHTRIJ,
        wijzigt=vorige,
    )
    lopend = list(
        Toewijzing.objects.filter(inwoner_id=dossier.inwoner_id, vervangen_door__isnull=True)
        .exclude(einddatum__lt=timezone.localdate())
        .exclude(laatste_wijziging=Wijziging.VERWIJDERD)
        .values_list("pk", "product__code")
    )
    gewijzigd = []
    for g in te_wijzigen:
        t = Toewijzing.objects.select_for_update(of=("self",)).select_related("product").get(pk=g.toewijzing.pk)
        g.toewijzing = t
        wat = _soort_wijziging(g)
        if wat == "geen":
            continue
        andere = [code for pk, code in lopend if pk != t.pk]
        resultaat = _toets(g, t.product, dossier, t.aanbieder, andere)
        indicatie = _indicatie(g, t.product, dossier, t.aanbieder, resultaat, door, motivering)
        beschikking.toegekend.add(indicatie)
        if wat == "omvang":
            if g.ingangsdatum <= t.ingangsdatum or (t.einddatum and g.ingangsdatum > t.einddatum):
                raise Geweigerd(
                    f"Toewijzing {t.nummer}: een andere omvang gaat in binnen de looptijd, na de ingangsdatum (IV066)."
                )
            nieuwe = _nieuwe_toewijzing(
                dossier, beschikking, indicatie, moment, door=door, referentie_aanbieder=referentie, vervangt=t
            )
            t.einddatum = g.ingangsdatum - timedelta(days=1)
            gewijzigd.append((nieuwe, Wijziging.NIEUW))
        else:
            if g.ingangsdatum != t.ingangsdatum:
                raise Geweigerd(
                    f"Toewijzing {t.nummer}: de ingangsdatum verandert niet op hetzelfde nummer (TR373/OP033x1)."
                )
            t.einddatum, t.budget = g.einddatum, g.budget if wat == "budget" else t.budget
            t.indicatie, t.beschikking = indicatie, beschikking
        t.laatste_wijziging, t.referentie_aanbieder, t.toewijzingsmoment = Wijziging.OP_VERZOEK, referentie, moment
        t.save()
        gewijzigd.append((t, Wijziging.OP_VERZOEK))
    bestaande = [code for _pk, code in lopend]
    for g in nieuw:
        if g.product is None:
            raise Geweigerd("Een nieuw product zonder productcode kan niet worden toegewezen; wijs het verzoek af.")
        resultaat = _toets(g, g.product, dossier, aanbieder, bestaande)
        indicatie = _indicatie(g, g.product, dossier, aanbieder, resultaat, door, motivering)
        beschikking.toegekend.add(indicatie)
        nieuwe = _nieuwe_toewijzing(dossier, beschikking, indicatie, moment, door=door, referentie_aanbieder=referentie)
        gewijzigd.append((nieuwe, Wijziging.NIEUW))
    if not gewijzigd:
        raise Geweigerd("Het verzoek wijzigt niets ten opzichte van de huidige toewijzingen.")
    record(
        Actie.AANMAKEN,
        beschikking,
        gebruiker=door,
        reden=motivering,
        omschrijving=f"Gewijzigde beschikking op verzoek om wijziging {referentie}: "
        + ", ".join(f"toewijzing {t.nummer} ({w})" for t, w in gewijzigd),
    )
    for t, wijziging in gewijzigd:
        _meld(t, wijziging)
    from .tasks import maak_beschikking_pdf

    transaction.on_commit(lambda: maak_beschikking_pdf.delay(beschikking.pk), robust=True)
    return beschikking
