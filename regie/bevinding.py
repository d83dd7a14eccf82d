"""A finding of the rules module: rule id, uitkomst, Dutch uitleg, bron and the data version used."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .models import Uitkomst

ERNST = {Uitkomst.TOEGESTAAN: 0, Uitkomst.VOORWAARDELIJK: 1, Uitkomst.NIET_TOEGESTAAN: 2}


@dataclass(frozen=True)
class Bevinding:
    regel: str
    uitkomst: str
    uitleg: str
    bron: str
    producten: tuple[str, ...] = ()
    versie: str = ""
    # "regionale afspraak onduidelijk": the handbook leaves this open; the reading chosen is in uitleg.
    onduidelijk: bool = False
    zekerheid: str = ""
    extra: dict = field(default_factory=dict, compare=False)

    def als_dict(self) -> dict:
        d = asdict(self)
        d["producten"] = list(self.producten)
        if not d["extra"]:
            d.pop("extra")
        if not d["zekerheid"]:
            d.pop("zekerheid")
        return d


def eindoordeel(bevindingen: list[Bevinding]) -> str:
    """The worst uitkomst of the findings; toegestaan when there are none."""
    if not bevindingen:
        return Uitkomst.TOEGESTAAN.value
    return max((b.uitkomst for b in bevindingen), key=lambda u: ERNST[Uitkomst(u)])


def resultaat(bevindingen: list[Bevinding]) -> dict:
    return {"uitkomst": eindoordeel(bevindingen), "bevindingen": [b.als_dict() for b in bevindingen]}
