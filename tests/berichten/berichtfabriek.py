"""Valid message dicts for every message type of iStandaarden iJw/iWmo 3.2, berichten, in both domains.

`bericht(domein, nummer)` builds one: the heenberichten 301, 305, 307, 315, 317 and 319 fill most of
their optional elements (so a round trip exercises as much of the definitions as possible) while
keeping every condition of 301 tot 302-319 (CD/CS/TR) satisfied; a retourbericht (302, 306, 308, 316, 318, 320)
is built from its heenbericht as IV028 describes (retourheader): the header copied with the retour elements
added, and, depending on `uitkomst`, no body (accepted), a header code 0001 (technical rejection) or
the body copied with RetourCodes on every class (a rejected class).

Values are illustrative: BSNs of the test range 9999xxxxx that pass the elfproef, CBS code 0983
(Venlo), an 8-digit AGB code. Dates are fixed and in the past (TR135: no dagtekening in the future).
"""

from __future__ import annotations

import copy
from datetime import date, time

from django.conf import settings

from tests.berichten.voorbeeld import jw301

GEMEENTE = "0983"  # Venlo (CBS-gemeentecodes)
AGB = "87654321"
DAGTEKENING = date(2026, 5, 4)

BERICHTCODE = {  # iStandaarden iJw/iWmo 3.2 / iWmo-berichten
    "jeugd": {
        "301": "436",
        "302": "437",
        "305": "438",
        "306": "439",
        "307": "440",
        "308": "441",
        "315": "446",
        "316": "447",
        "317": "486",
        "318": "487",
        "319": "488",
        "320": "489",
    },
    "wmo": {
        "301": "414",
        "302": "415",
        "305": "418",
        "306": "419",
        "307": "420",
        "308": "421",
        "315": "444",
        "316": "445",
        "317": "480",
        "318": "481",
        "319": "482",
        "320": "483",
    },
}
RETOUR_OP = {"302": "301", "306": "305", "308": "307", "316": "315", "318": "317", "320": "319"}
HEENBERICHTEN = ("301", "305", "307", "315", "317", "319")
RETOURBERICHTEN = tuple(RETOUR_OP)
# The classes that carry RetourCodes in a retour (302 for 302; retourheader "every class" for the others).
RETOUR_KLASSEN = {
    "302": {"Client", "Relatie", "Contact", "ToegewezenProduct"},
    "306": {"Client", "StartProduct"},
    "308": {"Client", "StopProduct"},
    "316": {"Client", "AangevraagdProduct"},
    "318": {"Client", "Verzoek", "OngewijzigdProduct", "TeWijzigenProduct", "NieuwProduct"},
    "320": {"Antwoord", "Woonplaatsbeginsel"},
}
# Per domain one product code per categorie (codelijst ProductCategorie: CCXNN; the code lists themselves are
# bilateral).
PRODUCT = {"jeugd": {"Categorie": "45", "Code": "45A53"}, "wmo": {"Categorie": "02", "Code": "02A01"}}
XSD_VERSIE = {"BasisschemaXsdVersie": settings.TOEGANG_XSD_VERSIE, "BerichtXsdVersie": settings.TOEGANG_XSD_VERSIE}


def header(domein: str, nummer: str, *, identificatie: str = "B0001", dagtekening: date = DAGTEKENING) -> dict:
    """header: the gemeente sends 301 and 319, the aanbieder the others (Afzender/Ontvanger swap)."""
    van_gemeente = nummer in {"301", "319"}
    return {
        "BerichtCode": BERICHTCODE[domein][nummer],
        "BerichtVersie": 3,
        "BerichtSubversie": 2,
        "Afzender": GEMEENTE if van_gemeente else AGB,
        "Ontvanger": AGB if van_gemeente else GEMEENTE,
        "BerichtIdentificatie": {"Identificatie": identificatie, "Dagtekening": dagtekening},
        "XsdVersie": dict(XSD_VERSIE),
    }


def _client_kort(bsn: str = "999900018") -> dict:
    """305: the Client part of 305/307/315 (CDT_VerkorteNaam)."""
    return {
        "Bsn": bsn,
        "Geboortedatum": {"Datum": date(2013, 1, 1), "DatumGebruik": "1"},  # IV009: day unknown
        "Geslacht": "2",
        "Naam": {
            "Geslachtsnaam": {"Achternaam": "Bakker", "Voorvoegsel": "de"},
            "Voornamen": "Eva",
            "Voorletters": "E",
        },
    }


