"""A "find my ticket" request: the address typed, kept only until the answer is sent (the
outbox row points at this row, so the address never travels in a task's arguments or a URL)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TicketLookup(models.Model):
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=16, blank=True)
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    # Set when answered; the address is blanked then (events.find_ticket).
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("ticket look-up")
        verbose_name_plural = _("ticket look-ups")

    def __str__(self) -> str:
        return f"look-up {self.pk}"
