"""Venlo does not use the lokale perceel (Handboek verwijzers jeugdhulp §2.3 (r. 3644–3646))."""

from django.db import migrations


def forward(apps, schema_editor):
    apps.get_model("organisaties", "Gemeente").objects.filter(cbs_code="0983").update(gebruikt_perceel_lokaal=False)


class Migration(migrations.Migration):
    dependencies = [("organisaties", "0003_gebruikt_perceel_lokaal")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
