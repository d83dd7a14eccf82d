"""XSDs generated from the definitions, compiled with lxml and cached per message type.

The project writes its own schemas from the facts of iStandaarden iJw/iWmo 3.2 (no schema file is copied). The
XsdVersie in the appinfo and in every message is the host's (`instellingen.xsd_versie`: berichten gives
the setting TOEGANG_XSD_VERSIE) (IV034)."""

from __future__ import annotations

from functools import lru_cache
from xml.sax.saxutils import quoteattr

from lxml import etree

from ..instellingen import xsd_versie
from ..parser import HARDENED
from .structuur import BERICHTEN, CDT, Bericht, El, soort
from .typen import typen_voor

XS = "http://www.w3.org/2001/XMLSchema"
NS_BASIS = {
    "jeugd": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
    "wmo": "http://www.istandaarden.nl/iwmo/3_2/basisschema/schema",
}
PREFIX_BASIS = {"jeugd": "ijw", "wmo": "iwmo"}


def ns_bericht(domein: str, nummer: str) -> str:
    groep = "ijw" if domein == "jeugd" else "iwmo"
    return f"http://www.istandaarden.nl/{groep}/3_2/{soort(domein, nummer).lower()}/schema"


def _simpel(t) -> str:
    facetten = []
    if t.min_lengte is not None:
        facetten.append(f'<xs:minLength value="{t.min_lengte}"/>')
    if t.max_lengte is not None:
        facetten.append(f'<xs:maxLength value="{t.max_lengte}"/>')
    if t.minimum is not None:
        facetten.append(f'<xs:minInclusive value="{t.minimum}"/>')
    if t.maximum is not None:
        facetten.append(f'<xs:maxInclusive value="{t.maximum}"/>')
    if t.patroon:
        facetten.append(f"<xs:pattern value={quoteattr(t.patroon)}/>")
    for w in t.waarden or ():
        facetten.append(f'<xs:enumeration value="{w}"/>')
    return (
        f'<xs:simpleType name="{t.naam}"><xs:restriction base="xs:{t.basis}">{"".join(facetten)}'
        "</xs:restriction></xs:simpleType>"
    )


def _max(el: El) -> str:
    return "unbounded" if el.max is None else str(el.max)


def _sequence(els: list[El], domein: str, prefix_basis: str, prefix_eigen: str) -> str:
    delen = []
    for el in els:
        if el.alleen and el.alleen != domein:
            continue
        p = prefix_basis if el.type.startswith(("LDT_", "CDT_")) else prefix_eigen
        delen.append(f'<xs:element name="{el.naam}" type="{p}:{el.type}" minOccurs="{el.min}" maxOccurs="{_max(el)}"/>')
    return f"<xs:sequence>{''.join(delen)}</xs:sequence>"


def _appinfo(soort_naam: str, versie: str) -> str:
    return (
        f"<xs:annotation><xs:appinfo><versie>{versie}</versie><bericht>{soort_naam}</bericht>"
        "</xs:appinfo></xs:annotation>"
    )


def basisschema(domein: str) -> str:
    ns = NS_BASIS[domein]
    typen = "".join(_simpel(t) for t in typen_voor(domein).values())
    complex_ = "".join(
        f'<xs:complexType name="{naam}">{_sequence(els, domein, "b", "b")}</xs:complexType>'
        for naam, els in CDT.items()
    )
    return (
        f'<xs:schema xmlns:xs="{XS}" xmlns:b="{ns}" targetNamespace="{ns}" elementFormDefault="qualified">'
        f"{_appinfo('basisschema', xsd_versie())}{typen}{complex_}</xs:schema>"
    )


