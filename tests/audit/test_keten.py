"""The hash chain over the audit events and its heads outside the database: `manage.py audit verifieer`
names the first broken row, whether it was deleted, changed, inserted or the whole chain rewritten."""

import io
import json
import logging
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from audit import keten
from audit.models import Actie, AuditEvent, AuditZegel
from audit.services import record

pytestmark = pytest.mark.django_db


def _gebeurtenissen(aantal=5):
    return [record(Actie.LEZEN, object_type="inwoners.inwoner", object_id=str(i), reden=f"r{i}") for i in range(aantal)]


def _verifieer(koppen):
    """(exit code, output) of `manage.py audit verifieer --koppen FILE`."""
    uit, fout = io.StringIO(), io.StringIO()
    try:
        call_command("audit", "verifieer", "--koppen", str(koppen), stdout=uit, stderr=fout)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, uit.getvalue() + fout.getvalue()


@contextmanager
def _zonder_triggers(tabel):
    """What someone with the owner's (or a superuser's) rights can do: switch the triggers off."""
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {tabel} DISABLE TRIGGER USER")
        try:
            yield cursor
        finally:
            cursor.execute(f"ALTER TABLE {tabel} ENABLE TRIGGER USER")


@pytest.fixture
def koppen(tmp_path):
    return tmp_path / "koppen.log"


@pytest.fixture
def verzegeld(koppen):
    """Five events, sealed, the head written outside the database."""
    events = _gebeurtenissen(5)
    call_command("audit", "kop", "--koppen", str(koppen), stdout=io.StringIO())
    return events


def test_an_intact_chain_verifies(verzegeld, koppen):
    assert AuditZegel.objects.count() == 5
    code, uitvoer = _verifieer(koppen)
    assert code == 0, uitvoer
    assert "Audittrail intact: 5 gebeurtenissen verzegeld" in uitvoer and "1 koppen gecontroleerd" in uitvoer
    # Events recorded since are not yet sealed, and that is no break.
    _gebeurtenissen(2)
    code, uitvoer = _verifieer(koppen)
    assert code == 0 and "2 nog niet verzegeld" in uitvoer


def test_a_deleted_row_is_named(verzegeld, koppen):
    weg = verzegeld[2]
    with _zonder_triggers("audit_auditevent") as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [weg.pk])
    code, uitvoer = _verifieer(koppen)
    assert code == 1
    assert f"gebeurtenis {weg.pk}: verwijderd" in uitvoer


def test_a_deleted_row_with_its_seal_is_named(verzegeld, koppen):
    weg = verzegeld[2]
    with _zonder_triggers("audit_auditevent") as cursor, _zonder_triggers("audit_auditzegel"):
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [weg.pk])
        cursor.execute("DELETE FROM audit_auditzegel WHERE gebeurtenis = %s", [weg.pk])
    code, uitvoer = _verifieer(koppen)
    assert code == 1
    assert f"gebeurtenis {weg.pk}: verwijderd" in uitvoer


def test_a_changed_row_is_named(verzegeld, koppen):
    gewijzigd = verzegeld[1]
    with _zonder_triggers("audit_auditevent") as cursor:
        cursor.execute("UPDATE audit_auditevent SET reden = 'iets anders' WHERE id = %s", [gewijzigd.pk])
    code, uitvoer = _verifieer(koppen)
    assert code == 1
    assert f"gebeurtenis {gewijzigd.pk}: gewijzigd" in uitvoer


def test_a_changed_time_is_named(verzegeld, koppen):
    gewijzigd = verzegeld[3]
    with _zonder_triggers("audit_auditevent") as cursor:
        cursor.execute("UPDATE audit_auditevent SET tijdstip = '2020-01-01' WHERE id = %s", [gewijzigd.pk])
    code, uitvoer = _verifieer(koppen)
    assert code == 1 and f"gebeurtenis {gewijzigd.pk}: gewijzigd" in uitvoer


