"""One omvang for the form, the beschikking (text and PDF) and the 301: volume, the unit a toewijzing carries and
the frequentie, read in words and as the message's Omvang (iJw/iWmo 3.2 CDT_Omvang). The rules per unit live in
producten.eenheden (OMVANGREGELS, IJW_EENHEID)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from producten.eenheden import (
    BEDRAG_EENHEID,
    CATALOGUS_EENHEID,
    PRIJS_EENHEID,
    TOTAAL,
    Eenheid,
    OnbekendeEenheid,
    omvangregel,
    toewijzingsregel,
)
from producten.models import Contract, Tarief
from regie.budget import wijze_voor
from regie.regelset import regelset

from .models import Bekostiging, Wijziging

# The frequentie as the letter reads it after the units.
FREQUENTIE_TEKST = {
    "1": gettext_lazy("per dag"),
    "2": gettext_lazy("per week"),
    "4": gettext_lazy("per maand"),
    "6": gettext_lazy("totaal binnen de geldigheidsduur"),
}


def _eenheden(eenheid: str, aantal: int) -> str:
    """'4 uur', '1 etmaal', '3 enkele reizen': the catalogue eenheid in words."""
    woorden = {
        Eenheid.UUR: ngettext("%(n)s uur", "%(n)s uur", aantal),
        Eenheid.ETMAAL: ngettext("%(n)s etmaal", "%(n)s etmalen", aantal),
        Eenheid.DAGDEEL: ngettext("%(n)s dagdeel", "%(n)s dagdelen", aantal),
        Eenheid.ENKELE_REIS: ngettext("%(n)s enkele reis", "%(n)s enkele reizen", aantal),
        Eenheid.MAAND: ngettext("%(n)s maandtarief", "%(n)s maandtarieven", aantal),
        Eenheid.TRAJECT: ngettext("%(n)s traject", "%(n)s trajecten", aantal),
        Eenheid.JAARTRAJECT: ngettext("%(n)s jaartraject", "%(n)s jaartrajecten", aantal),
    }
    return woorden[eenheid] % {"n": aantal}


def euro(centen: int) -> str:
    return "€ " + number_format(Decimal(centen) / 100, decimal_pos=2, use_l10n=True, force_grouping=True)


@dataclass(frozen=True)
class Omvang:
    """`eenheid` is the unit as a toewijzing stores it: a catalogue eenheid, "trajectprijs"/"jaartrajectprijs"
    when the volume is the trajectprijs in eurocent, or "bedrag" when it is the amount of a product without an
    eenheid (producten.eenheden.BEDRAG)."""

    volume: int
    eenheid: str
    frequentie: str

    @property
    def regel(self):
        return toewijzingsregel(self.eenheid)  # refuses an empty or unknown unit

    def als_301(self) -> dict:
        return {"Volume": self.volume, "Eenheid": self.regel.eenheid, "Frequentie": self.frequentie}

    def tekst(self) -> str:
        regel = self.regel
        frequentie = str(FREQUENTIE_TEKST[self.frequentie])
        if regel.bedrag:  # "€ 12.345,00 totaal binnen de geldigheidsduur"
            return f"{euro(self.volume)} {frequentie}"
        if regel.eenheid == "83":  # the amount of one traject
            return _("%(traject)s van %(bedrag)s, %(frequentie)s") % {
                "traject": _eenheden(CATALOGUS_EENHEID[self.eenheid], 1),
                "bedrag": euro(self.volume),
                "frequentie": frequentie,
            }
        return f"{_eenheden(self.eenheid, self.volume)} {frequentie}"

    def __str__(self) -> str:
        return self.tekst()


def centen(bedrag: Decimal) -> int:
    return int((bedrag * 100).quantize(Decimal("1"), ROUND_HALF_UP))


def _als_bedrag(obj) -> bool:
    """An indicatie of a product without an eenheid: its budget field holds the amount the toewijzing carries."""
    if hasattr(obj, "eenheid") or getattr(obj, "budget", None) is None:
        return False
    try:
        return omvangregel(obj.product.eenheid).bedrag
    except OnbekendeEenheid:
        return False


def omvang_van(obj) -> Omvang | None:
    """The omvang of a Toewijzing (its stored unit) or an Indicatie (its product's eenheid; the amount of a product
    without one); None with a budget or without a volume."""
    if _als_bedrag(obj):
        return Omvang(centen(obj.budget), BEDRAG_EENHEID, TOTAAL)
    if obj.volume is None or getattr(obj, "budget", None) is not None:
        return None
    eenheid = obj.eenheid if hasattr(obj, "eenheid") else obj.product.eenheid
    return Omvang(obj.volume, eenheid, obj.frequentie)


def tekst(obj) -> str:
    """The omvang in words, or the budget, or '' (an indicatie without either). The amount of a product without an
    eenheid reads as the toewijzing's omvang, not as a budget."""
    if getattr(obj, "budget", None) is not None and not _als_bedrag(obj):
        return _("budget %(bedrag)s") % {"bedrag": euro(int(obj.budget * 100))}
    omvang = omvang_van(obj)
    if omvang is None:
        return ""
    try:
        return omvang.tekst()
    except OnbekendeEenheid:  # a screen still shows what was stored before units were checked
        frequentie = FREQUENTIE_TEKST.get(omvang.frequentie, "")
        return _("%(volume)s (eenheid onbekend) %(frequentie)s") % {"volume": omvang.volume, "frequentie": frequentie}


