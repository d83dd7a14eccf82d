"""Messages as XML and back, driven by the definitions: one writer and one reader for every message.

Writing: a nested dict (lists where an element repeats) becomes XML in the definition's element order,
local elements in the message namespace, children of CDT_ types in the basisschema namespace; UTF-8
without BOM and CR/LF line ends (OP192). Reading: one hardened parser
(`PARSER`, `HARDENED`: no entities, no network, no DTD loaded, a DOCTYPE anywhere refused, a size limit)
and back into the same dict shape.

Speed (a sweep of the outbox sends thousands a minute): per message type the definitions are compiled
once (`_plan`): for reading, per type a map from local name to (name, repeats, child type); for writing,
per message type a generated function (`_vertaal`) that writes the text lxml's pretty print wrote, without
building an lxml tree element by element (that costs more than parsing the result), and in the same
walk the dict `naar_dict` reads back from those bytes. `validatie.valideer_geschreven` validates the
bytes and runs the rules on that dict, so nothing is read twice. `naar_xml` is `schrijf(...).xml`: the
same bytes as before; `_via_lxml`, the lxml tree, is the reference the tests hold it to and what writes
a value lxml must judge (a character that is no XML Char)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, time
from functools import lru_cache
from typing import NamedTuple

from django.utils.translation import gettext as _
from lxml import etree

from .definities.structuur import BERICHTEN, CDT, El, ontleed_soort, soort
from .definities.xsd import NS_BASIS, PREFIX_BASIS, header_typen, ns_bericht
from .parser import HARDENED, PARSER

MAX_BYTES = 25 * 1024 * 1024  # OP179


class OnleesbaarBericht(ValueError):
    """Not XML, too large, or not one of our message types."""


def _typen(domein: str, nummer: str) -> dict[str, list[El]]:
    bericht = BERICHTEN[nummer]
    kop = header_typen(bericht, domein)
    return {"Root": [El("Header", "Header"), bericht.body], "Header": kop, **bericht.typen, **CDT}


class _Plan(NamedTuple):
    """One message type, compiled from the definitions.

    `schrijven`: per type the children to write, in order, for this domein: (name, Clark tag, open tag,
    close tag, empty tag, repeats, child type or None for a simple type). `lezen`: per type what `_lees`
    makes of a child by its local name (name, repeats, child type or None), the last definition of a
    name winning as in a dict. `eenduidig`: every written child is read back under the same name, type
    and repetition, so the dict the writer returns is the one `_lees` reads (else it is read)."""

    tag: str
    nsmap: dict[str, str]
    kop: str  # the XML declaration and the root's start tag with its namespace declarations, from lxml (CR/LF)
    staart: str  # the root's end tag
    leeg: str  # a message without children
    schrijven: dict[str, tuple[tuple[str, str, str, str, str, bool, str | None], ...]]
    lezen: dict[str, dict[str, tuple[str, bool, str | None]]]
    eenduidig: bool
    schrijver: Callable  # `_vertaal(schrijven)`: (delen, waarde, twijfel, vreemd) -> the dict


def _herhaalt(el: El) -> bool:
    return el.max is None or (el.max or 1) > 1


@lru_cache(maxsize=64)
def _plan(domein: str, nummer: str) -> _Plan:
    typen = _typen(domein, nummer)
    ns_m, ns_b = ns_bericht(domein, nummer), NS_BASIS[domein]
    prefix_m, prefix_b = soort(domein, nummer).lower(), PREFIX_BASIS[domein]
    schrijven, lezen, eenduidig = {}, {}, True
    for naam, els in typen.items():
        ns, p = (ns_b, prefix_b) if naam.startswith("CDT_") else (ns_m, prefix_m)
        lezen[naam] = {el.naam: (el.naam, _herhaalt(el), el.type if el.type in typen else None) for el in els}
        schrijven[naam] = tuple(
            (
                el.naam,
                f"{{{ns}}}{el.naam}",
                f"<{p}:{el.naam}>",
                f"</{p}:{el.naam}>",
                f"<{p}:{el.naam}/>",
                _herhaalt(el),
                el.type if el.type in typen else None,
            )
            for el in els
            if not (el.alleen and el.alleen != domein)
        )
        eenduidig &= all(lezen[naam][n] == (n, lijst, sub) for n, _t, _o, _s, _l, lijst, sub in schrijven[naam])
    tag, nsmap = f"{{{ns_m}}}Bericht", {prefix_m: ns_m, prefix_b: ns_b}
    leeg = etree.tostring(etree.Element(tag, nsmap=nsmap), xml_declaration=True, encoding="UTF-8").decode()
    if not leeg.endswith("/>"):
        raise AssertionError(leeg)
    # OP192: CR/LF line ends, written out in every constant (a CR of a value is written as &#13;).
    kop, staart = (leeg[:-2] + ">\n").replace("\n", "\r\n"), f"</{prefix_m}:Bericht>\r\n"
    leeg = (leeg + "\n").replace("\n", "\r\n")
    return _Plan(tag, nsmap, kop, staart, leeg, schrijven, lezen, eenduidig, _vertaal(schrijven))


_LEEG = (None, "", [])
_WIT = frozenset(" \t\r\n")  # XML whitespace
# What lxml refuses in a text node (no XML Char; none of it is printable): such a message is left to lxml.
_GEEN_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _waarde_tekst(item) -> str:
    """A leaf's text (the writer takes a plain str as it is: str() of one is itself)."""
    if isinstance(item, date):
        return item.isoformat()
    if isinstance(item, time):
        return item.strftime("%H:%M:%S")
    return str(item)


