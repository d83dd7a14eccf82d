"""Simple types (LDT_*) of the basisschema with their facets and code lists (iStandaarden iJw/iWmo 3.2, basisschema).

Where the two domains differ (ProductCategorie, RedenBeeindiging) the type carries both lists."""

from __future__ import annotations

from dataclasses import dataclass

from ..codelijsten import landcodes, landcodes_bron


@dataclass(frozen=True)
class Simpel:
    naam: str
    basis: str  # string, integer, date, time
    min_lengte: int | None = None
    max_lengte: int | None = None
    patroon: str | None = None
    waarden: tuple[str, ...] | None = None
    minimum: int | None = None
    maximum: int | None = None
    bron: str = ""


NIET_LEEG = r".*[^\s].*"  # "not only whitespace": the basisschema's pattern on its free-text string types (RS033)
# LDT_Commentaar: "≥ 1 non-space char" (iStandaarden iJw/iWmo 3.2, bericht 301). In an XSD pattern "." does not match a
# line break, so NIET_LEEG would refuse a comment of two lines, which is free text all the same.
NIET_LEEG_MEERREGELIG = r"[\s\S]*\S[\s\S]*"

RETOURCODES = {
    "0001": "Bericht is afgekeurd om technische redenen.",
    "0200": "Geen opmerking over deze berichtklasse.",
    "0233": "Berichtklasse is niet beoordeeld.",
    "0611": "Het ingediende tarief komt niet overeen met het contractuele tarief",
    "8001": "Declaratie is volledig toegewezen.",
    "8017": "Van deze credit prestatie is geen debet prestatie bekend.",
    "8021": "Referentienummer prestatie is reeds aangeleverd.",
    "8187": "De prestatie hoort niet bij deze client.",
    "8214": "DeclaratiePeriode is niet de kalendermaand die volgt op voorgaande DeclaratiePeriode terwijl "
    "iedere declaratieperiode zorg geleverd is.",
    "8848": "Dagtekening moet gelijk zijn aan of voor de systeemdatum liggen.",
    "9019": "Het regie bericht kan niet gekoppeld worden aan een toewijzing.",
    "9056": "Identificatie moet per berichtsoort uniek zijn voor de verzendende partij.",
    "9063": "Het bericht kan niet verwerkt worden omdat geen eerder bericht ontvangen is.",
    "9069": "Er is geen actueel startbericht met dezelfde sleutel.",
    "9071": "Het eerdere start bericht kan niet verwijderd worden omdat de zorg al beeindigd is",
    "9074": "Er is al een eerder bericht ontvangen met dezelfde sleutel.",
    "9307": "Begindatum prestatie ligt niet tussen de ingangsdatum en einddatum toewijzing",
    "9308": "Einddatum prestatie ligt niet tussen de ingangsdatum en einddatum toewijzing",
    "9319": "De ProductPeriode valt niet geheel binnen een DeclaratiePeriode.",
    "9321": "Het ingediende volume overschrijdt het toegewezen volume.",
    "9322": "De som van de ingediende volumes overschrijdt het toegewezen volume",
    "9326": "De actuele levering is nog niet gestopt met een Stopbericht.",
    "9332": "Toewijzing heeft geen uniek nummer binnen wettelijk domein.",
    "9333": "Declaratienummer is niet uniek",
    "9338": "Niet iedere prestatie in een declaratiebericht is gerelateerd aan een toegewezen product op basis "
    "van het toewijzingnummer",
    "9339": "ProductCategorie in de prestatie is niet gelijk aan ProductCategorie in het ToegewezenProduct.",
    "9340": "ProductCode in de Prestatie is niet gelijk aan ProductCode in het ToegewezenProduct.",
    "9341": "Eenheid in de Prestatie past niet bij Eenheid in het ToegewezenProduct",
    "9346": "Eenheid is ongelijk is aan waarde 83 (Euro's), maar IngediendBedrag is niet gelijk aan "
    "GeleverdVolume vermenigvuldigd met (het onafgeronde) ProductTarief.",
    "9347": "ReferentieAanbieder is niet uniek voor de aanbieder binnen het wettelijk domein",
    "9349": "Het VOW bericht bevat niet alle actuele toegewezen producten van de client, hetzij in "
    "OngewijzigdProduct, hetzij in TeWijzigenProduct",
    "9350": "OngewijzigdProduct is niet gerelateerd aan een actueel toegewezen product op basis van het "
    "toewijzingnummer.",
    "9351": "TeWijzigenProduct is niet gerelateerd aan een actuele toewijzing op basis van ToewijzingNummer.",
    "9355": "ReferentieAanbieder in het antwoordbericht komt niet voor in een eerder verzoek om toewijzing of "
    "verzoek om wijziging",
    "9357": "GewensteIngangsdatum is kleiner dan of gelijk aan de dagtekening, maar niet gelijk aan de "
    "ingangsdatum van het originele ToegewezenProduct.",
    "9359": "Er is al een toewijzing gestuurd met deze ReferentieAanbieder.",
    "9360": "Er is al een antwoordbericht met deze ReferentieAanbieder",
    "9361": "Het product komt vaker voor met overlappende zorgperiodes.",
    "9365": "Er komt al een antwoordbericht met dezelfde ReferentieAanbieder voor waar VerzoekAntwoord de "
    "waarde Nee heeft.",
    "9366": "ProductReferentie komt niet voor in een Declaratiebericht",
    "9367": "De waarde komt niet overeen met de waarde uit heenbericht met gelijke ProductReferentie",
    "9369": "Budget is meegegeven, maar de som van GeleverdVolume in alle ingediende Prestaties passen niet "
    "binnen het toegewezen Budget.",
    "9373": "Budget is gewijzigd, maar GewensteIngangsdatum is niet gelijk aan die in de actuele toewijzing",
    "9374": "Er is al een verzoek onderhanden.",
    "9375": "Omvang is gevuld, terwijl Product in toewijzing met ToewijzingNummer leeg is en Einddatum groter "
    "dan 31-12-2020 of leeg is",
    "9379": "ReferentieAanbieder refereert niet naar een verzoek om toewijzing of verzoek om wijziging, is "
    "onterecht gevuld",
    "9384": 'Declaratie op toewijzing met RedenWijziging "13" (Verwijderd)',
    "9385": "Toewijzing heeft goedgekeurde declaratieregels",
    "9387": "Begindatum van de ProductPeriode is niet eerste dag van de kalendermaand waarop ProductPeriode "
    "betrekking heeft en Ingangsdatum van de toewijzing ligt niet later in deze betreffende maand",
    "9388": "Einddatum van de ProductPeriode is niet laatste dag van de kalendermaand waarop ProductPeriode "
    "betrekking heeft en Einddatum van de toewijzing ligt niet eerder in deze betreffende maand.",
    "9389": "Deze prestatie heeft een debetprestatie zonder bijbehorende creditprestatie",
    "9390": "Er is al een Prestatie met gelijk ProductReferentie met waarde Credit",
    "9411": "Omvang is leeg, terwijl Code in Product bij de toewijzing met ToewijzingNummer gevuld is.",
    "9412": "Omvang is niet leeg, terwijl Code in Product bij de toewijzing met ToewijzingNummer leeg is en "
    "einddatum groter dan 31-12-2020 of leeg is",
    "9413": "RedenBeeindiging heeft waarde 20, terwijl er al een ander StopProduct met hetzelfde Bsn, "
    "ToewijzingNummer, Begindatum en RedenBeeindiging waarde 20 is.",
    "9414": "Einddatum is niet >= aan Einddatum uit actuele StopProduct met gelijk Bsn, ToewijzingNummer en Begindatum",
    "9415": "Er is StopProduct met gelijk Bsn, ToewijzingNummer, Begindatum en RedenBeeindiging <> waarde 20",
    "S300": "Gemeentecode komt niet voor in de lijst van CBS.",
    "S329": "ProductCode hoort niet bij de ProductCategorie.",
}

