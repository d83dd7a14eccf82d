"""Prefix indexes on the achternaam and partnernaam for the dossier search (`istartswith`, which Django
writes as UPPER(col::text) LIKE UPPER('…%')). text_pattern_ops serves LIKE in any collation; PostgreSQL
only, as the demo's SQLite needs no index. Not in Meta.indexes: Django cannot declare an opclass index on
an expression in a way SQLite accepts, so the migration state leaves them out (makemigrations stays clean)."""

from django.db import migrations

INDEXEN = {
    "inwoner_geslachtsnaam_prefix": "geslachtsnaam",
    "inwoner_partnernaam_prefix": "partnernaam",
}


def maken(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for naam, kolom in INDEXEN.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {naam} ON inwoners_inwoner (UPPER({kolom}::text) text_pattern_ops)"
        )


def verwijderen(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for naam in INDEXEN:
        schema_editor.execute(f"DROP INDEX IF EXISTS {naam}")


class Migration(migrations.Migration):
    dependencies = [("inwoners", "0005_relatie_beeindigen")]

    operations = [migrations.RunPython(maken, verwijderen)]