_INLINE = 8  # levels of complex elements inlined in one function (CPython: 100 indents, 20 nested loops)


def _vertaal(schrijven: dict) -> Callable:
    """The writer of one message type as Python source, compiled once: the whole tree of types laid out
    as one function (a plain interpreter over the plan costs a third more per message; one function per
    type a fifth more than this), each element's indentation, tags and CR/LF written out as constants.
    What it does, per child in the definition's order: skip it when absent or None, "" or [] (as
    `in (None, "", [])`); write each item (a list is one element per item) as lxml's pretty print would
    (two spaces per level, CR/LF as OP192 wants, a complex element without children as <x/>, in a value
    &, <, > and CR escaped); and build the dict `_lees` would read back (a repeating element as a list).
    A value starting with whitespace goes on `twijfel` (the parser, remove_blank_text, may drop
    whitespace before a line break at its start), one with a character that is not printable on
    `vreemd` (it may be no XML Char: lxml decides). `_schrijf_boom` is the reference this is tested
    against."""
    functies: dict[tuple[str, int], str] = {}
    bron: list[str] = []

    def functie(type_naam: str, diepte: int) -> str:
        sleutel = (type_naam, diepte)
        if sleutel not in functies:
            functies[sleutel] = naam = f"_s{len(functies)}"
            regels = [f"def {naam}(delen, v0, twijfel, vreemd):  # {type_naam}, level {diepte}", "    u0 = {}"]
            kinderen(regels, type_naam, diepte, 0, "    ")
            regels.append("    return u0")
            bron.append("\n".join(regels))
        return functies[sleutel]

    def blad(regels: list, p: str, x: str, open_: str, sluit: str, bewaar: str) -> None:
        regels += [
            f"{p}tekst = {x} if type({x}) is str else _waarde_tekst({x})",
            f"{p}if not tekst:",
            f"{p}    delen.append({open_ + sluit!r})",
            f"{p}elif tekst.isprintable():",
            f"{p}    if tekst[0] == ' ':",
            f"{p}        twijfel.append(tekst)",
            f"{p}    if '&' in tekst or '<' in tekst or '>' in tekst:",
            f"{p}        delen.append({open_!r} + _ontsnap(tekst) + {sluit!r})",
            f"{p}    else:",
            f"{p}        delen.append({open_!r} + tekst + {sluit!r})",
            f"{p}else:",
            f"{p}    if tekst[0] in _WIT:",
            f"{p}        twijfel.append(tekst)",
            f"{p}    vreemd.append(tekst)",
            f"{p}    delen.append({open_!r} + _ontsnap(tekst).replace('\\n', '\\r\\n') + {sluit!r})",
            f"{p}{bewaar.format('tekst')}",
        ]

    def kinderen(regels: list, type_naam: str, diepte: int, k: int, p: str) -> None:
        """The children of `type_naam` (its dict v{k}, the dict read back u{k}) at `diepte`, code at `p`."""
        ins = "  " * diepte
        alle = [kind[0] for kind in schrijven[type_naam]]
        for naam, _tag, open_, sluit, leeg, lijst, sub in schrijven[type_naam]:
            regels += [
                f"{p}if {naam!r} in v{k}:",
                f"{p}    w = v{k}[{naam!r}]",
                f"{p}    if w or not (w is None or w == '' or w == []):",
            ]
            q = p + "        "
            if lijst and alle.count(naam) == 1:
                regels.append(f"{q}l{k} = u{k}[{naam!r}] = []")
                bewaar = f"l{k}.append({{}})"
            elif lijst:
                bewaar = f"u{k}.setdefault({naam!r}, []).append({{}})"
            else:
                bewaar = f"u{k}[{naam!r}] = {{}}"
            if sub is None:
                regels.append(f"{q}if isinstance(w, list):")
                regels.append(f"{q}    for x in w:")
                blad(regels, q + "        ", "x", ins + open_, sluit + "\r\n", bewaar)
                regels.append(f"{q}else:")
                blad(regels, q + "    ", "w", ins + open_, sluit + "\r\n", bewaar)
                continue
            j, r = k + 1, q + "    "
            regels += [
                f"{q}for v{j} in (w if isinstance(w, list) else (w,)):",
                f"{r}n{j} = len(delen)",
                f"{r}delen.append({ins + open_ + chr(13) + chr(10)!r})",
            ]
            if j < _INLINE:
                regels.append(f"{r}u{j} = {{}}")
                kinderen(regels, sub, diepte + 1, j, r)
            else:
                regels.append(f"{r}u{j} = {functie(sub, diepte + 1)}(delen, v{j}, twijfel, vreemd)")
            regels += [
                f"{r}if len(delen) == n{j} + 1:",
                f"{r}    delen[n{j}] = {ins + leeg + chr(13) + chr(10)!r}",
                f"{r}else:",
                f"{r}    delen.append({ins + sluit + chr(13) + chr(10)!r})",
                f"{r}{bewaar.format(f'u{j}')}",
            ]

    wortel = functie("Root", 1)
    naamruimte = {"_waarde_tekst": _waarde_tekst, "_WIT": _WIT, "_ontsnap": _ontsnap}
    exec(compile("\n\n\n".join(bron), "<istandaard.xml schrijver>", "exec"), naamruimte)  # noqa: S102 (our own source)
    return naamruimte[wortel]


