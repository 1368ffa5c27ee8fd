"""Demo: registrations dated over the weeks before each event, as people really book.

The services date a registration the moment the demo makes it, so every demo event would show
all its registrations on the seeding day. This spreads them over the six weeks before the event
(or before the event was set up, for an event still to come), the same way on every run: a
second run finds every date already right and changes nothing. Invented, and said so.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from events.models import Event, Registration

SPREAD_DAYS = 42


def _booked_at(registration_id: int, anchor: datetime) -> datetime:
    # More bookings near the day, as with real fairs; the same answer for the same row.
    turn = (registration_id * 7919) % 1000 / 1000
    days_before = int(SPREAD_DAYS * turn * turn) + 1
    return anchor - timedelta(days=days_before, minutes=(registration_id * 37) % 600)


def seed_demo_history() -> dict[str, int]:
    """Date the demo's registrations over the weeks before their event; returns rows changed."""
    events = {
        event.pk: min(event.starts_at, event.created_at)
        for event in Event.objects.filter(registrations__isnull=False).distinct()
    }
    changed = []
    for registration in Registration.objects.filter(event_id__in=events, walk_in=False).only(
        "pk", "event_id", "created_at", "waitlisted_at", "promoted_at", "cancelled_at"
    ):
        booked = _booked_at(registration.pk, events[registration.event_id])
        if registration.created_at == booked:
            continue
        moved = booked - registration.created_at
        registration.created_at = booked
        # Later steps keep their distance from the booking (never before it).
        for name in ("waitlisted_at", "promoted_at", "cancelled_at"):
            moment = getattr(registration, name)
            if moment is not None:
                setattr(registration, name, max(moment + moved, booked))
        changed.append(registration)
    Registration.objects.bulk_update(
        changed, ["created_at", "waitlisted_at", "promoted_at", "cancelled_at"], batch_size=500
    )
    return {"updated": len(changed)}
