"""The region's units and the omvang each one allows in a toewijzing (iJw/iWmo 3.2: Eenheid WJ756, Frequentie
WMO757, and the table "Toewijzingsvarianten inspanningsgericht / outputgericht").

The handbooks price in etmalen, dagdelen, uren, trajecten, jaartrajecten, maanden and enkele reizen;
the standard knows Minuut 01, Uur 04, Etmaal 14, Dagdeel 16, Stuks (output) 82, Euro's 83 and
Stuks (inspanning) 84, with Frequentie per dag 1, per week 2, per maand 4 and totaal binnen de
geldigheidsduur 6. `OMVANGREGELS` says per catalogue eenheid which WJ756 code, which frequenties and
whether an einddatum or a budget fits; where the standard leaves a choice, the choice and its reason are
written beside the rule (and in docs/keuzes.md, "Omvang").

A product without an eenheid in the catalogue (its tarief is "per aanbieder", not public) is indicated as an amount
in euro (BEDRAG); a non-empty eenheid without a rule is refused rather than mapped onto a guessed code.
"""

from dataclasses import dataclass, replace

from django.db import models
from django.utils.translation import gettext_lazy as _


class Eenheid(models.TextChoices):
    ETMAAL = "etmaal", _("Etmaal")
    DAGDEEL = "dagdeel", _("Dagdeel")
    UUR = "uur", _("Uur")
    TRAJECT = "traject", _("Traject")
    JAARTRAJECT = "jaartraject", _("Jaartraject")
    MAAND = "maand", _("Maand")
    ENKELE_REIS = "enkele_reis", _("Enkele reis")


# WJ756 (iStandaarden iJw/iWmo 3.2, codelijsten) in words, for screens that show an Omvang as the message carries it.
WJ756 = {
    "01": _("minuten"),
    "04": _("uur"),
    "14": _("etmalen"),
    "16": _("dagdelen (4 uur)"),
    "82": _("stuks (output)"),
    "83": _("euro"),
    "84": _("stuks (inspanning)"),
}

PER_DAG, PER_WEEK, PER_MAAND, TOTAAL = "1", "2", "4", "6"  # WMO757

TOEWIJZINGSVARIANTEN = "iStandaarden iJw/iWmo 3.2, Toewijzingsvarianten inspanningsgericht/outputgericht"


@dataclass(frozen=True)
class IStandaardEenheid:
    """How a unit goes into a 301's Omvang. `frequentie` is the one a new indicatie gets when the unit allows only
    one; `frequenties` every one that fits, in the order the form offers them."""

    eenheid: str  # WJ756
    frequentie: str  # WMO757
    keuze: str  # why, where the standard leaves a choice
    frequenties: tuple[str, ...] = ()
    traject: bool = False  # one traject for the whole period: the consulent gives no volume or frequentie
    einddatum_verplicht: bool = False  # besides Frequentie 2 (CD076), which holds for every unit
    budget: bool = False  # a Budget beside the productcode (never: CD041 asks an Omvang when Product/Code is filled)
    ten_hoogste_een_jaar: bool = False  # a price per year: one toewijzing covers at most a year
    bedrag: bool = False  # the consulent gives the agreed amount in euro, no volume or frequentie
    bron: str = TOEWIJZINGSVARIANTEN


# Traject: the table's outputgericht row "Specifiek voor een traject" — Volume the trajectprijs in eurocent (IV042),
# Eenheid Euro's 83, Frequentie 6, einddatum verplicht. Chosen over "1 Stuks (output) 82" because the region pays a
# traject as an amount ("Euro-trajecten": the whole amount whatever the looptijd, Handboek verwijzers jeugdhulp
# §1.1.7.1 (r. 2556–2558)) and an early end through a life-event is declared naar rato, maandbedrag × months
# (JR-069, Handboek verwijzers jeugdhulp §1.1.7.1 (r. 2570–2574)): only an amount in euro on the toewijzing lets
# that part of a traject be declared and checked against it; one stuk cannot be split. Where the catalogue has no
# trajectprijs for the aanbieder (every Wmo traject, some Jeugd ones) the amount is unknown and the toewijzing
# falls back to the table's "Specifiek eenheid stuks": 1 × Stuks (output) 82, Frequentie 6 (TRAJECT_STUKS).
TRAJECT_EURO = IStandaardEenheid(
    "83",
    TOTAAL,
    "Keuze: traject = trajectprijs in eurocent (83) totaal binnen de geldigheidsduur (6), zodat een voortijdig "
    "einde naar rato te declareren en te controleren is (JR-069).",
    (TOTAAL,),
    traject=True,
    einddatum_verplicht=True,
)
TRAJECT_STUKS = IStandaardEenheid(
    "82",
    TOTAAL,
    "Keuze: zonder bekende trajectprijs = 1 stuk (output, 82) totaal binnen de geldigheidsduur (6).",
    (TOTAAL,),
    traject=True,
    einddatum_verplicht=True,
)

