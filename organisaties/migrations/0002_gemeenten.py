"""The seven gemeenten of Noord-Limburg with their CBS codes and toegang teams.

CBS codes: "Gemeentelijke indeling 2026" (CBS, peildatum 01-01-2026), jeugdzorgregio Noord Limburg.
Colours are placeholders chosen for WCAG 2.1 AA contrast (tests/organisaties/test_thema.py), to be
replaced by each gemeente's own house colours.
"""

from django.db import migrations

GEMEENTEN = [
    # cbs, naam, slug, base, dark, light, postadres
    ("0889", "Beesel", "beesel", "#1e7b34", "#155d27", "#e8f4ea", "Postbus 4750, 5953 ZK Reuver"),
    ("0893", "Bergen (L.)", "bergen", "#00689e", "#004f78", "#e5f0f6", "Postbus 140, 5854 ZJ Bergen (L.)"),
    ("0907", "Gennep", "gennep", "#8a1538", "#5e0e26", "#f6e8ec", "Postbus 9003, 6590 HD Gennep"),
    ("1507", "Horst aan de Maas", "horst-aan-de-maas", "#00707a", "#004d54", "#e0f2f3", "Postbus 6005, 5960 AA Horst"),
    ("1894", "Peel en Maas", "peel-en-maas", "#6a2c91", "#481e63", "#f1eaf6", "Postbus 7088, 5980 AB Panningen"),
    ("0983", "Venlo", "venlo", "#b3202a", "#7f161e", "#fbeaeb", "Postbus 3434, 5902 RK Venlo"),
    ("0984", "Venray", "venray", "#005a9c", "#003f6e", "#e6eff7", "Postbus 500, 5800 AM Venray"),
]


def forward(apps, schema_editor):
    Gemeente = apps.get_model("organisaties", "Gemeente")
    Team = apps.get_model("organisaties", "Team")
    for cbs, naam, slug, base, dark, light, postadres in GEMEENTEN:
        gemeente, _ = Gemeente.objects.update_or_create(
            cbs_code=cbs,
            defaults={"naam": naam, "slug": slug, "kleur_base": base, "kleur_dark": dark, "kleur_light": light,
                      "postadres": postadres},
        )
        Team.objects.get_or_create(
            gemeente=gemeente, naam=f"Toegang {naam}", defaults={"domeinen": "beide"}
        )


class Migration(migrations.Migration):
    dependencies = [("organisaties", "0001_initial")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
