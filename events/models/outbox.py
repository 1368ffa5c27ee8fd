"""The e-mail outbox: one row per e-mail owed, written in the same transaction as the change that
owes it, so a registration saved is an e-mail recorded even when the broker is down
(``events.outbox`` sends the rows)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MessageKind(models.TextChoices):
    """What an e-mail owed is: the services give one, the row stores its value, the outbox's
    sender maps it to one function in events.emails (object_id is what that function takes).
    The values are stored: keep them when renaming a member."""

    REGISTRATION_CONFIRMATION = "registration_confirmation", _("Registration confirmation")
    REGISTRATION_PROMOTED = "registration_promoted", _("Place from the waiting list")
    STAND_APPLICATION_NOTIFY = "stand_application_notify", _("Stand application update")
    EVENT_CANCELLATION_NOTICES = "event_cancellation_notices", _("Event cancelled notices")
    EVENT_CHANGED_NOTICES = "event_changed_notices", _("Event changed notices")
    REGISTRATION_RESEND = "registration_resend", _("Ticket sent again")
    PLACE_OFFERED = "place_offered", _("Place offered from the waiting list")
    PLACE_OFFER_EXPIRED = "place_offer_expired", _("Offered place not claimed in time")
    TICKET_LOOKUP = "ticket_lookup", _("Tickets and waiting-list places sent on request")
    FEEDBACK_INVITATION = "feedback_invitation", _("Feedback invitation")
    ADJUSTMENT_CONFIRMATION = "adjustment_confirmation", _("Adjustment confirmed")
    STAND_RETURN_REQUEST = "stand_return_request", _("Employer asked for its return after a fair")
    REGISTRATION_CANCELLED = "registration_cancelled", _("Place cancelled by the organisers")


class OutboxMessage(models.Model):
    kind = models.CharField(_("kind"), max_length=40, choices=MessageKind.choices)
    object_id = models.BigIntegerField(_("object id"))
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    # Set once, by the sender that claimed the row: what makes a repeated delivery send nothing.
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("failed attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("outbox e-mail")
        verbose_name_plural = _("outbox e-mails")
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(sent_at__isnull=True),
                name="outbox_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"
