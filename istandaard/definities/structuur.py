"""The complex types of the basisschema (CDT_*) and the structure of each message (iStandaarden iJw/iWmo 3.2,
basisschema).

A structure is a sequence of elements; order matters (xs:sequence). Local types of a message live in
the message's namespace, CDT_/LDT_ types in the basisschema's. A retourbericht is derived from its
heenbericht: the same header plus the retour elements (IV028), and every class of the body gets
`RetourCodes`, a list wrapper such as ToegewezenProducten does not (iStandaarden iJw/iWmo 3.2, berichtheader)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class El:
    naam: str
    type: str
    min: int = 1
    max: int | None = 1  # None: unbounded
    alleen: str | None = None  # "jeugd": only in the iJw message (e.g. Woonplaatsbeginsel, GezagsdragerBekend)


def opt(naam, type_, **kw) -> El:
    return El(naam, type_, 0, 1, **kw)


def veel(naam, type_, minimum=1) -> El:
    return El(naam, type_, minimum, None)


CDT: dict[str, list[El]] = {
    "CDT_BerichtIdentificatie": [El("Identificatie", "LDT_IdentificatieBericht"), El("Dagtekening", "LDT_Datum")],
    "CDT_XsdVersie": [El("BasisschemaXsdVersie", "LDT_Versie"), El("BerichtXsdVersie", "LDT_Versie")],
    "CDT_Geboortedatum": [El("Datum", "LDT_Datum"), opt("DatumGebruik", "LDT_DatumGebruik")],
    "CDT_Achternaam": [El("Achternaam", "LDT_Naam"), opt("Voorvoegsel", "LDT_Voorvoegsel")],
    "CDT_VolledigeNaam": [
        El("Geslachtsnaam", "CDT_Achternaam"),
        opt("Partnernaam", "CDT_Achternaam"),
        opt("Voornamen", "LDT_Naam"),
        opt("Voorletters", "LDT_Voorletters"),
        El("NaamGebruik", "LDT_NaamGebruik"),
    ],
    "CDT_VerkorteNaam": [
        El("Geslachtsnaam", "CDT_Achternaam"),
        opt("Voornamen", "LDT_Naam"),
        opt("Voorletters", "LDT_Voorletters"),
    ],
    "CDT_Communicatie": [El("Vorm", "LDT_Communicatievorm"), opt("Taal", "LDT_Taal")],
    "CDT_Huis": [
        El("Huisnummer", "LDT_Huisnummer"),
        opt("Huisletter", "LDT_Huisletter"),
        opt("HuisnummerToevoeging", "LDT_HuisnummerToevoeging"),
        opt("AanduidingWoonadres", "LDT_AanduidingWoonadres"),
    ],
    "CDT_Adres": [
        opt("Huis", "CDT_Huis"),
        opt("Postcode", "LDT_Postcode"),
        opt("Straatnaam", "LDT_Straatnaam"),
        opt("Plaatsnaam", "LDT_Plaatsnaam"),
        opt("LandCode", "LDT_LandCode"),
    ],
    "CDT_Telefoon": [El("Telefoonnummer", "LDT_Telefoonnummer"), El("Landnummer", "LDT_Landnummer")],
    "CDT_Telefoonnummers": [El("Telefoon01", "CDT_Telefoon"), opt("Telefoon02", "CDT_Telefoon")],
    "CDT_OpenPeriode": [opt("Begindatum", "LDT_Datum"), opt("Einddatum", "LDT_Datum")],
    "CDT_Product": [El("Categorie", "LDT_ProductCategorie"), opt("Code", "LDT_ProductCode")],
    "CDT_Omvang": [El("Volume", "LDT_Volume"), El("Eenheid", "LDT_Eenheid"), El("Frequentie", "LDT_Frequentie")],
    "CDT_Verwijzer": [
        El("Type", "LDT_TypeVerwijzer"),
        opt("Naam", "LDT_NaamVerwijzer"),
        opt("ZorgverlenerCode", "LDT_AgbCode"),
    ],
}


@dataclass(frozen=True)
class Bericht:
    """One message type: its number (301…), codes per domain, direction and local types."""

    nummer: str
    naam: str
    codes: dict  # domein -> BerichtCode
    van_gemeente: bool  # Afzender is the gemeente (LDT_Gemeente) in the header
    body: El
    typen: dict[str, list[El]] = field(default_factory=dict)
    retour_op: str | None = None  # for a retourbericht: the number of its heenbericht


CLIENT_301 = [
    El("Bsn", "LDT_BurgerServicenummer"),
    El("Geboortedatum", "CDT_Geboortedatum"),
    El("Geslacht", "LDT_Geslacht"),
    El("Naam", "CDT_VolledigeNaam"),
    opt("Communicatie", "CDT_Communicatie"),
    opt("JuridischeStatus", "LDT_JuridischeStatus"),
    opt("WettelijkeVertegenwoordiging", "LDT_WettelijkeVertegenwoordiging"),
    opt("Commentaar", "LDT_Commentaar"),
    opt("Relaties", "Relaties"),
    El("Contactgegevens", "Contactgegevens"),
    El("ToegewezenProducten", "ToegewezenProducten"),
]
TYPEN_301 = {
    "Client": CLIENT_301,
    "Relaties": [veel("Relatie", "Relatie")],
    "Relatie": [
        El("Nummer", "LDT_Persoonsid"),
        opt("Volgorde", "LDT_RelatieVolgorde"),
        El("Soort", "LDT_SoortRelatie"),
        opt("Geboortedatum", "CDT_Geboortedatum"),
        opt("Geslacht", "LDT_Geslacht"),
        El("Naam", "CDT_VolledigeNaam"),
        El("Contact", "Contact"),
    ],
    "Contactgegevens": [veel("Contact", "Contact")],
    "Contact": [
        El("Soort", "LDT_AdresSoort"),
        opt("Adres", "CDT_Adres"),
        opt("Organisatie", "LDT_Organisatienaam"),
        opt("Telefoon", "CDT_Telefoonnummers"),
        opt("Emailadres", "LDT_Emailadres"),
        opt("Periode", "CDT_OpenPeriode"),
    ],
    "ToegewezenProducten": [veel("ToegewezenProduct", "ToegewezenProduct")],
    "ToegewezenProduct": [
        El("ToewijzingNummer", "LDT_Nummer"),
        opt("ReferentieAanbieder", "LDT_Referentie"),
        opt("Product", "CDT_Product"),
        El("Toewijzingsdatum", "LDT_Datum"),
        El("Toewijzingstijd", "LDT_Tijd"),
        El("Ingangsdatum", "LDT_Datum"),
        opt("Einddatum", "LDT_Datum"),
        opt("RedenWijziging", "LDT_RedenWijziging"),
        opt("Omvang", "CDT_Omvang"),
        opt("Budget", "LDT_Budget"),
        opt("Commentaar", "LDT_Commentaar"),
    ],
}
CLIENT_KORT = [
    El("Bsn", "LDT_BurgerServicenummer"),
    El("Geboortedatum", "CDT_Geboortedatum"),
    El("Geslacht", "LDT_Geslacht"),
    El("Naam", "CDT_VerkorteNaam"),
]
TYPEN_305 = {
    "Client": [*CLIENT_KORT, El("StartProducten", "StartProducten")],
    "StartProducten": [veel("StartProduct", "StartProduct")],
    "StartProduct": [
        opt("ToewijzingNummer", "LDT_Nummer"),
        opt("Product", "CDT_Product"),
        opt("ToewijzingIngangsdatum", "LDT_Datum"),
        El("Begindatum", "LDT_Datum"),
        El("StatusAanlevering", "LDT_StatusAanlevering"),
    ],
}
TYPEN_307 = {
    "Client": [*CLIENT_KORT, El("StopProducten", "StopProducten")],
    "StopProducten": [veel("StopProduct", "StopProduct")],
    "StopProduct": [
        opt("ToewijzingNummer", "LDT_Nummer"),
        opt("Product", "CDT_Product"),
        opt("ToewijzingIngangsdatum", "LDT_Datum"),
        El("Begindatum", "LDT_Datum"),
        El("RedenBeeindiging", "LDT_RedenBeeindiging"),
        El("Einddatum", "LDT_Datum"),
        El("StatusAanlevering", "LDT_StatusAanlevering"),
    ],
}
TYPEN_315 = {
    "Client": [
        *CLIENT_KORT,
        opt("GezagsdragerBekend", "LDT_JaNee", alleen="jeugd"),
        opt("Commentaar", "LDT_Commentaar"),
        El("AangevraagdeProducten", "AangevraagdeProducten"),
    ],
    "AangevraagdeProducten": [veel("AangevraagdProduct", "AangevraagdProduct")],
    "AangevraagdProduct": [
        El("ReferentieAanbieder", "LDT_Referentie"),
        opt("BeschikkingNummer", "LDT_Nummer"),
        opt("Product", "CDT_Product"),
        opt("BeschikkingIngangsdatum", "LDT_Datum"),
        El("ToewijzingIngangsdatum", "LDT_Datum"),
        opt("ToewijzingEinddatum", "LDT_Datum"),
        opt("Omvang", "CDT_Omvang"),
        opt("Budget", "LDT_Budget"),
        El("Verwijzer", "CDT_Verwijzer"),
        opt("Raamcontract", "LDT_JaNee"),
        opt("Commentaar", "LDT_Commentaar"),
    ],
}
TYPEN_317 = {
    "Client": [El("Bsn", "LDT_BurgerServicenummer"), El("Verzoek", "Verzoek")],
    "Verzoek": [
        El("ReferentieAanbieder", "LDT_Referentie"),
        El("RedenVerzoek", "LDT_RedenVerzoek"),
        opt("OngewijzigdeProducten", "OngewijzigdeProducten"),
        opt("TeWijzigenProducten", "TeWijzigenProducten"),
        opt("NieuweProducten", "NieuweProducten"),
    ],
    "OngewijzigdeProducten": [veel("OngewijzigdProduct", "OngewijzigdProduct")],
    "OngewijzigdProduct": [El("ToewijzingNummer", "LDT_Nummer")],
    "TeWijzigenProducten": [veel("TeWijzigenProduct", "TeWijzigenProduct")],
    "TeWijzigenProduct": [
        El("ToewijzingNummer", "LDT_Nummer"),
        El("GewensteIngangsdatum", "LDT_Datum"),
        opt("Einddatum", "LDT_Datum"),
        opt("Omvang", "CDT_Omvang"),
        opt("Budget", "LDT_Budget"),
    ],
    "NieuweProducten": [veel("NieuwProduct", "NieuwProduct")],
    "NieuwProduct": [
        opt("Product", "CDT_Product"),
        El("GewensteIngangsdatum", "LDT_Datum"),
        opt("Einddatum", "LDT_Datum"),
        opt("Omvang", "CDT_Omvang"),
        opt("Budget", "LDT_Budget"),
    ],
}
TYPEN_319 = {
    "Antwoord": [
        El("ReferentieAanbieder", "LDT_Referentie"),
        El("VerzoekAntwoord", "LDT_VerzoekAntwoord"),
        opt("RedenAfwijzingVerzoek", "LDT_RedenAfwijzingVerzoek"),
        opt("Woonplaatsbeginsel", "Woonplaatsbeginsel", alleen="jeugd"),
    ],
    "Woonplaatsbeginsel": [El("Gemeente", "LDT_Gemeente")],
}


def _is_lijst(els: list[El]) -> bool:
    """A list wrapper (ToegewezenProducten, StartProducten, ...): nothing but one repeating element."""
    return len(els) == 1 and els[0].max is None


def _retour(heen: Bericht, nummer: str, codes: dict) -> Bericht:
    """IV028: the body of the heenbericht with RetourCodes [1..1] on every class; the Client is optional
    (an accepted message is answered with the header only). iStandaarden iJw/iWmo 3.2, bericht 302 names the classes of
    JW302 (Client, Relatie, Contact, ToegewezenProduct): the list wrappers get no RetourCodes, and a
    retour that had them could not validate a conformant message from an aanbieder. RetourCodes is a
    class of the message itself, not a CDT_ of the basisschema (retourheader names no CDT_ for it), so its
    RetourCode is in the message namespace like every other message-level element (header)."""
    typen = {
        naam: els if _is_lijst(els) else [*els, El("RetourCodes", "RetourCodes")] for naam, els in heen.typen.items()
    }
    typen["RetourCodes"] = [veel("RetourCode", "LDT_RetourCode")]
    body = El(heen.body.naam, heen.body.type, 0, 1)
    return Bericht(nummer, f"{heen.naam} retour", codes, heen.van_gemeente, body, typen, retour_op=heen.nummer)


HEEN = [
    Bericht("301", "Toewijzing", {"jeugd": "436", "wmo": "414"}, True, El("Client", "Client"), TYPEN_301),
    Bericht("305", "Start zorg", {"jeugd": "438", "wmo": "418"}, False, El("Client", "Client"), TYPEN_305),
    Bericht("307", "Stop zorg", {"jeugd": "440", "wmo": "420"}, False, El("Client", "Client"), TYPEN_307),
    Bericht("315", "Verzoek om toewijzing", {"jeugd": "446", "wmo": "444"}, False, El("Client", "Client"), TYPEN_315),
    Bericht("317", "Verzoek om wijziging", {"jeugd": "486", "wmo": "480"}, False, El("Client", "Client"), TYPEN_317),
    Bericht("319", "Antwoordbericht", {"jeugd": "488", "wmo": "482"}, True, El("Antwoord", "Antwoord"), TYPEN_319),
]
_HEEN = {b.nummer: b for b in HEEN}
RETOUR = [
    _retour(_HEEN["301"], "302", {"jeugd": "437", "wmo": "415"}),
    _retour(_HEEN["305"], "306", {"jeugd": "439", "wmo": "419"}),
    _retour(_HEEN["307"], "308", {"jeugd": "441", "wmo": "421"}),
    _retour(_HEEN["315"], "316", {"jeugd": "447", "wmo": "445"}),
    _retour(_HEEN["317"], "318", {"jeugd": "487", "wmo": "481"}),
    _retour(_HEEN["319"], "320", {"jeugd": "489", "wmo": "483"}),
]
BERICHTEN: dict[str, Bericht] = {b.nummer: b for b in [*HEEN, *RETOUR]}
PREFIX = {"jeugd": "JW", "wmo": "WMO"}


def soort(domein: str, nummer: str) -> str:
    """'JW301', 'WMO302'…"""
    return f"{PREFIX[domein]}{nummer}"


def ontleed_soort(naam: str) -> tuple[str, str]:
    """'WMO305' -> ('wmo', '305')."""
    for domein, prefix in PREFIX.items():
        if naam.upper().startswith(prefix) and naam[len(prefix) :] in BERICHTEN:
            return domein, naam[len(prefix) :]
    raise KeyError(naam)
