"""Messages as XML and back, driven by the definitions: one writer and one reader for every message.

Writing: a nested dict (lists where an element repeats) becomes XML in the definition's element order,
local elements in the message namespace, children of CDT_ types in the basisschema namespace; UTF-8
without BOM and CR/LF line ends (OP192). Reading: safe (no entities, no network, no DTD, a size
limit) and back into the same dict shape."""

from __future__ import annotations

from datetime import date, time

from lxml import etree

from .definities.structuur import BERICHTEN, CDT, El, ontleed_soort, soort
from .definities.xsd import NS_BASIS, PREFIX_BASIS, ns_bericht

MAX_BYTES = 25 * 1024 * 1024  # OP179


class OnleesbaarBericht(ValueError):
    """Not XML, too large, or not one of our message types."""


def _tekst(waarde) -> str:
    if isinstance(waarde, date):
        return waarde.isoformat()
    if isinstance(waarde, time):
        return waarde.strftime("%H:%M:%S")
    return str(waarde)


def _typen(domein: str, nummer: str) -> dict[str, list[El]]:
    from .definities.xsd import _header

    bericht = BERICHTEN[nummer]
    return {"Root": [El("Header", "Header"), bericht.body], "Header": _header(bericht, domein), **bericht.typen, **CDT}


def _schrijf(ouder, waarde: dict, type_naam: str, typen, domein, ns_m, ns_b):
    for el in typen[type_naam]:
        if el.alleen and el.alleen != domein or el.naam not in waarde or waarde[el.naam] in (None, "", []):
            continue
        ns = ns_b if type_naam.startswith("CDT_") else ns_m
        items = waarde[el.naam] if isinstance(waarde[el.naam], list) else [waarde[el.naam]]
        for item in items:
            kind = etree.SubElement(ouder, f"{{{ns}}}{el.naam}")
            if el.type in typen:
                _schrijf(kind, item, el.type, typen, domein, ns_m, ns_b)
            else:
                kind.text = _tekst(item)


def naar_xml(domein: str, nummer: str, gegevens: dict) -> bytes:
    ns_m, ns_b = ns_bericht(domein, nummer), NS_BASIS[domein]
    prefix = soort(domein, nummer).lower()
    root = etree.Element(f"{{{ns_m}}}Bericht", nsmap={prefix: ns_m, PREFIX_BASIS[domein]: ns_b})
    _schrijf(root, gegevens, "Root", _typen(domein, nummer), domein, ns_m, ns_b)
    tekst = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return tekst.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_blank_text=True
)


def lees(inhoud: bytes) -> etree._Element:
    if len(inhoud) > MAX_BYTES:
        raise OnleesbaarBericht("Het bericht is groter dan 25 MB (OP179).")
    if b"<!DOCTYPE" in inhoud[:2048] or b"<!ENTITY" in inhoud:
        raise OnleesbaarBericht("Een DOCTYPE of entiteit is niet toegestaan.")
    try:
        return etree.fromstring(inhoud, PARSER)
    except etree.XMLSyntaxError as fout:
        raise OnleesbaarBericht(f"Geen geldige XML: {fout}") from fout


def herken(root) -> tuple[str, str]:
    """(domein, nummer) from the root's namespace, e.g. ('jeugd', '305')."""
    ns = etree.QName(root).namespace or ""
    try:
        domein, nummer = ontleed_soort(ns.rstrip("/").split("/")[-2].upper())
    except (IndexError, KeyError) as fout:
        raise OnleesbaarBericht(f"Onbekend berichttype: {ns or 'geen namespace'}") from fout
    if ns != ns_bericht(domein, nummer):
        raise OnleesbaarBericht(f"Onbekend berichttype: {ns}")
    return domein, nummer


def _lees(element, type_naam: str, typen) -> dict:
    uit: dict = {}
    per_naam = {el.naam: el for el in typen[type_naam]}
    for kind in element:
        if not isinstance(kind.tag, str):
            continue
        naam = etree.QName(kind).localname
        el = per_naam.get(naam)
        if el is None:
            continue
        waarde = _lees(kind, el.type, typen) if el.type in typen else (kind.text or "")
        if el.max is None or (el.max or 1) > 1:
            uit.setdefault(naam, []).append(waarde)
        else:
            uit[naam] = waarde
    return uit


def naar_dict(root) -> tuple[str, str, dict]:
    domein, nummer = herken(root)
    return domein, nummer, _lees(root, "Root", _typen(domein, nummer))
