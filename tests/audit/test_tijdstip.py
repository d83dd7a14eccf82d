"""The time of an event is the database's: a back-dated INSERT does not stick."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from audit.models import Actie, AuditEvent

pytestmark = pytest.mark.django_db

TERUG = dt.datetime(2020, 1, 1, 12, 0, tzinfo=dt.UTC)


def _dicht_bij_nu(tijdstip):
    return abs(timezone.now() - tijdstip) < dt.timedelta(minutes=1)


def test_a_back_dated_sql_insert_gets_the_database_time():
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO audit_auditevent (uuid, tijdstip, gebruikersnaam, rol, actie, object_type, object_id,
                   gemeente_cbs, reden, omschrijving, gegevens, route, request_id)
               VALUES (gen_random_uuid(), %s, 'mallory', '', 'lezen', '', '', '', 'terug in de tijd', '', '{}', '', '')
               RETURNING id, tijdstip""",
            [TERUG],
        )
        _id, tijdstip = cursor.fetchone()
    assert tijdstip.year != 2020 and _dicht_bij_nu(tijdstip)
    assert _dicht_bij_nu(AuditEvent.objects.get(pk=_id).tijdstip)


def test_a_back_dated_orm_insert_gets_the_database_time_too():
    event = AuditEvent.objects.create(actie=Actie.LEZEN, tijdstip=TERUG, reden="terug in de tijd")
    assert _dicht_bij_nu(event.tijdstip)  # read back from the database (RETURNING), not the value sent
    event.refresh_from_db()
    assert _dicht_bij_nu(event.tijdstip)
    geteld = AuditEvent.objects.filter(pk=event.pk, tijdstip__year=2020).count()
    assert geteld == 0
