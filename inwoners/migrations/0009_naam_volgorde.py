"""The name-order index for the dossier search: the achternaam (upper case) and voornamen in byte order, then
the id — the order the search shows, so a search on a common name reads one page of the index instead of
sorting every inwoner with that name (verwijzing/zoeken.py). Byte order ("C") also serves the search's
LIKE 'NAAM%' as a range. PostgreSQL only, like 0006; the demo's SQLite needs no index."""

from django.db import migrations

NAAM = "inwoner_naam_volgorde"


def maken(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {NAAM} ON inwoners_inwoner "
        '((UPPER(geslachtsnaam::text) COLLATE "C"), (voornamen COLLATE "C"), id)'
    )


def verwijderen(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAAM}")


class Migration(migrations.Migration):
    dependencies = [("inwoners", "0008_op003")]

    operations = [migrations.RunPython(maken, verwijderen)]
