"""What every events service shares: the event lock, owing an e-mail through the outbox, the
organiser check, the registration window, ticket numbering and contact details as typed.

Concurrency rule, everywhere: a write that counts places or stands first locks the event row
(``lock_event``) inside ``transaction.atomic`` and counts inside the lock, so two requests for
the last place are served one after the other and the second sees the first. On SQLite the
settings open every transaction with BEGIN IMMEDIATE, which serialises writers the same way.
Locks are always taken in the order event → application/registration, so they cannot deadlock.
One exception, for speed: a person's own registration writes its rows first and locks the event
last, for one statement and the commit (``events.services.place_take``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from core.phones import InvalidPhoneNumber, normalise_uk_phone
from events.calendars import LONDON
from events.exceptions import NotAllowed, RegistrationError
from events.models import (
    ADJUSTMENTS_NEEDING_BOOKING,
    Adjustment,
    Event,
    MessageKind,
    Registration,
    Ticket,
)
from events.permissions import is_event_organiser


@dataclass(frozen=True)
class Notice:
    """Something the person should know although the write succeeded (a warning, not an error)."""

    code: str
    detail: str


@dataclass
class RegistrationResult:
    registration: Registration
    tickets: list[Ticket] = field(default_factory=list)
    warnings: list[Notice] = field(default_factory=list)

    @property
    def waitlisted(self) -> bool:
        return self.registration.status == Registration.Status.WAITLISTED


def require_organiser(user: User, event: Event) -> None:
    if not is_event_organiser(user, event):
        raise NotAllowed(_("Only the event's organisers can do this."))


def lock_event(event: Event) -> Event:
    """The event row, locked until the transaction ends (call inside ``transaction.atomic``)."""
    return Event.objects.select_for_update().get(pk=event.pk)


def email_owe(kind: MessageKind, object_id: int) -> None:
    """Owe the e-mail of ``kind``: an outbox row in this transaction, handed to the broker after
    the commit (events.outbox), so a broker that is down loses no e-mail."""
    from events.outbox import outbox_message_add

    outbox_message_add(kind=kind, object_id=object_id)


def registration_closes_at(event: Event) -> datetime:
    return event.registration_closes_at or event.starts_at


def check_registration_open(event: Event, now: datetime) -> None:
    """Raise ``RegistrationError`` unless people may register for ``event`` at ``now``."""
    if event.status == Event.Status.CANCELLED:
        raise RegistrationError(_("This event has been cancelled."), code="event_cancelled")
    if event.status == Event.Status.DRAFT:
        raise RegistrationError(
            _("This event is not open for registration."), code="event_not_published"
        )
    if event.status == Event.Status.COMPLETED or now >= registration_closes_at(event):
        raise RegistrationError(
            _("Registration for this event has closed."), code="registration_closed"
        )
    if event.registration_opens_at and now < event.registration_opens_at:
        opens = timezone.localtime(event.registration_opens_at, LONDON)
        raise RegistrationError(
            _("Registration opens on %(day)s at %(time)s.")
            % {"day": date_format(opens, "j E Y"), "time": opens.strftime("%H:%M")},
            code="registration_not_open",
        )


def clean_adjustments(
    event: Event, adjustments: Sequence[str], now: datetime
) -> tuple[list[str], list[Notice]]:
    """The adjustments asked for, in the list's order, and a warning if some come too late."""
    unknown = set(adjustments) - set(Adjustment.values)
    if unknown:
        raise RegistrationError(_("Choose adjustments from the list."), code="invalid_adjustment")
    chosen = [code for code in Adjustment.values if code in set(adjustments)]
    warnings = []
    late = event.adjustments_deadline is not None and now > event.adjustments_deadline
    needing_booking = [code for code in chosen if code in ADJUSTMENTS_NEEDING_BOOKING]
    if late and needing_booking:
        # Decided: a late request still registers (turning people away would exclude exactly
        # those the forum is for); the organiser sees it flagged and the person is told plainly.
        deadline = timezone.localtime(event.adjustments_deadline, LONDON)
        warnings.append(
            Notice(
                "adjustments_after_deadline",
                _(
                    "You are registered. You asked for %(adjustments)s after the deadline of "
                    "%(day)s, so the organisers will try but may not be able to arrange it."
                )
                % {
                    "adjustments": ", ".join(
                        str(Adjustment(code).label).lower() for code in needing_booking
                    ),
                    "day": date_format(deadline, "j E Y"),
                },
            )
        )
    return chosen, warnings


def normalise_phone(phone: str) -> str:
    """A UK number in E.164 (``core.phones``), or "" if none; a ``RegistrationError`` if bad."""
    try:
        return normalise_uk_phone(phone)
    except InvalidPhoneNumber as error:
        raise RegistrationError(error.detail, code=error.code) from None


def normalise_email(email: str) -> str:
    email = (email or "").strip().lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise RegistrationError(
                _("Enter an e-mail address like name@example.com."), code="invalid_email"
            ) from None
    return email


def contact_clean(*, email: str, phone: str) -> tuple[str, str]:
    """A registrant's e-mail address and UK phone number, normalised: at least one of them, each
    well formed; else a ``RegistrationError`` naming what to fix."""
    email, phone = normalise_email(email), normalise_phone(phone)
    if not email and not phone:
        raise RegistrationError(
            _("Give an e-mail address or a phone number, so we can reach you about the event."),
            code="contact_required",
        )
    return email, phone


def issue_tickets(event: Event, holders: Sequence[tuple[Registration, str]]) -> list[Ticket]:
    """Tickets numbered in order for a locked event: one per (registration, holder label)."""
    first = event.tickets_issued + 1
    event.tickets_issued += len(holders)
    event.save(update_fields=["tickets_issued"])
    tickets = [
        Ticket(
            registration=registration,
            event=event,
            number=f"{event.ticket_prefix}-{first + offset:04d}",
            holder_label=label[:200],
        )
        for offset, (registration, label) in enumerate(holders)
    ]
    return Ticket.objects.bulk_create(tickets)
