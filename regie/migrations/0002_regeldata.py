"""Load the rule data (stapelingsmatrix, regels, termijnen, feestdagen) from regie/data/."""

from django.db import migrations


def forward(apps, schema_editor):
    from regie.laden import laad_alles

    laad_alles({naam: apps.get_model("regie", naam) for naam in ("MatrixProduct", "MatrixCel", "Regel", "Termijn",
                                                                 "Feestdag")})
    apps.get_model("regie", "RegelsetVersie").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("regie", "0001_initial"), ("producten", "0002_catalogus")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
