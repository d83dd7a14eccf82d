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
