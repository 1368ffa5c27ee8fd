"""The strategy's measures as data: what is counted, over which period and scope, against
which target; and dated snapshots of the figures for the national reporting dates."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.periods import PeriodKind


class Measure(models.Model):
    class Scope(models.TextChoices):
        COUNTY = "county", _("County")
        HUB = "hub", _("Careers Hub")
        DISTRICT = "district", _("District")
        JOBCENTRE = "jobcentre", _("Jobcentre")
        SCHOOL = "school", _("School")

    class Unit(models.TextChoices):
        COUNT = "count", _("Number")
        PERCENT = "percent", _("Per cent")

    class Kind(models.TextChoices):
        # Counted here from the system's own records.
        OBSERVED = "observed", _("Counted from our records")
        # Published elsewhere (DfE, ONS, ESFA, the Growth Hub) and entered by a lead.
        REPORTED = "reported", _("Reported from a published source")

    class Better(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    # The one identifier: snapshots, exports and the API name a measure by it, and the rule
    # that counts it is registered under it (``engagement.measures.rule``).
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    how_computed = models.CharField(_("how it is computed"), max_length=400)
    period_kind = models.CharField(
        _("period"),
        max_length=20,
        choices=[(kind.value, kind.value.replace("_", " ")) for kind in PeriodKind],
    )
    scope = models.CharField(_("finest scope"), max_length=10, choices=Scope.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OBSERVED)
    # None: the strategy reports the figure without a target (its overarching ambitions).
    target = models.DecimalField(
        _("target"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    better = models.CharField(
        _("direction"), max_length=6, choices=Better.choices, default=Better.HIGHER
    )
    baseline = models.DecimalField(
        _("baseline"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # When and where the baseline was measured ("97.9% in 2017").
    baseline_label = models.CharField(_("baseline, when"), max_length=100, blank=True)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.COUNT)
    # Amber from this share of the target upwards; red below it.
    amber_from = models.DecimalField(
        _("amber from (share of target)"), max_digits=3, decimal_places=2, default=0.8
    )
    source = models.CharField(_("where the target comes from"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self) -> str:
        return self.name


class MeasureSnapshot(models.Model):
    """A measure's figure frozen on a date (31 Dec, 31 Mar, 31 Jul are the national dates)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="snapshots")
    taken_on = models.DateField(_("as at"))
    period_label = models.CharField(_("period"), max_length=30)
    scope = models.CharField(_("scope"), max_length=10, choices=Measure.Scope.choices)
    scope_id = models.PositiveIntegerField(null=True, blank=True)
    scope_label = models.CharField(_("scope"), max_length=200)
    actual = models.DecimalField(_("actual"), max_digits=12, decimal_places=2)
    target = models.DecimalField(_("target"), max_digits=10, decimal_places=2)
    rag = models.CharField(_("status"), max_length=5)
    detail = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("frozen at"), auto_now_add=True)

    class Meta:
        ordering = ["-taken_on", "measure"]
        verbose_name = _("measure snapshot")
        verbose_name_plural = _("measure snapshots")
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "taken_on", "scope", "scope_id"], name="snapshot_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure} as at {self.taken_on}"
