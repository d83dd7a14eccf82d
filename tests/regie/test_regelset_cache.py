"""The regelset snapshot is built once per stretch of dates over which the same rows are valid: pages
that compute deadlines for thousands of aanvraag dates stay cheap, and a date past a geldig_vanaf still
sees the new row (regie/regelset.py)."""

from datetime import date
from unittest import mock

import pytest

from regie import regelset as module
from regie.models import Termijn

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def leeg():
    module.leeg_cache()
    yield
    module.leeg_cache()


def test_dates_with_the_same_valid_rows_share_one_snapshot():
    with mock.patch.object(module, "_bouw", wraps=module._bouw) as bouw:
        a = module.regelset(date(2024, 3, 1))
        b = module.regelset(date(2025, 7, 9))
        c = module.regelset(date(2024, 3, 1))
    assert bouw.call_count == 1
    assert (a.peildatum, b.peildatum, c.peildatum) == (date(2024, 3, 1), date(2025, 7, 9), date(2024, 3, 1))
    assert a.termijnen is b.termijnen  # shared, immutable content


@pytest.mark.parametrize(
    ("peildatum", "weken"),
    [
        (date(2026, 12, 31), 8),  # before the new row: the old term
        (date(2027, 1, 1), 10),  # from its geldig_vanaf: the new one
        (date(2027, 6, 1), 10),
    ],
)
def test_a_new_row_splits_the_dates_at_its_geldig_vanaf(peildatum, weken):
    oud = Termijn.objects.get(soort="jeugd-beschikking", geldig_tot__isnull=True)
    Termijn.objects.filter(pk=oud.pk).update(geldig_tot=date(2026, 12, 31))
    Termijn.objects.create(
        soort="jeugd-beschikking",
        naam=oud.naam,
        aantal=10,
        eenheid=oud.eenheid,
        wettelijk=oud.wettelijk,
        vanaf=oud.vanaf,
        domein=oud.domein,
        bron="test",
        geldig_vanaf=date(2027, 1, 1),
    )
    # create() went through the save signal, which gave the regelset a new token
    assert module.regelset(peildatum).termijnen["jeugd-beschikking"].aantal == weken


def _versies_gelezen(stappen) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        stappen()
    return sum('FROM "regie_regelsetversie"' in q["sql"] for q in queries.captured_queries)


def test_a_request_reads_the_version_once_and_its_own_edit_is_seen():
    def pagina():
        module.regelset(date(2026, 3, 1))
        module.regelset(date(2026, 9, 1))
        module.regelset(date(2026, 3, 1))

    module.verzoek_begonnen()  # what request_started calls (request_finished would close the test's connection)
    try:
        assert _versies_gelezen(pagina) == 1
        Termijn.objects.first().save()  # an edit of rule data within the same request (functioneel beheer)
        assert _versies_gelezen(pagina) == 1  # read again once, then kept
    finally:
        module.verzoek_klaar()
    assert _versies_gelezen(pagina) == 3  # outside a request every call asks


def test_an_edit_inside_the_request_is_seen_by_the_next_read():
    module.verzoek_begonnen()  # what request_started calls (request_finished would close the test's connection)
    try:
        voor = module.huidige_versie()
        Termijn.objects.first().save()
        assert module.huidige_versie()[0] == voor[0] + 1
    finally:
        module.verzoek_klaar()


def test_the_request_signals_are_connected():
    from django.core.signals import request_finished, request_started

    assert request_started.has_listeners() and request_finished.has_listeners()
    assert "regelset-verzoek-begonnen" in {r[0][0] for r in request_started.receivers}
    assert "regelset-verzoek-klaar" in {r[0][0] for r in request_finished.receivers}
