import importlib

from django.db import migrations, models

# The trigger statements live in 0001 (a module name that starts with a digit cannot be imported plainly).
_0001 = importlib.import_module("audit.migrations.0001_initial")


def sqlite_triggers_again(apps, schema_editor):
    """SQLite adds this column by rebuilding the table, which drops its append-only triggers: create them
    again (PostgreSQL keeps them)."""
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in _0001.SQLITE_REVERSE + _0001.SQLITE_FORWARD:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="gegevens",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(sqlite_triggers_again, migrations.RunPython.noop),
    ]
