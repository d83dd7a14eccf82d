"""Tarief and budget of an indicatie.

Jeugd tariffs depend on the aanbieder type (micro or regulier, Handboek verwijzers jeugdhulp §2.4,
Handboek verwijzers jeugdhulp §2.4 (r. 3674–3705)); Wmo tariffs are per aanbieder where the source prices them so
("tarief per traject per aanbieder", Handboek Maatwerkdiensten Wmo §5 segment 1A (r. 375–379)). Where the source gives
no amount the answer is "tarief onbekend" (None), never an invented number. Venlo and Bergen work with plekken for
segments 1, 3 and 4 at "(gedeeltelijk) andere tarieven" that the handbook does not give (Handboek verwijzers jeugdhulp
§2.8 (r. 3884–3890)): unknown too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from .regelset import Regelset
from .termijnen import plus_maanden


@dataclass(frozen=True)
class TariefUitkomst:
    productcode: str
    tarief: Decimal | None
    eenheid: str
    soort: str
    bron: str
    uitleg: str

    def als_dict(self) -> dict:
        return {
            "productcode": self.productcode,
            "tarief": None if self.tarief is None else f"{self.tarief:.2f}",
            "eenheid": self.eenheid,
            "soort": self.soort,
            "bron": self.bron,
            "uitleg": self.uitleg,
        }


def tarief(
    rs: Regelset,
    code: str,
    *,
    aanbieder_type: str | None = None,
    aanbieder_id: int | None = None,
    gemeente_cbs: str | None = None,
) -> TariefUitkomst:
    product = rs.producten[code]
    tarieven = rs.tarieven.get(code, [])
    if gemeente_cbs and rs.indicatiewijzen.get((code, gemeente_cbs), "").startswith("plekken"):
        return TariefUitkomst(
            code,
            None,
            product.eenheid,
            "plekken",
            "Handboek verwijzers jeugdhulp §2.8 (r. 3884–3890)",
            "Deze gemeente werkt voor dit product met plekken; het plekkentarief staat niet in de bron.",
        )
    if product.domein == "wmo":
        eigen = next(
            (
                t
                for t in tarieven
                if t.soort == "per_aanbieder" and t.aanbieder_id == aanbieder_id and aanbieder_id is not None
            ),
            None,
        )
        if eigen and eigen.bedrag is not None:
            return TariefUitkomst(
                code, eigen.bedrag, product.eenheid, "per_aanbieder", eigen.bron, "Tarief van deze aanbieder."
            )
        algemeen = next((t for t in tarieven if t.soort == "per_aanbieder"), None)
        return TariefUitkomst(
            code,
            None,
            product.eenheid,
            "per_aanbieder",
            algemeen.bron if algemeen else product.bron,
            "Tarief onbekend: het Wmo-handboek verwijst naar het tarief per aanbieder (website MGR).",
        )
    soort = aanbieder_type or "regulier"
    gevonden = next((t for t in tarieven if t.soort == soort), None)
    if gevonden is None or gevonden.bedrag is None:
        return TariefUitkomst(
            code,
            None,
            product.eenheid,
            soort,
            gevonden.bron if gevonden else product.bron,
            "Tarief onbekend: de bron noemt geen bedrag.",
        )
    return TariefUitkomst(
        code,
        gevonden.bedrag,
        product.eenheid,
        soort,
        gevonden.bron,
        f"Tarief voor een {'micro-' if soort == 'micro' else 'reguliere '}aanbieder.",
    )


FREQUENTIES = {"1": "per dag", "2": "per week", "4": "per maand", "6": "totaal"}


def perioden(frequentie: str, ingangsdatum: date, einddatum: date) -> Decimal:
    """How many times the frequentie fits in the period (both dates inclusive)."""
    dagen = (einddatum - ingangsdatum).days + 1
    if frequentie == "1":
        return Decimal(dagen)
    if frequentie == "2":
        return (Decimal(dagen) / Decimal(7)).quantize(Decimal("0.0001"))
    if frequentie == "4":
        maanden = 0
        while plus_maanden(ingangsdatum, maanden + 1) <= einddatum + timedelta(days=1):
            maanden += 1
        dag = plus_maanden(ingangsdatum, maanden)
        rest = (einddatum - dag).days + 1
        return Decimal(maanden) + (Decimal(max(rest, 0)) / Decimal(30)).quantize(Decimal("0.0001"))
    return Decimal(1)


def budget(
    bedrag: Decimal | None, *, eenheid: str, volume: int, frequentie: str, ingangsdatum: date, einddatum: date | None
) -> Decimal | None:
    """volume × tarief × number of frequentie periods; a traject is its trajectprijs."""
    if bedrag is None:
        return None
    if eenheid in {"traject", "jaartraject"}:
        return (bedrag * volume).quantize(Decimal("0.01"), ROUND_HALF_UP)
    if frequentie != "6" and einddatum is None:
        return None  # an open-ended frequency has no budget (iJw CD075/CD076 ask an einddatum)
    aantal = perioden(frequentie, ingangsdatum, einddatum) if einddatum else Decimal(1)
    return (bedrag * volume * aantal).quantize(Decimal("0.01"), ROUND_HALF_UP)
