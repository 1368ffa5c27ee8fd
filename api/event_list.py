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

from events.calendars import LONDON, event_url
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


def _venue(event: Event) -> dict[str, Any] | None:
    venue = event.venue
    if venue is None:
        return None
    return {
        "id": venue.pk,
        "name": venue.name,
        "kind": venue.kind,
        "district": venue.district.name,
        "address": venue.address,
        "postcode": venue.postcode,
        "step_free": venue.step_free,
        "hearing_loop": venue.hearing_loop,
        "accessible_toilet": venue.accessible_toilet,
        "parking": venue.parking,
        "public_transport": venue.public_transport,
    }


def event_rows(events: Iterable[Event]) -> list[dict[str, Any]]:
    """Each event as ``EventSerializer`` shows it. ``events`` come from the list's queryset:
    places and stands counted (``with_places_and_stands``), venue, district and organiser
    joined, sectors prefetched."""
    now = timezone.now()
    site = settings.SITE_URL
    # One reverse() for the page: the calendar address differs only by the event's id.
    calendar = reverse("events:event_calendar", args=[_SENTINEL]).split(str(_SENTINEL))
    rows = []
    for event in events:
        organiser = event.organiser
        rows.append(
            {
                "id": event.pk,
                "kind": event.kind,
                "title": event.title,
                "description": event.description,
                "starts_at": _london(event.starts_at),
                "ends_at": _london(event.ends_at),
                "venue": _venue(event),
                "status": event.status,
                "capacity": event.capacity,
                "places_left": max(event.places_left_count, 0),  # type: ignore[attr-defined]
                "stand_capacity": event.stand_capacity,
                "stands_left": max(
                    event.stand_capacity - event.stands_held_count,  # type: ignore[attr-defined]
                    0,
                ),
                "max_representatives_per_stand": event.max_representatives_per_stand,
                "registration_opens_at": _london(event.registration_opens_at),
                "registration_closes_at": _london(registration_closes_at(event)),
                "registration_open": registration_is_open(event, now),
                "adjustments_deadline": _london(event.adjustments_deadline),
                "audiences": event.audiences,
                "year_groups": event.year_groups,
                "sector_focus": [sector.slug for sector in event.sector_focus.all()],
                "organiser": {"id": organiser.pk, "name": organiser.name, "kind": organiser.kind},
                "allow_reentry": event.allow_reentry,
                "cancellation_reason": event.cancellation_reason,
                "url": event_url(event),
                "calendar_url": f"{site}{calendar[0]}{event.pk}{calendar[1]}",
            }
        )
    return rows
