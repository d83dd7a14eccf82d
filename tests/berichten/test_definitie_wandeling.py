"""Walks every message structure of iStandaarden iJw/iWmo 3.2, basisschema through our definitions, element by element.

test_definities.py checks a part of JW301. Here every message we build or receive (301, 302, 305,
306, 307, 308, 315, 316, 317, 318, 319, 320), in both domains, is transcribed from the document as
rows (class, element, min, max, type) and compared *exactly* with what the definitions produce: the
same elements in the same order (xs:sequence), nothing more. The comparison is made twice: against
the Python data in istandaard/definities (the source of truth in the code) and against the XSD
generated from it (what actually validates a message, including the domain filter and the
namespaces). Below that: every length, pattern and code list of header tot 302-319/codelijsten that test_definities.py
does not assert yet, both as data and as behaviour of the compiled schema.

The facts are written here as data (a clone of the project does not have the research note); each
table names its section of iStandaarden iJw/iWmo 3.2. Where the document leaves a detail open the comment
says so and names the reading chosen. JW323/JW325 (323/325) are only summarised there and not part of
the definitions (the project does not implement declaraties), so they are not walked.
"""

import re
from functools import cache

import pytest
from lxml import etree

from istandaard.definities.structuur import BERICHTEN, CDT, soort
from istandaard.definities.typen import PRODUCTCATEGORIE, REDEN_BEEINDIGING, RETOURCODES, typen_voor
from istandaard.definities.xsd import NS_BASIS, basisschema, berichtschema, ns_bericht

XS = "http://www.w3.org/2001/XMLSchema"
N = None  # maxOccurs unbounded ("[1..n]" in the document)
DOMEINEN = ["jeugd", "wmo"]

# ---------------------------------------------------------------------------------------------------
# Message codes: iJw-berichten (iJw, column BerichtCode) and iWmo-berichten (iWmo).
# ---------------------------------------------------------------------------------------------------
BERICHTCODES = {
    "301": {"jeugd": "436", "wmo": "414"},
    "302": {"jeugd": "437", "wmo": "415"},
    "305": {"jeugd": "438", "wmo": "418"},
    "306": {"jeugd": "439", "wmo": "419"},
    "307": {"jeugd": "440", "wmo": "420"},
    "308": {"jeugd": "441", "wmo": "421"},
    "315": {"jeugd": "446", "wmo": "444"},
    "316": {"jeugd": "447", "wmo": "445"},
    "317": {"jeugd": "486", "wmo": "480"},
    "318": {"jeugd": "487", "wmo": "481"},
    "319": {"jeugd": "488", "wmo": "482"},
    "320": {"jeugd": "489", "wmo": "483"},
}
# iJw-berichten column Direction: which heenberichten the gemeente sends (Afzender = CBS code, header).
VAN_GEMEENTE = {"301", "319"}
# retourheader / iJw-berichten: each retourbericht and the heenbericht it answers.
RETOUR_OP = {"302": "301", "306": "305", "308": "307", "316": "315", "318": "317", "320": "319"}


# ---------------------------------------------------------------------------------------------------
# Header, header (heenbericht) and retourheader (retourbericht).
# ---------------------------------------------------------------------------------------------------
def _kop(afzender: str, ontvanger: str) -> list[tuple]:
    # header types BerichtCode/-Versie/-Subversie as LDT_BerichtCode (string 1-3), LDT_BerichtVersie and
    # LDT_BerichtSubversie (integer 0-99), each restricted per message by a fixed pattern. Our schema
    # declares those restrictions as local types of the same name; their facets are asserted in
    # test_header_patterns_per_message.
    return [
        ("Header", "BerichtCode", 1, 1, "BerichtCode"),
        ("Header", "BerichtVersie", 1, 1, "BerichtVersie"),
        ("Header", "BerichtSubversie", 1, 1, "BerichtSubversie"),
        ("Header", "Afzender", 1, 1, afzender),
        ("Header", "Ontvanger", 1, 1, ontvanger),
        ("Header", "BerichtIdentificatie", 1, 1, "CDT_BerichtIdentificatie"),
        ("Header", "XsdVersie", 1, 1, "CDT_XsdVersie"),
    ]


# header: gemeente -> aanbieder (301, 319) has Afzender LDT_Gemeente and Ontvanger LDT_AgbCode; "for
# aanbieder -> gemeente heenberichten (305, 307, 315, 317 ...) ... Afzender = LDT_AgbCode and
# Ontvanger = LDT_Gemeente".
KOP_GEMEENTE = _kop("LDT_Gemeente", "LDT_AgbCode")
KOP_AANBIEDER = _kop("LDT_AgbCode", "LDT_Gemeente")
# retourheader (IV028): a retour copies the heenbericht's header unchanged, Afzender and Ontvanger included,
# and appends these.
KOP_RETOUR = [
    ("Header", "IdentificatieRetour", 1, 1, "LDT_IdentificatieBericht"),
    ("Header", "DagtekeningRetour", 1, 1, "LDT_Datum"),
    ("Header", "XsltVersie", 0, 1, "LDT_Versie"),
    ("Header", "XsdVersieRetour", 1, 1, "CDT_XsdVersie"),
    ("Header", "RetourCodes", 0, 1, "RetourCodes"),
]
# retourheader: "RetourCodes | 0..1 | `RetourCode` LDT_RetourCode [1..n]". The document calls RetourCodes no
# CDT_ type, so by header (Namespaces) it is a message-level class: RetourCode lives in the jwNNN/wmoNNN
# namespace, not the basisschema's.
RETOURCODES_KLASSE = [("RetourCodes", "RetourCode", 1, N, "LDT_RetourCode")]