def _insert_met_id(event_id):
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO audit_auditevent (id, uuid, gebruikersnaam, rol, actie, object_type, object_id,
                   gemeente_cbs, reden, omschrijving, gegevens, route, request_id)
               VALUES (%s, gen_random_uuid(), 'mallory', '', 'lezen', '', '', '', 'achteraf', '', '{}', '', '')""",
            [event_id],
        )


def _gat():
    """An id drawn from the sequence but never committed (a rolled-back transaction)."""
    with pytest.raises(RuntimeError), transaction.atomic():
        record(Actie.LEZEN, reden="teruggedraaid")
        raise RuntimeError
    return AuditEvent.objects.order_by("-id").first().pk + 1


def test_an_inserted_row_is_named(koppen, settings):
    settings.TOEGANG_AUDIT_GAT_WACHTTIJD = 0  # the gap counts as rolled back at once
    eerste = _gebeurtenissen(1)[0]
    gat = _gat()
    laatste = _gebeurtenissen(2)
    call_command("audit", "kop", "--koppen", str(koppen), stdout=io.StringIO())
    zegel = AuditZegel.objects.get(gebeurtenis=laatste[0].pk)
    assert zegel.vorige == eerste.pk and laatste[0].pk == gat + 1  # the seal records the gap
    assert _verifieer(koppen)[0] == 0
    # Later, a row is slipped into the gap (the app role could: it may INSERT) ...
    _insert_met_id(gat)
    code, uitvoer = _verifieer(koppen)
    assert code == 1
    assert f"gebeurtenis {gat}: ingevoegd" in uitvoer


def test_a_row_inserted_before_the_first_seal_is_named(verzegeld, koppen):
    _insert_met_id(verzegeld[0].pk - 1)
    code, uitvoer = _verifieer(koppen)
    assert code == 1 and f"gebeurtenis {verzegeld[0].pk - 1}: ingevoegd" in uitvoer


def test_a_rewritten_chain_is_caught_by_the_head_outside_the_database(verzegeld, koppen):
    """Change a row and recompute every seal from there: the chain agrees with itself again, but no
    longer with the head written outside the database."""
    gewijzigd = verzegeld[1]
    with _zonder_triggers("audit_auditevent") as cursor, _zonder_triggers("audit_auditzegel"):
        cursor.execute("UPDATE audit_auditevent SET reden = 'iets anders' WHERE id = %s", [gewijzigd.pk])
        cursor.execute("DELETE FROM audit_auditzegel")
    keten.verzegel()  # the attacker's recomputation: the same code, the changed row
    code, uitvoer = _verifieer(koppen.with_name("leeg.log"))
    assert code == 0, "without the heads the rewrite cannot be seen (that is why they live outside)"
    code, uitvoer = _verifieer(koppen)
    assert code == 1
    laatste = verzegeld[-1].pk
    assert f"gebeurtenis {laatste}: herschreven" in uitvoer
    assert "het begin" in uitvoer  # no earlier head agreed: the change is somewhere up to this row


def test_a_rewrite_between_two_heads_is_narrowed_to_them(verzegeld, koppen):
    tweede_reeks = _gebeurtenissen(3)
    call_command("audit", "kop", "--koppen", str(koppen), stdout=io.StringIO())
    with _zonder_triggers("audit_auditevent") as cursor, _zonder_triggers("audit_auditzegel"):
        cursor.execute("UPDATE audit_auditevent SET reden = 'iets anders' WHERE id = %s", [tweede_reeks[1].pk])
        cursor.execute("DELETE FROM audit_auditzegel WHERE gebeurtenis >= %s", [tweede_reeks[0].pk])
    keten.verzegel()
    code, uitvoer = _verifieer(koppen)
    assert code == 1
    assert f"gebeurtenis {tweede_reeks[-1].pk}: herschreven" in uitvoer
    assert f"tussen gebeurtenis {verzegeld[-1].pk + 1} en deze rij" in uitvoer


def test_a_truncated_chain_is_caught_by_the_head(verzegeld, koppen):
    """Delete the last rows and their seals: the head still names the last row."""
    with _zonder_triggers("audit_auditevent") as cursor, _zonder_triggers("audit_auditzegel"):
        cursor.execute("DELETE FROM audit_auditevent WHERE id >= %s", [verzegeld[3].pk])
        cursor.execute("DELETE FROM audit_auditzegel WHERE gebeurtenis >= %s", [verzegeld[3].pk])
    code, uitvoer = _verifieer(koppen)
    assert code == 1 and f"gebeurtenis {verzegeld[-1].pk}: verwijderd" in uitvoer


def test_sealing_waits_for_an_id_still_in_flight(koppen):
    """A younger id committed before an older one: the sealer stops at the gap until the older one
    commits (or the grace period has passed), so a late commit never lands below the sealed head."""
    voor = _gebeurtenissen(1)[0]
    with connection.cursor() as cursor:  # another transaction drew the next id and has not committed
        cursor.execute("SELECT nextval(pg_get_serial_sequence('audit_auditevent', 'id'))")
        onderweg = cursor.fetchone()[0]
    na = _gebeurtenissen(1)[0]
    assert keten.verzegel() == 1
    assert keten.kop()[0] == voor.pk
    _insert_met_id(onderweg)  # ... and now it commits
    assert keten.verzegel() == 2
    zegels = list(AuditZegel.objects.values_list("gebeurtenis", "vorige"))
    assert zegels == [(voor.pk, None), (onderweg, voor.pk), (na.pk, onderweg)]
    call_command("audit", "kop", "--koppen", str(koppen), stdout=io.StringIO())
    assert _verifieer(koppen)[0] == 0


def test_the_head_is_logged_and_appended_and_signed(koppen, settings, caplog):
    settings.TOEGANG_AUDIT_SLEUTEL = "geheim-buiten-de-database"
    _gebeurtenissen(2)
    with caplog.at_level(logging.INFO, logger="toegang.audit.kop"):
        call_command("audit", "kop", "--koppen", str(koppen), stdout=io.StringIO())
    regel = json.loads(koppen.read_text().split("audit-kop ", 1)[1])
    assert regel["gebeurtenis"] == keten.kop()[0] and regel["hash"] == keten.kop()[1] and regel["hmac"]
    assert any(r.name == "toegang.audit.kop" and "audit-kop {" in r.getMessage() for r in caplog.records)
    assert _verifieer(koppen)[0] == 0
    # A head forged without the key is refused.
    vals = dict(regel, hash="0" * 64)
    koppen.write_text(koppen.read_text() + "audit-kop " + json.dumps(vals) + "\n")
    code, uitvoer = _verifieer(koppen)
    assert code == 1 and "niet geldig ondertekend" in uitvoer


def test_the_beat_schedule_seals_every_minute_and_writes_the_head_daily(settings):
    taken = {v["task"]: v["schedule"] for v in settings.CELERY_BEAT_SCHEDULE.values()}
    assert taken["audit.tasks.verzegel"] == 60.0
    assert "audit.tasks.schrijf_kop" in taken


def test_each_sealing_pass_logs_its_head_so_a_shipped_log_catches_a_cut_off_tail(tmp_path, caplog):
    with caplog.at_level(logging.INFO, logger="toegang.audit.kop"):
        events = _gebeurtenissen(3)
        keten.verzegel()
    verzonden = tmp_path / "syslog"  # the log as shipped elsewhere, with its own prefix per line
    regels = [f"Dec  6 03:15:00 worker toegang.audit.kop INFO {r.getMessage()}" for r in caplog.records]
    verzonden.write_text("\n".join(regels) + "\n")
    assert _verifieer(verzonden)[0] == 0
    with _zonder_triggers("audit_auditevent") as cursor, _zonder_triggers("audit_auditzegel"):
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [events[-1].pk])
        cursor.execute("DELETE FROM audit_auditzegel WHERE gebeurtenis = %s", [events[-1].pk])
    code, uitvoer = _verifieer(verzonden)
    assert code == 1 and f"gebeurtenis {events[-1].pk}: verwijderd" in uitvoer
