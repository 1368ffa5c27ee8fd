"""The Voice of the Customer measure now asks for a forum's record: its definition says so.

Only the stored sentence as seeded is replaced; a lead's own wording is left alone.
"""

from django.db import migrations

CODE = "voice-of-the-customer-every-jobcentre"
OLD = (
    "Jobcentres that organised a Voice of the Customer forum held in the financial year (over, "
    "with at least one person admitted) divided by all Hertfordshire Jobcentres; the record of "
    "barriers raised is not kept yet, so it is not required."
)
NEW = (
    "Jobcentres that organised a Voice of the Customer forum held in the financial year (over "
    "and not cancelled, with people taking part: a participant in its record or a person "
    "admitted; and its record of barriers raised, or of none) divided by all Hertfordshire "
    "Jobcentres."
)


def forward(apps, schema_editor):
    Measure = apps.get_model("engagement", "Measure")
    Measure.objects.filter(code=CODE, how_computed=OLD).update(how_computed=NEW)


def backward(apps, schema_editor):
    Measure = apps.get_model("engagement", "Measure")
    Measure.objects.filter(code=CODE, how_computed=NEW).update(how_computed=OLD)


class Migration(migrations.Migration):
    dependencies = [("engagement", "0010_tally_scanned_employer_encounters")]

    operations = [migrations.RunPython(forward, backward)]