# ---------------------------------------------------------------------------------------------------
# JW301 / WMO301, 301 (the full table; test_definities.JW301_TABEL checks a part of it).
# ---------------------------------------------------------------------------------------------------
BODY_301 = [
    ("Bericht", "Header", 1, 1, "Header"),  # header Root element: Header then the body
    ("Bericht", "Client", 1, 1, "Client"),  # 301 "Client 1..1, one client per message"
    ("Client", "Bsn", 1, 1, "LDT_BurgerServicenummer"),
    ("Client", "Geboortedatum", 1, 1, "CDT_Geboortedatum"),
    ("Client", "Geslacht", 1, 1, "LDT_Geslacht"),
    ("Client", "Naam", 1, 1, "CDT_VolledigeNaam"),
    ("Client", "Communicatie", 0, 1, "CDT_Communicatie"),
    ("Client", "JuridischeStatus", 0, 1, "LDT_JuridischeStatus"),
    ("Client", "WettelijkeVertegenwoordiging", 0, 1, "LDT_WettelijkeVertegenwoordiging"),
    ("Client", "Commentaar", 0, 1, "LDT_Commentaar"),
    ("Client", "Relaties", 0, 1, "Relaties"),
    ("Client", "Contactgegevens", 1, 1, "Contactgegevens"),
    ("Client", "ToegewezenProducten", 1, 1, "ToegewezenProducten"),
    ("Relaties", "Relatie", 1, N, "Relatie"),
    ("Relatie", "Nummer", 1, 1, "LDT_Persoonsid"),
    ("Relatie", "Volgorde", 0, 1, "LDT_RelatieVolgorde"),
    ("Relatie", "Soort", 1, 1, "LDT_SoortRelatie"),
    ("Relatie", "Geboortedatum", 0, 1, "CDT_Geboortedatum"),
    ("Relatie", "Geslacht", 0, 1, "LDT_Geslacht"),
    ("Relatie", "Naam", 1, 1, "CDT_VolledigeNaam"),
    ("Relatie", "Contact", 1, 1, "Contact"),
    ("Contactgegevens", "Contact", 1, N, "Contact"),
    ("Contact", "Soort", 1, 1, "LDT_AdresSoort"),
    ("Contact", "Adres", 0, 1, "CDT_Adres"),
    ("Contact", "Organisatie", 0, 1, "LDT_Organisatienaam"),
    ("Contact", "Telefoon", 0, 1, "CDT_Telefoonnummers"),
    ("Contact", "Emailadres", 0, 1, "LDT_Emailadres"),
    ("Contact", "Periode", 0, 1, "CDT_OpenPeriode"),
    ("ToegewezenProducten", "ToegewezenProduct", 1, N, "ToegewezenProduct"),
    ("ToegewezenProduct", "ToewijzingNummer", 1, 1, "LDT_Nummer"),
    ("ToegewezenProduct", "ReferentieAanbieder", 0, 1, "LDT_Referentie"),
    ("ToegewezenProduct", "Product", 0, 1, "CDT_Product"),
    ("ToegewezenProduct", "Toewijzingsdatum", 1, 1, "LDT_Datum"),
    ("ToegewezenProduct", "Toewijzingstijd", 1, 1, "LDT_Tijd"),
    ("ToegewezenProduct", "Ingangsdatum", 1, 1, "LDT_Datum"),
    ("ToegewezenProduct", "Einddatum", 0, 1, "LDT_Datum"),
    ("ToegewezenProduct", "RedenWijziging", 0, 1, "LDT_RedenWijziging"),
    ("ToegewezenProduct", "Omvang", 0, 1, "CDT_Omvang"),
    ("ToegewezenProduct", "Budget", 0, 1, "LDT_Budget"),
    ("ToegewezenProduct", "Commentaar", 0, 1, "LDT_Commentaar"),
]

