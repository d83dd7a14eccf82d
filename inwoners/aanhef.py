"""The salutation of a letter ("Geachte heer Peeters"), from geslacht and naamgebruik.

Rules (the usual Dutch letter conventions): a man is "heer", a woman "mevrouw", followed by the surname as
the person uses it (naamgebruik, iJw COD700: 1 eigen, 2 partner, 3 partner-eigen, 4 eigen-partner). A
voorvoegsel that opens the surname gets a capital ("heer Van der Mast"). When the geslacht is unknown or
other, the initials go before the surname instead ("W.J. van der Mast"), so no title is guessed. An
organisation is addressed as "heer, mevrouw". Pure functions: no database, no translation lookups.
"""

from __future__ import annotations

MAN, VROUW = "1", "2"  # iJw COD046 (inwoners.codes.Geslacht)


def _naam(voorvoegsel: str, geslachtsnaam: str) -> str:
    return " ".join(deel for deel in (voorvoegsel, geslachtsnaam) if deel)


def achternaam(
    *,
    voorvoegsel: str,
    geslachtsnaam: str,
    naamgebruik: str = "1",
    partner_voorvoegsel: str = "",
    partnernaam: str = "",
) -> str:
    """The surname as the person uses it; without a partnernaam always the own name."""
    eigen = _naam(voorvoegsel, geslachtsnaam)
    partner = _naam(partner_voorvoegsel, partnernaam)
    if not partner:
        return eigen
    return {"2": partner, "3": f"{partner}-{eigen}", "4": f"{eigen}-{partner}"}.get(naamgebruik, eigen)


def voorletters(voornamen: str) -> str:
    """ "Wilhelmina Johanna" → "W.J."."""
    return "".join(f"{deel[0].upper()}." for deel in voornamen.split() if deel)


def aanspreking(
    *,
    geslacht: str,
    voornamen: str = "",
    voorvoegsel: str = "",
    geslachtsnaam: str = "",
    naamgebruik: str = "1",
    partner_voorvoegsel: str = "",
    partnernaam: str = "",
    organisatie: str = "",
) -> str:
    """One addressee without "Geachte": "heer Peeters", "mevrouw Peeters-Janssen", "W.J. van der Mast"."""
    if organisatie and not geslachtsnaam:
        return "heer, mevrouw"
    naam = achternaam(
        voorvoegsel=voorvoegsel,
        geslachtsnaam=geslachtsnaam,
        naamgebruik=naamgebruik,
        partner_voorvoegsel=partner_voorvoegsel,
        partnernaam=partnernaam,
    )
    titel = {MAN: "heer", VROUW: "mevrouw"}.get(geslacht, "")
    if titel:
        return f"{titel} {naam[:1].upper()}{naam[1:]}"
    letters = voorletters(voornamen)
    if letters:
        return f"{letters} {naam}"
    return f"{naam[:1].upper()}{naam[1:]}" if naam else "heer, mevrouw"


def aanspreking_van(persoon) -> str:
    """`aanspreking` for an Inwoner or a Relatie (a relatie that is an inwoner speaks for itself)."""
    persoon = getattr(persoon, "persoon", None) or persoon
    return aanspreking(
        geslacht=getattr(persoon, "geslacht", "") or "",
        voornamen=getattr(persoon, "voornamen", "") or "",
        voorvoegsel=getattr(persoon, "voorvoegsel", "") or "",
        geslachtsnaam=getattr(persoon, "geslachtsnaam", "") or "",
        naamgebruik=getattr(persoon, "naamgebruik", "1") or "1",
        partner_voorvoegsel=getattr(persoon, "partner_voorvoegsel", "") or "",
        partnernaam=getattr(persoon, "partnernaam", "") or "",
        organisatie=getattr(persoon, "organisatienaam", "") or "",
    )


def aanhef(personen) -> str:
    """The whole salutation for one or more addressees: "Geachte heer Peeters en mevrouw Janssen"."""
    delen = list(dict.fromkeys(aanspreking_van(p) for p in personen)) or ["heer, mevrouw"]
    if len(delen) == 1:
        return f"Geachte {delen[0]}"
    return f"Geachte {', '.join(delen[:-1])} en {delen[-1]}"
