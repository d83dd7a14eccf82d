"""Demo verzoeken om toewijzing (315): Jeugdhulp Maasland asks for 45L12 after a huisarts's verwijzing, once
in Venlo (answered by its backoffice, the default) and once in Venray (answered by its Jeugd consulenten,
the per-gemeente setting the demo shows). They arrive through the same `bericht_ontvangen` as a file in in/."""

import datetime

from django.utils import timezone

from berichten.inkomend import bericht_ontvangen
from berichten.models import Bericht
from inwoners.models import Inwoner
from istandaard.opbouw import header
from istandaard.xml import naar_xml
from organisaties.models import Gemeente

AANBIEDER = "98100001"  # Jeugdhulp Maasland: contracted for 45L12 in every gemeente
GEMEENTEN = ("0983", "0984")  # Venlo (backoffice), Venray (consulenten)


def maak_verzoeken() -> None:
    if Bericht.objects.filter(soort="JW315", afzender=AANBIEDER, identificatie__startswith="DEMO").exists():
        return
    vandaag = timezone.localdate()
    for volgnummer, cbs in enumerate(GEMEENTEN, start=1):
        gemeente = Gemeente.objects.get(cbs_code=cbs)
        jongste = vandaag.replace(year=vandaag.year - 17)
        inwoner = Inwoner.objects.filter(adressen__gemeente=gemeente, geboortedatum__gt=jongste).order_by("bsn").first()
        if inwoner is None:
            continue
        product = {
            "ReferentieAanbieder": f"DEMO-VOT-{volgnummer}",
            "Product": {"Categorie": "45", "Code": "45L12"},
            "ToewijzingIngangsdatum": vandaag + datetime.timedelta(days=14),
            "ToewijzingEinddatum": vandaag + datetime.timedelta(days=14 + 182),
            "Omvang": {"Volume": 2, "Eenheid": "04", "Frequentie": "2"},
            "Verwijzer": {"Type": "02", "ZorgverlenerCode": "01234567"},  # a code and no name (CD066)
        }
        client = {
            "Bsn": inwoner.bsn,
            "Geboortedatum": {"Datum": inwoner.geboortedatum},
            "Geslacht": inwoner.geslacht,
            "Naam": {
                "Geslachtsnaam": {"Achternaam": inwoner.geslachtsnaam, "Voorvoegsel": inwoner.voorvoegsel or None},
                "Voornamen": inwoner.voornamen or None,
            },
            "AangevraagdeProducten": {"AangevraagdProduct": [product]},
        }
        kop = header(
            "jeugd", "315", afzender=AANBIEDER, ontvanger=cbs, identificatie=f"DEMO{volgnummer}", dagtekening=vandaag
        )
        bericht_ontvangen(naar_xml("jeugd", "315", {"Header": kop, "Client": client}), kanaal="demo")
