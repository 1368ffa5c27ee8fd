"""Reasonable adjustments followed through: each adjustment asked for on a registration is one
item on the organiser's checklist, moving to arrange → arranged → confirmed to the person → met
on the day."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AdjustmentStatus(models.TextChoices):
    # In order: each step follows the one before (the organiser may step back to correct).
    TO_ARRANGE = "to_arrange", _("To arrange")
    ARRANGED = "arranged", _("Arranged")
    CONFIRMED = "confirmed", _("Confirmed to the person")
    MET = "met", _("Met on the day")


class AdjustmentItem(models.Model):
    registration = models.ForeignKey(
        "events.Registration", on_delete=models.CASCADE, related_name="adjustment_items"
    )
    # Denormalised from the registration: the checklist and the figures read one event's rows.
    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="adjustment_items"
    )
    adjustment = models.CharField(_("adjustment"), max_length=20)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AdjustmentStatus.choices,
        default=AdjustmentStatus.TO_ARRANGE,
    )
    arranged_at = models.DateTimeField(_("arranged"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed to the person"), null=True, blank=True)
    met_at = models.DateTimeField(_("met on the day"), null=True, blank=True)
    # The person's confirmation message is owed once: set when it is put in the outbox.
    confirmation_owed_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["event", "registration", "adjustment"]
        verbose_name = _("adjustment to arrange")
        verbose_name_plural = _("adjustments to arrange")
        indexes = [models.Index(fields=["event", "status"], name="adjustment_item_event_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "adjustment"], name="adjustment_item_once_per_registration"
            )
        ]

    def __str__(self) -> str:
        return f"{self.adjustment} ({self.status})"
