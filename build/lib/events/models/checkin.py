"""The door: who may scan at an event, every scan received, and visits to employers' stands.

A ticket is admitted once (``Ticket.checked_in_at``); every scan — good or bad, online or sent
late from an offline phone — is kept in ``CheckIn`` with what it decided and why.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ScannerAssignment(models.Model):
    """A volunteer the organiser lets scan tickets at one event (organisers may always scan)."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="scanners")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scanner_assignments"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("authorised"), auto_now_add=True)

    class Meta:
        verbose_name = _("scanner")
        verbose_name_plural = _("scanners")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="scanner_unique_event_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.event}"


class CheckIn(models.Model):
    """One scan received by the server, whatever it decided."""

    class Result(models.TextChoices):
        OK = "ok", _("Checked in")
        ALREADY_CHECKED_IN = "already_checked_in", _("Already checked in")
        INVALID = "invalid", _("Not a valid ticket")
        WRONG_EVENT = "wrong_event", _("Ticket for another event")
        CANCELLED = "cancelled", _("Cancelled ticket")

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="check_ins")
    ticket = models.ForeignKey(
        "events.Ticket", on_delete=models.SET_NULL, null=True, blank=True, related_name="check_ins"
    )
    # What was scanned, cut short: enough to see a forged or damaged code, never a whole token.
    scanned_value = models.CharField(_("scanned"), max_length=16, blank=True)
    client_id = models.UUIDField(_("scan id from the device"), null=True, blank=True, unique=True)
    result = models.CharField(_("result"), max_length=20, choices=Result.choices)
    device = models.CharField(_("device"), max_length=120, blank=True)
    scanned_at = models.DateTimeField(_("scanned at"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    offline = models.BooleanField(_("scanned offline"), default=False)
    walk_in = models.BooleanField(_("walk-in"), default=False)
    # Two devices both admitted this ticket while offline: kept, counted once, shown to organisers.
    conflict = models.BooleanField(_("admitted twice offline"), default=False)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("check-in scan")
        verbose_name_plural = _("check-in scans")
        indexes = [models.Index(fields=["event", "result"], name="checkin_event_result")]

    def __str__(self) -> str:
        return f"{self.get_result_display()} at {self.scanned_at:%H:%M}"


class StandInteraction(models.Model):
    """A visitor met an employer at its stand (scanned there): an employer encounter."""

    application = models.ForeignKey(
        "events.StandApplication", on_delete=models.CASCADE, related_name="interactions"
    )
    ticket = models.ForeignKey("events.Ticket", on_delete=models.CASCADE, related_name="+")
    note = models.CharField(_("note"), max_length=500, blank=True)
    client_id = models.UUIDField(null=True, blank=True, unique=True)
    scanned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("met at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("stand interaction")
        verbose_name_plural = _("stand interactions")
        constraints = [
            # One visitor meets one employer once per fair, however often the stand scans them.
            models.UniqueConstraint(
                fields=["application", "ticket"], name="interaction_unique_stand_ticket"
            )
        ]

    def __str__(self) -> str:
        return f"{self.ticket} at {self.application}"
