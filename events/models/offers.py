"""A freed place offered to the next person on the waiting list, held for them until they claim
it, decline it or the claim window ends (``events.services.waiting_list``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlaceOffer(models.Model):
    """One offer of ``places`` to one waiting registration. While open, its places count as
    held (nobody else can register into them); the registration stays on the waiting list
    until the person claims the offer."""

    class Status(models.TextChoices):
        OPEN = "open", _("Offered, waiting for an answer")
        CLAIMED = "claimed", _("Claimed")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Not claimed in time")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="place_offers")
    registration = models.ForeignKey(
        "events.Registration", on_delete=models.CASCADE, related_name="place_offers"
    )
    places = models.PositiveIntegerField(_("places"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    offered_at = models.DateTimeField(_("offered"))
    expires_at = models.DateTimeField(_("claim by"))
    resolved_at = models.DateTimeField(_("answered or ended"), null=True, blank=True)
    # Set once the person has been told the offer ran out: the message goes once.
    expiry_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    offer_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["event", "offered_at", "pk"]
        verbose_name = _("offered place")
        verbose_name_plural = _("offered places")
        indexes = [
            models.Index(
                fields=["expires_at"],
                condition=models.Q(status="open"),
                name="place_offer_open_expiry",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["registration"],
                condition=models.Q(status="open"),
                name="place_offer_one_open_per_registration",
            ),
            models.CheckConstraint(
                condition=models.Q(places__gte=1), name="place_offer_at_least_one_place"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.places})"
