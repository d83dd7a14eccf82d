"""Validate a message: the XSD generated from our definitions, then the rules inside the message."""

from __future__ import annotations

from dataclasses import dataclass, field

from .definities.xsd import schema_voor
from .regels import Bevinding, toets
from .xml import OnleesbaarBericht, lees, naar_dict


@dataclass
class Uitslag:
    soort: str = ""
    domein: str = ""
    nummer: str = ""
    gegevens: dict = field(default_factory=dict)
    bevindingen: list[Bevinding] = field(default_factory=list)
    schemafout: bool = False  # controleniveau 1: no retourbericht, quarantine (StUF055)

    @property
    def geldig(self) -> bool:
        return not self.bevindingen


def valideer(inhoud: bytes) -> Uitslag:
    """Raises OnleesbaarBericht for input that is not (one of our) XML messages."""
    if inhoud.startswith(b"\xef\xbb\xbf"):
        return Uitslag(bevindingen=[Bevinding("OP192", "", "Het bestand begint met een BOM.")], schemafout=True)
    root = lees(inhoud)
    domein, nummer, gegevens = naar_dict(root)
    from .definities.structuur import soort

    uitslag = Uitslag(soort(domein, nummer), domein, nummer, gegevens)
    schema = schema_voor(domein, nummer)
    if not schema.validate(root):
        uitslag.schemafout = True
        uitslag.bevindingen = [Bevinding("XSD", f"regel {e.line}", e.message, "StUF055") for e in schema.error_log]
        return uitslag
    uitslag.bevindingen = toets(gegevens, domein)
    return uitslag


__all__ = ["OnleesbaarBericht", "Uitslag", "valideer"]