# ---------------------------------------------------------------------------------------------------
# JW305 / WMO305, 305. The document gives the path "Client/StartProducten/StartProduct 1..n" but no
# separate row for StartProducten; reading: the wrapper is [1..1] (it must hold the 1..n products).
# The same reading is used for StopProducten (307) and AangevraagdeProducten (315).
# ---------------------------------------------------------------------------------------------------
CLIENT_KORT = [  # 305 rows Client/Bsn .. Client/Naam (CDT_VerkorteNaam); 307 "Same Client part as 305"
    ("Client", "Bsn", 1, 1, "LDT_BurgerServicenummer"),
    ("Client", "Geboortedatum", 1, 1, "CDT_Geboortedatum"),
    ("Client", "Geslacht", 1, 1, "LDT_Geslacht"),
    ("Client", "Naam", 1, 1, "CDT_VerkorteNaam"),
]
BODY_305 = [
    ("Bericht", "Header", 1, 1, "Header"),
    ("Bericht", "Client", 1, 1, "Client"),
    *CLIENT_KORT,
    ("Client", "StartProducten", 1, 1, "StartProducten"),
    ("StartProducten", "StartProduct", 1, N, "StartProduct"),
    ("StartProduct", "ToewijzingNummer", 0, 1, "LDT_Nummer"),
    ("StartProduct", "Product", 0, 1, "CDT_Product"),
    ("StartProduct", "ToewijzingIngangsdatum", 0, 1, "LDT_Datum"),
    ("StartProduct", "Begindatum", 1, 1, "LDT_Datum"),
    ("StartProduct", "StatusAanlevering", 1, 1, "LDT_StatusAanlevering"),
]
# JW307 / WMO307, 307.
BODY_307 = [
    ("Bericht", "Header", 1, 1, "Header"),
    ("Bericht", "Client", 1, 1, "Client"),
    *CLIENT_KORT,
    ("Client", "StopProducten", 1, 1, "StopProducten"),
    ("StopProducten", "StopProduct", 1, N, "StopProduct"),
    ("StopProduct", "ToewijzingNummer", 0, 1, "LDT_Nummer"),
    ("StopProduct", "Product", 0, 1, "CDT_Product"),
    ("StopProduct", "ToewijzingIngangsdatum", 0, 1, "LDT_Datum"),
    ("StopProduct", "Begindatum", 1, 1, "LDT_Datum"),
    ("StopProduct", "RedenBeeindiging", 1, 1, "LDT_RedenBeeindiging"),
    ("StopProduct", "Einddatum", 1, 1, "LDT_Datum"),
    ("StopProduct", "StatusAanlevering", 1, 1, "LDT_StatusAanlevering"),
]
# JW315 / WMO315, 315 ("Client/Bsn, Geboortedatum, Geslacht | 1..1 each | as 301"; Naam CDT_VerkorteNaam).
BODY_315 = [
    ("Bericht", "Header", 1, 1, "Header"),
    ("Bericht", "Client", 1, 1, "Client"),
    *CLIENT_KORT,
    ("Client", "GezagsdragerBekend", 0, 1, "LDT_JaNee"),  # JW315 only (iWmo-berichten, 315)
    ("Client", "Commentaar", 0, 1, "LDT_Commentaar"),
    ("Client", "AangevraagdeProducten", 1, 1, "AangevraagdeProducten"),
    ("AangevraagdeProducten", "AangevraagdProduct", 1, N, "AangevraagdProduct"),
    ("AangevraagdProduct", "ReferentieAanbieder", 1, 1, "LDT_Referentie"),
    ("AangevraagdProduct", "BeschikkingNummer", 0, 1, "LDT_Nummer"),
    ("AangevraagdProduct", "Product", 0, 1, "CDT_Product"),
    ("AangevraagdProduct", "BeschikkingIngangsdatum", 0, 1, "LDT_Datum"),
    ("AangevraagdProduct", "ToewijzingIngangsdatum", 1, 1, "LDT_Datum"),
    ("AangevraagdProduct", "ToewijzingEinddatum", 0, 1, "LDT_Datum"),
    ("AangevraagdProduct", "Omvang", 0, 1, "CDT_Omvang"),
    ("AangevraagdProduct", "Budget", 0, 1, "LDT_Budget"),
    ("AangevraagdProduct", "Verwijzer", 1, 1, "CDT_Verwijzer"),  # [1..1] also in WMO315 (iWmo-berichten)
    ("AangevraagdProduct", "Raamcontract", 0, 1, "LDT_JaNee"),
    ("AangevraagdProduct", "Commentaar", 0, 1, "LDT_Commentaar"),
]
# JW317 / WMO317, 317. The table leaves the type column empty for Client/Bsn and names no types for
# the children of OngewijzigdProduct/TeWijzigenProduct/NieuwProduct. Reading: the types these elements
# have everywhere else in the document (Bsn LDT_BurgerServicenummer, ToewijzingNummer LDT_Nummer 301,
# dates LDT_Datum, Omvang CDT_Omvang, Budget LDT_Budget, Product CDT_Product).
BODY_317 = [
    ("Bericht", "Header", 1, 1, "Header"),
    ("Bericht", "Client", 1, 1, "Client"),
    ("Client", "Bsn", 1, 1, "LDT_BurgerServicenummer"),  # "only the BSN - no name/birth data"
    ("Client", "Verzoek", 1, 1, "Verzoek"),
    ("Verzoek", "ReferentieAanbieder", 1, 1, "LDT_Referentie"),
    ("Verzoek", "RedenVerzoek", 1, 1, "LDT_RedenVerzoek"),
    ("Verzoek", "OngewijzigdeProducten", 0, 1, "OngewijzigdeProducten"),  # "0..1 / 1..n"
    ("Verzoek", "TeWijzigenProducten", 0, 1, "TeWijzigenProducten"),
    ("Verzoek", "NieuweProducten", 0, 1, "NieuweProducten"),
    ("OngewijzigdeProducten", "OngewijzigdProduct", 1, N, "OngewijzigdProduct"),
    ("OngewijzigdProduct", "ToewijzingNummer", 1, 1, "LDT_Nummer"),
    ("TeWijzigenProducten", "TeWijzigenProduct", 1, N, "TeWijzigenProduct"),
    ("TeWijzigenProduct", "ToewijzingNummer", 1, 1, "LDT_Nummer"),
    ("TeWijzigenProduct", "GewensteIngangsdatum", 1, 1, "LDT_Datum"),
    ("TeWijzigenProduct", "Einddatum", 0, 1, "LDT_Datum"),
    ("TeWijzigenProduct", "Omvang", 0, 1, "CDT_Omvang"),
    ("TeWijzigenProduct", "Budget", 0, 1, "LDT_Budget"),
    ("NieuweProducten", "NieuwProduct", 1, N, "NieuwProduct"),
    ("NieuwProduct", "Product", 0, 1, "CDT_Product"),
    ("NieuwProduct", "GewensteIngangsdatum", 1, 1, "LDT_Datum"),
    ("NieuwProduct", "Einddatum", 0, 1, "LDT_Datum"),
    ("NieuwProduct", "Omvang", 0, 1, "CDT_Omvang"),
    ("NieuwProduct", "Budget", 0, 1, "LDT_Budget"),
]
# JW319 / WMO319, 319: no Client, the body is Antwoord.
BODY_319 = [
    ("Bericht", "Header", 1, 1, "Header"),
    ("Bericht", "Antwoord", 1, 1, "Antwoord"),
    ("Antwoord", "ReferentieAanbieder", 1, 1, "LDT_Referentie"),
    ("Antwoord", "VerzoekAntwoord", 1, 1, "LDT_VerzoekAntwoord"),
    ("Antwoord", "RedenAfwijzingVerzoek", 0, 1, "LDT_RedenAfwijzingVerzoek"),
    ("Antwoord", "Woonplaatsbeginsel", 0, 1, "Woonplaatsbeginsel"),  # JW319 only (iWmo-berichten, 319)
    ("Woonplaatsbeginsel", "Gemeente", 1, 1, "LDT_Gemeente"),  # "0..1 / 1..1"
]
HEEN = {"301": BODY_301, "305": BODY_305, "307": BODY_307, "315": BODY_315, "317": BODY_317, "319": BODY_319}

# iWmo-berichten: the iWmo messages are the iJw ones except these jeugd-only elements.
ALLEEN_JEUGD = {
    "315": {("Client", "GezagsdragerBekend")},
    "319": {("Antwoord", "Woonplaatsbeginsel")},
}

# retourheader / 302 (IV028): a retour is its heenbericht's body with RetourCodes [1..1] appended to every
# class, and the body itself [0..1] (an accepted message is answered with the header only). 302
# names the classes of JW302: "Client, Relatie, Relatie/Contact, Contactgegevens/Contact and
# ToegewezenProduct" - so the list wrappers (Relaties, Contactgegevens, ToegewezenProducten) get no
# RetourCodes. For the others retourheader says "every class (Client, Relatie, Contact, ToegewezenProduct,
# StartProduct, ...)" without listing them; reading: every non-wrapper class, Verzoek (317) and
# Woonplaatsbeginsel (319) included, by the same rule as 302.
RETOUR_KLASSEN = {
    "302": ("Client", "Relatie", "Contact", "ToegewezenProduct"),
    "306": ("Client", "StartProduct"),
    "308": ("Client", "StopProduct"),
    "316": ("Client", "AangevraagdProduct"),
    "318": ("Client", "Verzoek", "OngewijzigdProduct", "TeWijzigenProduct", "NieuwProduct"),
    "320": ("Antwoord", "Woonplaatsbeginsel"),
}


