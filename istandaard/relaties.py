"""Which relaties of a client go into the 301 and how (iStandaarden iJw/iWmo 3.2, bericht 301,
Client/Relaties): the rules as data (RELATIEREGELS, each with its source) and one small pure function
per rule, so a rule is found by its code and tested on its own.

Jeugd: the gezagsdragers of the jeugdige (OP002), never the jeugdige himself (OP001), and none when he
holds gezag himself (OP002x2). Both domains: a contactpersoon with the soort of his relatie and his
volgorde (OP076), and in the Wmo the wettelijk vertegenwoordiger (curator, mentor, bewindvoerder) the
aanbieder must deal with. Every relatie sent has a name and a full address and/or a telephone number
(OP130); one that has neither is left out rather than refused by the aanbieder. An organisation (a
gecertificeerde instelling as voogd) goes with its name as Achternaam and NaamGebruik 6 (IV045).

The caller passes only current relaties (the model's default manager); `is_actueel` guards it here too.
Nothing here reads the database: relaties are duck-typed (the inwoners.Relatie fields)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Relatieregel:
    code: str
    bron: str  # the document and the rule, as a user or an auditor looks it up
    domeinen: tuple[str, ...]
    inhoud: str


RELATIEREGELS: dict[str, Relatieregel] = {
    r.code: r
    for r in (
        Relatieregel(
            "OP001",
            "iJw 3.2, bedrijfsregel OP001",
            ("jeugd",),
            "De jeugdige is de cliënt van het bericht; hij staat nooit als zijn eigen relatie in het bericht.",
        ),
        Relatieregel(
            "OP002",
            "iJw 3.2, bedrijfsregel OP002",
            ("jeugd",),
            "De gezagsdrager(s) van de jeugdige gaan als Relatie mee in de toewijzing (301).",
        ),
        Relatieregel(
            "OP002x2",
            "iJw 3.2, bedrijfsregel OP002x2",
            ("jeugd",),
            "Heeft de jeugdige zelf het gezag (hij is meerderjarig), dan gaat er geen gezagsdrager mee.",
        ),
        Relatieregel(
            "OP076",
            "iJw/iWmo 3.2, bedrijfsregel OP076",
            ("jeugd", "wmo"),
            "Een contactpersoon gaat mee met de soort relatie die hij tot de cliënt heeft, en zijn volgorde.",
        ),
        Relatieregel(
            "OP130",
            "iJw/iWmo 3.2, bedrijfsregel OP130",
            ("jeugd", "wmo"),
            "Van een relatie gaan een naam en een volledig adres en/of een telefoonnummer mee.",
        ),
        Relatieregel(
            "IV045",
            "iJw/iWmo 3.2, invulinstructie IV045",
            ("jeugd", "wmo"),
            "Een organisatie als voogd: de naam van de organisatie als achternaam, met NaamGebruik 6.",
        ),
        Relatieregel(
            "WMO-VERTEGENWOORDIGER",  # no rule code of its own: what the Wmo 301's Relaties are for
            "iWmo 3.2, bericht 301 (Client/Relaties)",
            ("wmo",),
            "De wettelijk vertegenwoordiger (curator, mentor, bewindvoerder) gaat als Relatie mee.",
        ),
    )
}

MEERDERJARIG = 18  # Burgerlijk Wetboek 1:233: from 18 a person holds gezag over himself


def is_actueel(relatie) -> bool:
    """Only current relaties: an ended one is history (it keeps its number, OP071, but is not sent)."""
    return getattr(relatie, "beeindigd_op", None) is None


def op001_niet_de_client(relatie, client) -> bool:
    """OP001: the client is never his own relatie (not by his record, not by his BSN)."""
    if relatie.persoon_id is not None and relatie.persoon_id == client.pk:
        return False
    persoon = relatie.persoon if relatie.persoon_id is not None else None
    return not (persoon is not None and persoon.bsn == client.bsn)


def op002x2_heeft_zelf_gezag(geboortedatum: date, peildatum: date) -> bool:
    """OP002x2: a client of 18 or older holds gezag himself (verlengde jeugdhulp): no gezagsdrager goes."""
    verjaard = (peildatum.month, peildatum.day) >= (geboortedatum.month, geboortedatum.day)
    leeftijd = peildatum.year - geboortedatum.year - (not verjaard)
    return leeftijd >= MEERDERJARIG


def op002_gezagsdrager(relatie, domein: str, *, client_heeft_zelf_gezag: bool) -> bool:
    """OP002: in the Jeugd the relatie with gezag goes, unless the jeugdige holds gezag himself (OP002x2)."""
    return domein == "jeugd" and relatie.gezaghebbend and not client_heeft_zelf_gezag


def op076_contactpersoon(relatie) -> bool:
    """OP076: a contactpersoon goes, with the soort of his relatie (never a soort of his own) and volgorde."""
    return bool(relatie.contactpersoon) and bool(relatie.soort)


def wettelijk_vertegenwoordiger(relatie, domein: str) -> bool:
    """Wmo: the wettelijk vertegenwoordiger speaks for the client, so the aanbieder must know him."""
    return domein == "wmo" and bool(relatie.wettelijk_vertegenwoordiger)


def gaat_mee(relatie, client, domein: str, *, client_heeft_zelf_gezag: bool) -> bool:
    """Whether this relatie goes into the 301 at all (before OP130 looks at its data)."""
    if not is_actueel(relatie) or not op001_niet_de_client(relatie, client):
        return False
    return (
        op002_gezagsdrager(relatie, domein, client_heeft_zelf_gezag=client_heeft_zelf_gezag)
        or op076_contactpersoon(relatie)
        or wettelijk_vertegenwoordiger(relatie, domein)
    )


def iv045_naam(organisatienaam: str) -> dict:
    """IV045: an organisation (a GI as voogd) as a name: its name as Achternaam, NaamGebruik 6, nothing else."""
    return {"Geslachtsnaam": {"Achternaam": organisatienaam.strip()[:200]}, "NaamGebruik": "6"}


def volledig_adres(adres: dict | None) -> bool:
    """OP130's full address: street, house number, postcode and place."""
    if not adres:
        return False
    return bool(adres.get("Straatnaam") and adres.get("Huis") and adres.get("Postcode") and adres.get("Plaatsnaam"))


