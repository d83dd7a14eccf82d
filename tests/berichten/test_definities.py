"""The message definitions against the facts of istandaarden.md: every schema compiles, the JW301
structure matches §3 element by element (cardinality and type), the code lists match §6, and a
message round-trips through XML."""

import pytest

from berichten.definities.structuur import BERICHTEN, CDT, TYPEN_301, soort
from berichten.definities.typen import PRODUCTCATEGORIE, REDEN_BEEINDIGING, RETOURCODES, TYPEN
from berichten.definities.xsd import schema_voor
from berichten.validatie import valideer
from berichten.xml import lees, naar_dict, naar_xml
from tests.berichten.voorbeeld import jw301


@pytest.mark.parametrize("domein", ["jeugd", "wmo"])
@pytest.mark.parametrize("nummer", sorted(BERICHTEN))
def test_every_schema_compiles(domein, nummer):
    assert schema_voor(domein, nummer) is not None


# istandaarden.md §3, the JW301 table: (class, element, min, max, type). None = unbounded.
JW301_TABEL = [
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
    ("Relaties", "Relatie", 1, None, "Relatie"),
    ("Relatie", "Nummer", 1, 1, "LDT_Persoonsid"),
    ("Relatie", "Volgorde", 0, 1, "LDT_RelatieVolgorde"),
    ("Relatie", "Soort", 1, 1, "LDT_SoortRelatie"),
    ("Relatie", "Geboortedatum", 0, 1, "CDT_Geboortedatum"),
    ("Relatie", "Geslacht", 0, 1, "LDT_Geslacht"),
    ("Relatie", "Naam", 1, 1, "CDT_VolledigeNaam"),
    ("Relatie", "Contact", 1, 1, "Contact"),
    ("Contactgegevens", "Contact", 1, None, "Contact"),
    ("Contact", "Soort", 1, 1, "LDT_AdresSoort"),
    ("Contact", "Adres", 0, 1, "CDT_Adres"),
    ("Contact", "Organisatie", 0, 1, "LDT_Organisatienaam"),
    ("Contact", "Telefoon", 0, 1, "CDT_Telefoonnummers"),
    ("Contact", "Emailadres", 0, 1, "LDT_Emailadres"),
    ("Contact", "Periode", 0, 1, "CDT_OpenPeriode"),
    ("ToegewezenProducten", "ToegewezenProduct", 1, None, "ToegewezenProduct"),
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
    ("CDT_Omvang", "Volume", 1, 1, "LDT_Volume"),
    ("CDT_Omvang", "Eenheid", 1, 1, "LDT_Eenheid"),
    ("CDT_Omvang", "Frequentie", 1, 1, "LDT_Frequentie"),
    ("CDT_Product", "Categorie", 1, 1, "LDT_ProductCategorie"),
    ("CDT_Product", "Code", 0, 1, "LDT_ProductCode"),
    ("CDT_Adres", "Huis", 0, 1, "CDT_Huis"),
    ("CDT_Adres", "Straatnaam", 0, 1, "LDT_Straatnaam"),
]


def test_the_jw301_structure_follows_istandaarden_section_3():
    alle = {**TYPEN_301, **CDT}
    for klasse, naam, minimum, maximum, type_ in JW301_TABEL:
        (el,) = [e for e in alle[klasse] if e.naam == naam]
        assert (el.min, el.max, el.type) == (minimum, maximum, type_), f"{klasse}/{naam}"
    # and in this order (xs:sequence)
    assert [e.naam for e in TYPEN_301["ToegewezenProduct"]] == [
        r[1] for r in JW301_TABEL if r[0] == "ToegewezenProduct"
    ]


@pytest.mark.parametrize(
    ("typ", "facet", "waarde", "bron"),
    [
        ("LDT_Nummer", "maximum", 999_999_999, "§3 ToewijzingNummer 0-999 999 999"),
        ("LDT_IdentificatieBericht", "max_lengte", 12, "§2.1 Identificatie 1-12"),
        ("LDT_Straatnaam", "max_lengte", 24, "§3 Straatnaam 1-24"),
        ("LDT_Referentie", "max_lengte", 36, "§3 ReferentieAanbieder 1-36"),
        ("LDT_Eenheid", "waarden", ("01", "04", "14", "16", "82", "83", "84"), "§6.2: exactly 7 values"),
        ("LDT_Frequentie", "waarden", ("1", "2", "4", "6"), "§6.3"),
        ("LDT_TypeVerwijzer", "waarden", ("01", "02", "03", "04", "05", "06", "08"), "§6.7: no 07"),
        ("LDT_StatusAanlevering", "waarden", ("1", "2", "3", "9"), "§6.9"),
    ],
)
def test_facets_and_code_lists(typ, facet, waarde, bron):
    assert getattr(TYPEN[typ], facet) == waarde, bron


def test_domain_lists_and_retourcodes():
    assert len(RETOURCODES) == 59  # §6.13: 59 codes in both basisschemas
    assert len(PRODUCTCATEGORIE["jeugd"]) == 24 and len(PRODUCTCATEGORIE["wmo"]) == 18  # §6.4
    assert REDEN_BEEINDIGING["jeugd"] != REDEN_BEEINDIGING["wmo"]  # §6.6: 31 means different things
    assert BERICHTEN["301"].codes == {"jeugd": "436", "wmo": "414"}
    assert soort("wmo", "302") == "WMO302"


@pytest.mark.parametrize("domein", ["jeugd", "wmo"])
def test_a_message_round_trips_and_is_crlf_utf8_without_bom(domein):
    xml = naar_xml(domein, "301", jw301(domein))
    assert not xml.startswith(b"\xef\xbb\xbf") and b"\r\n" in xml and b"\n" not in xml.replace(b"\r\n", b"")
    assert valideer(xml).geldig, valideer(xml).bevindingen
    _d, nummer, terug = naar_dict(lees(xml))
    assert nummer == "301" and terug["Client"]["ToegewezenProducten"]["ToegewezenProduct"][0]["ToewijzingNummer"] == "1"


def test_jeugd_only_elements_are_not_in_the_wmo_schema():
    """§1.2: WMO319 has no Woonplaatsbeginsel."""
    from berichten.definities.xsd import berichtschema

    element = '<xs:element name="Woonplaatsbeginsel"'
    assert element in berichtschema("jeugd", "319")
    assert element not in berichtschema("wmo", "319")
