"""What the door reads: the live counts a volunteer sees, finding a ticket by name, e-mail, phone
or number, and the ticket list a scanner phone keeps for working offline."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import DomainError
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


# A ticket's stamp is taken inside its transaction, a moment before it commits: a sync that reads
# in that moment misses it, so each sync looks this far behind the previous one's time again.
SYNC_OVERLAP = timedelta(seconds=10)
# 64 bits of the token's SHA-256 tell 10,000 tickets apart (a clash ~1 in 10^11) and are far
# too few to rebuild a token from; the phone hashes what it scans and compares the same prefix.
TOKEN_HASH_CHARS = 16
# The order of a ticket's values in a sync: lists, not objects, keep 10,000 tickets small.
SYNC_FIELDS = ("hash", "number", "label", "category", "adjustments", "valid", "checked_in_at")


def token_hash(token: str) -> str:
    """What the door's list holds instead of a token (the scanner computes the same)."""
    return hashlib.sha256(token.encode()).hexdigest()[:TOKEN_HASH_CHARS]


def cursor_encode(moment: datetime) -> str:
    return str(int(moment.timestamp() * 1_000_000))


def cursor_decode(cursor: str) -> datetime:
    try:
        return datetime.fromtimestamp(int(cursor) / 1_000_000, tz=UTC)
    except (ValueError, OverflowError, OSError):
        raise DomainError(
            _("The sync cursor is not one this server gave: sync in full."), code="invalid_cursor"
        ) from None


@dataclass
class DoorSync:
    cursor: str
    full: bool
    tickets: list[list[object]]


def door_ticket_changes(*, event: Event, since: datetime | None) -> DoorSync:
    """The event's tickets as the door needs them: all of them, or only those changed since a
    cursor (issued, admitted, cancelled, corrected, renamed; a cancelled one comes back with
    ``valid`` false, which is how the door hears of a removal). One query either way."""
    now = timezone.now()
    rows = Ticket.objects.filter(event=event)
    if since is not None:
        rows = rows.filter(Q(changed_at__gt=since) | Q(registration__updated_at__gt=since))
    values = rows.order_by("number").values_list(
        "token",
        "number",
        "holder_label",
        "status",
        "checked_in_at",
        "registration__category",
        "registration__adjustments",
        "registration__status",
    )
    tickets: list[list[object]] = [
        [
            token_hash(token),
            number,
            label,
            category,
            adjustments or [],
            status == Ticket.Status.VALID and registration_status != Registration.Status.CANCELLED,
            int(checked_in_at.timestamp()) if checked_in_at else None,
        ]
        for (
            token,
            number,
            label,
            status,
            checked_in_at,
            category,
            adjustments,
            registration_status,
        ) in values.iterator(chunk_size=2000)
    ]
    return DoorSync(cursor=cursor_encode(now - SYNC_OVERLAP), full=since is None, tickets=tickets)
