"""What the door reads: the live counts a volunteer sees, finding a ticket by name, e-mail, phone
or number, and the ticket list a scanner phone keeps for working offline."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from django.db.models import Count, Q

from core.text import clean_text
from events.models import CheckIn, Event, Registration, Ticket


@dataclass
class DoorCounts:
    registered: int
    checked_in: int
    walk_ins: int
    adjustments_present: int
    conflicts: int


def door_counts(*, event: Event) -> DoorCounts:
    """The live figures a volunteer sees: two queries whatever the size of the fair."""
    tickets = Ticket.objects.filter(event=event, status=Ticket.Status.VALID).aggregate(
        registered=Count("pk"),
        checked_in=Count("pk", filter=Q(checked_in_at__isnull=False)),
        walk_ins=Count("pk", filter=Q(registration__walk_in=True)),
        adjustments_present=Count(
            "pk", filter=Q(checked_in_at__isnull=False) & ~Q(registration__adjustments=[])
        ),
    )
    conflicts = CheckIn.objects.filter(event=event, conflict=True).count()
    return DoorCounts(conflicts=conflicts, **tickets)


def ticket_search(*, event: Event, query: str, limit: int = 20) -> list[Ticket]:
    """Find tickets at the door by name, e-mail, phone or ticket number (case-insensitive).
    Control characters and spaces do not count towards the two characters a search needs."""
    query = clean_text(query)[:100]
    if len(query) < 2:
        return []
    digits = re.sub(r"\D", "", query)
    match = (
        Q(registration__name__icontains=query)
        | Q(registration__email__iexact=query)
        | Q(number__iexact=query)
        | Q(holder_label__icontains=query)
    )
    if len(digits) >= 6:
        match |= Q(registration__phone__endswith=digits[-9:])
    return list(
        Ticket.objects.filter(event=event)
        .filter(match)
        .select_related("registration")
        .order_by("holder_label")[:limit]
    )


def offline_ticket_list(*, event: Event) -> list[dict[str, object]]:
    """What a scanner phone keeps for working offline: no more than the green screen shows.

    Tokens travel as SHA-256 hashes, so a lost phone does not hold usable tickets.
    """
    rows = (
        Ticket.objects.filter(event=event)
        .select_related("registration")
        .only(
            "token",
            "number",
            "holder_label",
            "status",
            "checked_in_at",
            "registration__category",
            "registration__adjustments",
            "registration__status",
        )
        .order_by("number")
    )
    return [
        {
            "token_sha256": hashlib.sha256(t.token.encode()).hexdigest(),
            "number": t.number,
            "label": t.holder_label,
            "category": t.registration.category,
            "adjustments": t.registration.adjustments,
            "valid": t.status == Ticket.Status.VALID
            and t.registration.status != Registration.Status.CANCELLED,
            "checked_in_at": t.checked_in_at.isoformat() if t.checked_in_at else None,
        }
        for t in rows.iterator(chunk_size=2000)
    ]