def _retour(nummer: str) -> list[tuple]:
    klassen = RETOUR_KLASSEN[nummer]
    rijen = []
    for klasse, element, minimum, maximum, type_ in HEEN[RETOUR_OP[nummer]]:
        if klasse == "Bericht" and element != "Header":
            minimum = 0  # "Client [0..1]" (302); likewise Antwoord in 320
        rijen.append((klasse, element, minimum, maximum, type_))
    klassen_in_volgorde = list(dict.fromkeys(r[0] for r in rijen))
    uit = []
    for klasse in klassen_in_volgorde:
        uit += [r for r in rijen if r[0] == klasse]
        if klasse in klassen:
            uit.append((klasse, "RetourCodes", 1, 1, "RetourCodes"))
    return uit + RETOURCODES_KLASSE


def verwacht(domein: str, nummer: str) -> list[tuple]:
    """All rows of one message type in one domain, header included."""
    heen = RETOUR_OP.get(nummer, nummer)
    kop = KOP_GEMEENTE if heen in VAN_GEMEENTE else KOP_AANBIEDER
    rijen = [*kop, *KOP_RETOUR, *_retour(nummer)] if nummer in RETOUR_OP else [*kop, *HEEN[nummer]]
    if domein == "wmo":
        weg = ALLEEN_JEUGD.get(heen, set())
        rijen = [r for r in rijen if (r[0], r[1]) not in weg and r[0] not in {e for _k, e in weg}]
    return rijen


# ---------------------------------------------------------------------------------------------------
# The CDT_ types of the basisschema (header, 301, 305, 315). Where the document gives facets but no
# type name (e.g. "`Voorvoegsel` 1-10", "`Taal` 1-25", "`Huisletter` 1 char", CDT_OpenPeriode's dates)
# the type name is ours; the facets themselves are asserted in FACETTEN.
# ---------------------------------------------------------------------------------------------------
CDT_TABEL = [
    ("CDT_BerichtIdentificatie", "Identificatie", 1, 1, "LDT_IdentificatieBericht"),  # header
    ("CDT_BerichtIdentificatie", "Dagtekening", 1, 1, "LDT_Datum"),
    ("CDT_XsdVersie", "BasisschemaXsdVersie", 1, 1, "LDT_Versie"),  # header
    ("CDT_XsdVersie", "BerichtXsdVersie", 1, 1, "LDT_Versie"),
    ("CDT_Geboortedatum", "Datum", 1, 1, "LDT_Datum"),  # 301 Client/Geboortedatum
    ("CDT_Geboortedatum", "DatumGebruik", 0, 1, "LDT_DatumGebruik"),
    ("CDT_Achternaam", "Achternaam", 1, 1, "LDT_Naam"),  # 301 Client/Naam
    ("CDT_Achternaam", "Voorvoegsel", 0, 1, "LDT_Voorvoegsel"),
    ("CDT_VolledigeNaam", "Geslachtsnaam", 1, 1, "CDT_Achternaam"),
    ("CDT_VolledigeNaam", "Partnernaam", 0, 1, "CDT_Achternaam"),
    ("CDT_VolledigeNaam", "Voornamen", 0, 1, "LDT_Naam"),
    ("CDT_VolledigeNaam", "Voorletters", 0, 1, "LDT_Voorletters"),
    ("CDT_VolledigeNaam", "NaamGebruik", 1, 1, "LDT_NaamGebruik"),
    # 305 Client/Naam: "Geslachtsnaam CDT_Achternaam [1..1], Voornamen [0..1], Voorletters [0..1]";
    # types of the last two not named, read as in CDT_VolledigeNaam.
    ("CDT_VerkorteNaam", "Geslachtsnaam", 1, 1, "CDT_Achternaam"),
    ("CDT_VerkorteNaam", "Voornamen", 0, 1, "LDT_Naam"),
    ("CDT_VerkorteNaam", "Voorletters", 0, 1, "LDT_Voorletters"),
    ("CDT_Communicatie", "Vorm", 1, 1, "LDT_Communicatievorm"),  # 301 Client/Communicatie
    ("CDT_Communicatie", "Taal", 0, 1, "LDT_Taal"),
    ("CDT_Huis", "Huisnummer", 1, 1, "LDT_Huisnummer"),  # 301 Contact/Adres
    ("CDT_Huis", "Huisletter", 0, 1, "LDT_Huisletter"),
    ("CDT_Huis", "HuisnummerToevoeging", 0, 1, "LDT_HuisnummerToevoeging"),
    ("CDT_Huis", "AanduidingWoonadres", 0, 1, "LDT_AanduidingWoonadres"),
    ("CDT_Adres", "Huis", 0, 1, "CDT_Huis"),
    ("CDT_Adres", "Postcode", 0, 1, "LDT_Postcode"),
    ("CDT_Adres", "Straatnaam", 0, 1, "LDT_Straatnaam"),
    ("CDT_Adres", "Plaatsnaam", 0, 1, "LDT_Plaatsnaam"),
    ("CDT_Adres", "LandCode", 0, 1, "LDT_LandCode"),
    ("CDT_Telefoon", "Telefoonnummer", 1, 1, "LDT_Telefoonnummer"),  # 301 Contact/Telefoon
    ("CDT_Telefoon", "Landnummer", 1, 1, "LDT_Landnummer"),
    ("CDT_Telefoonnummers", "Telefoon01", 1, 1, "CDT_Telefoon"),
    ("CDT_Telefoonnummers", "Telefoon02", 0, 1, "CDT_Telefoon"),
    ("CDT_OpenPeriode", "Begindatum", 0, 1, "LDT_Datum"),  # 301 Contact/Periode
    ("CDT_OpenPeriode", "Einddatum", 0, 1, "LDT_Datum"),
    ("CDT_Product", "Categorie", 1, 1, "LDT_ProductCategorie"),  # 301 ToegewezenProduct/Product
    ("CDT_Product", "Code", 0, 1, "LDT_ProductCode"),
    ("CDT_Omvang", "Volume", 1, 1, "LDT_Volume"),  # 301 ToegewezenProduct/Omvang
    ("CDT_Omvang", "Eenheid", 1, 1, "LDT_Eenheid"),
    ("CDT_Omvang", "Frequentie", 1, 1, "LDT_Frequentie"),
    ("CDT_Verwijzer", "Type", 1, 1, "LDT_TypeVerwijzer"),  # 315 AangevraagdProduct/Verwijzer
    ("CDT_Verwijzer", "Naam", 0, 1, "LDT_NaamVerwijzer"),
    ("CDT_Verwijzer", "ZorgverlenerCode", 0, 1, "LDT_AgbCode"),
]


