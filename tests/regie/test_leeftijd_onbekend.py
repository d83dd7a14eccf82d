"""The age rules on a (partly) unknown birth date (iJw/iWmo OP252, IV009; docs/keuzes.md): what is known is
used; a limit the known part straddles gives a voorwaardelijk finding; a wholly unknown birth date gives one
voorwaardelijk "leeftijd onbekend", never the age of someone born on 01-01-1900."""

from datetime import date

import pytest

from organisaties.factories import gemeente
from regie.toets import OngeldigeInvoer, toets

pytestmark = pytest.mark.django_db
D = date.fromisoformat


def _toets(product, geboren, gebruik, van="2026-12-01", tot=None, cbs="0889"):
    return toets(
        productcode=product,
        geboortedatum=D(geboren),
        geboortedatum_gebruik=gebruik,
        gemeente=gemeente(cbs),
        ingangsdatum=D(van),
        einddatum=D(tot) if tot else None,
    )


def _leeftijdsregels(resultaat) -> dict:
    leeftijd = ("LEEFTIJD-", "WMO-18MIN", "JEUGD-18PLUS", "JR-020", "S12")
    regels = [b.regel for b in resultaat.bevindingen if b.regel.startswith(leeftijd)]
    assert len(regels) == len(set(regels)), regels  # one finding per rule: never "leeftijd onbekend" twice
    return {b.regel: b.uitkomst for b in resultaat.bevindingen if b.regel.startswith(leeftijd)}


# (product, birth date, DatumGebruik, ingang, eind, expected age findings, case)
GEVALLEN = [
    # Dyslexie (54L50) from 7 (Handboek verwijzers jeugdhulp §3.4.7)
    ("54L50", "2021-01-01", "", "2026-12-01", None, {"LEEFTIJD-MIN": "niet_toegestaan"}, "OP252-bekend-te-jong"),
    (
        "54L50",
        "2019-01-01",
        "2",
        "2026-12-01",
        None,
        {"LEEFTIJD-MIN": "voorwaardelijk"},
        "OP252-IV009-alleen-jaar-6-of-7-voorwaardelijk",
    ),
    (
        "54L50",
        "2021-01-01",
        "2",
        "2026-12-01",
        None,
        {"LEEFTIJD-MIN": "niet_toegestaan"},
        "OP252-IV009-alleen-jaar-zeker-te-jong",
    ),
    ("54L50", "2017-01-01", "2", "2026-12-01", None, {}, "OP252-IV009-alleen-jaar-zeker-oud-genoeg"),
    (
        "54L50",
        "2019-12-01",
        "1",
        "2026-12-01",
        None,
        {"LEEFTIJD-MIN": "voorwaardelijk"},
        "OP252-IV009-alleen-maand-verjaardag-in-de-ingangsmaand",
    ),
    (
        "54L50",
        "1900-01-01",
        "3",
        "2026-12-01",
        None,
        {"LEEFTIJD-ONBEKEND": "voorwaardelijk"},
        "OP252-IV009-onbekend-voorwaardelijk",
    ),
    # Zelfstandig wonen training (44L09) until the 18th birthday (§3.2.4)
    (
        "44L09",
        "2009-05-01",
        "",
        "2026-12-01",
        "2027-08-01",
        {"LEEFTIJD-MAX-EINDDATUM": "niet_toegestaan"},
        "OP252-bekend-na-18",
    ),
    (
        "44L09",
        "2009-01-01",
        "2",
        "2026-12-01",
        "2027-08-01",
        {"LEEFTIJD-MAX-EINDDATUM": "voorwaardelijk"},
        "OP252-IV009-alleen-jaar-18e-verjaardag-misschien-voor-het-einde",
    ),
    (
        "44L09",
        "1900-01-01",
        "3",
        "2026-12-01",
        "2027-08-01",
        {"LEEFTIJD-ONBEKEND": "voorwaardelijk"},
        "OP252-IV009-onbekend-geen-leeftijd-126",
    ),
    # A jeugd product without its own limit: the 18-/18+ transition
    ("45L12", "2015-01-01", "", "2026-12-01", None, {}, "OP252-bekend-jeugdige"),
    ("45L12", "2015-01-01", "2", "2026-12-01", None, {}, "OP252-IV009-alleen-jaar-zeker-jeugdige"),
    (
        "45L12",
        "1900-01-01",
        "3",
        "2026-12-01",
        None,
        {"LEEFTIJD-ONBEKEND": "voorwaardelijk"},
        "OP252-IV009-onbekend-18-min-of-plus",
    ),
    # Wmo: until 18 the Jeugdwet comes first (Handboek Maatwerkdiensten Wmo §4)
    ("01B04", "1980-01-01", "2", "2026-12-01", None, {}, "OP252-IV009-wmo-alleen-jaar-zeker-volwassen"),
    (
        "01B04",
        "2008-01-01",
        "2",
        "2026-12-01",
        None,
        {"WMO-18MIN": "voorwaardelijk"},
        "OP252-IV009-wmo-alleen-jaar-17-of-18",
    ),
    (
        "01B04",
        "1900-01-01",
        "3",
        "2026-12-01",
        None,
        {"LEEFTIJD-ONBEKEND": "voorwaardelijk"},
        "OP252-IV009-wmo-onbekend",
    ),
]


