"""The werkvoorraad's two lists read one page of an index instead of every open dossier:
- the backoffice's aanvragen per gemeente and domein in deadline order (a partial index);
- "mijn werkvoorraad": PostgreSQL counted a behandelaar's dossiers as if his gemeente and domein were
  independent of him (a few rows, so it sorted them all instead of reading the index in order). Extended
  statistics tell it that they go together. PostgreSQL only; the demo's SQLite needs neither."""

from django.db import migrations, models

STATISTIEK = "dossier_behandelaar_scope"


def maken(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE STATISTICS IF NOT EXISTS {STATISTIEK} (dependencies, ndistinct) "
        "ON consulent_id, gemeente_id, domein FROM verwijzing_dossier"
    )
    schema_editor.execute("ANALYZE verwijzing_dossier")


def verwijderen(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP STATISTICS IF EXISTS {STATISTIEK}")


class Migration(migrations.Migration):
    dependencies = [("verwijzing", "0018_start_stop_regels")]

    operations = [
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                condition=models.Q(("status", "aanvraag")),
                fields=["gemeente", "domein", "uiterlijk", "id"],
                name="dossier_werkvoorraad_aanvraag",
            ),
        ),
        migrations.RunPython(maken, verwijderen),
    ]
