"""A reported figure entered or corrected is an audited action."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_organisation_require_two_factor"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditentry",
            name="action",
            field=models.CharField(
                choices=[
                    ("checkin.admit", "Ticket admitted at the door"),
                    ("checkin.duplicate", "Second admission of a ticket refused"),
                    ("checkin.walk_in", "Walk-in registered and admitted"),
                    ("stand.approve", "Stand approved"),
                    ("stand.decline", "Stand declined"),
                    ("membership.role_change", "Role given or taken away"),
                    ("measure.target_change", "Measure's target changed"),
                    ("measure.reported_value", "Reported figure entered or corrected"),
                    ("export.download", "Engagement figures exported"),
                    (
                        "registration.subject_access",
                        "An attendee's personal data looked up or downloaded",
                    ),
                    ("registration.erase", "An attendee's personal data erased"),
                    ("retention.change", "Retention period changed"),
                    ("retention.purge", "Attendees' personal data purged after retention"),
                ],
                max_length=40,
                verbose_name="what",
            ),
        ),
    ]
