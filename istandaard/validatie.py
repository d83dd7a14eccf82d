"""Validate a message: the XSD generated from our definitions, then the rules inside the message.

`valideer(bytes)` checks a message as received or stored. `valideer_geschreven(schrijf(...))` checks a
message we are about to send and gives the same Uitslag as `valideer(geschreven.xml)`: the bytes are
parsed and the XSD validates that tree, and the rules run on the dict the writer made along with the
bytes, which is what `naar_dict` reads from them (`Geschreven.getrouw`; otherwise the bytes are read)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from lxml import etree

from .definities.structuur import soort
from .definities.xsd import schema_voor
from .regels import Afwijking
from .regels_verzoek import toetsen
from .xml import Geschreven, OnleesbaarBericht, herken, lees, naar_dict


@dataclass
class Uitslag:
    soort: str = ""
    domein: str = ""
    nummer: str = ""
    gegevens: dict = field(default_factory=dict)
    bevindingen: list[Afwijking] = field(default_factory=list)
    schemafout: bool = False  # controleniveau 1: no retourbericht, quarantine (StUF055)

    @property
    def geldig(self) -> bool:
        return not self.bevindingen


def _uitslag(root, domein: str, nummer: str, gegevens: dict) -> Uitslag:
    uitslag = Uitslag(soort(domein, nummer), domein, nummer, gegevens)
    schema = schema_voor(domein, nummer)
    try:
        passend = schema.validate(root)
    except etree.LxmlError as fout:  # libxml2 gives up on a tree it cannot judge ("Internal error")
        raise OnleesbaarBericht(_("Het schema kon het bericht niet controleren: %(fout)s") % {"fout": fout}) from fout
    if not passend:
        uitslag.schemafout = True
        uitslag.bevindingen = [Afwijking("XSD", f"regel {e.line}", e.message, "StUF055") for e in schema.error_log]
        return uitslag
    uitslag.bevindingen = toetsen(gegevens, domein)
    return uitslag


def valideer(inhoud: bytes) -> Uitslag:
    """Raises OnleesbaarBericht for input that is not (one of our) XML messages."""
    if inhoud.startswith(b"\xef\xbb\xbf"):
        return Uitslag(bevindingen=[Afwijking("OP192", "", _("Het bestand begint met een BOM."))], schemafout=True)
    root = lees(inhoud)
    domein, nummer, gegevens = naar_dict(root)
    return _uitslag(root, domein, nummer, gegevens)


def valideer_geschreven(geschreven: Geschreven) -> Uitslag:
    """`valideer(geschreven.xml)`: the bytes themselves against the XSD, every rule on what they say."""
    inhoud = geschreven.xml
    if not geschreven.getrouw or inhoud.startswith(b"\xef\xbb\xbf"):
        return valideer(inhoud)
    root = lees(inhoud)
    if herken(root) != (geschreven.domein, geschreven.nummer):
        return valideer(inhoud)
    return _uitslag(root, geschreven.domein, geschreven.nummer, geschreven.gegevens)


__all__ = ["OnleesbaarBericht", "Uitslag", "valideer", "valideer_geschreven"]