def in_beschikking(indicatie, toewijzing=None, *, besloten: bool = False) -> str:
    """The omvang the beschikking names, on the screen and in the PDF alike: that of the toewijzing the decision
    made (the 301 carries exactly this); before the decision, for care in natura, that of the toewijzing it will
    make (a traject the gemeente pays per traject: its trajectprijs); else the indicatie's own (a PGB, a refusal)."""
    wordt_toewijzing = not besloten and indicatie.bekostiging == Bekostiging.ZIN and indicatie.aanbieder_id
    if toewijzing is None and wordt_toewijzing and indicatie.volume is not None and indicatie.budget is None:
        try:
            velden = voor_toewijzing(
                indicatie.product,
                indicatie.volume,
                indicatie.frequentie,
                aanbieder=indicatie.aanbieder,
                peildatum=indicatie.ingangsdatum,
                gemeente=indicatie.dossier.gemeente,
            )
            return Omvang(velden["volume"], velden["eenheid"], velden["frequentie"]).tekst()
        except OnbekendeEenheid:
            pass  # the screen still shows the indicatie's words; deciding refuses it
    return tekst(toewijzing or indicatie) or indicatie.product.get_eenheid_display()


def trajectprijs(product, aanbieder, peildatum: date) -> Decimal | None:
    """The price of one traject for this aanbieder on the peildatum, or None where the catalogue has none: Jeugd by
    the aanbieder type (micro or regulier, Handboek verwijzers jeugdhulp §2.4 (r. 3674–3705)), Wmo the aanbieder's own
    tarief (Handboek Maatwerkdiensten Wmo §5 segment 1A (r. 375–379))."""
    geldig = Tarief.objects.filter(product=product, geldig_vanaf__lte=peildatum).filter(
        Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=peildatum)
    )
    if product.domein == "wmo":
        geldig = geldig.filter(soort="per_aanbieder", aanbieder=aanbieder)
    else:
        soort = aanbieder.type_op("jeugd", peildatum) if aanbieder else None
        geldig = geldig.filter(soort=soort if soort in {"micro", "regulier"} else "regulier")
    return geldig.order_by("-geldig_vanaf").values_list("bedrag", flat=True).first()


