"""Figures published elsewhere (DfE, ONS, ESFA, the Growth Hub) that a lead enters or imports
for a reported measure, with where each came from and who entered it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from engagement.models.measures import Measure


class ReportedValue(models.Model):
    class ScopeKind(models.TextChoices):
        COUNTY = "county", _("County")
        DISTRICT = "district", _("District")

    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="reported_values", verbose_name=_("measure")
    )
    # The measure's own kind of period ("2025-26", "2025-26 Q1", "2025"), kept as its label and
    # its days so that a figure is found by the period a page shows.
    period_label = models.CharField(_("period"), max_length=30)
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends (the day after)"))
    scope_kind = models.CharField(
        _("scope"), max_length=10, choices=ScopeKind.choices, default=ScopeKind.COUNTY
    )
    district = models.ForeignKey(
        "accounts.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
    )
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    source = models.CharField(_("source"), max_length=300)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reported_at = models.DateTimeField(_("reported at"))

    class Meta:
        ordering = ["measure", "-period_start", "scope_kind", "district"]
        verbose_name = _("reported value")
        verbose_name_plural = _("reported values")
        constraints = [
            # One figure per measure, period and place: a correction replaces it (audited).
            models.UniqueConstraint(
                fields=["measure", "period_start", "scope_kind"],
                condition=models.Q(district__isnull=True),
                name="reported_value_unique_county",
            ),
            models.UniqueConstraint(
                fields=["measure", "period_start", "scope_kind", "district"],
                condition=models.Q(district__isnull=False),
                name="reported_value_unique_district",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(scope_kind="county", district__isnull=True)
                    | models.Q(scope_kind="district", district__isnull=False)
                ),
                name="reported_value_scope_matches_district",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gt=models.F("period_start")),
                name="reported_value_period_not_empty",
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0), name="reported_value_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.period_label}"
