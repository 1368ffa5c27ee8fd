import django.db.models.deletion
from django.db import migrations, models


def triggers_create(apps, schema_editor):
    from events.tally_triggers import tally_triggers_ensure

    tally_triggers_ensure(schema_editor.connection.alias)


def triggers_drop(apps, schema_editor):
    from events.tally_triggers import FUNCTION, TABLE, TRIGGERS

    with schema_editor.connection.cursor() as cursor:
        for name in TRIGGERS:
            if schema_editor.connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {TABLE}")
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0016_outbox_kind_registration_cancelled"),
    ]

    operations = [
        migrations.CreateModel(
            name="EventTally",
            fields=[
                (
                    "event",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="tally",
                        serialize=False,
                        to="events.event",
                    ),
                ),
                (
                    "places_taken",
                    models.IntegerField(default=0, editable=False, verbose_name="places taken"),
                ),
            ],
            options={
                "verbose_name": "event tally",
                "verbose_name_plural": "event tallies",
            },
        ),
        migrations.RunPython(triggers_create, triggers_drop, elidable=False),
    ]
