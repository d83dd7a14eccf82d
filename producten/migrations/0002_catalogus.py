"""Load the product catalogue from producten/data/catalogus.yaml (each value names its handbook line).

A data migration, so every database (demo, test, production) starts with the same catalogue and
the tests' serialized rollback restores it. Later edits go through functioneel beheer (admin, with
history) or `manage.py laad_catalogus --bijwerken` for a new handbook version.
"""

from django.db import migrations


def forward(apps, schema_editor):
    from producten.catalogus import laad

    laad(modellen={name: apps.get_model(app, name) for app, name in [
        ("organisaties", "Gemeente"), ("producten", "Product"), ("producten", "Tarief"),
        ("producten", "Indicatiewijze"),
    ]})


class Migration(migrations.Migration):
    dependencies = [("producten", "0001_initial"), ("organisaties", "0002_gemeenten")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
