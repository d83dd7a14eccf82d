"""The budget of a dossier's indicaties (regie.budget) with what it needs from the database read in a fixed
number of queries: the aanbieder type on the ingangsdatum (the Jeugd tarief, Handboek verwijzers jeugdhulp §2.4)
and the aanbieder's contract perceel (Bergen: plekken regionaal, trajecten lokaal). Reads only."""

from __future__ import annotations

from collections import defaultdict

from organisaties.models import AanbiederType
from producten.models import Contract
from regie.budget import Budgetuitkomst, hangt_af_van_perceel, indicatie_budget
from regie.regelset import regelset

from .models import Bekostiging


def budgetten(indicaties: list, gemeente) -> dict[int, Budgetuitkomst]:
    """{indicatie pk: its budget}. Each indicatie is priced with the rules valid on its ingangsdatum; a pgb
    is not priced with the zorg-in-natura tariffs."""
    if not indicaties:
        return {}
    snapshots = {}
    for i in indicaties:
        if i.ingangsdatum not in snapshots:
            snapshots[i.ingangsdatum] = regelset(i.ingangsdatum)
    aanbieders = {i.aanbieder_id for i in indicaties if i.aanbieder_id}
    # The perceel only where an indicatiewijze follows it (Bergen's split): no contract query otherwise.
    met_perceel = {
        i.aanbieder_id
        for i in indicaties
        if i.aanbieder_id and hangt_af_van_perceel(snapshots[i.ingangsdatum], i.product.code, gemeente.cbs_code)
    }
    typen = defaultdict(list)
    percelen = defaultdict(list)
    if aanbieders:
        for t in AanbiederType.objects.filter(aanbieder_id__in=aanbieders):
            typen[(t.aanbieder_id, t.domein)].append(t)
    if met_perceel:
        for c in Contract.objects.filter(aanbieder_id__in=met_perceel, gemeente=gemeente):
            percelen[(c.aanbieder_id, c.product_id)].append(c)
    uit = {}
    for i in indicaties:
        rs = snapshots[i.ingangsdatum]
        if i.bekostiging == Bekostiging.PGB:
            uit[i.pk] = Budgetuitkomst(
                None, "onbekend", None, i.product.eenheid, "", "Pgb: het zorg-in-natura-tarief geldt hier niet."
            )
            continue
        op = i.ingangsdatum
        soort = next(
            (
                t.type
                for t in typen[(i.aanbieder_id, i.product.domein)]
                if t.geldig_vanaf <= op and (t.geldig_tot is None or t.geldig_tot >= op)
            ),
            None,
        )
        geldig = {
            c.perceel
            for c in percelen[(i.aanbieder_id, i.product_id)]
            if c.geldig_vanaf <= op and (c.geldig_tot is None or c.geldig_tot >= op)
        }
        uit[i.pk] = indicatie_budget(
            rs,
            code=i.product.code,
            gemeente_cbs=gemeente.cbs_code,
            ingangsdatum=i.ingangsdatum,
            einddatum=i.einddatum,
            volume=i.volume,
            frequentie=i.frequentie,
            vast_budget=i.budget,
            aanbieder_type=soort if soort in {"micro", "regulier"} else None,
            aanbieder_id=i.aanbieder_id,
            perceel=geldig.pop() if len(geldig) == 1 else None,
            gemiddelde_looptijd_maanden=i.product.richtduur_maanden,
        )
    return uit


def budgetten_vastleggen(indicaties: list, gemeente) -> list[dict]:
    """What a beschikking stores: per granted indicatie its budget with the tarief and indicatiewijze used."""
    per = budgetten(indicaties, gemeente)
    return [{"indicatie": i.pk, "productcode": i.product.code, **per[i.pk].als_dict()} for i in indicaties]