# ---------------------------------------------------------------------------------------------------
# Walking the definitions.
# ---------------------------------------------------------------------------------------------------
def _per_klasse(rijen) -> dict[str, list[tuple]]:
    uit: dict[str, list[tuple]] = {}
    for klasse, element, minimum, maximum, type_ in rijen:
        uit.setdefault(klasse, []).append((element, minimum, maximum, type_))
    return uit


def _uit_definities(domein: str, nummer: str) -> dict[str, list[tuple]]:
    """The message's own classes as the Python data defines them, filtered for the domain."""
    bericht = BERICHTEN[nummer]
    uit = {"Bericht": [("Header", 1, 1, "Header"), _rij(bericht.body)]}
    for klasse, elementen in bericht.typen.items():
        uit[klasse] = [_rij(el) for el in elementen if el.alleen in (None, domein)]
    return _bereikbaar(uit)


def _rij(el) -> tuple:
    return (el.naam, el.min, el.max, el.type)


def _bereikbaar(klassen: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    """Only the classes a message can contain, from Bericht down: a jeugd-only class (Woonplaatsbeginsel)
    may still be declared in the wmo schema, unused, which is harmless."""
    uit, te_doen = {}, ["Bericht"]
    while te_doen:
        klasse = te_doen.pop()
        if klasse in uit or klasse not in klassen:
            continue
        uit[klasse] = klassen[klasse]
        te_doen += [r[3] for r in klassen[klasse]]
    return uit


def _elementen(ct) -> list[tuple]:
    """(element, min, max, type local name, type namespace) of one generated complexType."""
    uit = []
    for el in ct.iter(f"{{{XS}}}element"):
        prefix, _, lokaal = el.get("type").rpartition(":")
        maximum = el.get("maxOccurs", "1")
        uit.append(
            (
                el.get("name"),
                int(el.get("minOccurs", "1")),
                None if maximum == "unbounded" else int(maximum),
                lokaal,
                el.nsmap[prefix],
            )
        )
    return uit


@cache
def _schema_klassen(tekst: str) -> dict[str, list[tuple]]:
    """complexType name -> its elements, for the classes reachable from the root element Bericht."""
    root = etree.fromstring(tekst.encode())
    uit = {ct.get("name"): _elementen(ct) for ct in root.iter(f"{{{XS}}}complexType")}
    (wortel,) = [e for e in root if e.tag == f"{{{XS}}}element" and e.get("name") == "Bericht"]
    uit["Bericht"] = uit.pop(wortel.get("type").rpartition(":")[2])
    return _bereikbaar(uit)


SOORTEN = [(d, n) for n in sorted(BERICHTCODES) for d in DOMEINEN]
IDS = [soort(d, n) for d, n in SOORTEN]


def test_the_definitions_hold_exactly_the_messages_of_the_document():
    """iJw-berichten/iWmo-berichten: these twelve message types (323/325 aside), with their codes and direction."""
    assert set(BERICHTEN) == set(BERICHTCODES)
    for nummer, codes in BERICHTCODES.items():
        bericht = BERICHTEN[nummer]
        assert bericht.codes == codes, nummer
        assert bericht.retour_op == RETOUR_OP.get(nummer), nummer
        assert bericht.van_gemeente == (RETOUR_OP.get(nummer, nummer) in VAN_GEMEENTE), nummer


@pytest.mark.parametrize(("domein", "nummer"), SOORTEN, ids=IDS)
def test_the_python_definitions_follow_the_document(domein, nummer):
    """The header is not part of the Python data (xsd.header_typen writes it): the schema walk covers it."""
    tabel = _per_klasse(r for r in verwacht(domein, nummer) if r[0] != "Header")
    ons = _uit_definities(domein, nummer)
    assert ons.keys() == tabel.keys()
    for klasse, rijen in tabel.items():
        assert ons[klasse] == rijen, f"{soort(domein, nummer)} {klasse}"


@pytest.mark.parametrize(("domein", "nummer"), SOORTEN, ids=IDS)
def test_the_generated_schema_follows_the_document(domein, nummer):
    """Element by element and in order, namespaces included: LDT_/CDT_ types come from the
    basisschema, the message's own classes (RetourCodes too) from the message namespace (header)."""
    klassen = _schema_klassen(berichtschema(domein, nummer))
    tabel = _per_klasse(verwacht(domein, nummer))
    assert klassen.keys() == tabel.keys()
    eigen, basis = ns_bericht(domein, nummer), NS_BASIS[domein]
    for klasse, rijen in tabel.items():
        assert [r[:4] for r in klassen[klasse]] == rijen, f"{soort(domein, nummer)} {klasse}"
        for element, _min, _max, type_, ns in klassen[klasse]:
            assert ns == (basis if type_.startswith(("LDT_", "CDT_")) else eigen), f"{klasse}/{element}"


@pytest.mark.parametrize("domein", DOMEINEN)
def test_the_basisschema_complex_types_follow_the_document(domein):
    tabel = _per_klasse(CDT_TABEL)
    assert {k: [_rij(el) for el in els] for k, els in CDT.items()} == tabel  # the Python data
    root = etree.fromstring(basisschema(domein).encode())
    klassen = {ct.get("name"): [r[:4] for r in _elementen(ct)] for ct in root.iter(f"{{{XS}}}complexType")}
    assert klassen == tabel  # and the generated schema


@pytest.mark.parametrize(("domein", "nummer"), SOORTEN, ids=IDS)
def test_header_patterns_per_message(domein, nummer):
    """header: BerichtCode string 1-3 with the message's code as pattern (RS047), BerichtVersie pattern
    3 (CS025), BerichtSubversie pattern 2 (CS015)."""
    root = etree.fromstring(berichtschema(domein, nummer).encode())
    facetten = {}
    for st in root.iter(f"{{{XS}}}simpleType"):
        (restrictie,) = st
        facetten[st.get("name")] = (
            restrictie.get("base"),
            {etree.QName(f).localname: f.get("value") for f in restrictie},
        )
    code = BERICHTCODES[nummer][domein]
    assert facetten["BerichtCode"] == ("xs:string", {"minLength": "1", "maxLength": "3", "pattern": code})
    assert facetten["BerichtVersie"] == ("xs:integer", {"pattern": "3"})
    assert facetten["BerichtSubversie"] == ("xs:integer", {"pattern": "2"})


# ---------------------------------------------------------------------------------------------------
# Lengths, ranges, patterns and code lists of header tot 302-319 and codelijsten that test_definities.py does not
# assert. (typ, facet, value, source); checked for both domains unless the list differs per domain.
# ---------------------------------------------------------------------------------------------------
FACETTEN = [
    ("LDT_BerichtVersie", "basis", "integer", "header xs:integer 0-99"),
    ("LDT_BerichtVersie", "minimum", 0, "header"),
    ("LDT_BerichtVersie", "maximum", 99, "header"),
    ("LDT_BerichtSubversie", "basis", "integer", "header xs:integer 0-99"),
    ("LDT_BerichtSubversie", "minimum", 0, "header"),
    ("LDT_BerichtSubversie", "maximum", 99, "header"),
    ("LDT_Gemeente", "patroon", "[0-9]{4}", "header Afzender, RS035"),
    ("LDT_AgbCode", "patroon", "[0-9]{8}", "header Ontvanger, RS036"),
    ("LDT_IdentificatieBericht", "min_lengte", 1, "header xs:string 1-12"),
    ("LDT_Datum", "basis", "date", "header Dates: xs:date"),
    ("LDT_Datum", "patroon", "[^:Z]*", "header Dates: no time zone, RS032"),
    ("LDT_Tijd", "basis", "time", "header Dates: xs:time"),
    ("LDT_Tijd", "patroon", "[^Z+-]+", "header Dates: no time zone, RS034"),
    ("LDT_BurgerServicenummer", "patroon", "[0-9]{9}", "301 Client/Bsn"),
    ("LDT_Naam", "min_lengte", 1, "301 Achternaam LDT_Naam 1-200"),
    ("LDT_Naam", "max_lengte", 200, "301"),
    ("LDT_Voorvoegsel", "min_lengte", 1, "301 Voorvoegsel 1-10"),
    ("LDT_Voorvoegsel", "max_lengte", 10, "301"),
    ("LDT_Taal", "min_lengte", 1, "301 Taal 1-25"),
    ("LDT_Taal", "max_lengte", 25, "301"),
    ("LDT_Commentaar", "min_lengte", 1, "header Commentaar: min length 1"),
    ("LDT_Persoonsid", "min_lengte", 1, "301 Relatie/Nummer xs:string 1-20"),
    ("LDT_Persoonsid", "max_lengte", 20, "301"),
    ("LDT_RelatieVolgorde", "basis", "integer", "301 Relatie/Volgorde xs:integer 0-99"),
    ("LDT_RelatieVolgorde", "minimum", 0, "301"),
    ("LDT_RelatieVolgorde", "maximum", 99, "301"),
    ("LDT_Huisnummer", "basis", "integer", "301 Huisnummer xs:integer 0-99999"),
    ("LDT_Huisnummer", "minimum", 0, "301"),
    ("LDT_Huisnummer", "maximum", 99999, "301"),
    ("LDT_Huisletter", "min_lengte", 1, "301 Huisletter 1 char"),
    ("LDT_Huisletter", "max_lengte", 1, "301"),
    ("LDT_HuisnummerToevoeging", "min_lengte", 1, "301 HuisnummerToevoeging 1-4"),
    ("LDT_HuisnummerToevoeging", "max_lengte", 4, "301"),
    ("LDT_Postcode", "min_lengte", 1, "301 Postcode 1-8"),
    ("LDT_Postcode", "max_lengte", 8, "301"),
    ("LDT_Straatnaam", "min_lengte", 1, "301 Straatnaam 1-24"),
    ("LDT_Plaatsnaam", "min_lengte", 1, "301 Plaatsnaam 1-80"),
    ("LDT_Plaatsnaam", "max_lengte", 80, "301"),
    # 301/codelijsten persoon en adres LandCode: COD032, a code list (istandaard/codelijsten/cod032_land.yaml).
    ("LDT_LandCode", "patroon", None, "301 LandCode: COD032 is a code list, not a pattern"),
    ("LDT_Organisatienaam", "min_lengte", 1, "301 Contact/Organisatie 1-35"),
    ("LDT_Organisatienaam", "max_lengte", 35, "301"),
    ("LDT_Telefoonnummer", "patroon", "[0-9]{1,15}", "301 Telefoonnummer digits only 1-15, RS046"),
    ("LDT_Landnummer", "min_lengte", 1, "301 Landnummer 1-4"),
    ("LDT_Landnummer", "max_lengte", 4, "301"),
    ("LDT_Emailadres", "min_lengte", 1, "301 Emailadres 1-80"),
    ("LDT_Emailadres", "max_lengte", 80, "301"),
    ("LDT_Nummer", "basis", "integer", "301 ToewijzingNummer xs:integer 0-999 999 999"),
    ("LDT_Nummer", "minimum", 0, "301"),
    ("LDT_Referentie", "min_lengte", 1, "301 ReferentieAanbieder 1-36"),
    ("LDT_ProductCode", "min_lengte", 1, "codelijst ProductCategorie LDT_ProductCode xs:string 1-5"),
    ("LDT_ProductCode", "max_lengte", 5, "codelijst ProductCategorie"),
    ("LDT_ProductCode", "waarden", None, "codelijst ProductCategorie: not an enumeration in the XSD"),
    ("LDT_ProductCategorie", "min_lengte", 2, "301 Categorie 2 chars"),
    ("LDT_ProductCategorie", "max_lengte", 2, "301"),
    ("LDT_Volume", "basis", "integer", "301 Volume xs:integer 0-99 999 999"),
    ("LDT_Volume", "minimum", 0, "301"),
    ("LDT_Volume", "maximum", 99_999_999, "301"),
    ("LDT_Budget", "basis", "integer", "301 Budget xs:integer 0-99 999 999 (eurocent)"),
    ("LDT_Budget", "minimum", 0, "301"),
    ("LDT_Budget", "maximum", 99_999_999, "301"),
    ("LDT_NaamVerwijzer", "min_lengte", 1, "315 Verwijzer/Naam 1-64"),
    ("LDT_NaamVerwijzer", "max_lengte", 64, "315"),
    ("LDT_RetourCode", "max_lengte", 4, "retourheader LDT_RetourCode (4 chars)"),
    # Code lists, codelijsten.
    ("LDT_Geslacht", "waarden", ("0", "1", "2"), "codelijsten persoon en adres COD046"),
    ("LDT_NaamGebruik", "waarden", ("1", "2", "3", "4", "5", "6"), "codelijsten persoon en adres COD700"),
    ("LDT_DatumGebruik", "waarden", ("1", "2", "3"), "codelijsten persoon en adres COD170"),
    ("LDT_Communicatievorm", "waarden", ("1", "2", "3"), "codelijsten persoon en adres COD747"),
    ("LDT_AdresSoort", "waarden", ("01", "02", "03", "04"), "codelijsten persoon en adres COD757"),
    ("LDT_AanduidingWoonadres", "waarden", ("AB", "BY", "TO", "WW"), "codelijsten persoon en adres NUM061"),
    (
        "LDT_JuridischeStatus",
        "waarden",
        ("01", "02", "03", "04", "05", "11", "12"),
        "codelijsten persoon en adres WJ232",
    ),
    (
        "LDT_WettelijkeVertegenwoordiging",
        "waarden",
        ("06", "07", "08", "09", "10"),
        "codelijsten persoon en adres WJ003",
    ),
    (
        "LDT_SoortRelatie",
        "waarden",
        tuple(f"{c:02d}" for c in range(3, 26)),  # 03 Curator .. 25 Wijkcoach, no 01/02
        "codelijst SoortRelatie COD472",
    ),
    (
        "LDT_RedenWijziging",
        "waarden",
        tuple(f"{c:02d}" for c in range(1, 15)),
        "codelijst RedenWijziging JZ002/WMO002: 01-14",
    ),
    ("LDT_RedenVerzoek", "waarden", ("1", "2"), "verzoek-codelijsten WJ758"),
    ("LDT_VerzoekAntwoord", "waarden", ("1", "2"), "verzoek-codelijsten WJ760"),
    (
        "LDT_RedenAfwijzingVerzoek",
        "waarden",
        ("1", "2", "3", "4", "5", "6", "7", "8", "9"),
        "verzoek-codelijsten WJ759",
    ),
    ("LDT_JaNee", "waarden", ("1", "2"), "codelijsten StatusAanlevering/JaNee COD260"),
]


@pytest.mark.parametrize("domein", DOMEINEN)
@pytest.mark.parametrize(("typ", "facet", "waarde", "bron"), FACETTEN, ids=[f"{r[0]}.{r[1]}" for r in FACETTEN])
def test_facets_and_code_lists_per_section(domein, typ, facet, waarde, bron):
    assert getattr(typen_voor(domein)[typ], facet) == waarde, bron


# codelijst ProductCategorie Productcategorie, transcribed from the two tables.
_JZ020 = "31 32 33 34 35 36 37 38 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55"
PRODUCTCATEGORIE_JZ020 = tuple(_JZ020.split())
PRODUCTCATEGORIE_WMO020 = tuple(f"{c:02d}" for c in range(1, 19))  # 01 Hulp bij het huishouden .. 18
# codelijst RedenBeeindiging Reden beeindiging: JZ588 and WMO588 (11 values each; 31 means something else per domain).
REDEN_BEEINDIGING_JZ588 = ("02", "20", "31", "32", "33", "34", "35", "36", "37", "38", "39")
REDEN_BEEINDIGING_WMO588 = ("02", "19", "20", "21", "22", "23", "31", "36", "37", "38", "39")


@pytest.mark.parametrize(
    ("domein", "typ", "waarden", "bron"),
    [
        ("jeugd", "LDT_ProductCategorie", PRODUCTCATEGORIE_JZ020, "codelijst ProductCategorie JZ020 (24 values)"),
        ("wmo", "LDT_ProductCategorie", PRODUCTCATEGORIE_WMO020, "codelijst ProductCategorie WMO020 (18 values)"),
        ("jeugd", "LDT_RedenBeeindiging", REDEN_BEEINDIGING_JZ588, "codelijst RedenBeeindiging JZ588"),
        ("wmo", "LDT_RedenBeeindiging", REDEN_BEEINDIGING_WMO588, "codelijst RedenBeeindiging WMO588"),
    ],
)
def test_domain_code_lists(domein, typ, waarden, bron):
    assert typen_voor(domein)[typ].waarden == waarden, bron
    lijst = PRODUCTCATEGORIE if typ == "LDT_ProductCategorie" else REDEN_BEEINDIGING
    assert lijst[domein] == waarden, bron


# codelijst RetourCode: the 59 retourcodes of WJ001, transcribed from the table's Code column.
_WJ001 = (
    "0001 0200 0233 0611 8001 8017 8021 8187 8214 8848 9019 9056 9063 9069 9071 9074 9307 9308 9319 "
    "9321 9322 9326 9332 9333 9338 9339 9340 9341 9346 9347 9349 9350 9351 9355 9357 9359 9360 9361 "
    "9365 9366 9367 9369 9373 9374 9375 9379 9384 9385 9387 9388 9389 9390 9411 9412 9413 9414 9415 "
    "S300 S329"
)
RETOURCODES_WJ001 = tuple(_WJ001.split())


def test_the_retourcodes_are_those_of_section_6_13():
    assert len(RETOURCODES_WJ001) == 59
    assert tuple(RETOURCODES) == RETOURCODES_WJ001
    for domein in DOMEINEN:
        assert typen_voor(domein)["LDT_RetourCode"].waarden == RETOURCODES_WJ001
    # codelijst RetourCode "Meaning of the structural codes": there is no "0001 = akkoord"
    assert RETOURCODES["0001"] == "Bericht is afgekeurd om technische redenen."
    assert RETOURCODES["0200"] == "Geen opmerking over deze berichtklasse."
    assert RETOURCODES["0233"] == "Berichtklasse is niet beoordeeld."


# ---------------------------------------------------------------------------------------------------
# The same facts as behaviour of the compiled basisschema: a value of a simple type is accepted or
# refused. This is what a received message meets, so it also checks how the facets are written.
# ---------------------------------------------------------------------------------------------------
@cache
def _waarde_schema(domein: str, typ: str) -> etree.XMLSchema:
    root = etree.fromstring(basisschema(domein).encode())
    etree.SubElement(root, f"{{{XS}}}element", name="w", type=f"b:{typ}")
    return etree.XMLSchema(root)


def _aanvaard(domein: str, typ: str, waarde: str) -> bool:
    w = etree.Element(f"{{{NS_BASIS[domein]}}}w")
    w.text = waarde
    return _waarde_schema(domein, typ).validate(w)


WAARDEN = [
    ("LDT_Gemeente", "0983", True, "CBS-gemeentecodes Venlo"),
    ("LDT_Gemeente", "983", False, "header 4 digits"),
    ("LDT_AgbCode", "12345678", True, "header 8 digits"),
    ("LDT_AgbCode", "1234567", False, "header 8 digits"),
    ("LDT_BurgerServicenummer", "999990019", True, "301 9 digits"),
    ("LDT_BurgerServicenummer", "99999001", False, "301 9 digits"),
    ("LDT_IdentificatieBericht", "A" * 12, True, "header 1-12"),
    ("LDT_IdentificatieBericht", "A" * 13, False, "header 1-12"),
    ("LDT_IdentificatieBericht", "   ", False, "header not only whitespace"),
    ("LDT_Versie", "1.0.0", True, "header N.N.N"),
    ("LDT_Versie", "1.0", False, "header N.N.N"),
    ("LDT_Datum", "2026-04-01", True, "header xs:date"),
    ("LDT_Datum", "2026-04-01Z", False, "header no time zone"),
    ("LDT_Datum", "2026-04-01+02:00", False, "header no time zone"),
    ("LDT_Tijd", "12:34:56", True, "header xs:time"),
    ("LDT_Tijd", "12:34:56Z", False, "header no time zone"),
    ("LDT_Tijd", "12:34:56+02:00", False, "header no time zone"),
    ("LDT_Voorletters", "JH", True, "301 1-6 letters"),
    ("LDT_Voorletters", "J.H.", False, "301 no dots"),
    ("LDT_Voorletters", "J H", False, "301 no spaces"),
    ("LDT_Voorletters", "ABCDEFG", False, "301 at most 6"),
    ("LDT_Voorletters", "ÉÖ", True, "301 letters: a diacritic is a letter"),
    ("LDT_Commentaar", "Zie dossier.", True, "header Commentaar"),
    ("LDT_Commentaar", " \t ", False, "301 at least one non-space character"),
    ("LDT_Commentaar", "Eerste regel.\nTweede regel.", True, "header free text: line breaks are text too"),
    ("LDT_Telefoonnummer", "0771234567", True, "301 digits only"),
    ("LDT_Telefoonnummer", "077-1234567", False, "301 digits only"),
    ("LDT_Telefoonnummer", "1" * 16, False, "301 1-15"),
    ("LDT_LandCode", "NL", True, "301 2 letters"),
    ("LDT_LandCode", "NLD", False, "301 2 letters"),
    ("LDT_LandCode", "XX", False, "COD032: two letters that are no country"),
    ("LDT_Naam", "   ", False, "RS033: not only whitespace"),
    ("LDT_Nummer", "999999999", True, "301 0-999 999 999"),
    ("LDT_Nummer", "1000000000", False, "301 0-999 999 999"),
    ("LDT_Nummer", "-1", False, "301 0-999 999 999"),
    ("LDT_Huisnummer", "100000", False, "301 0-99999"),
    ("LDT_Volume", "100000000", False, "301 0-99 999 999"),
    ("LDT_RelatieVolgorde", "100", False, "301 0-99"),
    ("LDT_ProductCode", "45A53", True, "codelijst ProductCategorie shape CCXNN"),
    ("LDT_ProductCode", "45A530", False, "codelijst ProductCategorie 1-5"),
    ("LDT_RetourCode", "0200", True, "codelijst RetourCode"),
    ("LDT_RetourCode", "0000", False, "codelijst RetourCode not in WJ001"),
    ("LDT_Eenheid", "02", False, "codelijst Eenheid there is no code 02"),
    ("LDT_TypeVerwijzer", "07", False, "codelijst TypeVerwijzer there is no 07"),
]


@pytest.mark.parametrize("domein", DOMEINEN)
@pytest.mark.parametrize(("typ", "waarde", "goed", "bron"), WAARDEN, ids=[f"{r[0]}={r[1]!r}"[:40] for r in WAARDEN])
def test_the_compiled_basisschema_accepts_and_refuses(domein, typ, waarde, goed, bron):
    assert _aanvaard(domein, typ, waarde) is goed, bron


@pytest.mark.parametrize(
    ("typ", "jeugd", "wmo", "bron"),
    [
        (
            "LDT_ProductCategorie",
            "45",
            "01",
            "codelijst ProductCategorie: 45 Jeugdhulp ambulant / 01 Hulp bij het huishouden",
        ),
        ("LDT_RedenBeeindiging", "33", "19", "codelijst RedenBeeindiging: 33 only in JZ588, 19 only in WMO588"),
    ],
)
def test_domain_lists_are_not_mixed_up(typ, jeugd, wmo, bron):
    assert _aanvaard("jeugd", typ, jeugd) and not _aanvaard("wmo", typ, jeugd), bron
    assert _aanvaard("wmo", typ, wmo) and not _aanvaard("jeugd", typ, wmo), bron


def test_every_row_names_a_type_that_exists():
    """A row's type is a simple type of the basisschema, a CDT_ of header tot 302-319, or a class of the message."""
    for domein in DOMEINEN:
        bekend = set(typen_voor(domein)) | set(CDT)
        for nummer in BERICHTCODES:
            rijen = verwacht(domein, nummer)
            klassen = {r[0] for r in rijen} | {"BerichtCode", "BerichtVersie", "BerichtSubversie"}
            for klasse, element, _min, _max, type_ in rijen:
                assert type_ in bekend | klassen, f"{soort(domein, nummer)} {klasse}/{element}: {type_}"
            assert all(re.fullmatch(r"[A-Z][A-Za-z0-9]+", r[1]) for r in rijen)