# A jaartraject is priced per year ("Jaartraject per inwoner", Handboek Maatwerkdiensten Wmo §5 segment 2B, 3A): its
# amount means something only for at most a year, so one toewijzing runs at most a year. The handbook indicates 2B and
# 3A "voor onbepaalde tijd" and leaves open how a jaartraject is then billed; reading: the
# beschikking may say so, each toewijzing carries one year.
JAARTRAJECT_EURO = replace(
    TRAJECT_EURO,
    keuze="Keuze: jaartraject = jaartrajectprijs in eurocent (83) totaal (6), per toewijzing van ten hoogste een jaar.",
    ten_hoogste_een_jaar=True,
)
JAARTRAJECT_STUKS = replace(TRAJECT_STUKS, ten_hoogste_een_jaar=True)

# Bedrag: a product without an eenheid in the catalogue — 50L70 Behandeling met verblijf, 50L71 Opnamevervangende
# behandeling (Handboek verwijzers jeugdhulp §2.8 (r. 3822–3830)), 49C01 Drangtraject (§2.8 (r. 3896)), Wmo 15A01
# Beschermd Wonen (Handboek Maatwerkdiensten Wmo §4 (r. 240–247)) — is priced per aanbieder, not publicly (the MGR
# site, Handboek verwijzers jeugdhulp §3.1 (r. 4381–4395)). Segment 1 must still be indicatable (bijzondere toegang,
# §2.8 (r. 3819–3820)). No unit is guessed: the consulent enters the amount agreed with the aanbieder and the
# toewijzing carries it as an Omvang in euro — Volume the amount in eurocent (IV042), Eenheid Euro's 83, Frequentie 6,
# einddatum verplicht — the table's "Specifiek voor een traject" encoding as TRAJECT_EURO. Not a Budget: CD041 asks
# an Omvang whenever Product/Code is filled. The value stored with such a toewijzing is "bedrag".
BEDRAG = IStandaardEenheid(
    "83",
    TOTAAL,
    "Keuze: zonder eenheid in de productcatalogus = het bedrag per aanbieder in eurocent (83) totaal binnen de "
    "geldigheidsduur (6), met een verplichte einddatum; geen geraden eenheid en geen Budget naast de productcode "
    "(CD041).",
    (TOTAAL,),
    einddatum_verplicht=True,
    bedrag=True,
)
BEDRAG_EENHEID = "bedrag"  # the unit a toewijzing stores for BEDRAG

