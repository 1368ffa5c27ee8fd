"""The attendees' waiting list: free places go to it in the order people joined."""

from __future__ import annotations

from datetime import datetime

from events.models import Event, Registration
from events.selectors import places_taken
from events.services.common import MessageKind, email_owe, issue_tickets


def waitlist_promote(event: Event, *, now: datetime) -> list[Registration]:
    """Give free places to the waiting list in the order people joined it (event is locked)."""
    free = event.capacity - places_taken(event)
    if free <= 0:
        return []
    waiting = list(
        Registration.objects.select_for_update()
        .filter(event=event, status=Registration.Status.WAITLISTED)
        .order_by("waitlisted_at", "pk")[:free]
    )
    promoted = []
    for registration in waiting:
        # Strict order: a group that does not fit is not overtaken by smaller ones behind it.
        if registration.group_size > free:
            break
        free -= registration.group_size
        registration.status = Registration.Status.CONFIRMED
        registration.promoted_at = now
        registration.updated_at = now
        promoted.append(registration)
    if not promoted:
        return []
    Registration.objects.bulk_update(promoted, ["status", "promoted_at", "updated_at"])
    issue_tickets(event, [(r, r.name) for r in promoted])
    for registration in promoted:
        if registration.email or registration.phone:
            email_owe(MessageKind.REGISTRATION_PROMOTED, registration.pk)
    return promoted