def _ontsnap(tekst: str) -> str:
    """As libxml2 escapes a text node: &, <, > and CR (which would otherwise read back as a line end)."""
    return tekst.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _schrijf_boom(ouder, waarde: dict, type_naam: str, plan: dict) -> None:
    """The same message as an lxml tree: the reference `_vertaal` is tested against, and the writer for
    a value lxml must judge (a character that is no XML Char)."""
    for naam, tag, _o, _s, _l, _lijst, sub in plan[type_naam]:
        if naam not in waarde or waarde[naam] in _LEEG:
            continue
        w = waarde[naam]
        for item in w if isinstance(w, list) else (w,):
            kind = etree.SubElement(ouder, tag)
            if sub is not None:
                _schrijf_boom(kind, item, sub, plan)
            else:
                kind.text = _waarde_tekst(item)


def _via_lxml(plan: _Plan, gegevens: dict) -> bytes:
    root = etree.Element(plan.tag, nsmap=plan.nsmap)
    _schrijf_boom(root, gegevens, "Root", plan.schrijven)
    tekst = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return tekst.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


class Geschreven(NamedTuple):
    """A message as written: its bytes (exactly `naar_xml`) and the dict `naar_dict` reads back from
    them (what the rules check). `getrouw` false: that dict is not certain (a value starting with
    whitespace, or a very large message), so a validator reads the bytes instead."""

    domein: str
    nummer: str
    xml: bytes
    gegevens: dict
    getrouw: bool


# Above this size the bytes are read back to validate (lxml refuses a text node over 10 MB).
GETROUW_TOT = 1024 * 1024


def schrijf(domein: str, nummer: str, gegevens: dict) -> Geschreven:
    """The message as lxml's pretty print with CR/LF wrote it (`_via_lxml`), and what it says."""
    plan = _plan(domein, nummer)
    delen: list = [plan.kop]
    twijfel: list = []
    vreemd: list = []
    gelezen = plan.schrijver(delen, gegevens, twijfel, vreemd)
    if vreemd and any(_GEEN_XML.search(t) for t in vreemd):  # a character that is no XML Char: lxml refuses it
        return Geschreven(domein, nummer, _via_lxml(plan, gegevens), gelezen, False)
    if len(delen) > 1:
        delen.append(plan.staart)
        xml = "".join(delen).encode()
    else:
        xml = plan.leeg.encode()
    if not plan.eenduidig:
        gelezen = _lees(lees(xml), "Root", plan.lezen)
    return Geschreven(domein, nummer, xml, gelezen, not twijfel and len(xml) <= GETROUW_TOT)


def naar_xml(domein: str, nummer: str, gegevens: dict) -> bytes:
    return schrijf(domein, nummer, gegevens).xml