PRODUCTCATEGORIE = {
    "jeugd": tuple(
        f"{c}" for c in [31, 32, 33, 34, 35, 36, 37, 38, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55]
    ),
    "wmo": tuple(f"{c:02d}" for c in range(1, 19)),
}
REDEN_BEEINDIGING = {
    "jeugd": ("02", "20", "31", "32", "33", "34", "35", "36", "37", "38", "39"),
    "wmo": ("02", "19", "20", "21", "22", "23", "31", "36", "37", "38", "39"),
}

TYPEN: dict[str, Simpel] = {
    t.naam: t
    for t in [
        Simpel("LDT_BerichtVersie", "integer", minimum=0, maximum=99, bron="header"),
        Simpel("LDT_BerichtSubversie", "integer", minimum=0, maximum=99, bron="header"),
        Simpel("LDT_Gemeente", "string", patroon="[0-9]{4}", bron="header RS035"),
        Simpel("LDT_AgbCode", "string", patroon="[0-9]{8}", bron="header RS036, OP254"),
        Simpel("LDT_IdentificatieBericht", "string", 1, 12, NIET_LEEG, bron="header, TR056"),
        Simpel("LDT_Datum", "date", patroon="[^:Z]*", bron="header RS032"),
        Simpel("LDT_Tijd", "time", patroon="[^Z+-]+", bron="header RS034"),
        Simpel("LDT_Versie", "string", patroon="[0-9]+\\.[0-9]+\\.[0-9]+", bron="header RS048"),
        Simpel("LDT_BurgerServicenummer", "string", patroon="[0-9]{9}", bron="301 CS002"),
        Simpel("LDT_DatumGebruik", "string", waarden=("1", "2", "3"), bron="codelijsten persoon en adres COD170"),
        Simpel("LDT_Geslacht", "string", waarden=("0", "1", "2"), bron="codelijsten persoon en adres COD046"),
        Simpel("LDT_Naam", "string", 1, 200, NIET_LEEG, bron="301"),
        Simpel("LDT_Voorvoegsel", "string", 1, 10, NIET_LEEG, bron="301"),
        # "1-6 letters, no dots/spaces" (301): letters with diacritics (Émile, Özil) are letters too. The
        # document does not say which; the range is that of the iStandaarden basisschema, so we
        # neither refuse an aanbieder's conformant initial nor send one the receiving XSD refuses.
        Simpel("LDT_Voorletters", "string", patroon="[a-zA-ZÀ-ỳ]{1,6}", bron="301 (letters only, no dots/spaces)"),
        Simpel("LDT_NaamGebruik", "string", waarden=tuple("123456"), bron="codelijsten persoon en adres COD700"),
        Simpel("LDT_Communicatievorm", "string", waarden=("1", "2", "3"), bron="codelijsten persoon en adres COD747"),
        Simpel("LDT_Taal", "string", 1, 25, NIET_LEEG, bron="301"),
        Simpel(
            "LDT_JuridischeStatus",
            "string",
            waarden=("01", "02", "03", "04", "05", "11", "12"),
            bron="codelijsten persoon en adres WJ232",
        ),
        Simpel("LDT_WettelijkeVertegenwoordiging", "string", waarden=("06", "07", "08", "09", "10"), bron="WJ003"),
        Simpel("LDT_Commentaar", "string", min_lengte=1, patroon=NIET_LEEG_MEERREGELIG, bron="301 OP191"),
        Simpel("LDT_Persoonsid", "string", 1, 20, NIET_LEEG, bron="301"),
        Simpel("LDT_RelatieVolgorde", "integer", minimum=0, maximum=99, bron="301"),
        Simpel(
            "LDT_SoortRelatie",
            "string",
            waarden=tuple(f"{c:02d}" for c in range(3, 26)),
            bron="codelijst SoortRelatie COD472",
        ),
        Simpel(
            "LDT_AdresSoort", "string", waarden=("01", "02", "03", "04"), bron="codelijsten persoon en adres COD757"
        ),
        Simpel("LDT_Huisnummer", "integer", minimum=0, maximum=99999, bron="301"),
        Simpel("LDT_Huisletter", "string", 1, 1, NIET_LEEG, bron="301"),
        Simpel("LDT_HuisnummerToevoeging", "string", 1, 4, NIET_LEEG, bron="301"),
        Simpel(
            "LDT_AanduidingWoonadres",
            "string",
            waarden=("AB", "BY", "TO", "WW"),
            bron="codelijsten persoon en adres NUM061",
        ),
        Simpel("LDT_Postcode", "string", 1, 8, NIET_LEEG, bron="301"),
        Simpel("LDT_Straatnaam", "string", 1, 24, NIET_LEEG, bron="301"),
        Simpel("LDT_Plaatsnaam", "string", 1, 80, NIET_LEEG, bron="301"),
        # COD032: the code list as our own data file with its source and version (istandaard/codelijsten).
        Simpel(
            "LDT_LandCode",
            "string",
            waarden=landcodes(),
            bron=f"codelijsten persoon en adres COD032 ({landcodes_bron()})",
        ),
        Simpel("LDT_Organisatienaam", "string", 1, 35, NIET_LEEG, bron="301"),
        Simpel("LDT_Telefoonnummer", "string", patroon="[0-9]{1,15}", bron="301 RS046"),
        Simpel("LDT_Landnummer", "string", 1, 4, NIET_LEEG, bron="301"),
        Simpel("LDT_Emailadres", "string", 1, 80, NIET_LEEG, bron="301"),
        Simpel("LDT_Nummer", "integer", minimum=0, maximum=999_999_999, bron="301 ToewijzingNummer"),
        Simpel("LDT_Referentie", "string", 1, 36, NIET_LEEG, bron="301"),
        Simpel("LDT_ProductCode", "string", 1, 5, NIET_LEEG, bron="codelijst ProductCategorie"),
        Simpel(
            "LDT_RedenWijziging",
            "string",
            waarden=tuple(f"{c:02d}" for c in range(1, 15)),
            bron="codelijst RedenWijziging",
        ),
        Simpel("LDT_Volume", "integer", minimum=0, maximum=99_999_999, bron="301"),
        Simpel(
            "LDT_Eenheid", "string", waarden=("01", "04", "14", "16", "82", "83", "84"), bron="codelijst Eenheid WJ756"
        ),
        Simpel("LDT_Frequentie", "string", waarden=("1", "2", "4", "6"), bron="codelijst Frequentie WMO757"),
        Simpel("LDT_Budget", "integer", minimum=0, maximum=99_999_999, bron="301 (eurocent)"),
        Simpel("LDT_RetourCode", "string", 4, 4, waarden=tuple(RETOURCODES), bron="codelijst RetourCode WJ001"),
        Simpel(
            "LDT_StatusAanlevering",
            "string",
            waarden=("1", "2", "3", "9"),
            bron="codelijsten StatusAanlevering/JaNee COD467",
        ),
        Simpel("LDT_VerzoekAntwoord", "string", waarden=("1", "2"), bron="verzoek-codelijsten WJ760"),
        Simpel("LDT_RedenAfwijzingVerzoek", "string", waarden=tuple("123456789"), bron="verzoek-codelijsten WJ759"),
        Simpel("LDT_RedenVerzoek", "string", waarden=("1", "2"), bron="verzoek-codelijsten WJ758"),
        Simpel("LDT_JaNee", "string", waarden=("1", "2"), bron="codelijsten StatusAanlevering/JaNee COD260"),
        Simpel(
            "LDT_TypeVerwijzer",
            "string",
            waarden=("01", "02", "03", "04", "05", "06", "08"),
            bron="codelijst TypeVerwijzer COD327",
        ),
        Simpel("LDT_NaamVerwijzer", "string", 1, 64, NIET_LEEG, bron="315"),
    ]
}


def typen_voor(domein: str) -> dict[str, Simpel]:
    """The simple types of one domain's basisschema: the shared ones plus the domain's own lists."""
    eigen = {
        "LDT_ProductCategorie": Simpel(
            "LDT_ProductCategorie",
            "string",
            2,
            2,
            waarden=PRODUCTCATEGORIE[domein],
            bron="codelijst ProductCategorie JZ020/WMO020",
        ),
        "LDT_RedenBeeindiging": Simpel(
            "LDT_RedenBeeindiging",
            "string",
            waarden=REDEN_BEEINDIGING[domein],
            bron="codelijst RedenBeeindiging JZ588/WMO588",
        ),
    }
    return {**TYPEN, **eigen}
