"""Seed the strategy's measures (idempotent: an existing measure, and its target, is kept)."""

from django.db import migrations


def seed(apps, schema_editor):
    from engagement.measures.seeds import measures_seed

    measures_seed(model=apps.get_model("engagement", "Measure"))


class Migration(migrations.Migration):
    dependencies = [
        ("engagement", "0003_export_log"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
