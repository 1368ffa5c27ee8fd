"""What the database counts for each event as tickets change, so that lists of events read a
number instead of counting thousands of tickets for every event on every page.

``EventTally.places_taken`` is the number of the event's valid tickets. No Python code writes
it: triggers on the ticket table (``events.tally_triggers``) add and take away in the same
statement and transaction as the ticket's own insert, update or delete, whatever made it (a
service, a bulk ``update()``, the admin, raw SQL), so it is as current as a COUNT(*) and never
needs recounting. The services that decide whether a place is free still count under the
event's lock; this figure is what pages and the API show.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventTally(models.Model):
    event = models.OneToOneField(
        "events.Event", on_delete=models.CASCADE, primary_key=True, related_name="tally"
    )
    places_taken = models.IntegerField(_("places taken"), default=0, editable=False)

    class Meta:
        verbose_name = _("event tally")
        verbose_name_plural = _("event tallies")

    def __str__(self) -> str:
        return f"{self.event_id}: {self.places_taken}"
