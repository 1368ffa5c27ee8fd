"""What happened after a stand visit: the outcome a representative records on the day (with the
visitor's agreement), the stand's count of people not scanned, and the employer's return after
the fair (interviews, offers, starts), kept with every revision of it.

The database holds the return's arithmetic (no more interviews held than offered, no more offers
than interviews held, no more starts than offers) so no code path can store a return that
contradicts itself.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class VisitOutcome(models.Model):
    """The outcome of one stand visit, recorded only when the visitor agreed to it."""

    interaction = models.OneToOneField(
        "events.StandInteraction", on_delete=models.CASCADE, related_name="outcome"
    )
    interview_offered = models.BooleanField(_("interview offered"), default=False)
    application_started = models.BooleanField(_("application started"), default=False)
    # Personal: cleared with the visitor's other records on erasure or after retention.
    note = models.CharField(_("note"), max_length=500, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    visitor_agreed = models.BooleanField(_("the visitor agreed"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("recorded"), auto_now=True)

    class Meta:
        verbose_name = _("stand visit outcome")
        verbose_name_plural = _("stand visit outcomes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="visit_outcome_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(visitor_agreed=True)
                | models.Q(
                    interview_offered=False, application_started=False, note="", rating=None
                ),
                name="visit_outcome_needs_agreement",
            ),
        ]

    def __str__(self) -> str:
        return f"outcome of visit {self.interaction_id}"


class StandDayCount(models.Model):
    """A stand's own count, on the day, of the people it did not scan."""

    application = models.OneToOneField(
        "events.StandApplication", on_delete=models.CASCADE, related_name="day_count"
    )
    unscanned_visitors = models.PositiveIntegerField(_("visitors not scanned"), default=0)
    unscanned_interviews_offered = models.PositiveIntegerField(
        _("interviews offered to people not scanned"), default=0
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("recorded"), auto_now=True)

    class Meta:
        verbose_name = _("stand's count of people not scanned")
        verbose_name_plural = _("stands' counts of people not scanned")

    def __str__(self) -> str:
        return f"count at stand {self.application_id}"


def _return_constraints(prefix: str) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(
            condition=models.Q(interviews_held__lte=models.F("interviews_offered")),
            name=f"{prefix}_held_not_over_offered",
        ),
        models.CheckConstraint(
            condition=models.Q(job_offers__lte=models.F("interviews_held")),
            name=f"{prefix}_offers_not_over_held",
        ),
        models.CheckConstraint(
            condition=models.Q(
                job_offers__gte=models.F("job_starts") + models.F("apprenticeship_starts")
            ),
            name=f"{prefix}_starts_not_over_offers",
        ),
    ]


class ReturnFigures(models.Model):
    """The figures of an employer's return (the return itself and each revision of it)."""

    interviews_offered = models.PositiveIntegerField(_("interviews offered"), default=0)
    interviews_held = models.PositiveIntegerField(_("interviews held"), default=0)
    job_offers = models.PositiveIntegerField(_("job offers"), default=0)
    job_starts = models.PositiveIntegerField(_("job starts (not apprenticeships)"), default=0)
    apprenticeship_starts = models.PositiveIntegerField(_("apprenticeship starts"), default=0)
    starts_aged_50_plus = models.PositiveIntegerField(
        _("of the starts, people aged 50 or over"), null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        abstract = True

    @property
    def starts(self) -> int:
        return self.job_starts + self.apprenticeship_starts


class StandReturn(ReturnFigures):
    """An employer's latest return for one stand after the fair."""

    application = models.OneToOneField(
        "events.StandApplication", on_delete=models.CASCADE, related_name="outcome_return"
    )
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    via_link = models.BooleanField(_("sent through the e-mailed link"), default=False)
    first_saved_at = models.DateTimeField(_("first sent"), auto_now_add=True)
    saved_at = models.DateTimeField(_("last updated"))

    class Meta:
        verbose_name = _("employer's return")
        verbose_name_plural = _("employers' returns")
        constraints = _return_constraints("stand_return")

    def __str__(self) -> str:
        return f"return for stand {self.application_id}"


class StandReturnRevision(ReturnFigures):
    """Every save of a return, as it was: who, when, what (never changed or deleted)."""

    stand_return = models.ForeignKey(
        StandReturn, on_delete=models.CASCADE, related_name="revisions"
    )
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    via_link = models.BooleanField(default=False)
    saved_at = models.DateTimeField()
    # Saved within 13 weeks of the fair's end: what "starts within 13 weeks" counts.
    within_13_weeks = models.BooleanField(default=False)

    class Meta:
        ordering = ["saved_at", "pk"]
        verbose_name = _("revision of an employer's return")
        verbose_name_plural = _("revisions of employers' returns")
        constraints = _return_constraints("stand_return_revision")

    def __str__(self) -> str:
        return f"revision {self.pk} of {self.stand_return_id}"


class ReturnRequestStage(models.TextChoices):
    AFTER_FAIR = "after_fair", _("After the fair")
    WEEK_4 = "week_4", _("Reminder at 4 weeks")
    WEEK_13 = "week_13", _("Reminder at 13 weeks")


class StandReturnRequest(models.Model):
    """An e-mail asking the employer for its return: one per stand and stage, so the task that
    owes them can run any number of times."""

    application = models.ForeignKey(
        "events.StandApplication", on_delete=models.CASCADE, related_name="return_requests"
    )
    stage = models.CharField(_("stage"), max_length=20, choices=ReturnRequestStage.choices)
    created_at = models.DateTimeField(_("owed"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("request for an employer's return")
        verbose_name_plural = _("requests for employers' returns")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "stage"], name="return_request_once_per_stage"
            )
        ]

    def __str__(self) -> str:
        return f"{self.stage} for stand {self.application_id}"
