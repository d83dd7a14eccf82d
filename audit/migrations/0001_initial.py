import uuid

from django.db import migrations, models

# The audit table is append-only in the database itself, so neither a bug nor a shell session can
# rewrite history. TRUNCATE stays possible for test isolation and for an explicit, logged purge.
PG_FORWARD = """
CREATE OR REPLACE FUNCTION audit_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_auditevent is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_auditevent_no_update BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_auditevent_append_only();
"""
PG_REVERSE = """
DROP TRIGGER IF EXISTS audit_auditevent_no_update ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_auditevent_append_only();
"""
SQLITE_FORWARD = [
    """CREATE TRIGGER audit_auditevent_no_update BEFORE UPDATE ON audit_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit_auditevent is append-only: UPDATE refused'); END;""",
    """CREATE TRIGGER audit_auditevent_no_delete BEFORE DELETE ON audit_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit_auditevent is append-only: DELETE refused'); END;""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_auditevent_no_update;",
    "DROP TRIGGER IF EXISTS audit_auditevent_no_delete;",
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)
    else:
        raise RuntimeError(f"No append-only trigger for database vendor {vendor}")


def reverse(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_REVERSE, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_REVERSE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="AuditEvent",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("tijdstip", models.DateTimeField(auto_now_add=True, db_index=True)),
                ("gebruiker_id", models.BigIntegerField(blank=True, db_index=True, null=True)),
                ("gebruikersnaam", models.CharField(blank=True, max_length=150)),
                ("rol", models.CharField(blank=True, max_length=30)),
                ("actie", models.CharField(choices=[("lezen", "Gelezen"), ("zoeken", "Gezocht"), ("aanmaken", "Aangemaakt"), ("wijzigen", "Gewijzigd"), ("verwijderen", "Verwijderd"), ("geweigerd", "Toegang geweigerd"), ("buiten_scope", "Inzage buiten eigen gemeente"), ("inloggen", "Ingelogd"), ("inloggen_mislukt", "Inloggen mislukt"), ("uitloggen", "Uitgelogd"), ("tweefactor", "Tweestapsverificatie"), ("exporteren", "Geëxporteerd")], db_index=True, max_length=30)),
                ("object_type", models.CharField(blank=True, max_length=100)),
                ("object_id", models.CharField(blank=True, db_index=True, max_length=64)),
                ("gemeente_cbs", models.CharField(blank=True, max_length=4)),
                ("reden", models.TextField(blank=True, help_text="Waarom: de opgegeven reden of de taak waarvoor het diende.")),
                ("omschrijving", models.CharField(blank=True, max_length=300)),
                ("route", models.CharField(blank=True, help_text="De naam van de route, nooit de URL.", max_length=100)),
                ("ip_adres", models.GenericIPAddressField(blank=True, null=True)),
                ("request_id", models.CharField(blank=True, max_length=36)),
            ],
            options={
                "verbose_name": "auditgebeurtenis",
                "verbose_name_plural": "auditgebeurtenissen",
                "ordering": ["-tijdstip", "-id"],
                "indexes": [models.Index(fields=["object_type", "object_id", "tijdstip"], name="audit_audit_object__0aab14_idx")],
            },
        ),
        migrations.RunPython(forward, reverse),
    ]
