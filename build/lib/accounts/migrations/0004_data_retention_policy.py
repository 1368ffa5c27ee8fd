"""The retention period for attendees' personal data, set by a strategy lead (one row at most)."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_audit"),
    ]

    operations = [
        migrations.CreateModel(
            name="DataRetentionPolicy",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "attendee_days",
                    models.PositiveIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(30),
                            django.core.validators.MaxValueValidator(2555),
                        ],
                        verbose_name="days attendees' personal data is kept after their event",
                    ),
                ),
                (
                    "changed_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="changed"),
                ),
                (
                    "changed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="changed by",
                    ),
                ),
            ],
            options={
                "verbose_name": "data retention policy",
                "verbose_name_plural": "data retention policy",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("id", 1)), name="retention_policy_one_row"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("attendee_days__gte", 30), ("attendee_days__lte", 2555)
                        ),
                        name="retention_policy_attendee_days_range",
                    ),
                ],
            },
        ),
    ]
