"""A Voice of the Customer forum's record: who took part, the barriers raised, the actions agreed.

Kept by the forum's organisers. It holds no names: participation is counted by group, a barrier
is a theme and the participants' words (contact details stripped on the way in), an action's
owner is an organisation. "You said, we did" shows a record once its organiser publishes it.

The database holds: counts are never negative and no group outnumbers everyone who took part;
an action has an owner (one of ours, or an outside body named in words) and a reason when it
is not possible.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from events.barriers import BarrierTheme

# The groups counted among those who took part. One person may be in several groups (a carer
# aged 50+ counts in both), so the groups do not add up to the total.
PARTICIPATION_GROUPS = (
    "disabled_people",
    "health_conditions",
    "carers",
    "fifty_plus",
    "young_people",
)


class ForumRecord(models.Model):
    """One forum's record (one per forum event)."""

    event = models.OneToOneField(
        "events.Event",
        on_delete=models.CASCADE,
        related_name="forum_record",
        verbose_name=_("forum"),
    )
    participants = models.PositiveIntegerField(
        _("everyone who took part"),
        default=0,
        help_text=_("Everyone in the room, staff and interpreters aside."),
    )
    disabled_people = models.PositiveIntegerField(_("of whom disabled people"), default=0)
    health_conditions = models.PositiveIntegerField(
        _("of whom people with a long-term health condition"), default=0
    )
    carers = models.PositiveIntegerField(_("of whom carers"), default=0)
    fifty_plus = models.PositiveIntegerField(_("of whom people aged 50 and over"), default=0)
    young_people = models.PositiveIntegerField(_("of whom young people aged 16 to 24"), default=0)
    no_barriers_raised = models.BooleanField(
        _("no barriers were raised"),
        default=False,
        help_text=_("Say so explicitly: an empty list is not a record."),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("forum record")
        verbose_name_plural = _("forum records")
        constraints = [
            models.CheckConstraint(
                condition=Q(disabled_people__lte=F("participants"))
                & Q(health_conditions__lte=F("participants"))
                & Q(carers__lte=F("participants"))
                & Q(fifty_plus__lte=F("participants"))
                & Q(young_people__lte=F("participants")),
                name="forum_record_groups_within_participants",
            )
        ]

    def __str__(self) -> str:
        return str(_("Record of %(forum)s") % {"forum": self.event_id})

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class ForumBarrier(models.Model):
    """A barrier raised at a forum: its theme and the participants' words, without names."""

    record = models.ForeignKey(
        ForumRecord, on_delete=models.CASCADE, related_name="barriers", verbose_name=_("record")
    )
    theme = models.CharField(_("theme"), max_length=40, choices=BarrierTheme.choices)
    description = models.TextField(_("in the participants' words"))
    # Whether contact details were stripped from the words when saved (shown to the organiser).
    redacted = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["record", "pk"]
        verbose_name = _("barrier raised")
        verbose_name_plural = _("barriers raised")

    def __str__(self) -> str:
        return str(self.get_theme_display())


class ForumActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    NOT_POSSIBLE = "not_possible", _("Not possible")


# An action is settled once done or found not possible; the others can fall overdue.
SETTLED_ACTION_STATUSES = (ForumActionStatus.DONE, ForumActionStatus.NOT_POSSIBLE)


class ForumAction(models.Model):
    """An action agreed at a forum: who owns it, by when, how it stands."""

    record = models.ForeignKey(
        ForumRecord, on_delete=models.CASCADE, related_name="actions", verbose_name=_("record")
    )
    barrier = models.ForeignKey(
        ForumBarrier,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("barrier it answers"),
    )
    description = models.TextField(_("what will be done"))
    # The owner is one of the organisations in this system, or an outside body named in words.
    owner_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    owner_name = models.CharField(_("owner outside this service"), max_length=200, blank=True)
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=20, choices=ForumActionStatus.choices, default="open"
    )
    status_reason = models.TextField(_("why it is not possible"), blank=True)
    update_note = models.TextField(_("latest update"), blank=True)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["record", "due_on", "pk"]
        verbose_name = _("action agreed")
        verbose_name_plural = _("actions agreed")
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_organisation__isnull=False) | ~Q(owner_name=""),
                name="forum_action_has_owner",
            ),
            models.CheckConstraint(
                condition=~Q(status="not_possible") | ~Q(status_reason=""),
                name="forum_action_not_possible_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def owner_label(self) -> str:
        return self.owner_organisation.name if self.owner_organisation else self.owner_name