def traject_als_bedrag(product, gemeente, aanbieder, peildatum: date) -> bool:
    """Whether the gemeente pays this traject as its trajectprijs (indicatiewijze "traject", regie.budget): only
    then does the toewijzing carry the amount. Venlo's plekken (and Bergen's regionaal plekken) finance a place,
    not the client's traject, so the toewijzing is one traject without an amount and the dossier's budget says
    "geen tarief bekend": letter, dossier and 301 agree."""
    if gemeente is None:
        return True
    perceel = None
    if aanbieder is not None:
        percelen = set(
            Contract.objects.filter(
                aanbieder=aanbieder, gemeente=gemeente, product=product, geldig_vanaf__lte=peildatum
            )
            .filter(Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=peildatum))
            .values_list("perceel", flat=True)
        )
        perceel = percelen.pop() if len(percelen) == 1 else None
    return wijze_voor(regelset(peildatum), product.code, gemeente.cbs_code, perceel) == "traject"


def voor_toewijzing(
    product,
    volume: int | None,
    frequentie: str,
    *,
    budget: Decimal | None = None,
    aanbieder,
    peildatum: date,
    gemeente=None,
) -> dict:
    """Volume, eenheid, frequentie and budget of the toewijzing made from an indicatie's omvang. One traject (as the
    form stores it: volume 1, totaal) goes out as its trajectprijs in eurocent (Euro's 83) when the catalogue knows
    the price, else as 1 stuk (82); see producten.eenheden.TRAJECT_EURO for the choice. A product without an eenheid
    goes out as its amount in eurocent (BEDRAG), never as a Budget (CD041); without an amount it is refused
    (OnbekendeEenheid), as is an omvang in a unit without a rule. Any other omvang keeps the catalogue eenheid."""
    regel = omvangregel(product.eenheid)
    if regel.bedrag:
        if budget is None:
            raise OnbekendeEenheid(product.eenheid)
        return {"volume": centen(budget), "eenheid": BEDRAG_EENHEID, "frequentie": regel.frequentie, "budget": None}
    if volume is None:  # a budget
        return {"volume": None, "eenheid": product.eenheid, "frequentie": frequentie}
    if regel.traject and volume == 1:
        prijs = trajectprijs(product, aanbieder, peildatum)
        if prijs is not None and not traject_als_bedrag(product, gemeente, aanbieder, peildatum):
            prijs = None
        if prijs is not None:
            return {"volume": centen(prijs), "eenheid": PRIJS_EENHEID[product.eenheid], "frequentie": regel.frequentie}
        return {"volume": 1, "eenheid": product.eenheid, "frequentie": regel.frequentie}
    return {"volume": volume, "eenheid": product.eenheid, "frequentie": frequentie}


def nieuw_bedrag(eenheid: str, volume: int | None, frequentie: str, budget: Decimal | None) -> tuple:
    """A new omvang for a toewijzing that carries an amount (BEDRAG): the amount given in euro goes in as eurocent,
    totaal binnen de geldigheidsduur, never as a Budget beside the productcode (CD041). Other units unchanged."""
    try:
        regel = toewijzingsregel(eenheid)
    except OnbekendeEenheid:
        return volume, frequentie, budget
    if regel.bedrag and volume is None and budget is not None:
        return centen(budget), regel.frequentie, None
    return volume, frequentie, budget


def volume_wijziging(oud: int | None, nieuw: int) -> tuple[str, str]:
    """(Wijziging, RedenWijziging) for a volume the gemeente changes on the same number (iStandaarden iJw/iWmo 3.2):
    a herbeoordeling that gives more (04, verlenging) or less (05, verkorting); 12 is only for a verzoek of the
    aanbieder (IV093). The laatste_wijziging it keeps names einddatum changes only."""
    if nieuw > (oud or 0):
        return Wijziging.OPREKKEN, "04"
    return Wijziging.INGETROKKEN, "05"


def op_zelfde_nummer(t, ingangsdatum: date, volume: int | None, frequentie: str, budget: Decimal | None) -> bool:
    """IV066/OP033x1: only the Volume of a toewijzing with Frequentie 6 (totaal binnen de geldigheidsduur) may change
    on its own ToewijzingNummer, from its original ingangsdatum; the 317 path (verwijzing/verzoek.py) asks this too.
    Any other change of omvang, or one from a later date, ends the number and makes a new one."""
    totaal = frequentie == t.frequentie == TOTAAL and volume is not None and budget is None and t.budget is None
    return totaal and ingangsdatum == t.ingangsdatum
