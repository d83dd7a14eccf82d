"""The region's units and how they map onto iJw/iWmo 3.2 Eenheid (WJ756) and Frequentie (WMO757).

The handbooks price in etmalen, dagdelen, uren, trajecten, jaartrajecten, maanden and enkele reizen;
the standard knows Minuut 01, Uur 04, Etmaal 14, Dagdeel 16, Stuks (output) 82, Euro's 83 and
Stuks (inspanning) 84, with Frequentie per dag 1, per week 2, per maand 4 and totaal binnen de
geldigheidsduur 6. Where the standard leaves a choice, the choice and its reason are written here.
"""

from dataclasses import dataclass

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


@dataclass(frozen=True)
class IStandaardEenheid:
    eenheid: str  # WJ756
    frequentie: str  # WMO757, the default for a new indicatie
    keuze: str  # why, where the standard leaves a choice


IJW_EENHEID = {
    Eenheid.ETMAAL: IStandaardEenheid("14", "2", "Etmaal 14; CS338 allows per week, per maand or totaal: per week."),
    Eenheid.DAGDEEL: IStandaardEenheid("16", "2", "Dagdeel 16; CS338 as etmaal: per week."),
    Eenheid.UUR: IStandaardEenheid("04", "6", "Uur 04; maatwerk and meerwerk hours are a total for the period."),
    # A traject is an output-gericht product with one price: 1 Stuks (output) for the whole period.
    Eenheid.TRAJECT: IStandaardEenheid(
        "82", "6", "Keuze: traject = 1 stuk (output, 82) totaal binnen de geldigheidsduur (6)."
    ),
    Eenheid.JAARTRAJECT: IStandaardEenheid(
        "82", "6", "Keuze: jaartraject = 1 stuk (output, 82) per toewijzing van ten hoogste een jaar (6)."
    ),
    # Wmo 'tarief per maand' (vervoer, meerwerk 1B): one unit per month.
    Eenheid.MAAND: IStandaardEenheid("82", "4", "Keuze: per maand = 1 stuk (output, 82) per maand (4)."),
    # A ride is an effort delivered per occurrence: Stuks (inspanning) 84 (OP305), counted per week.
    Eenheid.ENKELE_REIS: IStandaardEenheid("84", "2", "Keuze: enkele reis = stuks (inspanning, 84) per week (2)."),
}

# Plekken (Venlo, Bergen regionaal, Handboek verwijzers jeugdhulp §1.1.2.2 (r. 1715–1748)) finance a place, not a
# client's output; the client's toewijzing then carries 1 Stuks (output) per maand for as long as the place is used.
PLEK = IStandaardEenheid("82", "4", "Keuze: plek = 1 stuk (output, 82) per maand (4) zolang de plek bezet is.")
