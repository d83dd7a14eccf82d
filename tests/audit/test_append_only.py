import pytest
from django.db import DatabaseError, transaction

from audit.models import Actie, AuditEvent
from audit.services import record

pytestmark = pytest.mark.django_db


def test_events_cannot_be_updated_or_deleted_in_the_database():
    event = record(Actie.LEZEN, object_type="inwoners.inwoner", object_id="1", reden="test")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(reden="gewijzigd")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    event.refresh_from_db()
    assert event.reden == "test"


def test_an_event_records_who_when_what_and_why(client_consulent, consulent, venlo):
    from inwoners.factories import inwoner_in

    inwoner = inwoner_in(venlo, voor=consulent)  # registered by him: in his scope
    client_consulent.get(f"/inwoners/{inwoner.public_id}/")
    event = AuditEvent.objects.filter(actie=Actie.LEZEN).latest("id")
    assert event.gebruiker_id == consulent.pk
    assert event.gebruikersnaam == consulent.username
    assert event.rol == "consulent"
    assert event.object_type == "inwoners.inwoner" and event.object_id == str(inwoner.pk)
    assert event.route == "inwoners:detail"
    assert event.tijdstip is not None and event.request_id


def test_the_audit_admin_is_read_only(rf):
    from django.contrib.admin.sites import site

    beheer = site._registry[AuditEvent]
    request = rf.get("/")
    assert not beheer.has_add_permission(request)
    assert not beheer.has_change_permission(request)
    assert not beheer.has_delete_permission(request)
