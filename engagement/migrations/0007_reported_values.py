"""Measures gain a kind (observed or reported), a direction and a baseline; reported values."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_organisation_require_two_factor"),
        ("engagement", "0006_measure_rule_by_code"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="measure",
            name="baseline",
            field=models.DecimalField(
                blank=True, decimal_places=2, max_digits=12, null=True, verbose_name="baseline"
            ),
        ),
        migrations.AddField(
            model_name="measure",
            name="baseline_label",
            field=models.CharField(blank=True, max_length=100, verbose_name="baseline, when"),
        ),
        migrations.AddField(
            model_name="measure",
            name="better",
            field=models.CharField(
                choices=[("higher", "Higher is better"), ("lower", "Lower is better")],
                default="higher",
                max_length=6,
                verbose_name="direction",
            ),
        ),
        migrations.AddField(
            model_name="measure",
            name="kind",
            field=models.CharField(
                choices=[
                    ("observed", "Counted from our records"),
                    ("reported", "Reported from a published source"),
                ],
                default="observed",
                max_length=10,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="measure",
            name="target",
            field=models.DecimalField(
                blank=True, decimal_places=2, max_digits=10, null=True, verbose_name="target"
            ),
        ),
        migrations.CreateModel(
            name="ReportedValue",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("period_label", models.CharField(max_length=30, verbose_name="period")),
                ("period_start", models.DateField(verbose_name="period starts")),
                ("period_end", models.DateField(verbose_name="period ends (the day after)")),
                (
                    "scope_kind",
                    models.CharField(
                        choices=[("county", "County"), ("district", "District")],
                        default="county",
                        max_length=10,
                        verbose_name="scope",
                    ),
                ),
                (
                    "value",
                    models.DecimalField(decimal_places=2, max_digits=12, verbose_name="value"),
                ),
                ("source", models.CharField(max_length=300, verbose_name="source")),
                (
                    "published_on",
                    models.DateField(blank=True, null=True, verbose_name="published on"),
                ),
                ("note", models.TextField(blank=True, verbose_name="note")),
                ("reported_at", models.DateTimeField(verbose_name="reported at")),
                (
                    "district",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.district",
                        verbose_name="district",
                    ),
                ),
                (
                    "measure",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="reported_values",
                        to="engagement.measure",
                        verbose_name="measure",
                    ),
                ),
                (
                    "reported_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="reported by",
                    ),
                ),
            ],
            options={
                "verbose_name": "reported value",
                "verbose_name_plural": "reported values",
                "ordering": ["measure", "-period_start", "scope_kind", "district"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("district__isnull", True)),
                        fields=("measure", "period_start", "scope_kind"),
                        name="reported_value_unique_county",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("district__isnull", False)),
                        fields=("measure", "period_start", "scope_kind", "district"),
                        name="reported_value_unique_district",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("district__isnull", True), ("scope_kind", "county")),
                            models.Q(("district__isnull", False), ("scope_kind", "district")),
                            _connector="OR",
                        ),
                        name="reported_value_scope_matches_district",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("period_end__gt", models.F("period_start"))),
                        name="reported_value_period_not_empty",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("value__gte", 0)), name="reported_value_not_negative"
                    ),
                ],
            },
        ),
    ]
