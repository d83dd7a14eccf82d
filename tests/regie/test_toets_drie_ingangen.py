"""`manage.py regels toets` and `POST /api/v1/regels/toets` pass what they are given to the one `toets()`: the same
question gives the same findings through the function, the command line and the API. Each row asks one of the
options (lopend with aanbieder and period, eerder, verwijzer, garantiefase, herindicatie, verlenging) and names the
rule whose finding shows it was passed, with that rule's source."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from organisaties.factories import AanbiederFactory, gemeente
from regie.toets import get_aanbieder, lees_lopend, toets

pytestmark = pytest.mark.django_db
D = date.fromisoformat
AGB = "12345678"

# (product, geboren, options in the command line's short form, the rule that shows the option arrived, its
# uitkomst, source)
VRAGEN = [
    pytest.param(
        "45L12",
        "2015-01-01",
        {"aanbieder": AGB, "lopend": [f"45L12@{AGB}:2026-06-01:2027-06-01"]},
        "S77",
        "niet_toegestaan",
        "Handboek verwijzers jeugdhulp §2.9 (r. 4278–4282), toelichting 7: twee keer P1 bij dezelfde aanbieder",
        id="lopend-met-aanbieder-en-periode",
    ),
    pytest.param(
        "45L12",
        "2015-01-01",
        {"aanbieder": AGB, "lopend": [f"45L12@{AGB}:2025-06-01:2026-11-30"]},
        "S77",
        None,
        "a lopend that ended before the ingangsdatum does not stack: its TOT was passed",
        id="lopend-tot-voor-ingangsdatum",
    ),
    pytest.param(
        "54L06",
        "2015-01-01",
        {"aanbieder": "11111111", "lopend": ["54L02@22222222:2026-06-01", "45L61"]},
        "S66",
        "niet_toegestaan",
        "Handboek verwijzers jeugdhulp §4.3 (r. 11836–11842): medicijncontrole niet naast de GGZ-behandeling",
        id="lopend-meerdere",
    ),
    pytest.param(
        "45L61",
        "2015-01-01",
        {"eerder": ["45L61:2025-01-01:2025-06-30"]},
        "JR-067",
        "niet_toegestaan",
        "Handboek verwijzers jeugdhulp §3.4.6 (r. 10651–10655): vaktherapie, geen herindicatie",
        id="eerder",
    ),
    pytest.param(
        "45L12",
        "2015-01-01",
        {"aanbieder": AGB, "eerder": [f"45L12@{AGB}:2026-01-01:2026-09-30"]},
        "JR-065",
        "voorwaardelijk",
        "Handboek verwijzers jeugdhulp §1.1.2.2.2.1 (r. 1836–1878): eerder traject bij dezelfde aanbieder",
        id="eerder-met-aanbieder",
    ),
    pytest.param(
        "49C01",
        "2015-01-01",
        {"verwijzer": "gi"},
        "JR-004",
        "niet_toegestaan",
        "Handboek verwijzers jeugdhulp §2.9 (r. 4298–4300), toelichting 10: drang nooit door een GI",
        id="verwijzer",
    ),
    pytest.param(
        "44L09",
        "2009-05-01",
        {"verwijzer": "strafrecht", "einddatum": "2028-12-01"},
        "JR-022",
        "toegestaan",
        "Handboek verwijzers jeugdhulp §1.1.1.3.2 (r. 714–718): strafrechtelijke jeugdhulp zonder leeftijdsgrens",
        id="verwijzer-strafrecht",
    ),
    pytest.param(
        "45L12",
        "2015-01-01",
        {"garantiefase_na": "2026-09-30"},
        "JR-065",
        "voorwaardelijk",
        "Handboek verwijzers jeugdhulp §1.1.2.2.2.1 (r. 1836–1878): terugkeer binnen 6 maanden",
        id="garantiefase-na",
    ),
    pytest.param(
        "54L51",
        "2017-01-01",
        {"herindicatie": True},
        "JR-067",
        "niet_toegestaan",
        "Handboek verwijzers jeugdhulp §3.4.7 (r. 11475–11477): dyslexie, herindicatie niet mogelijk",
        id="herindicatie",
    ),
    pytest.param(
        "54L51",
        "2017-01-01",
        {"verlenging": True},
        "VERLENGING",
        "niet_toegestaan",
        "Handboek verwijzers jeugdhulp §3.4.7 (r. 11475–11477): dyslexie, verlenging niet mogelijk",
        id="verlenging",
    ),
]


def _functie(product, geboren, opties):
    aanbieder = opties.get("aanbieder")
    return toets(
        productcode=product,
        geboortedatum=D(geboren),
        gemeente=gemeente("0889"),
        ingangsdatum=D("2026-12-01"),
        einddatum=D(opties["einddatum"]) if "einddatum" in opties else None,
        aanbieder=get_aanbieder(aanbieder) if aanbieder else None,
        lopend=[lees_lopend(t) for t in opties.get("lopend", [])],
        eerder=[lees_lopend(t, periode_verplicht=True) for t in opties.get("eerder", [])],
        verwijzer=opties.get("verwijzer", "toegang"),
        garantiefase_na=D(opties["garantiefase_na"]) if "garantiefase_na" in opties else None,
        herindicatie=opties.get("herindicatie", False),
        verlenging=opties.get("verlenging", False),
    ).als_dict()


def _commandoregel(product, geboren, opties):
    argv = ["--product", product, "--geboortedatum", geboren, "--gemeente", "0889", "--ingangsdatum", "2026-12-01"]
    for naam, waarde in opties.items():
        vlag = "--" + naam.replace("_", "-")
        if waarde is True:
            argv.append(vlag)
        elif naam == "lopend":
            argv += [vlag, *waarde]
        elif naam == "eerder":
            for t in waarde:
                argv += [vlag, t]
        else:
            argv += [vlag, waarde]
    uit = StringIO()
    call_command("regels", "toets", *argv, "--json", stdout=uit)
    return json.loads(uit.getvalue())


def _api(client, product, geboren, opties):
    vraag = {"productcode": product, "geboortedatum": geboren, "gemeente": "0889", "ingangsdatum": "2026-12-01"}
    response = client.post("/api/v1/regels/toets", {**vraag, **opties}, content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()


def _oordeel(uitvoer):
    """What a reader acts on: the uitkomst and every finding (rule, uitkomst, products, explanation, source)."""
    bevindingen = sorted(
        (b["regel"], b["uitkomst"], tuple(b["producten"]), b["uitleg"], b["bron"]) for b in uitvoer["bevindingen"]
    )
    return str(uitvoer["uitkomst"]), bevindingen


def _uitkomst(uitvoer, regel):
    volgorde = ["toegestaan", "voorwaardelijk", "niet_toegestaan"]
    gevonden = [str(b["uitkomst"]) for b in uitvoer["bevindingen"] if b["regel"] == regel]
    return max(gevonden, key=volgorde.index) if gevonden else None


@pytest.mark.parametrize(("product", "geboren", "opties", "regel", "verwacht", "bron"), VRAGEN)
def test_the_command_line_and_the_api_give_what_toets_gives(
    client_consulent, product, geboren, opties, regel, verwacht, bron
):
    for agb in {AGB, "11111111", "22222222"}:
        AanbiederFactory(agb_code=agb)
    functie = json.loads(json.dumps(_functie(product, geboren, opties), default=str))
    assert _uitkomst(functie, regel) == verwacht, bron
    assert _oordeel(_commandoregel(product, geboren, opties)) == _oordeel(functie), "command line"
    assert _oordeel(_api(client_consulent, product, geboren, opties)) == _oordeel(functie), "API"
