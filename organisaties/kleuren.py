"""Colour contrast per WCAG 2.1 (technique G17), used to validate each gemeente's theme."""

import re

HEX_KLEUR = re.compile(r"^#[0-9a-fA-F]{6}$")
MINIMAAL_CONTRAST = 4.5  # WCAG 2.1 SC 1.4.3 (AA) for normal text


def _kanaal(waarde: int) -> float:
    c = waarde / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def relatieve_luminantie(hex_kleur: str) -> float:
    if not HEX_KLEUR.match(hex_kleur):
        raise ValueError(f"Geen kleur in de vorm #rrggbb: {hex_kleur!r}")
    r, g, b = (int(hex_kleur[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _kanaal(r) + 0.7152 * _kanaal(g) + 0.0722 * _kanaal(b)


def contrast(voorgrond: str, achtergrond: str) -> float:
    licht, donker = sorted((relatieve_luminantie(voorgrond), relatieve_luminantie(achtergrond)), reverse=True)
    return (licht + 0.05) / (donker + 0.05)


def thema_contrasten(base: str, dark: str, light: str) -> dict[str, float]:
    """The three pairs the theme relies on (see templates and toegang-theme.css)."""
    return {
        "wit op basiskleur (primaire knop)": contrast("#ffffff", base),
        "basiskleur op wit (secundaire knop, randen)": contrast(base, "#ffffff"),
        "donkere kleur op lichte kleur (accenttekst)": contrast(dark, light),
        "wit op donkere kleur (kop)": contrast("#ffffff", dark),
    }
