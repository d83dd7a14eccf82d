from django.db import migrations, models


def _als_dict(element):
    """An element's children by local name (text for leaves); enough for the Client class, which holds
    no repeating elements besides the products left out."""
    uit = {}
    for kind in element:
        if not isinstance(kind.tag, str):
            continue
        naam = kind.tag.rsplit("}", 1)[-1]
        uit[naam] = _als_dict(kind) if len(kind) else (kind.text or "")
    return uit


def vul_client(apps, schema_editor):
    """Tasks received before the Client was kept beside them get it from their 315 (already validated on
    arrival; parsed again with the one hardened parser all the same)."""
    from istandaard.xml import OnleesbaarBericht, lees

    AangevraagdProduct = apps.get_model("berichten", "AangevraagdProduct")
    for taak in AangevraagdProduct.objects.filter(client={}).select_related("bericht").iterator():
        try:
            root = lees(bytes(taak.bericht.xml))
        except OnleesbaarBericht:
            continue
        client = next((e for e in root.iter() if isinstance(e.tag, str) and e.tag.endswith("}Client")), None)
        if client is None:
            continue
        gegevens = _als_dict(client)
        gegevens.pop("AangevraagdeProducten", None)
        taak.client = gegevens
        taak.save(update_fields=["client"])


class Migration(migrations.Migration):
    dependencies = [
        ("berichten", "0003_wijzigingsverzoek"),
    ]

    operations = [
        migrations.AddField(
            model_name="aangevraagdproduct",
            name="client",
            field=models.JSONField(default=dict, verbose_name="cliënt"),
        ),
        migrations.RunPython(vul_client, migrations.RunPython.noop),
    ]
