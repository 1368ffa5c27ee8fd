"""Subscribable calendar feeds: a person's, a venue's or a hub's, behind an unguessable URL."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models.tokens import new_feed_token


class CalendarFeed(models.Model):
    """A subscribable iCalendar feed behind an unguessable URL: a person's, a venue's, a hub's."""

    class Kind(models.TextChoices):
        USER = "user", _("My events")
        VENUE = "venue", _("A venue's events")
        HUB = "hub", _("A Careers Hub's events")

    token = models.CharField(max_length=64, unique=True, default=new_feed_token, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_feeds",
    )
    venue = models.ForeignKey(
        "events.Venue",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_feeds",
    )
    hub = models.ForeignKey(
        "schools.Hub",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_feeds",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="user", user__isnull=False, venue__isnull=True, hub__isnull=True)
                    | models.Q(
                        kind="venue", user__isnull=True, venue__isnull=False, hub__isnull=True
                    )
                    | models.Q(kind="hub", user__isnull=True, venue__isnull=True, hub__isnull=False)
                ),
                name="calendar_feed_one_owner",
            ),
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(kind="user"), name="calendar_feed_one_per_user"
            ),
            models.UniqueConstraint(
                fields=["venue"],
                condition=models.Q(kind="venue"),
                name="calendar_feed_one_per_venue",
            ),
            models.UniqueConstraint(
                fields=["hub"], condition=models.Q(kind="hub"), name="calendar_feed_one_per_hub"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.pk})"