def toewijzing(domein: str) -> dict:
    """301 (301): voorbeeld.jw301 with a relatie, a second contact and a second (generiek) product."""
    g = jw301(domein)
    g["Header"] = header(domein, "301")
    client = g["Client"]
    client["Naam"] |= {"Voornamen": "Jan Hendrik", "Voorletters": "JH"}
    client["Communicatie"] = {"Vorm": "1", "Taal": "Arabisch"}  # CD007: Taal with Vorm 1
    client["JuridischeStatus"] = "04"
    client["WettelijkeVertegenwoordiging"] = "06"
    client["Commentaar"] = "Graag contact via de moeder.\nNiet op woensdag."
    client["Relaties"] = {
        "Relatie": [
            {
                "Nummer": "1",
                "Volgorde": 1,
                "Soort": "10",  # ouder
                "Geboortedatum": {"Datum": date(1985, 6, 1), "DatumGebruik": "1"},  # IV009: day unknown
                "Geslacht": "2",
                "Naam": {
                    "Geslachtsnaam": {"Achternaam": "Jansen"},
                    "Partnernaam": {"Achternaam": "Berg", "Voorvoegsel": "van den"},
                    "Voorletters": "M",
                    "NaamGebruik": "4",  # CS050: with a Partnernaam 1-4
                },
                "Contact": {
                    "Soort": "01",
                    "Adres": {
                        "Huis": {"Huisnummer": 7, "AanduidingWoonadres": "BY"},
                        "Postcode": "5912AB",  # CD034, CS089
                        "Straatnaam": "Kaldenkerkerweg",
                        "Plaatsnaam": "Venlo",
                        "LandCode": "NL",  # CD005, CD025
                    },
                    "Telefoon": {
                        "Telefoon01": {"Telefoonnummer": "0771234567", "Landnummer": "0031"},
                        "Telefoon02": {"Telefoonnummer": "0612345678", "Landnummer": "0031"},
                    },
                    "Emailadres": "m.jansen@example.nl",
                },
            }
        ]
    }
    client["Contactgegevens"]["Contact"][0]["Adres"]["Huis"] |= {"Huisletter": "a", "HuisnummerToevoeging": "2"}
    client["Contactgegevens"]["Contact"].append(
        {
            "Soort": "04",  # tijdelijk verblijf, with its period (CD009)
            "Organisatie": "Zorgboerderij De Horst",
            "Telefoon": {"Telefoon01": {"Telefoonnummer": "0771112233", "Landnummer": "0031"}},
            "Periode": {"Begindatum": date(2026, 3, 1), "Einddatum": date(2026, 6, 30)},
        }
    )
    product = client["ToegewezenProducten"]["ToegewezenProduct"][0]
    product |= {
        "ToewijzingNummer": 300201,
        "ReferentieAanbieder": "VOT-2026-001",
        "Product": dict(PRODUCT[domein]),
        "Toewijzingsdatum": date(2026, 3, 2),
        "Toewijzingstijd": time(9, 15, 0),
        "Ingangsdatum": date(2026, 3, 9),
        "Einddatum": date(2026, 12, 31),
        "Omvang": {"Volume": 2, "Eenheid": "04", "Frequentie": "2"},  # 2 uur per week (CD076: Einddatum)
        "Commentaar": "Conform beschikking.",
    }
    client["ToegewezenProducten"]["ToegewezenProduct"].append(
        {
            "ToewijzingNummer": 300202,
            "Toewijzingsdatum": date(2026, 3, 2),
            "Toewijzingstijd": time(9, 15, 0),
            "Ingangsdatum": date(2026, 1, 1),
            "Einddatum": date(2026, 3, 8),  # CD075: with a Budget; TR302: a generiek product overlaps any other
            "RedenWijziging": "05",  # intrekken
            "Budget": 150000,  # IV075 generiek: budget only, no Product
        }
    )
    return g


def start(domein: str) -> dict:
    """305 (305)."""
    product = {
        "ToewijzingNummer": 300201,
        "Product": dict(PRODUCT[domein]),
        "ToewijzingIngangsdatum": date(2026, 3, 9),
        "Begindatum": date(2026, 3, 10),
        "StatusAanlevering": "1",  # CS058: 1 or 3
    }
    return {
        "Header": header(domein, "305"),
        "Client": {**_client_kort(), "StartProducten": {"StartProduct": [product]}},
    }


