"""A valid JW301/WMO301 as a dict, for the tests to mutate (values illustrative, BSN of the test range)."""

import copy
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone


def jw301(domein: str = "jeugd") -> dict:
    vandaag = timezone.localdate()
    return copy.deepcopy(
        {
            "Header": {
                "BerichtCode": "436" if domein == "jeugd" else "414",
                "BerichtVersie": 3,
                "BerichtSubversie": 2,
                "Afzender": "0983",
                "Ontvanger": "12345678",
                "BerichtIdentificatie": {"Identificatie": "000000000001", "Dagtekening": vandaag},
                "XsdVersie": {
                    "BasisschemaXsdVersie": settings.TOEGANG_XSD_VERSIE,
                    "BerichtXsdVersie": settings.TOEGANG_XSD_VERSIE,
                },
            },
            "Client": {
                "Bsn": "999990019",
                "Geboortedatum": {"Datum": date(2014, 5, 1)},
                "Geslacht": "1",
                "Naam": {"Geslachtsnaam": {"Achternaam": "Jansen"}, "Voorletters": "J", "NaamGebruik": "1"},
                "Contactgegevens": {
                    "Contact": [
                        {
                            "Soort": "01",
                            "Adres": {
                                "Huis": {"Huisnummer": 1},
                                "Postcode": "5911AA",
                                "Straatnaam": "Markt",
                                "Plaatsnaam": "Venlo",
                                "LandCode": "NL",
                            },
                        }
                    ]
                },
                "ToegewezenProducten": {
                    "ToegewezenProduct": [
                        {
                            "ToewijzingNummer": 1,
                            "Product": {
                                "Categorie": "45" if domein == "jeugd" else "01",
                                "Code": "45L12" if domein == "jeugd" else "01B04",
                            },
                            "Toewijzingsdatum": vandaag,
                            "Toewijzingstijd": "12:34:56",
                            "Ingangsdatum": vandaag + timedelta(days=7),
                            "Einddatum": vandaag + timedelta(days=180),
                            "Omvang": {"Volume": 1, "Eenheid": "82", "Frequentie": "6"},
                        }
                    ]
                },
            },
        }
    )
