"""``GET /api/v1/events/``'s page, written by hand.

The list answers exactly what ``EventSerializer`` answers (the same fields, in the same order,
the same values: a test holds the two equal), without building a serializer's fields for every
row: with nested venue and organiser serializers and method fields, that was most of the list's
time. The detail view and every write keep ``EventSerializer``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from events.calendars import LONDON
from events.models import Event
from events.services import registration_closes_at

_SENTINEL = 987654321987


def _london(moment: datetime | None) -> str | None:
    return None if moment is None else timezone.localtime(moment, LONDON).isoformat()


def registration_is_open(event: Event, now: datetime) -> bool:
    """The public may register: published, inside the registration window."""
    return (
        event.status == Event.Status.PUBLISHED
        and now < registration_closes_at(event)
        and (event.registration_opens_at is None or event.registration_opens_at <= now)
    )


VENUE_NAMES = (
    "id", "name", "kind", "address", "postcode", "step_free", "hearing_loop",
    "accessible_toilet", "parking", "public_transport",
)  # fmt: skip


def event_values(event: Event) -> dict[str, Any]:
    """What a row shows of an event from the list's queryset, as the fixed SQL's columns."""
    values = {
        name: getattr(event, name)
        for name in (
            "id", "public_id", "kind", "title", "description", "starts_at", "ends_at",
            "audiences", "year_groups", "capacity", "stand_capacity",
            "max_representatives_per_stand", "registration_opens_at",
            "registration_closes_at", "adjustments_deadline", "allow_reentry", "status",
            "cancellation_reason", "venue_id",
        )
    }  # fmt: skip
    venue = event.venue
    for name in VENUE_NAMES:
        values[f"venue__{name}"] = None if venue is None else getattr(venue, name)
    values["district__name"] = None if venue is None else venue.district.name
    organiser = event.organiser
    values.update(
        organiser__id=organiser.pk, organiser__name=organiser.name, organiser__kind=organiser.kind
    )
    values["places_taken"] = event.places_taken_count  # type: ignore[attr-defined]
    values["stands_held"] = event.stands_held_count  # type: ignore[attr-defined]
    return values


class EventRowWriter:
    """Writes rows as ``EventSerializer`` shows events, for one request (one clock, one
    address pattern)."""

    def __init__(self) -> None:
        self.now = timezone.now()
        self.site = settings.SITE_URL
        # One reverse() for the page: the calendar address differs only by the event's id.
        self.calendar = reverse("events:event_calendar", args=[_SENTINEL]).split(str(_SENTINEL))

    def row(self, value: dict[str, Any], sectors: list[str]) -> dict[str, Any]:
        """``value``: ``event_values``'s (or the fixed SQL's) columns of one event."""
        now = self.now
        closes = value["registration_closes_at"] or value["starts_at"]
        opens = value["registration_opens_at"]
        status = value["status"]
        pk = value["id"]
        venue = None
        if value["venue_id"] is not None:
            venue = {key: value[column] for key, column in _VENUE_COLUMNS}
        return {
            "id": pk,
            "kind": value["kind"],
            "title": value["title"],
            "description": value["description"],
            "starts_at": _london(value["starts_at"]),
            "ends_at": _london(value["ends_at"]),
            "venue": venue,
            "status": status,
            "capacity": value["capacity"],
            "places_left": max(value["capacity"] - value["places_taken"], 0),
            "stand_capacity": value["stand_capacity"],
            "stands_left": max(value["stand_capacity"] - value["stands_held"], 0),
            "max_representatives_per_stand": value["max_representatives_per_stand"],
            "registration_opens_at": _london(opens),
            "registration_closes_at": _london(closes),
            # As ``registration_is_open``: published, inside the registration window.
            "registration_open": status == Event.Status.PUBLISHED
            and now < closes
            and (opens is None or opens <= now),
            "adjustments_deadline": _london(value["adjustments_deadline"]),
            "audiences": value["audiences"],
            "year_groups": value["year_groups"],
            "sector_focus": sectors,
            "organiser": {
                "id": value["organiser__id"],
                "name": value["organiser__name"],
                "kind": value["organiser__kind"],
            },
            "allow_reentry": value["allow_reentry"],
            "cancellation_reason": value["cancellation_reason"],
            "url": f"{self.site}/events/{value['public_id']}/",  # as event_url
            "calendar_url": f"{self.site}{self.calendar[0]}{pk}{self.calendar[1]}",
        }


# The venue's keys in VenueSerializer's order, and the column each is read from.
_VENUE_COLUMNS = tuple(
    (key, "district__name" if key == "district" else f"venue__{key}")
    for key in (
        "id", "name", "kind", "district", "address", "postcode", "step_free", "hearing_loop",
        "accessible_toilet", "parking", "public_transport",
    )
)  # fmt: skip


def event_rows(events: Iterable[Event]) -> list[dict[str, Any]]:
    """Each event as ``EventSerializer`` shows it. ``events`` come from the list's queryset:
    places and stands counted (``with_places_and_stands``), venue, district and organiser
    joined, sectors prefetched."""
    writer = EventRowWriter()
    return [
        writer.row(event_values(event), [sector.slug for sector in event.sector_focus.all()])
        for event in events
    ]
