"""The message definitions against the facts of iStandaarden iJw/iWmo 3.2: every schema compiles, the code lists
match codelijsten, and a message round-trips through XML. The structure of every message, element by element
(cardinality, type, order), is walked in test_definitie_wandeling.py."""

import pytest

from istandaard.definities.structuur import BERICHTEN, soort
from istandaard.definities.typen import PRODUCTCATEGORIE, REDEN_BEEINDIGING, RETOURCODES, TYPEN
from istandaard.definities.xsd import schema_voor
from istandaard.validatie import valideer
from istandaard.xml import lees, naar_dict, naar_xml
from tests.berichten.voorbeeld import jw301


@pytest.mark.parametrize("domein", ["jeugd", "wmo"])
@pytest.mark.parametrize("nummer", sorted(BERICHTEN))
def test_every_schema_compiles(domein, nummer):
    assert schema_voor(domein, nummer) is not None


@pytest.mark.parametrize(
    ("typ", "facet", "waarde", "bron"),
    [
        ("LDT_Nummer", "maximum", 999_999_999, "301 ToewijzingNummer 0-999 999 999"),
        ("LDT_IdentificatieBericht", "max_lengte", 12, "header Identificatie 1-12"),
        ("LDT_Straatnaam", "max_lengte", 24, "301 Straatnaam 1-24"),
        ("LDT_Referentie", "max_lengte", 36, "301 ReferentieAanbieder 1-36"),
        ("LDT_Eenheid", "waarden", ("01", "04", "14", "16", "82", "83", "84"), "codelijst Eenheid: exactly 7 values"),
        ("LDT_Frequentie", "waarden", ("1", "2", "4", "6"), "codelijst Frequentie"),
        ("LDT_TypeVerwijzer", "waarden", ("01", "02", "03", "04", "05", "06", "08"), "codelijst TypeVerwijzer: no 07"),
        ("LDT_StatusAanlevering", "waarden", ("1", "2", "3", "9"), "codelijsten StatusAanlevering/JaNee"),
    ],
)
def test_facets_and_code_lists(typ, facet, waarde, bron):
    assert getattr(TYPEN[typ], facet) == waarde, bron


def test_domain_lists_and_retourcodes():
    assert len(RETOURCODES) == 59  # codelijst RetourCode: 59 codes in both basisschemas
    assert len(PRODUCTCATEGORIE["jeugd"]) == 24 and len(PRODUCTCATEGORIE["wmo"]) == 18  # codelijst ProductCategorie
    assert (
        REDEN_BEEINDIGING["jeugd"] != REDEN_BEEINDIGING["wmo"]
    )  # codelijst RedenBeeindiging: 31 means different things
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
    """iWmo-berichten: WMO319 has no Woonplaatsbeginsel."""
    from istandaard.definities.xsd import berichtschema

    element = '<xs:element name="Woonplaatsbeginsel"'
    assert element in berichtschema("jeugd", "319")
    assert element not in berichtschema("wmo", "319")


@pytest.mark.parametrize(("domein", "aanwezig"), [("jeugd", True), ("wmo", False)])
def test_a_class_of_the_other_domain_is_not_declared(domein, aanwezig):
    """The Woonplaatsbeginsel of a 319 exists in iJw only (TR377): the WMO319 schema declares no class for it."""
    from istandaard.definities.xsd import berichtschema

    assert ('<xs:complexType name="Woonplaatsbeginsel">' in berichtschema(domein, "319")) is aanwezig