def header_typen(bericht: Bericht, domein: str) -> list[El]:
    afzender, ontvanger = ("LDT_Gemeente", "LDT_AgbCode") if bericht.van_gemeente else ("LDT_AgbCode", "LDT_Gemeente")
    els = [
        El("BerichtCode", "BerichtCode"),
        El("BerichtVersie", "BerichtVersie"),
        El("BerichtSubversie", "BerichtSubversie"),
        El("Afzender", afzender),
        El("Ontvanger", ontvanger),
        El("BerichtIdentificatie", "CDT_BerichtIdentificatie"),
        El("XsdVersie", "CDT_XsdVersie"),
    ]
    if bericht.retour_op:  # IV028: the heenbericht's header plus the retour's own elements
        els += [
            El("IdentificatieRetour", "LDT_IdentificatieBericht"),
            El("DagtekeningRetour", "LDT_Datum"),
            El("XsltVersie", "LDT_Versie", 0, 1),
            El("XsdVersieRetour", "CDT_XsdVersie"),
            El("RetourCodes", "RetourCodes", 0, 1),  # the retour's own class (structuur._retour)
        ]
    return els


def _bereikbaar(typen: dict[str, list[El]], domein: str) -> dict[str, list[El]]:
    """Only the classes this domain's message uses: an element of the other domain only (`alleen`, such as
    the Woonplaatsbeginsel of a JW319) takes its class out of the schema with it."""
    gezien, open_ = set(), ["Root"]
    while open_:
        naam = open_.pop()
        if naam in gezien or naam not in typen:
            continue
        gezien.add(naam)
        open_ += [el.type for el in typen[naam] if not el.alleen or el.alleen == domein]
    return {naam: els for naam, els in typen.items() if naam in gezien}


def berichtschema(domein: str, nummer: str) -> str:
    bericht = BERICHTEN[nummer]
    ns, nsb = ns_bericht(domein, nummer), NS_BASIS[domein]
    vast = (
        f'<xs:simpleType name="BerichtCode"><xs:restriction base="xs:string"><xs:minLength value="1"/>'
        f'<xs:maxLength value="3"/><xs:pattern value="{bericht.codes[domein]}"/></xs:restriction></xs:simpleType>'
        '<xs:simpleType name="BerichtVersie"><xs:restriction base="xs:integer"><xs:pattern value="3"/>'
        "</xs:restriction></xs:simpleType>"
        '<xs:simpleType name="BerichtSubversie"><xs:restriction base="xs:integer"><xs:pattern value="2"/>'
        "</xs:restriction></xs:simpleType>"
    )
    typen = {"Root": [El("Header", "Header"), bericht.body], "Header": header_typen(bericht, domein), **bericht.typen}
    typen = _bereikbaar(typen, domein)
    complex_ = "".join(
        f'<xs:complexType name="{naam}">{_sequence(els, domein, "b", "m")}</xs:complexType>'
        for naam, els in typen.items()
    )
    return (
        f'<xs:schema xmlns:xs="{XS}" xmlns:m="{ns}" xmlns:b="{nsb}" targetNamespace="{ns}" '
        f'elementFormDefault="qualified">{_appinfo(soort(domein, nummer), xsd_versie())}'
        f'<xs:import namespace="{nsb}" schemaLocation="basisschema.xsd"/>'
        f'<xs:element name="Bericht" type="m:Root"/>{vast}{complex_}</xs:schema>'
    )


class _Basis(etree.Resolver):
    def __init__(self, domein: str):
        super().__init__()
        self.domein = domein

    def resolve(self, url, pubid, context):
        if url.endswith("basisschema.xsd"):
            return self.resolve_string(basisschema(self.domein), context)
        return None


@lru_cache(maxsize=32)
def schema(domein: str, nummer: str, versie: str) -> etree.XMLSchema:
    # The one set of parser options; the resolver serves our own basisschema only.
    parser = etree.XMLParser(**HARDENED)
    parser.resolvers.add(_Basis(domein))
    return etree.XMLSchema(etree.fromstring(berichtschema(domein, nummer).encode(), parser, base_url="bericht.xsd"))


def schema_voor(domein: str, nummer: str) -> etree.XMLSchema:
    return schema(domein, nummer, xsd_versie())
