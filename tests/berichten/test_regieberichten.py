"""The start/stop rules as pure functions (istandaard.regieberichten): each rule with a line that breaks it
and one that keeps it (iStandaarden iJw/iWmo 3.2, technische regels, controleniveau 3)."""

from datetime import date, timedelta

import pytest

from istandaard import regieberichten as rb

D = timedelta(days=1)
B1, E1, B2, E2 = (date(2026, 1, 1) + n * D for n in (0, 10, 20, 30))
START = rb.Levering(frozenset({rb.Start(B1)}))
TIJDELIJK = START.met(rb.Stop(B1, "20", E1), "1")
DEFINITIEF = START.met(rb.Stop(B1, "31", E1), "1")


@pytest.mark.parametrize(
    ("regel", "lev", "argumenten", "gebroken"),
    [
        ("TR063", START, (rb.Start(B2),), True),
        ("TR063", START, (rb.Start(B1),), False),
        ("TR063", DEFINITIEF, (rb.Stop(B1, "31", E2),), True),
        ("TR063", DEFINITIEF, (rb.Stop(B1, "31", E1),), False),
        ("TR071", DEFINITIEF, (rb.Start(B1),), True),
        ("TR071", START, (rb.Start(B1),), False),
        ("TR074", TIJDELIJK.met(rb.Start(B2), "1"), (rb.Start(B1),), True),  # every start, not only the latest
        ("TR074", TIJDELIJK, (rb.Start(B2),), False),
        ("TR326", START, (), True),
        ("TR326", TIJDELIJK, (), False),  # OP379: a start may follow a temporary stop
        ("TR382", START, (rb.Stop(B2, "31", E2),), True),
        ("TR382", START, (rb.Stop(B1, "31", E2),), False),
        ("TR413", TIJDELIJK, (rb.Stop(B1, "20", E2),), True),  # OP378
        ("TR413", TIJDELIJK, (rb.Stop(B1, "31", E2),), False),
        ("TR414", TIJDELIJK, (rb.Stop(B1, "31", B1),), True),  # OP377
        ("TR414", TIJDELIJK, (rb.Stop(B1, "31", E1),), False),  # the same day may follow
        ("TR415", DEFINITIEF, (rb.Stop(B1, "31", E2),), True),  # OP377
        ("TR415", TIJDELIJK, (rb.Stop(B1, "31", E2),), False),
    ],
)
def test_elke_regel_breekt_en_houdt(regel, lev, argumenten, gebroken):
    assert getattr(rb, regel.lower())(lev, *argumenten) is gebroken, regel


@pytest.mark.parametrize(
    ("regels", "codes"),
    [
        # IV008: the withdrawal goes first, whatever the order in the message
        ([("a", rb.Start(B2), "1"), ("b", rb.Start(B1), "3")], {"a": "0200", "b": "0200"}),
        # IV008/TR074: the same key twice in one message
        ([("a", rb.Start(B1), "3"), ("b", rb.Start(B1), "1")], {"a": "0200", "b": "9074"}),
        # OP377: a temporary and a definitive stop on the same day in one message
        ([("a", rb.Stop(B1, "20", E1), "1"), ("b", rb.Stop(B1, "31", E1), "1")], {"a": "0200", "b": "0200"}),
        # TR415: two definitive stops in one message
        ([("a", rb.Stop(B1, "31", E1), "1"), ("b", rb.Stop(B1, "31", E2), "1")], {"a": "0200", "b": "9415"}),
    ],
    ids=["IV008-volgorde", "IV008-TR074-dubbel", "OP377-zelfde-dag", "TR415-in-een-bericht"],
)
def test_een_bericht_wordt_regel_voor_regel_getoetst(regels, codes):
    assert rb.bericht_toetsen(START, regels)[0] == codes
