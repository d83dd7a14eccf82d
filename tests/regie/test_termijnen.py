"""Deadline arithmetic: examples per soort with their source, the Algemene termijnenwet shift, and
property tests (hypothesis, fixed CI profile)."""

from datetime import date, datetime, timedelta

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regie.regelset import regelset
from regie.termijnen import ATW, REGIO, bereken, is_werkdag, plus_maanden, plus_werkdagen, verschuif_atw

pytestmark = pytest.mark.django_db
settings.register_profile(
    "ci", max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
settings.load_profile("ci")

VEREIST = [
    "matchingsgesprek",
    "plan-van-aanpak",
    "wmo-onderzoek",
    "wmo-beschikking",
    "jeugd-beschikking",
    "retour-301",
    "antwoord-315",
    "antwoord-317",
    "start-zorg",
    "stop-zorg",
]


def test_every_required_soort_exists_with_a_source():
    rs = regelset(date(2026, 11, 25))
    for soort in VEREIST:
        assert soort in rs.termijnen, soort
        assert rs.termijnen[soort].bron
    assert any(t.eenheid == "uren" for t in rs.termijnen.values())  # the crisis deadlines


# (soort, vanaf, uiterlijk, verschoven, bron)
VOORBEELDEN = [
    (
        "matchingsgesprek",
        "2026-11-20",
        "2026-11-27",
        False,
        "5 werkdagen, Handboek verwijzers jeugdhulp §1.1.2.3.2 (r. 2125–2127); Fri → next Fri",
    ),
    ("matchingsgesprek", "2026-12-23", "2026-12-31", False, "Eerste and Tweede Kerstdag are no werkdagen"),
    (
        "plan-van-aanpak",
        "2026-01-31",
        "2026-04-30",
        False,
        "3 maanden, Handboek Maatwerkdiensten Wmo §2 (r. 151); 31 jan + 3 months = 30 april",
    ),
    ("plan-van-aanpak-herinnering", "2026-01-31", "2026-03-31", False, "2 maanden"),
    ("wmo-onderzoek", "2026-03-24", "2026-05-06", True, "6 weken ends 5 mei (Bevrijdingsdag): Atw art. 3"),
    ("wmo-beschikking", "2026-03-21", "2026-04-07", True, "2 weken ends Saturday 4 april → Tuesday (Pasen)"),
    ("jeugd-beschikking", "2026-03-10", "2026-05-06", True, "Awb 4:13, 8 weken ends 5 mei → 6 mei"),
    ("jeugd-beschikking", "2026-03-09", "2026-05-04", False, "Awb 4:13, 8 weken ends Monday"),
    ("retour-301", "2026-11-25", "2026-11-30", False, "3 werkdagen, OP090"),
    ("start-zorg", "2026-12-24", "2027-01-04", False, "5 werkdagen over Kerst and Nieuwjaar"),
    ("stop-zorg", "2026-11-25", "2026-12-02", False, "5 werkdagen"),
    ("antwoord-315", "2026-11-25", "2026-12-02", False, "5 werkdagen"),
]


@pytest.mark.parametrize(("soort", "vanaf", "uiterlijk", "verschoven", "bron"), VOORBEELDEN)
def test_deadlines(soort, vanaf, uiterlijk, verschoven, bron):
    rs = regelset(date.fromisoformat(vanaf))
    uit = bereken(rs.termijnen[soort], date.fromisoformat(vanaf), rs.feestdagen)
    assert (uit.uiterlijk, uit.verschoven) == (uiterlijk, verschoven), bron


def test_hours():
    rs = regelset(date(2026, 11, 25))
    urig = next(t for t in rs.termijnen.values() if t.eenheid == "uren")
    uit = bereken(urig, datetime(2026, 11, 25, 23, 30), rs.feestdagen)
    assert uit.uiterlijk == (datetime(2026, 11, 25, 23, 30) + timedelta(hours=urig.aantal)).isoformat(
        timespec="minutes"
    )


def test_5_mei_is_a_holiday_every_year_for_the_atw():
    rs = regelset(date(2026, 11, 25))
    for jaar in range(2020, 2036):
        assert date(jaar, 5, 5) in rs.feestdagen[ATW], jaar


@pytest.mark.parametrize(
    ("van", "tot"),
    [
        (date(2026, 1, 31), date(2026, 2, 28)),
        (date(2028, 1, 31), date(2028, 2, 29)),
        (date(2026, 3, 31), date(2026, 4, 30)),
        (date(2026, 12, 15), date(2027, 1, 15)),
    ],
)
def test_adding_a_month_clamps_to_the_last_day(van, tot):
    assert plus_maanden(van, 1) == tot


DAGEN = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 6, 30))


@given(dag=DAGEN)
def test_a_moved_legal_term_never_lands_on_a_weekend_or_holiday(dag):
    feestdagen = regelset(date(2026, 1, 1)).feestdagen[ATW]
    nieuw, verschoven = verschuif_atw(dag, feestdagen)
    assert nieuw.weekday() < 5 and nieuw not in feestdagen
    assert verschoven == (nieuw != dag)
    assert (nieuw - dag).days <= 5


@given(dag=DAGEN, n=st.integers(min_value=0, max_value=60), m=st.integers(min_value=0, max_value=60))
def test_adding_werkdagen_is_monotonic(dag, n, m):
    feestdagen = regelset(date(2026, 1, 1)).feestdagen[REGIO]
    a, b = plus_werkdagen(dag, n, feestdagen), plus_werkdagen(dag, n + m, feestdagen)
    assert a <= b
    if n > 0:
        assert is_werkdag(a, feestdagen)


def test_cli_termijn_json(capsys):
    call_command("regels", "termijn", "jeugd-beschikking", "--vanaf", "2026-03-10", "--json")
    import json

    uit = json.loads(capsys.readouterr().out)
    assert uit["uiterlijk"] == "2026-05-06" and uit["verschoven"] is True and uit["eenheid"] == "weken"
    assert set(uit) >= {"soort", "vanaf", "uiterlijk", "verschoven", "eenheid", "bron"}


def test_cli_termijn_lijst(capsys):
    import json

    call_command("regels", "termijn", "--lijst", "--json")
    soorten = {t["soort"] for t in json.loads(capsys.readouterr().out)}
    assert set(VEREIST) <= soorten