@pytest.mark.parametrize(
    ("product", "geboren", "gebruik", "van", "tot", "verwacht"),
    [g[:6] for g in GEVALLEN],
    ids=[g[6] for g in GEVALLEN],
)
def test_age_rules_on_a_partly_unknown_birth_date(product, geboren, gebruik, van, tot, verwacht):
    resultaat = _toets(product, geboren, gebruik, van, tot)
    assert _leeftijdsregels(resultaat) == verwacht, [b.uitleg for b in resultaat.bevindingen]


def test_the_findings_say_what_is_known_and_what_to_check():
    onzeker = _toets("54L50", "2019-01-01", "2")
    (b,) = [b for b in onzeker.bevindingen if b.regel == "LEEFTIJD-MIN"]
    assert "alleen bekend: 2019 (dag en maand onbekend)" in b.uitleg and "Ga de geboortedatum na" in b.uitleg
    assert "OP252" in b.bron
    onbekend = _toets("54L50", "1900-01-01", "3")
    (b,) = [b for b in onbekend.bevindingen if b.regel == "LEEFTIJD-ONBEKEND"]
    assert "geboortedatum van de inwoner is onbekend" in b.uitleg and "1900" not in b.uitleg
    assert onbekend.uitkomst == "voorwaardelijk"


def test_iv009_fills_the_unknown_parts_and_refuses_an_unknown_code():
    """toets takes any date in the known month/year (IV009 makes it the 1st) and refuses a DatumGebruik 4."""
    assert _leeftijdsregels(_toets("54L50", "2019-07-20", "2")) == {"LEEFTIJD-MIN": "voorwaardelijk"}
    with pytest.raises(OngeldigeInvoer):
        _toets("54L50", "2019-01-01", "4")


def test_the_api_takes_the_datumgebruik(client):
    from accounts.models import Rol
    from tests.conftest import ingelogde_client, maak_gebruiker

    gebruiker = maak_gebruiker(Rol.CONSULENT, [gemeente("0889")], domein_jeugd=True)
    data = {
        "productcode": "54L50",
        "geboortedatum": "1900-01-01",
        "geboortedatum_gebruik": "3",
        "gemeente": "0889",
        "ingangsdatum": "2026-12-01",
    }
    r = ingelogde_client(gebruiker).post("/api/v1/regels/toets", data, content_type="application/json")
    assert r.status_code == 200, r.content
    assert {b["regel"]: b["uitkomst"] for b in r.json()["bevindingen"]}.get("LEEFTIJD-ONBEKEND") == "voorwaardelijk"


def test_the_command_line_takes_the_datumgebruik():
    import json
    from io import StringIO

    from django.core.management import call_command

    uit = StringIO()
    argv = ["--product", "54L50", "--geboortedatum", "1900-01-01", "--datumgebruik", "3", "--gemeente", "0889"]
    call_command("regels", "toets", *argv, "--ingangsdatum", "2026-12-01", "--json", stdout=uit)
    bevindingen = {b["regel"]: b["uitkomst"] for b in json.loads(uit.getvalue())["bevindingen"]}
    assert bevindingen.get("LEEFTIJD-ONBEKEND") == "voorwaardelijk" and "LEEFTIJD-MAX" not in bevindingen