def op130_bereikbaar(naam: dict | None, contact: dict | None) -> bool:
    """OP130: a relatie goes with a name and a full address and/or a telephone number."""
    achternaam = ((naam or {}).get("Geslachtsnaam") or {}).get("Achternaam")
    if not achternaam or not contact:
        return False
    return bool(contact.get("Telefoon")) or volledig_adres(contact.get("Adres"))


ADRES = re.compile(
    r"^\s*(?P<straat>[^,\d][^,]*?)\s+(?P<huisnummer>\d{1,5})\s*(?P<huisletter>[A-Za-z](?![A-Za-z0-9]))?"
    r"(?:\s*[- ]\s*(?P<toevoeging>[A-Za-z0-9]{1,4}))?\s*,?\s*"
    r"(?P<postcode>[1-9]\d{3})\s?(?P<letters>[A-Za-z]{2})\s*,?\s+(?P<plaats>\S.*?)\s*$"
)


def adres_ontleden(tekst: str) -> dict | None:
    """A Dutch address written on one line ("Markt 1a, 5911 AA Venlo") as the 301's CDT_Adres, or None
    when it is not a full Dutch address (then only a telephone number makes the relatie reachable)."""
    m = ADRES.match(tekst or "")
    if m is None:
        return None
    return {
        "Huis": {
            "Huisnummer": int(m["huisnummer"]),
            "Huisletter": m["huisletter"] or None,
            "HuisnummerToevoeging": m["toevoeging"] or None,
        },
        "Postcode": f"{m['postcode']}{m['letters'].upper()}",
        "Straatnaam": m["straat"].strip()[:24],  # LDT_Straatnaam is 1-24 characters
        "Plaatsnaam": m["plaats"][:80],
        "LandCode": "NL",
    }
