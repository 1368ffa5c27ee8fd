"""Feedback after an event: one link per admitted attendee (registration) or per employer present
(stand application), with an unguessable token; the answer lives on the link's row, so answering
twice updates the one answer. Barrier themes ticked are rows, counted in SQL."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from events.barriers import BarrierTheme
from events.models.tokens import new_ticket_token


class Usefulness(models.TextChoices):
    VERY_USEFUL = "very_useful", _("Very useful")
    QUITE_USEFUL = "quite_useful", _("Quite useful")
    NOT_VERY_USEFUL = "not_very_useful", _("Not very useful")
    NOT_USEFUL = "not_useful", _("Not useful at all")


# The answers that count as satisfied in "satisfaction" figures.
SATISFIED = (Usefulness.VERY_USEFUL, Usefulness.QUITE_USEFUL)


class CandidateQuality(models.TextChoices):
    VERY_GOOD = "very_good", _("Very good")
    GOOD = "good", _("Good")
    POOR = "poor", _("Poor")
    VERY_POOR = "very_poor", _("Very poor")


SATISFIED_EMPLOYER = (CandidateQuality.VERY_GOOD, CandidateQuality.GOOD)


class YesNoNotSure(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_SURE = "not_sure", _("Not sure")


class AdjustmentsMetAnswer(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class FeedbackRequest(models.Model):
    """One feedback link: for one admitted attendee or one employer present at one event."""

    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="feedback_requests"
    )
    registration = models.OneToOneField(
        "events.Registration",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="feedback_request",
    )
    stand_application = models.OneToOneField(
        "events.StandApplication",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="feedback_request",
    )
    token = models.CharField(max_length=64, unique=True, default=new_ticket_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the invitation is put in the outbox: what makes the daily task send it once.
    invited_at = models.DateTimeField(null=True, blank=True, editable=False)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), null=True, blank=True)
    # Attendees' answers.
    usefulness = models.CharField(
        _("how useful was it"), max_length=20, choices=Usefulness.choices, blank=True
    )
    met_employer = models.CharField(
        _("met an employer they want to work for"),
        max_length=10,
        choices=YesNoNotSure.choices,
        blank=True,
    )
    nothing_in_the_way = models.BooleanField(_("nothing got in the way"), default=False)
    adjustments_met = models.CharField(
        _("adjustments met"), max_length=10, choices=AdjustmentsMetAnswer.choices, blank=True
    )
    # Employers' answers.
    candidate_quality = models.CharField(
        _("quality of candidates"), max_length=20, choices=CandidateQuality.choices, blank=True
    )
    come_again = models.CharField(
        _("would come again"), max_length=10, choices=YesNoNotSure.choices, blank=True
    )
    # Personal data removed before it is stored (events.feedback.comment_scrub).
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["event", "pk"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(registration__isnull=False, stand_application__isnull=True)
                | models.Q(registration__isnull=True, stand_application__isnull=False),
                name="feedback_for_a_person_or_a_stand",
            )
        ]

    def __str__(self) -> str:
        return f"feedback {self.pk} — {self.event_id}"

    @property
    def is_employer(self) -> bool:
        return self.stand_application_id is not None


class FeedbackBarrier(models.Model):
    """One barrier theme an attendee said got in the way."""

    feedback = models.ForeignKey(FeedbackRequest, on_delete=models.CASCADE, related_name="barriers")
    theme = models.CharField(_("theme"), max_length=40, choices=BarrierTheme.choices)

    class Meta:
        verbose_name = _("barrier in feedback")
        verbose_name_plural = _("barriers in feedback")
        constraints = [
            models.UniqueConstraint(fields=["feedback", "theme"], name="feedback_theme_once")
        ]

    def __str__(self) -> str:
        return self.theme
