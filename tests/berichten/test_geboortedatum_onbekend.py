"""A (partly) unknown birth date in the messages (iJw 3.2 OP252, IV009, CS139, TR002), through the real intake and
the real outbox: a 315 with DatumGebruik 3 and 01-01-1900 passes TR002 and registers the inwoner as "onbekend";
the 301 we send carries the Geboortedatum with its DatumGebruik; no screen shows 01-01-1900."""

from datetime import date

import pytest

from berichten.inkomend import bericht_ontvangen
from berichten.models import AangevraagdProduct, Bericht
from inwoners.bsn import nde_bsn
from inwoners.factories import inwoner_in
from inwoners.models import Inwoner
from istandaard.validatie import valideer
from istandaard.xml import lees, naar_dict, naar_xml
from organisaties.factories import gemeente
from tests.berichten.hulp import _toekenning, _vot
from tests.conftest import ingelogde_client

pytestmark = pytest.mark.django_db
D = date.fromisoformat


def _315(aanbieder, datum: str, gebruik: str | None) -> bytes:
    """The helpers' 315 with another Client/Geboortedatum."""
    _d, _n, g = naar_dict(lees(_vot(aanbieder)))
    g["Client"]["Geboortedatum"] = {"Datum": D(datum), **({"DatumGebruik": gebruik} if gebruik else {})}
    return naar_xml("jeugd", "315", g)


# (Datum, DatumGebruik, rules broken (empty: kept), case)
GEVALLEN = [
    ("1900-01-01", "3", set(), "TR002-IV009-onbekend-houdt"),
    ("1900-01-01", None, {"TR002"}, "TR002-1900-zonder-datumgebruik-breekt"),
    ("1900-01-01", "2", {"TR002"}, "TR002-jaar-1900-bekend-breekt"),
    ("1900-01-01", "1", {"TR002"}, "TR002-maand-in-1900-bekend-breekt"),
    ("2015-03-01", "1", set(), "TR002-CS139-IV009-dag-onbekend-houdt"),
    ("2015-01-01", "2", set(), "TR002-CS139-IV009-dag-en-maand-onbekend-houdt"),
    ("2015-03-14", "1", {"CS139"}, "CS139-IV009-dag-niet-01-breekt"),
    ("2015-03-01", "2", {"CS139"}, "CS139-IV009-maand-niet-01-breekt"),
    ("2015-01-01", "3", {"CS139"}, "CS139-IV009-onbekend-niet-1900-breekt"),
]


@pytest.mark.parametrize(("datum", "gebruik", "gebroken"), [g[:3] for g in GEVALLEN], ids=[g[3] for g in GEVALLEN])
def test_a_315_with_a_partly_unknown_birth_date_through_the_intake(omgeving, datum, gebruik, gebroken):
    _venlo, aanbieder, _bo = omgeving
    bericht = bericht_ontvangen(_315(aanbieder, datum, gebruik), kanaal="map")
    regels = {f["regel"] for f in bericht.fouten or []}
    assert regels & {"TR002", "CS139"} == gebroken, bericht.fouten
    assert AangevraagdProduct.objects.exists() is (not gebroken)


@pytest.mark.parametrize(
    ("datum", "gebruik", "getoond"),
    [("1900-01-01", "3", "onbekend"), ("2015-03-01", "1", "maart 2015 (dag onbekend)")],
    ids=["OP252-IV009-315-onbekend", "OP252-IV009-315-dag-onbekend"],
)
def test_honouring_the_315_registers_the_inwoner_with_what_is_known_and_the_301_says_it(
    omgeving, django_capture_on_commit_callbacks, datum, gebruik, getoond
):
    """OP252: the inwoner the 315 creates keeps DatumGebruik; the 301 answering it sends it back (IV009)."""
    _venlo, aanbieder, backoffice = omgeving
    bericht = bericht_ontvangen(_315(aanbieder, datum, gebruik), kanaal="map")
    taak = AangevraagdProduct.objects.get()
    client = ingelogde_client(backoffice)
    scherm = client.get(f"/berichten/verzoeken/{bericht.pk}/").content.decode()
    assert getoond in scherm and "01-01-1900" not in scherm
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/berichten/verzoeken/{bericht.pk}/{taak.pk}/toewijzen/",
            {
                f"taak-{taak.pk}-toewijzen-motivering": "Huisarts verwijst.",
                f"taak-{taak.pk}-toewijzen-keuze": "zoals_gevraagd",
                f"taak-{taak.pk}-toewijzen-gi_instemming": "geen",
            },
        )
    inwoner = Inwoner.objects.get(bsn=nde_bsn(4242))
    assert (inwoner.geboortedatum, inwoner.geboortedatum_gebruik) == (D(datum), gebruik)
    jw301 = Bericht.objects.get(soort="JW301")
    _d, _n, g = naar_dict(lees(bytes(jw301.xml)))
    assert g["Client"]["Geboortedatum"] == {"Datum": datum, "DatumGebruik": gebruik}
    assert not {f["regel"] for f in jw301.fouten or []} & {"TR002", "CS139"}


