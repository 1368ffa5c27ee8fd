"""A message an organiser wrote to a group of an event's people: what, to whom, by whom; each
recipient's copy is a notification in its batch (``group-message:<id>``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MessageGroup(models.TextChoices):
    REGISTERED = "registered", _("Registered (a confirmed place)")
    WAITING_LIST = "waiting_list", _("On the waiting list")
    ADMITTED = "admitted", _("Admitted at the door")
    NO_SHOWS = "no_shows", _("No-shows (a confirmed place, not admitted, after the event)")
    EMPLOYERS_APPROVED = "employers_approved", _("Employers with an approved stand")
    EMPLOYERS_PRESENT = "employers_present", _("Employers marked present on the day")


class GroupMessage(models.Model):
    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="group_messages"
    )
    group = models.CharField(_("group"), max_length=30, choices=MessageGroup.choices)
    by_email = models.BooleanField(_("by e-mail"), default=False)
    by_sms = models.BooleanField(_("by text message"), default=False)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("message"))
    email_count = models.PositiveIntegerField(_("e-mails"), default=0)
    sms_count = models.PositiveIntegerField(_("text messages"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("message to a group")
        verbose_name_plural = _("messages to a group")

    def __str__(self) -> str:
        return f"{self.event_id} {self.group} {self.created_at:%Y-%m-%d}"

    @property
    def batch(self) -> str:
        return f"group-message:{self.pk}"
