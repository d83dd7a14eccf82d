"""The Locust runner's arithmetic (no load test here: that is measured with the documented command).

bench.locust imports neither Locust nor Django at module level, so this runs without the `bench` extra.
"""

from bench.locust import ACCOUNTS, percentiel, samenvatten


def test_percentiles_are_nearest_rank():
    waarden = [float(n) for n in range(1, 101)]
    assert (percentiel(waarden, 50), percentiel(waarden, 95), percentiel(waarden, 99)) == (50.0, 95.0, 99.0)
    assert percentiel([], 95) == 0.0


def test_summary_per_page_and_in_total():
    metingen = [("werkvoorraad (consulent)", 100.0, True, 1.0)] * 19 + [("dossier (consulent)", 300.0, False, 2.0)]
    uit = samenvatten(metingen, duur=10.0)
    assert uit["totaal"]["verzoeken"] == 20 and uit["totaal"]["fouten"] == 1
    assert uit["totaal"]["per_seconde"] == 2.0
    assert uit["totaal"]["p95_ms"] == 100.0 and uit["totaal"]["max_ms"] == 300.0
    assert uit["werkvoorraad (consulent)"]["fouten"] == 0


def test_sixteen_accounts_of_both_roles_and_domains():
    assert len(ACCOUNTS) == len(set(ACCOUNTS)) == 16
    assert {soort for _, soort, _ in ACCOUNTS} == {"jeugd", "wmo", "backoffice"}
