"""Adviser↔school matching (encounters and measures follow in their own issue).

A coordinator runs a **matching round** for a hub. The round scores every eligible adviser–school
pair from explainable parts, finds the assignment with the highest total score, and stores one
**proposal** per school it could match (with the parts of its score) and the reasons for every
school it could not. Accepting a proposal starts a **match**; a match ends with a reason and is
kept as history.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from employers.models import EnterpriseAdviser
from engagement.match_reasons import left_out_shown, parts_shown, unmatched_shown, weights_shown
from schools.models import Hub, School


class MatchingWeights(models.Model):
    """How much each part of a pair's score counts in a hub's rounds (coordinators edit these)."""

    hub = models.OneToOneField(Hub, on_delete=models.CASCADE, related_name="matching_weights")
    distance = models.PositiveSmallIntegerField(
        _("distance"), default=3, validators=[MaxValueValidator(10)]
    )
    benchmarks = models.PositiveSmallIntegerField(
        _("expertise for the school's weakest benchmarks"),
        default=4,
        validators=[MaxValueValidator(10)],
    )
    sector = models.PositiveSmallIntegerField(
        _("sector the school asked for"), default=2, validators=[MaxValueValidator(10)]
    )
    preferred_district = models.PositiveSmallIntegerField(
        _("adviser's preferred districts"), default=2, validators=[MaxValueValidator(10)]
    )
    continuity = models.PositiveSmallIntegerField(
        _("continuity with an earlier match"), default=3, validators=[MaxValueValidator(10)]
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    PARTS = ("distance", "benchmarks", "sector", "preferred_district", "continuity")

    class Meta:
        verbose_name = _("matching weights")
        verbose_name_plural = _("matching weights")

    def __str__(self) -> str:
        return f"{self.hub} weights"

    def as_dict(self) -> dict[str, int]:
        return {part: getattr(self, part) for part in self.PARTS}


class MatchExclusion(models.Model):
    """A pair the coordinator never wants proposed (a conflict of interest, a bad fit before)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="match_exclusions")
    adviser = models.ForeignKey(
        EnterpriseAdviser, on_delete=models.CASCADE, related_name="match_exclusions"
    )
    reason = models.CharField(_("reason"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("match exclusion")
        verbose_name_plural = _("match exclusions")
        constraints = [
            models.UniqueConstraint(fields=["school", "adviser"], name="exclusion_unique_pair")
        ]

    def __str__(self) -> str:
        return f"{self.adviser} ✕ {self.school}"


class MatchPin(models.Model):
    """A pair the coordinator has agreed already: every round keeps it."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="match_pin")
    adviser = models.ForeignKey(
        EnterpriseAdviser, on_delete=models.CASCADE, related_name="match_pins"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("pinned match")
        verbose_name_plural = _("pinned matches")

    def __str__(self) -> str:
        return f"{self.adviser} ↔ {self.school} (pinned)"


class MatchingRound(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposals to review")
        CLOSED = "closed", _("Closed")

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="matching_rounds")
    starts_on = models.DateField(_("matches start on"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    weights = models.JSONField(_("weights used"), default=dict)
    total_score = models.FloatField(_("total score"), default=0)
    schools_considered = models.PositiveIntegerField(_("schools considered"), default=0)
    advisers_considered = models.PositiveIntegerField(_("advisers considered"), default=0)
    unmatched = models.JSONField(
        _("schools left unmatched"),
        default=list,
        help_text=_(
            "[{school_id, school, reasons: [{code, params}]}] for every school the round could "
            "not match"
        ),
    )
    advisers_left_out = models.JSONField(
        _("advisers left out"),
        default=dict,
        help_text=_("{hard rule: number of advisers} for advisers that failed a hard rule"),
    )
    greedy_total_score = models.FloatField(_("greedy baseline's total score"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("run at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("matching round")
        verbose_name_plural = _("matching rounds")

    def __str__(self) -> str:
        return f"{self.hub} — {self.created_at:%d %b %Y %H:%M}"

    # The stored reasons worded in the reader's language (pages and API alike).
    @property
    def unmatched_shown(self) -> list[dict[str, object]]:
        return unmatched_shown(self.unmatched)

    @property
    def advisers_left_out_shown(self) -> dict[str, int]:
        return left_out_shown(self.advisers_left_out, starts_on=self.starts_on)

    @property
    def weights_shown(self) -> list[tuple[str, object]]:
        return weights_shown(self.weights)


class MatchProposal(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    round = models.ForeignKey(MatchingRound, on_delete=models.CASCADE, related_name="proposals")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    adviser = models.ForeignKey(EnterpriseAdviser, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("score"))
    parts = models.JSONField(
        _("why this match"),
        default=list,
        help_text=_("[{part, value, weight, points, why: {code, params}}] adding up to the score"),
    )
    pinned = models.BooleanField(_("pinned"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["round", "-score"]
        verbose_name = _("match proposal")
        verbose_name_plural = _("match proposals")
        constraints = [
            models.UniqueConstraint(fields=["round", "school"], name="proposal_unique_round_school")
        ]

    def __str__(self) -> str:
        return f"{self.adviser} → {self.school} ({self.score:.1f})"

    @property
    def parts_shown(self) -> list[dict[str, object]]:
        """The parts with their label and reason worded in the reader's language."""
        return parts_shown(self.parts)


class Match(models.Model):
    """An Enterprise Adviser working with a school, from a start date until it ends (with why)."""

    class EndReason(models.TextChoices):
        ADVISER_LEFT = "adviser_left", _("The adviser left the programme")
        ADVISER_PAUSED = "adviser_paused", _("The adviser paused")
        SCHOOL_REQUEST = "school_request", _("The school asked for a change")
        REMATCHED = "rematched", _("Rematched by the hub")
        COMPLETED = "completed", _("Completed its term")
        OTHER = "other", _("Other")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="adviser_matches")
    adviser = models.ForeignKey(EnterpriseAdviser, on_delete=models.CASCADE, related_name="matches")
    proposal = models.OneToOneField(
        MatchProposal, on_delete=models.SET_NULL, null=True, blank=True, related_name="match"
    )
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(
        _("why it ended"), max_length=20, choices=EndReason.choices, blank=True
    )
    end_note = models.CharField(_("note"), max_length=300, blank=True)
    announced_at = models.DateTimeField(_("start announced by e-mail"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-started_on"]
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        constraints = [
            # A school has at most one adviser at a time.
            models.UniqueConstraint(
                fields=["school"],
                condition=models.Q(ended_on__isnull=True),
                name="match_one_active_per_school",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | ~models.Q(end_reason=""),
                name="match_end_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.adviser} ↔ {self.school}"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None
