"""Loading the catalogue from `producten/data/catalogus.yaml`.

The loader adds what is missing and leaves existing rows alone, so edits by functioneel beheer (kept
with who and when by simple_history) survive a reload. `bijwerken=True` overwrites from the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import yaml
from django.db import transaction

from organisaties.models import Gemeente

from .models import Indicatiewijze, Product, Tarief

CATALOGUS = Path(__file__).resolve().parent / "data" / "catalogus.yaml"

PRODUCT_VELDEN = {
    "domein": "domein",
    "segment": "segment",
    "categorie": "categorie",
    "naam": "naam",
    "eenheid": "eenheid",
    "zwaarte": "zwaarte",
    "richtduur_maanden": "richtduur_maanden",
    "max_duur_maanden": "max_duur_maanden",
    "duur_bron": "duur_bron",
    "garantiefase_maanden": "garantiefase_maanden",
    "garantiefase_bron": "garantiefase_bron",
    "verlenging": "verlenging",
    "bijzondere_toegang": "bijzondere_toegang",
    "perceel": "perceel",
    "matchingsgesprek": "matchingsgesprek",
    "matchingsgesprek_bron": "matchingsgesprek_bron",
    "opmerking": "opmerking",
    "bron": "bron",
}
NULLABLE = {"richtduur_maanden", "max_duur_maanden", "garantiefase_maanden"}


@dataclass
class Laadverslag:
    producten_nieuw: int = 0
    producten_bijgewerkt: int = 0
    tarieven_nieuw: int = 0
    indicatiewijzen_nieuw: int = 0


def lees_catalogus(pad: Path = CATALOGUS) -> dict:
    with open(pad, encoding="utf-8") as f:
        return yaml.safe_load(f)


def _product_waarden(item: dict) -> dict:
    waarden = {}
    for sleutel, veld in PRODUCT_VELDEN.items():
        waarde = item.get(sleutel)
        if waarde is None and veld not in NULLABLE:
            waarde = False if veld == "bijzondere_toegang" else ""
        waarden[veld] = waarde
    leeftijd = item.get("leeftijd") or {}
    waarden["leeftijd_min"] = leeftijd.get("min")
    waarden["leeftijd_max"] = leeftijd.get("max")
    waarden["leeftijd_bron"] = leeftijd.get("bron") or ""
    return waarden


@transaction.atomic
def laad(pad: Path = CATALOGUS, *, bijwerken: bool = False, modellen=None) -> Laadverslag:
    """Load the file. `modellen` lets a data migration pass its historical models."""
    if modellen is None:
        modellen = {"Gemeente": Gemeente, "Product": Product, "Tarief": Tarief, "Indicatiewijze": Indicatiewijze}
    Product_, Tarief_, Indicatiewijze_ = modellen["Product"], modellen["Tarief"], modellen["Indicatiewijze"]
    data = lees_catalogus(pad)
    geldig_vanaf = date.fromisoformat(str(data["tarief_geldig_vanaf"]))
    gemeenten = {g.cbs_code: g for g in modellen["Gemeente"].objects.all()}
    verslag = Laadverslag()
    for item in data["producten"]:
        waarden = _product_waarden(item)
        product = Product_.objects.filter(code=item["code"]).first()
        if product is None:
            product = Product_(code=item["code"], **waarden)
            product.full_clean()
            product.save()
            verslag.producten_nieuw += 1
        elif bijwerken:
            for veld, waarde in waarden.items():
                setattr(product, veld, waarde)
            product.full_clean()
            product.save()
            verslag.producten_bijgewerkt += 1
        for t in item.get("tarieven") or []:
            bedrag = Decimal(str(t["bedrag"])) if t.get("bedrag") is not None else None
            tarief, nieuw = Tarief_.objects.get_or_create(
                product=product,
                soort=t["soort"],
                aanbieder=None,
                geldig_vanaf=geldig_vanaf,
                defaults={"bedrag": bedrag, "bron": t["bron"]},
            )
            if nieuw:
                verslag.tarieven_nieuw += 1
            elif bijwerken and (tarief.bedrag != bedrag or tarief.bron != t["bron"]):
                tarief.bedrag, tarief.bron = bedrag, t["bron"]
                tarief.save()
        for cbs, wijze in (item.get("indicatiewijze") or {}).items():
            _, nieuw = Indicatiewijze_.objects.get_or_create(
                product=product,
                gemeente=gemeenten[str(cbs)],
                defaults={"wijze": wijze, "bron": item.get("indicatiewijze_bron") or ""},
            )
            verslag.indicatiewijzen_nieuw += int(nieuw)
    return verslag