def stop(domein: str) -> dict:
    """307 (307): a definitive stop (the domain's own code, codelijst RedenBeeindiging) and a temporary one (20, in both
    lists)."""
    definitief = {"jeugd": "31", "wmo": "19"}[domein]  # volgens plan beeindigd: 31 in JZ588, 19 in WMO588
    producten = [
        {
            "ToewijzingNummer": 300201,
            "Product": dict(PRODUCT[domein]),
            "ToewijzingIngangsdatum": date(2026, 3, 9),
            "Begindatum": date(2026, 3, 10),
            "RedenBeeindiging": definitief,
            "Einddatum": date(2026, 4, 24),  # TR018: not before Begindatum
            "StatusAanlevering": "1",
        },
        {  # generiek (budget only): no Product (IV075)
            "ToewijzingNummer": 300202,
            "ToewijzingIngangsdatum": date(2026, 1, 1),
            "Begindatum": date(2026, 1, 5),
            "RedenBeeindiging": "20",
            "Einddatum": date(2026, 3, 31),
            "StatusAanlevering": "1",
        },
    ]
    return {"Header": header(domein, "307"), "Client": {**_client_kort(), "StopProducten": {"StopProduct": producten}}}


def verzoek_om_toewijzing(domein: str) -> dict:
    """315 (315): one specifiek product via the huisarts, one generiek budget via the gemeente."""
    client = _client_kort("999900031")
    if domein == "jeugd":
        client["GezagsdragerBekend"] = "1"  # JW315 only
    client["Commentaar"] = "Verwezen door de huisarts."
    # Jeugd: a jeugdarts without AGB code is named (CD067); Wmo: the gemeente itself after an open
    # beschikking (iWmo-berichten), with a name but no ZorgverlenerCode (CD068).
    verwijzer = {"Type": "03", "Naam": "GGD Limburg-Noord"}
    if domein == "wmo":
        verwijzer = {"Type": "01", "Naam": "Gemeente Venlo, Wmo-consulent"}
    client["AangevraagdeProducten"] = {
        "AangevraagdProduct": [
            {
                "ReferentieAanbieder": "VOT-2026-001",
                "BeschikkingNummer": 2026001,
                "Product": dict(PRODUCT[domein]),
                "BeschikkingIngangsdatum": date(2026, 2, 1),  # CD043: with BeschikkingNummer
                "ToewijzingIngangsdatum": date(2026, 3, 9),
                "ToewijzingEinddatum": date(2026, 12, 31),
                "Omvang": {"Volume": 10, "Eenheid": "84", "Frequentie": "6"},  # CS338
                "Verwijzer": {"Type": "02", "ZorgverlenerCode": "01234567"},  # CD066: code, no Naam
                "Raamcontract": "2",
                "Commentaar": "Spoed gewenst.",
            },
            {
                "ReferentieAanbieder": "VOT-2026-002",
                "ToewijzingIngangsdatum": date(2027, 1, 1),  # TR302: after the other (a generiek one overlaps any)
                "ToewijzingEinddatum": date(2027, 5, 31),  # CD075: with a Budget
                "Budget": 50000,
                "Verwijzer": verwijzer,
            },
        ]
    }
    return {"Header": header(domein, "315"), "Client": client}


def verzoek_om_wijziging(domein: str) -> dict:
    """317 (317): one toewijzing unchanged, one to change, one new product (complete desired situation)."""
    verzoek = {
        "ReferentieAanbieder": "VOW-2026-001",
        "RedenVerzoek": "2",
        "OngewijzigdeProducten": {"OngewijzigdProduct": [{"ToewijzingNummer": 300201}]},
        "TeWijzigenProducten": {
            "TeWijzigenProduct": [
                {
                    "ToewijzingNummer": 300202,
                    "GewensteIngangsdatum": date(2026, 1, 1),
                    "Einddatum": date(2026, 6, 30),
                    "Budget": 250000,
                },
                {
                    "ToewijzingNummer": 300203,
                    "GewensteIngangsdatum": date(2026, 3, 9),
                    "Einddatum": date(2026, 12, 31),
                    "Omvang": {"Volume": 12, "Eenheid": "84", "Frequentie": "6"},  # volume change, IV066
                },
            ]
        },
        "NieuweProducten": {
            "NieuwProduct": [
                {
                    "Product": dict(PRODUCT[domein]),
                    "GewensteIngangsdatum": date(2027, 1, 1),
                    "Einddatum": date(2027, 6, 30),
                    "Omvang": {"Volume": 3, "Eenheid": "04", "Frequentie": "2"},  # CD041, CD076
                },
                {  # generiek: budget only (CD075: with an Einddatum); after the other (TR410: overlaps any product)
                    "GewensteIngangsdatum": date(2027, 7, 1),
                    "Einddatum": date(2027, 9, 30),
                    "Budget": 80000,
                },
            ]
        },
    }
    return {"Header": header(domein, "317"), "Client": {"Bsn": "999900018", "Verzoek": verzoek}}


