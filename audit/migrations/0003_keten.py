import importlib

import django.db.models.functions.datetime
from django.db import migrations, models

_0001 = importlib.import_module("audit.migrations.0001_initial")

# The time of an event is the database's: whatever tijdstip an INSERT brings (a back-dated 2020, say) is
# overwritten with the server clock. clock_timestamp(), not now(): the moment of the insert, not of the
# transaction's start, so an event's time is never before its id was drawn (audit.keten relies on it).
PG_FORWARD = """
CREATE OR REPLACE FUNCTION audit_tijdstip_van_de_database() RETURNS trigger AS $$
BEGIN
    NEW.tijdstip := clock_timestamp();
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_auditevent_tijdstip BEFORE INSERT ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_tijdstip_van_de_database();
CREATE TRIGGER audit_auditzegel_tijdstip BEFORE INSERT ON audit_auditzegel
    FOR EACH ROW EXECUTE FUNCTION audit_tijdstip_van_de_database();
CREATE TRIGGER audit_auditzegel_no_update BEFORE UPDATE OR DELETE ON audit_auditzegel
    FOR EACH ROW EXECUTE FUNCTION audit_auditevent_append_only();
"""
PG_REVERSE = """
DROP TRIGGER IF EXISTS audit_auditzegel_no_update ON audit_auditzegel;
DROP TRIGGER IF EXISTS audit_auditzegel_tijdstip ON audit_auditzegel;
DROP TRIGGER IF EXISTS audit_auditevent_tijdstip ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_tijdstip_van_de_database();
"""

# SQLite triggers cannot change NEW: refuse a time more than five minutes from the database clock.
SQLITE_FORWARD = [
    f"""CREATE TRIGGER {tabel}_tijdstip BEFORE INSERT ON {tabel}
       WHEN NEW.tijdstip IS NULL OR abs(julianday(NEW.tijdstip) - julianday('now')) > 5.0 / 1440
       BEGIN SELECT RAISE(ABORT, '{tabel}: tijdstip wordt door de database gezet'); END;"""
    for tabel in ("audit_auditevent", "audit_auditzegel")
] + [
    """CREATE TRIGGER audit_auditzegel_no_update BEFORE UPDATE ON audit_auditzegel
       BEGIN SELECT RAISE(ABORT, 'audit_auditzegel is append-only: UPDATE refused'); END;""",
    """CREATE TRIGGER audit_auditzegel_no_delete BEFORE DELETE ON audit_auditzegel
       BEGIN SELECT RAISE(ABORT, 'audit_auditzegel is append-only: DELETE refused'); END;""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_auditevent_tijdstip;",
    "DROP TRIGGER IF EXISTS audit_auditzegel_tijdstip;",
    "DROP TRIGGER IF EXISTS audit_auditzegel_no_update;",
    "DROP TRIGGER IF EXISTS audit_auditzegel_no_delete;",
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD, params=None)
    elif vendor == "sqlite":
        # AlterField on tijdstip rebuilt the SQLite table, which dropped its append-only triggers.
        for statement in _0001.SQLITE_REVERSE + _0001.SQLITE_FORWARD + SQLITE_REVERSE + SQLITE_FORWARD:
            schema_editor.execute(statement)
    else:
        raise RuntimeError(f"No audit triggers for database vendor {vendor}")


def reverse(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_REVERSE, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_REVERSE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_gegevens")]

    operations = [
        migrations.CreateModel(
            name="AuditZegel",
            fields=[
                ("gebeurtenis", models.BigIntegerField(primary_key=True, serialize=False)),
                ("vorige", models.BigIntegerField(blank=True, null=True)),
                ("hash", models.CharField(max_length=64)),
                ("tijdstip", models.DateTimeField(db_default=django.db.models.functions.datetime.Now())),
            ],
            options={
                "verbose_name": "auditzegel",
                "verbose_name_plural": "auditzegels",
                "ordering": ["gebeurtenis"],
            },
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="tijdstip",
            field=models.DateTimeField(db_default=django.db.models.functions.datetime.Now(), db_index=True),
        ),
        migrations.RunPython(forward, reverse),
    ]