def _geweigerd(inhoud: bytes, fout: Exception) -> OnleesbaarBericht:
    """The reason for bytes the parser refused. The wording only: what keeps a DTD or entity out is the
    parser's options and the DOCTYPE check in `lees`, not this look at the bytes."""
    if b"<!DOCTYPE" in inhoud or "entity" in str(fout).lower():
        return OnleesbaarBericht(_("Een DOCTYPE of entiteit is niet toegestaan: %(fout)s") % {"fout": fout})
    return OnleesbaarBericht(_("Geen geldige XML: %(fout)s") % {"fout": fout})


def te_groot(grootte: int | None = None) -> OnleesbaarBericht:
    if grootte is None:
        return OnleesbaarBericht(_("Het bericht is groter dan 25 MB (OP179)."))
    return OnleesbaarBericht(_("Het bericht is %(mb).1f MB, groter dan 25 MB (OP179).") % {"mb": grootte / 2**20})


def lees(inhoud: bytes) -> etree._Element:
    """The message's root, or OnleesbaarBericht with the reason: over 25 MB (OP179, before parsing), not
    well-formed, a DOCTYPE (anywhere: libxml2 reports it however far in it stands), or an entity."""
    if len(inhoud) > MAX_BYTES:
        raise te_groot(len(inhoud))
    try:
        root = etree.fromstring(inhoud, PARSER)
    except (etree.LxmlError, ValueError) as fout:  # XMLSyntaxError, and whatever else lxml raises on bytes
        raise _geweigerd(inhoud, fout) from fout
    info = root.getroottree().docinfo  # libxml2 keeps any DOCTYPE as the internal subset, even one without [...]
    if info.internalDTD is not None or info.externalDTD is not None:
        raise OnleesbaarBericht(_("Een DOCTYPE of entiteit is niet toegestaan."))
    return root


KOP_BYTES = 64 * 1024  # where a header is looked for in bytes that failed (it stands in the first kilobyte)


def lees_kop(inhoud: bytes) -> dict[str, str]:
    """Leniently, for a message that failed: the root's namespace ("ns") and the Header's Afzender and
    Ontvanger, as far as the first KOP_BYTES are well-formed up to them. The same hardened options as
    `lees` (a pull parser, so a truncated or broken rest does not matter); never raises."""
    uit: dict[str, str] = {}
    lezer = etree.XMLPullParser(events=("start", "end"), **HARDENED)
    stuk = 4096
    try:
        for begin in range(0, min(len(inhoud), KOP_BYTES), stuk):
            lezer.feed(inhoud[begin : begin + stuk])
            for gebeurtenis, el in lezer.read_events():
                if not isinstance(el.tag, str):
                    continue
                naam = etree.QName(el).localname
                if gebeurtenis == "start":
                    uit.setdefault("ns", etree.QName(el).namespace or "")
                    continue
                ouder = el.getparent()
                if naam in ("Afzender", "Ontvanger") and ouder is not None and etree.QName(ouder).localname == "Header":
                    uit.setdefault(naam, (el.text or "").strip())
                elif naam == "Header":
                    return uit
    except (etree.LxmlError, ValueError):
        pass
    return uit


def soort_uit(ns: str) -> tuple[str, str] | None:
    """(domein, nummer) of one of our message namespaces, else None (`herken` without raising)."""
    try:
        domein, nummer = ontleed_soort(ns.rstrip("/").split("/")[-2].upper())
    except (IndexError, KeyError):
        return None
    return (domein, nummer) if ns == ns_bericht(domein, nummer) else None


def herken(root) -> tuple[str, str]:
    """(domein, nummer) from the root's namespace, e.g. ('jeugd', '305')."""
    ns = etree.QName(root).namespace or ""
    gevonden = soort_uit(ns)
    if gevonden is None:
        raise OnleesbaarBericht(_("Onbekend berichttype: %(ns)s") % {"ns": ns or _("geen namespace")})
    return gevonden


def _lees(element, type_naam: str, lezen: dict) -> dict:
    """Children by local name (any namespace), unknown ones skipped; repeating elements as lists."""
    uit: dict = {}
    per_naam = lezen[type_naam]
    for kind in element:
        tag = kind.tag
        if not isinstance(tag, str):
            continue  # a comment or processing instruction
        el = per_naam.get(tag[tag.rfind("}") + 1 :])
        if el is None:
            continue
        naam, lijst, sub = el
        waarde = _lees(kind, sub, lezen) if sub is not None else (kind.text or "")
        if lijst:
            uit.setdefault(naam, []).append(waarde)
        else:
            uit[naam] = waarde
    return uit


def naar_dict(root) -> tuple[str, str, dict]:
    domein, nummer = herken(root)
    return domein, nummer, _lees(root, "Root", _plan(domein, nummer).lezen)