def antwoord(domein: str) -> dict:
    """319 (319): rejected; in Jeugd on the woonplaatsbeginsel with the responsible gemeente (TR377)."""
    if domein == "jeugd":
        a = {"RedenAfwijzingVerzoek": "8", "Woonplaatsbeginsel": {"Gemeente": "0984"}}
    else:
        a = {"RedenAfwijzingVerzoek": "3"}  # geen contract; Woonplaatsbeginsel is Jeugd-only
    return {
        "Header": header(domein, "319"),
        "Antwoord": {"ReferentieAanbieder": "VOT-2026-001", "VerzoekAntwoord": "1", **a},
    }


HEEN = {
    "301": toewijzing,
    "305": start,
    "307": stop,
    "315": verzoek_om_toewijzing,
    "317": verzoek_om_wijziging,
    "319": antwoord,
}
UITKOMSTEN = ("akkoord", "technisch", "klasse")
# A code the receiver of each heenbericht could give a product-like class (codelijst RetourCode, 302-319).
CODE_OP_KLASSE = {"302": "9332", "306": "9019", "308": "9069", "316": "9347", "318": "9351", "320": "9355"}


def _met_retourcodes(waarde, klassen: set[str], code: str, naam: str = ""):
    """The body copied with RetourCodes on every class in `klassen` (IV028): the first of each list of
    product-like classes (and Verzoek, Woonplaatsbeginsel) carries `code`, every other class 0200."""
    if isinstance(waarde, list):
        return [_met_retourcodes(v, klassen, code if i == 0 else "0200", naam) for i, v in enumerate(waarde)]
    if not isinstance(waarde, dict):
        return waarde
    uit = {k: _met_retourcodes(v, klassen, code, k) for k, v in waarde.items()}
    if naam in klassen:
        eigen = code if naam.endswith(("Product", "Verzoek", "Woonplaatsbeginsel")) else "0200"
        uit["RetourCodes"] = {"RetourCode": [eigen]}
    return uit


def retour(domein: str, nummer: str, uitkomst: str = "klasse", code: str | None = None) -> dict:
    """A retourbericht on the factory's heenbericht (IV028, iStandaarden iJw/iWmo 3.2, berichtheader).

    uitkomst: "akkoord" (header only, no RetourCodes), "technisch" (header with 0001 and XsltVersie,
    IV033) or "klasse" (the body copied, every class with RetourCodes; the product-like classes carry
    `code`, by default one the receiver could give, CODE_OP_KLASSE)."""
    heen = HEEN[RETOUR_OP[nummer]](domein)
    kop = copy.deepcopy(heen["Header"])
    kop |= {
        "BerichtCode": BERICHTCODE[domein][nummer],
        "IdentificatieRetour": "R0001",
        "DagtekeningRetour": date(2026, 5, 6),
        "XsdVersieRetour": dict(XSD_VERSIE),
    }
    if uitkomst == "technisch":
        kop |= {"XsltVersie": "1.0.0", "RetourCodes": {"RetourCode": ["0001"]}}
    g = {"Header": kop}
    if uitkomst == "klasse":
        body = "Antwoord" if nummer == "320" else "Client"
        g[body] = _met_retourcodes(heen[body], RETOUR_KLASSEN[nummer], code or CODE_OP_KLASSE[nummer], body)
    return g


def bericht(domein: str, nummer: str, **kw) -> dict:
    """Any message type: a heenbericht, or a retour (keywords as `retour`)."""
    if nummer in RETOUR_OP:
        return retour(domein, nummer, **kw)
    return HEEN[nummer](domein)


DOMEINEN = ("jeugd", "wmo")


GEVALLEN = [(d, n, {}) for n in HEENBERICHTEN for d in DOMEINEN] + [
    (d, n, {"uitkomst": u}) for n in RETOURBERICHTEN for u in UITKOMSTEN for d in DOMEINEN
]