IJW_EENHEID = {
    # Etmaal and dagdeel: the table offers week, maand and totaal (no dag); CS338 the same.
    Eenheid.ETMAAL: IStandaardEenheid(
        "14", PER_WEEK, "Etmaal 14; per week, per maand of totaal.", (PER_WEEK, PER_MAAND, TOTAAL)
    ),
    Eenheid.DAGDEEL: IStandaardEenheid(
        "16", PER_WEEK, "Dagdeel 16; per week, per maand of totaal.", (PER_WEEK, PER_MAAND, TOTAAL)
    ),
    # Uur: the table offers every frequentie; an einddatum only per week (CD076), optional per maand.
    Eenheid.UUR: IStandaardEenheid(
        "04", TOTAAL, "Uur 04; per dag, per week, per maand of totaal.", (PER_DAG, PER_WEEK, PER_MAAND, TOTAAL)
    ),
    # Traject and jaartraject as the catalogue product: see TRAJECT_EURO. The value stored with a toewijzing says
    # which encoding it went out with: "traject"/"jaartraject" = 1 stuk (82, also every toewijzing made before the
    # euro encoding), "trajectprijs"/"jaartrajectprijs" = the amount in eurocent (83).
    Eenheid.TRAJECT: TRAJECT_STUKS,
    Eenheid.JAARTRAJECT: JAARTRAJECT_STUKS,
    # Wmo 'tarief per maand' (vervoer, meerwerk 1B): the price is per month, so only per maand fits (82 allows more).
    Eenheid.MAAND: IStandaardEenheid(
        "82", PER_MAAND, "Keuze: tarief per maand = stuks (output, 82) per maand (4).", (PER_MAAND,)
    ),
    # A ride is an effort delivered per occurrence: Stuks (inspanning) 84 (OP305); the table: week, maand or totaal.
    Eenheid.ENKELE_REIS: IStandaardEenheid(
        "84",
        PER_WEEK,
        "Keuze: enkele reis = stuks (inspanning, 84) per week, per maand of totaal.",
        (PER_WEEK, PER_MAAND, TOTAAL),
    ),
    "trajectprijs": TRAJECT_EURO,
    "jaartrajectprijs": JAARTRAJECT_EURO,
    BEDRAG_EENHEID: BEDRAG,
}

# The toewijzing's unit when the trajectprijs is known (TRAJECT_EURO).
PRIJS_EENHEID = {Eenheid.TRAJECT: "trajectprijs", Eenheid.JAARTRAJECT: "jaartrajectprijs"}
# …and back: the catalogue eenheid a toewijzing's unit stands for.
CATALOGUS_EENHEID = {v: k for k, v in PRIJS_EENHEID.items()}

# Plekken (Venlo, Bergen regionaal, Handboek verwijzers jeugdhulp §1.1.2.2 (r. 1715–1748)) finance a place, not a
# client's output; the client's toewijzing then carries 1 Stuks (output) per maand for as long as the place is used.
PLEK = IStandaardEenheid("82", "4", "Keuze: plek = 1 stuk (output, 82) per maand (4) zolang de plek bezet is.")


# Per catalogue eenheid: what the indicatie form offers and which encoding a new toewijzing prefers. A traject
# prefers the trajectprijs (TRAJECT_EURO); IJW_EENHEID above is keyed by the unit a toewijzing was sent with.
OMVANGREGELS = {
    **{eenheid: IJW_EENHEID[eenheid] for eenheid in Eenheid},
    Eenheid.TRAJECT: TRAJECT_EURO,
    Eenheid.JAARTRAJECT: JAARTRAJECT_EURO,
    "": BEDRAG,  # no eenheid in the catalogue: the amount per aanbieder
}


class OnbekendeEenheid(ValueError):
    """A unit with no rule: the omvang cannot be put in a 301 without guessing its Eenheid."""


def omvangregel(eenheid: str) -> IStandaardEenheid:
    """The rule for a catalogue eenheid; none (empty) is BEDRAG, an unknown one is refused, never mapped onto a
    default code."""
    regel = OMVANGREGELS.get(eenheid or "")
    if regel is None:
        raise OnbekendeEenheid(eenheid)
    return regel


def toewijzingsregel(eenheid: str) -> IStandaardEenheid:
    """The rule for the unit a toewijzing carries (IJW_EENHEID); an empty or unknown one is refused."""
    regel = IJW_EENHEID.get(eenheid or "")
    if regel is None:
        raise OnbekendeEenheid(eenheid)
    return regel


def toewijzingseenheid(wj756: str, catalogus: str) -> str:
    """The unit a toewijzing stores for the Eenheid (WJ756) an aanbieder asked for in a 317, honoured one to one
    (OP348, IV093): the catalogue's own unit (or its priced form) when it has that code, else a stored unit with that
    code, one that is no traject first. A code no stored unit has is refused (OnbekendeEenheid), never replaced by
    the catalogue's unit."""
    namen = [naam for naam, regel in IJW_EENHEID.items() if regel.eenheid == wj756]
    for naam in namen:
        if naam == catalogus or CATALOGUS_EENHEID.get(naam) == catalogus:
            return naam
    if not namen:
        raise OnbekendeEenheid(wj756)
    return min(namen, key=lambda naam: IJW_EENHEID[naam].traject)
