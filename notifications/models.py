"""One row per message to one recipient on one channel: written in the transaction of the change
that owes it (so nothing is lost when the broker is down) and delivered once by its backend. The
row's id is the ``reference`` GOV.UK Notify stores with the message."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("Text message")


class DeliveryStatus(models.TextChoices):
    """Notify's own status names from ``sent`` on, so a delivery receipt is stored as it came."""

    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    PERMANENT_FAILURE = "permanent-failure", _("Not delivered: the address or number is wrong")
    TEMPORARY_FAILURE = "temporary-failure", _("Not delivered: inbox full or phone off")
    TECHNICAL_FAILURE = "technical-failure", _("Not delivered: a technical fault")
    FAILED = "failed", _("Refused by the messaging service")


FAILED_STATUSES = (
    DeliveryStatus.PERMANENT_FAILURE,
    DeliveryStatus.TEMPORARY_FAILURE,
    DeliveryStatus.TECHNICAL_FAILURE,
    DeliveryStatus.FAILED,
)


class Notification(models.Model):
    channel = models.CharField(_("channel"), max_length=5, choices=Channel.choices)
    recipient = models.CharField(_("recipient"), max_length=254)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body = models.TextField(_("body"))
    language = models.CharField(_("language"), max_length=10, blank=True)
    # Essential messages (a ticket, a cancellation) go even to someone who asked for no more.
    essential = models.BooleanField(_("essential"), default=True)
    status = models.CharField(
        _("status"), max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    # Set once, when the backend accepted the message: a row holding one is never sent again.
    provider_id = models.CharField(_("messaging service id"), max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(_("failed attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    completed_at = models.DateTimeField(_("delivery reported"), null=True, blank=True)
    # What the message is about (a registration, a membership…), for the organiser's view.
    about_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    about_id = models.BigIntegerField(null=True, blank=True)
    about = GenericForeignKey("about_type", "about_id")
    # Which bulk message it belongs to ("group-message:12"), to count its deliveries.
    batch = models.CharField(_("batch"), max_length=60, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(status="pending"),
                name="notification_pending",
            ),
            models.Index(fields=["about_type", "about_id"], name="notification_about"),
            models.Index(fields=["batch"], name="notification_batch"),
            models.Index(fields=["provider_id"], name="notification_provider_id"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.recipient} {self.status}"


class NotificationAttachment(models.Model):
    """A file for the e-mail backends that carry files (console, SMTP). Notify carries none: the
    body holds the links to the ticket page and the calendar file instead."""

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="attachments"
    )
    filename = models.CharField(max_length=200)
    content = models.BinaryField()
    mimetype = models.CharField(max_length=100)

    def __str__(self) -> str:
        return self.filename


class OptOut(models.Model):
    """Someone who asked for no more messages that are not essential, by address or number."""

    recipient = models.CharField(_("recipient"), max_length=254, unique=True)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("no more messages")
        verbose_name_plural = _("no more messages")

    def __str__(self) -> str:
        return self.recipient