def test_the_rules_advice_on_an_unknown_birth_date_is_voorwaardelijk(omgeving):
    """An unknown birth date must not suggest reden 9 ("leeftijdsgrens bereikt") as 01-01-1900 would."""
    from berichten.toewijzingsverzoeken import advies

    _venlo, aanbieder, _bo = omgeving
    bericht_ontvangen(_315(aanbieder, "1900-01-01", "3"), kanaal="map")
    uit = advies(AangevraagdProduct.objects.get())
    assert uit.reden == ""
    assert {b.regel: b.uitkomst for b in uit.bevindingen}.get("LEEFTIJD-ONBEKEND") == "voorwaardelijk"


@pytest.mark.parametrize(
    ("datum", "gebruik", "verwacht"),
    [
        ("2016-04-05", "", {"Datum": "2016-04-05"}),
        ("2016-04-01", "1", {"Datum": "2016-04-01", "DatumGebruik": "1"}),
        ("2016-01-01", "2", {"Datum": "2016-01-01", "DatumGebruik": "2"}),
        ("1900-01-01", "3", {"Datum": "1900-01-01", "DatumGebruik": "3"}),
    ],
    ids=["OP252-301-bekend", "OP252-IV009-301-dag", "OP252-IV009-301-dag-en-maand", "OP252-IV009-TR002-301-onbekend"],
)
def test_the_301_carries_geboortedatum_and_datumgebruik(
    tmp_path, settings, django_capture_on_commit_callbacks, datum, gebruik, verwacht
):
    settings.TOEGANG_BERICHTEN_MAP = tmp_path
    venlo = gemeente("0983")
    inwoner = inwoner_in(venlo, geboortedatum=D(datum), geboortedatum_gebruik=gebruik)
    _toekenning(venlo, django_capture_on_commit_callbacks, inwoner=inwoner)
    jw301 = Bericht.objects.get(soort="JW301")
    assert jw301.status == "verzonden", jw301.fouten
    assert valideer(bytes(jw301.xml)).geldig
    _d, _n, g = naar_dict(lees(bytes(jw301.xml)))
    assert g["Client"]["Geboortedatum"] == verwacht


JAAR = date.today().year


@pytest.mark.parametrize(
    ("datum", "gebruik", "gezagsdrager_mee"),
    [
        ("1900-01-01", "3", True),  # nothing known: treated as a jeugdige
        (f"{JAAR - 18}-01-01", "2", True),  # born 18 years ago this year: 17 or 18 today (not on 31 December)
        (f"{JAAR - 30}-01-01", "2", False),  # surely an adult: holds gezag himself (OP002x2)
        (f"{JAAR - 8}-01-01", "2", True),  # surely a child
    ],
    ids=["OP252-OP002-onbekend", "OP252-OP002-misschien-18", "OP252-OP002x2-zeker-volwassen", "OP252-OP002-kind"],
)
def test_the_jeugd_301_sends_the_gezagsdrager_when_the_age_is_uncertain(datum, gebruik, gezagsdrager_mee):
    from inwoners.factories import RelatieFactory
    from tests.berichten.test_301_relaties import _301

    if date.today().month == 12 and date.today().day == 31 and datum.startswith(str(JAAR - 18)):
        pytest.skip("on 31 December everyone born 18 years ago is 18")
    client = inwoner_in(gemeente("0983"), geboortedatum=D(datum), geboortedatum_gebruik=gebruik)
    RelatieFactory(inwoner=client, gezaghebbend=True)
    relaties = _301(client)
    assert bool(relaties) is gezagsdrager_mee
