"""A registration's history for its organisers: the audit entries about it and its tickets.

Read in one query whatever the number of entries (the tickets are already in hand). Only the
actions about a registration's life are shown, with who acted, when and what, and the reason
an organiser gave for a cancellation or a correction: never the entries' other details.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import AuditAction, AuditEntry
from events.models import Registration, Ticket

REGISTRATION_TYPE = "events.registration"
TICKET_TYPE = "events.ticket"

# The actions an organiser may read on the registration's page: what was done to the place.
SHOWN_ACTIONS = frozenset(
    {
        AuditAction.CHECKIN_ADMIT,
        AuditAction.CHECKIN_DUPLICATE,
        AuditAction.CHECKIN_WALK_IN,
        AuditAction.ATTENDANCE_CORRECT,
        AuditAction.TICKET_CANCEL_BY_HOLDER,
        AuditAction.WAITLIST_LEAVE,
        AuditAction.OFFER_CLAIM,
        AuditAction.OFFER_DECLINE,
        AuditAction.GROUP_BOOKING_RESIZE,
        AuditAction.GROUP_BOOKING_CANCEL,
        AuditAction.REGISTRATION_ERASE,
        AuditAction.REGISTRATION_CANCEL_BY_ORGANISER,
        AuditAction.REGISTRATION_TICKET_RESEND,
        AuditAction.REGISTRATION_ADJUSTMENTS_CHANGE,
        AuditAction.REGISTRATION_PROMOTE,
        AuditAction.REGISTRATION_ADMIT_BY_HAND,
    }
)
# Done by the person themselves, from their ticket or waiting-list link: no signed-in actor.
BY_THE_PERSON = frozenset(
    {
        AuditAction.TICKET_CANCEL_BY_HOLDER,
        AuditAction.WAITLIST_LEAVE,
        AuditAction.OFFER_CLAIM,
        AuditAction.OFFER_DECLINE,
    }
)
# The reason an organiser typed is theirs to read again; other details stay in the audit log.
WITH_REASON = frozenset(
    {AuditAction.REGISTRATION_CANCEL_BY_ORGANISER, AuditAction.ATTENDANCE_CORRECT}
)


@dataclass(frozen=True)
class HistoryRow:
    when: datetime
    who: str
    what: str
    ticket: str  # the ticket's number when the entry is about one ticket, else ""
    reason: str


def _who(entry: AuditEntry) -> str:
    if entry.actor_email:
        return entry.actor_email
    return str(_("The person") if entry.action in BY_THE_PERSON else _("The system"))


def registration_history(
    *, registration: Registration, tickets: Iterable[Ticket]
) -> list[HistoryRow]:
    """The registration's entries and its ``tickets``' entries, newest first (one query)."""
    ticket_ids = [str(ticket.pk) for ticket in tickets]
    about = Q(target_type=REGISTRATION_TYPE, target_id=str(registration.pk))
    if ticket_ids:
        about |= Q(target_type=TICKET_TYPE, target_id__in=ticket_ids)
    entries = (
        AuditEntry.objects.filter(about, action__in=SHOWN_ACTIONS)
        .only("created_at", "actor_email", "action", "target_type", "target_label", "details")
        .order_by("-created_at", "-pk")
    )
    return [
        HistoryRow(
            when=entry.created_at,
            who=_who(entry),
            what=str(entry.get_action_display()),
            ticket=entry.target_label if entry.target_type == TICKET_TYPE else "",
            reason=str((entry.details or {}).get("reason") or "")
            if entry.action in WITH_REASON
            else "",
        )
        for entry in entries
    ]
