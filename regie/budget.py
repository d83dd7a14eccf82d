"""The budget of an indicatie per indicatiewijze (Handboek verwijzers jeugdhulp §1.1.2.2 (r. 1715–1923)).

- PxQ, "prijs x hoeveelheid": the tarief per eenheid × the volume × the frequentie periods in the indicatie's
  period (Handboek verwijzers jeugdhulp §1.1.2.2.1 (r. 1752–1763)).
- Traject: "een totaalpakket ... Aan dit totaalpakket hangt een prijskaartje": the trajectprijs, whatever the
  looptijd (Handboek verwijzers jeugdhulp §1.1.2.2.2 (r. 1764–1769)).
- Plekken: the plekprijs "naar rato" of the looptijd against the agreed average looptijd (GGZ-zwaar € 4.400 for
  11 months; 8 months € 3.200, Handboek verwijzers jeugdhulp §1.1.2.2.3 (r. 1892–1923)). The plekprijzen of Venlo
  and Bergen are not in the source (Handboek verwijzers jeugdhulp §2.8 (r. 3884–3890)): unknown.

Which wijze holds is set per product and gemeente (Handboek verwijzers jeugdhulp §1.1.2.2 (r. 1720–1748)); Bergen
works with plekken at its regionaal and trajecten at its lokaal contracted aanbieders. Where the wijze or the
tarief is not known the answer is None ("geen tarief bekend"), never an invented number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .regelset import Regelset
from .tarief import budget, perioden, tarief

BRON = "Handboek verwijzers jeugdhulp §1.1.2.2 (r. 1715–1923)"
BRON_PXQ = "Handboek verwijzers jeugdhulp §1.1.2.2.1 (r. 1752–1763)"
BRON_TRAJECT = "Handboek verwijzers jeugdhulp §1.1.2.2.2 (r. 1764–1769)"
BRON_PLEKKEN = "Handboek verwijzers jeugdhulp §1.1.2.2.3 (r. 1892–1923)"
BRON_WIJZE = "Handboek verwijzers jeugdhulp §1.1.2.2 (r. 1720–1748)"
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Budgetuitkomst:
    bedrag: Decimal | None
    wijze: str  # pxq, traject, plekken, budget (a budget indicated as such) or onbekend
    tarief: Decimal | None
    eenheid: str
    bron: str
    uitleg: str

    def als_dict(self) -> dict:
        return {
            "bedrag": None if self.bedrag is None else f"{self.bedrag:.2f}",
            "wijze": self.wijze,
            "tarief": None if self.tarief is None else f"{self.tarief:.2f}",
            "eenheid": self.eenheid,
            "bron": self.bron,
            "uitleg": self.uitleg,
        }


def budget_pxq(
    prijs: Decimal | None, *, volume: int | None, frequentie: str, ingangsdatum: date, einddatum: date | None
) -> Decimal | None:
    """P × Q: the price per eenheid times the hoeveelheid (volume per frequentie over the period)."""
    if prijs is None or not volume or not frequentie:
        return None
    return budget(
        prijs, eenheid="", volume=volume, frequentie=frequentie, ingangsdatum=ingangsdatum, einddatum=einddatum
    )


def budget_traject(trajectprijs: Decimal | None, *, aantal: int | None = None) -> Decimal | None:
    """The price tag of the whole traject (or of `aantal` trajecten), not of its looptijd."""
    if trajectprijs is None:
        return None
    return (trajectprijs * (aantal or 1)).quantize(CENT, ROUND_HALF_UP)


def budget_plekken(
    plekprijs: Decimal | None, *, gemiddelde_looptijd_maanden: int | None, looptijd_maanden: Decimal
) -> Decimal | None:
    """A plek priced pro rata of its looptijd against the agreed average looptijd."""
    if plekprijs is None or not gemiddelde_looptijd_maanden:
        return None
    return (plekprijs * looptijd_maanden / Decimal(gemiddelde_looptijd_maanden)).quantize(CENT, ROUND_HALF_UP)


PER_PERCEEL = "plekken_regionaal_traject_lokaal"  # the indicatiewijze that follows the aanbieder's perceel


def hangt_af_van_perceel(rs: Regelset, code: str, gemeente_cbs: str) -> bool:
    """Whether the product's indicatiewijze in the gemeente needs the aanbieder's contract perceel."""
    return rs.indicatiewijzen.get((code, gemeente_cbs)) == PER_PERCEEL


def wijze_voor(rs: Regelset, code: str, gemeente_cbs: str, perceel: str | None) -> str:
    """The indicatiewijze of the product in the gemeente; Bergen's split follows the aanbieder's perceel."""
    wijze = rs.indicatiewijzen.get((code, gemeente_cbs), "onbekend")
    if wijze == PER_PERCEEL:
        return {"regionaal": "plekken", "lokaal": "traject"}.get(perceel or "", "onbekend")
    return wijze if wijze in {"pxq", "traject", "plekken"} else "onbekend"


def _onbekend(wijze: str, eenheid: str, bron: str, uitleg: str) -> Budgetuitkomst:
    return Budgetuitkomst(None, wijze, None, eenheid, bron, uitleg)


def indicatie_budget(
    rs: Regelset,
    *,
    code: str,
    gemeente_cbs: str,
    ingangsdatum: date,
    einddatum: date | None,
    volume: int | None = None,
    frequentie: str = "",
    vast_budget: Decimal | None = None,
    aanbieder_type: str | None = None,
    aanbieder_id: int | None = None,
    perceel: str | None = None,
    gemiddelde_looptijd_maanden: int | None = None,
) -> Budgetuitkomst:
    """The budget of one indicatie under its gemeente's indicatiewijze, with the tarief used and why."""
    eenheid = rs.producten[code].eenheid
    if vast_budget is not None:  # an indicatie given as a budget (iJw CD077/CD078) is its own budget
        return Budgetuitkomst(vast_budget, "budget", None, eenheid, BRON, "Het geïndiceerde budget.")
    wijze = wijze_voor(rs, code, gemeente_cbs, perceel)
    if wijze == "onbekend":
        return _onbekend(wijze, eenheid, BRON_WIJZE, "Geen indicatiewijze bekend voor dit product in deze gemeente.")
    if wijze == "plekken":
        plek = tarief(rs, code, aanbieder_type=aanbieder_type, aanbieder_id=aanbieder_id, gemeente_cbs=gemeente_cbs)
        bedrag = None
        if einddatum is not None:
            bedrag = budget_plekken(
                plek.tarief,
                gemiddelde_looptijd_maanden=gemiddelde_looptijd_maanden,
                looptijd_maanden=perioden("4", ingangsdatum, einddatum),
            )
        if bedrag is None:
            return _onbekend(wijze, eenheid, plek.bron, plek.uitleg)
        return Budgetuitkomst(bedrag, wijze, plek.tarief, eenheid, BRON_PLEKKEN, "Plekprijs naar rato van de looptijd.")
    # The wijze is decided: the tarief is the one of the aanbieder type (Jeugd) or of the aanbieder (Wmo).
    t = tarief(rs, code, aanbieder_type=aanbieder_type, aanbieder_id=aanbieder_id)
    if t.tarief is None:
        return _onbekend(wijze, eenheid, t.bron, t.uitleg)
    if wijze == "traject":
        bedrag = budget_traject(t.tarief, aantal=volume)
        return Budgetuitkomst(bedrag, wijze, t.tarief, eenheid, BRON_TRAJECT, f"Trajectprijs. {t.uitleg}")
    bedrag = budget_pxq(t.tarief, volume=volume, frequentie=frequentie, ingangsdatum=ingangsdatum, einddatum=einddatum)
    if bedrag is None:
        return _onbekend(wijze, eenheid, BRON_PXQ, "Geen budget: vul volume, frequentie en einddatum in.")
    return Budgetuitkomst(bedrag, wijze, t.tarief, eenheid, BRON_PXQ, f"Prijs × hoeveelheid. {t.uitleg}")
