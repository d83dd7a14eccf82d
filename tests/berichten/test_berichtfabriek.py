"""Every message type of iStandaarden iJw/iWmo 3.2, berichten in both domains, built by the factories, written with
naar_xml, valid for valideer, and read back by lees/naar_dict as the same data (round trip).

A retour is built three ways (IV028, retourheader): accepted (header only), technically rejected (header with
0001) and with a rejected class (the body copied, RetourCodes on every class)."""

from datetime import date, time

import pytest

from istandaard.definities.structuur import BERICHTEN, CDT, soort
from istandaard.validatie import valideer
from istandaard.xml import lees, naar_dict, naar_xml
from tests.berichten.berichtfabriek import DOMEINEN, GEVALLEN, HEENBERICHTEN, bericht


def _id(geval) -> str:
    domein, nummer, kw = geval
    return "-".join([soort(domein, nummer), *kw.values()])


def als_tekst(waarde):
    """The data as XML gives it back: every leaf as its text (dates ISO 8601, times hh:mm:ss), and no
    empty values (naar_xml leaves them out: RS033, no empty elements)."""
    if isinstance(waarde, dict):
        return {k: als_tekst(v) for k, v in waarde.items() if v not in (None, "", [], {})}
    if isinstance(waarde, list):
        return [als_tekst(v) for v in waarde]
    if isinstance(waarde, date):
        return waarde.isoformat()
    if isinstance(waarde, time):
        return waarde.strftime("%H:%M:%S")
    return str(waarde)


@pytest.mark.parametrize(("domein", "nummer", "kw"), GEVALLEN, ids=[_id(g) for g in GEVALLEN])
def test_every_message_type_round_trips(domein, nummer, kw):
    gegevens = bericht(domein, nummer, **kw)
    xml = naar_xml(domein, nummer, gegevens)
    assert not xml.startswith(b"\xef\xbb\xbf") and b"\n" not in xml.replace(b"\r\n", b"")  # OP192
    uitslag = valideer(xml)
    assert uitslag.geldig, [b.als_dict() for b in uitslag.bevindingen]
    assert (uitslag.domein, uitslag.nummer, uitslag.soort) == (domein, nummer, soort(domein, nummer))
    terug_domein, terug_nummer, terug = naar_dict(lees(xml))
    assert (terug_domein, terug_nummer) == (domein, nummer)
    assert terug == als_tekst(gegevens)
    assert terug["Header"]["BerichtCode"] == BERICHTEN[nummer].codes[domein]


@pytest.mark.parametrize("domein", DOMEINEN)
def test_the_jeugd_only_elements_are_only_in_jeugd(domein):
    """iWmo-berichten: WMO315 has no GezagsdragerBekend, WMO319 no Woonplaatsbeginsel."""
    vot = bericht(domein, "315")["Client"]
    antwoord = bericht(domein, "319")["Antwoord"]
    assert ("GezagsdragerBekend" in vot) == ("Woonplaatsbeginsel" in antwoord) == (domein == "jeugd")


def _klassen(domein: str, nummer: str) -> dict[str, list]:
    """The message's own classes and the CDT_ types, with the elements this domain has."""
    return {
        k: [el for el in els if el.alleen in (None, domein)] for k, els in {**BERICHTEN[nummer].typen, **CDT}.items()
    }


def _gevuld(waarde, type_naam: str, klassen: dict) -> set[tuple[str, str]]:
    """(class, element) for every element the data fills, walking the data along the definitions."""
    uit = set()
    for item in waarde if isinstance(waarde, list) else [waarde]:
        for el in klassen[type_naam]:
            if item.get(el.naam) not in (None, "", [], {}):
                uit.add((type_naam, el.naam))
                if el.type in klassen:
                    uit |= _gevuld(item[el.naam], el.type, klassen)
    return uit


def _mogelijk(type_naam: str, klassen: dict) -> set[tuple[str, str]]:
    uit = set()
    for el in klassen[type_naam]:
        uit.add((type_naam, el.naam))
        if el.type in klassen:
            uit |= _mogelijk(el.type, klassen)
    return uit


@pytest.mark.parametrize("domein", DOMEINEN)
@pytest.mark.parametrize("nummer", HEENBERICHTEN)
def test_the_factories_fill_every_element(domein, nummer):
    """Every element of every class a heenbericht can hold (CDT_ children included) is filled at least
    once, so the round trip walks the whole definition, not a minimal message. (A retour copies these.)"""
    klassen = _klassen(domein, nummer)
    body = BERICHTEN[nummer].body
    gegevens = bericht(domein, nummer)[body.naam]
    assert _mogelijk(body.type, klassen) - _gevuld(gegevens, body.type, klassen) == set()
