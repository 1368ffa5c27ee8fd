"""The door's writes: checking tickets in and walk-ins (what the door reads, its counts and
searches, is in ``events.door``; scanners in ``events.scanners``; visits to employers' stands in
``events.stand_visits``; the hot path's fixed SQL in ``events.door_sql``).

A ticket is admitted once: ``Ticket.checked_in_at`` is set by one conditional UPDATE
("... WHERE checked_in_at IS NULL"), which only one of two simultaneous scans can win, on SQLite
and PostgreSQL alike, without holding a lock across the request. Every scan is logged in
``CheckIn`` with its result; a scan's ``client_id`` makes a resend the same scan. The hot path
(a valid token from an authorised scanner) is four queries: one read (the ticket, the right to
scan and the resend in one statement), then admit, log and audit in one transaction (one
commit).
"""

from __future__ import annotations

import functools
import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.audit import audit_insert
from accounts.models import AuditAction, User
from core.exceptions import DomainError
from core.rows import values_insert
from core.text import clean_text
from events.adjustments import adjustments_met_at_door
from events.calendars import LONDON
from events.door_sql import may_scan_expression, ticket_admit, ticket_read
from events.door_write import Admission, admission_write
from events.exceptions import NotAllowed
from events.models import (
    AttendeeCategory,
    CheckIn,
    Event,
    Registration,
    Ticket,
)
from events.permissions import (
    may_scan_at,
)
from events.services.common import issue_tickets, lock_event, normalise_email, normalise_phone
from events.tickets import is_well_formed_token

# How far a device's clock may be trusted: a scan "from the future" is taken as received.
CLOCK_SKEW = timedelta(minutes=5)
# How far from the event's own days a device's scan time may be (London days, either side).
SCAN_DAY_MARGIN = timedelta(days=1)
_PRINTABLE = re.compile(r"[^\x21-\x7e]")

# HTTP status for each result of POST /api/v1/checkins/: scanner apps rely on them.
RESULT_STATUS = {
    CheckIn.Result.OK: 201,
    CheckIn.Result.ALREADY_CHECKED_IN: 200,
    CheckIn.Result.INVALID: 404,
    CheckIn.Result.WRONG_EVENT: 409,
    CheckIn.Result.CANCELLED: 410,
}


# What the door's screen says for each result.
RESULT_MESSAGES = {
    CheckIn.Result.OK: gettext_lazy("Checked in"),
    CheckIn.Result.ALREADY_CHECKED_IN: gettext_lazy("Already checked in"),
    CheckIn.Result.INVALID: gettext_lazy("Not a valid ticket"),
    CheckIn.Result.WRONG_EVENT: gettext_lazy("This ticket is for another event"),
    CheckIn.Result.CANCELLED: gettext_lazy("This ticket was cancelled"),
}


class CheckInError(DomainError):
    code = "check_in"


class ClientIdReused(CheckInError):
    """A device sent a ``client_id`` already used at another event or stand."""

    code = "client_id_reused"
    http_status = 409


@dataclass
class CheckInResult:
    result: str
    scan_id: int | None
    ticket: Ticket | None
    first_checked_in_at: datetime | None = None
    reentry: bool = False
    conflict: bool = False
    repeated: bool = False  # the same client_id was received before: this is that scan

    @property
    def http_status(self) -> int:
        if self.result == CheckIn.Result.OK and (self.reentry or self.repeated):
            return 200
        return RESULT_STATUS[CheckIn.Result(self.result)]

    @property
    def message(self) -> str:
        # Only this result's text is translated (each scan, in the caller's language).
        return str(RESULT_MESSAGES[CheckIn.Result(self.result)])


def _scanned_time(scanned_at: datetime | None, now: datetime) -> datetime:
    if scanned_at is None or scanned_at > now + CLOCK_SKEW:
        return now
    return scanned_at


def _check_scan_day(scanned_at: datetime, starts_at: datetime, ends_at: datetime) -> None:
    """A device's own scan time must fall on the event's London days, give or take a day."""
    day = timezone.localtime(scanned_at, LONDON).date()
    first = timezone.localtime(starts_at, LONDON).date() - SCAN_DAY_MARGIN
    last = timezone.localtime(ends_at, LONDON).date() + SCAN_DAY_MARGIN
    if not first <= day <= last:
        raise CheckInError(
            _("The scan's time is not on the day of the event."), code="invalid_scanned_at"
        )


def ticket_check_in(
    *,
    token: str = "",
    event_id: int,
    by: User,
    ticket_id: int | None = None,
    client_id: uuid.UUID | None = None,
    scanned_at: datetime | None = None,
    device: str = "",
    offline: bool = False,
    walk_in: bool = False,
) -> CheckInResult:
    """Admit the ticket with ``token`` at event ``event_id``, once; log the scan whatever it says.

    Refused (and logged): unknown, forged or malformed tokens (invalid), a ticket for another
    event (wrong_event), a revoked ticket or a cancelled event (cancelled). A repeat is
    already_checked_in with the first time, unless the event allows re-entry. A scan admitted
    offline by a device when another had already admitted the ticket is kept, flagged as a
    conflict, and the ticket still counts once. Raises NotAllowed if ``by`` may not scan here.

    ``ticket_id`` instead of ``token``: a person found by the door search, admitted by their
    ticket's id (the search never shows tokens), by the same rules and the same single read.
    """
    now = timezone.now()
    when = _scanned_time(scanned_at, now)
    # A time from the device's past (an offline scan sent later) must be on the event's days;
    # one within the clock skew of now is as good as now, and one from the future is taken as now.
    claimed = scanned_at if scanned_at is not None and scanned_at < now - CLOCK_SKEW else None
    log = functools.partial(
        _log,
        event_id=event_id,
        scanned=f"#{ticket_id}" if ticket_id is not None else token,
        client_id=client_id,
        by=by,
        when=when,
        device=device,
        offline=offline,
    )
    ticket, may_scan, prior_scan = None, False, None
    if ticket_id is not None or is_well_formed_token(token):
        # One read, outside the writes' transaction.
        found = ticket_read(
            token=token, ticket_id=ticket_id, event_id=event_id, by=by, client_id=client_id
        )
        if found is not None:
            ticket, may_scan, prior_scan = found
    if ticket is None or ticket.event_id != event_id:
        # Not the hot path: unknown, malformed or another event's. Still needs the scanner's
        # right to scan here.
        here = (
            Event.objects.filter(pk=event_id)
            .annotate(may_scan=may_scan_expression(by, event_id))
            .filter(may_scan=True)
            .values("starts_at", "ends_at")
            .first()
        )
        if here is None:
            raise NotAllowed(_("You are not a scanner at this event."))
        if claimed is not None:
            _check_scan_day(claimed, here["starts_at"], here["ends_at"])
        if ticket is None:
            return log(ticket=None, result=CheckIn.Result.INVALID)
    if not may_scan:
        raise NotAllowed(_("You are not a scanner at this event."))
    if prior_scan:
        return _repeat(prior_scan, ticket)

    event = ticket.event
    if ticket.event_id != event_id:
        return log(ticket=ticket, result=CheckIn.Result.WRONG_EVENT)
    if claimed is not None:
        _check_scan_day(claimed, event.starts_at, event.ends_at)
    if (
        ticket.status == Ticket.Status.REVOKED
        or ticket.registration.status == Registration.Status.CANCELLED
        or event.status == Event.Status.CANCELLED
    ):
        return log(ticket=ticket, result=CheckIn.Result.CANCELLED)
    return log(ticket=ticket, admit=True, reentry=event.allow_reentry, walk_in=walk_in)


# The scans the audit log keeps (every scan is in ``CheckIn`` anyway): admissions and refusals
# of a second admission.
_AUDITED_RESULTS: dict[str, AuditAction] = {
    CheckIn.Result.OK: AuditAction.CHECKIN_ADMIT,
    CheckIn.Result.ALREADY_CHECKED_IN: AuditAction.CHECKIN_DUPLICATE,
}


def _log(
    *,
    event_id: int,
    ticket: Ticket | None,
    scanned: str,
    client_id: uuid.UUID | None,
    by: User,
    when: datetime,
    device: str,
    offline: bool,
    result: str = "",
    admit: bool = False,
    reentry: bool = False,
    walk_in: bool = False,
) -> CheckInResult:
    """Log the scan with its ``result``, or, with ``admit``, first admit the ticket (once) and
    log what that decided; an admission or a refused second one is audited too.

    Admission, scan and audit entry are one transaction (one commit, one wait for the disk):
    all or nothing. A ticket is admitted once: the conditional UPDATE ("... WHERE checked_in_at
    IS NULL") only one of two simultaneous scans can win. The same ``client_id`` arriving twice
    at once: the second's scan breaks the unique constraint, its transaction (admission
    included) is undone and it answers as the scan it repeats. ``reentry``: the event lets
    people out and back in again (a repeat is ok, not already_checked_in).
    """
    # The scan's row, written without a model instance (one INSERT built once).
    conflict = False
    first: datetime | None = None
    try:
        done = (
            admission_write(
                ticket=ticket,
                event_id=event_id,
                scanned_value=_PRINTABLE.sub("?", str(scanned or ""))[:16],
                client_id=client_id,
                by=by,
                when=when,
                device=device[:120],
                offline=offline,
                reentry=reentry,
                walk_in=walk_in,
            )
            if admit and ticket is not None and not _asked_for_adjustments(ticket)
            else None
        )
        if done is not None:
            return _admission_result(done, ticket, when=when, reentry=reentry)  # type: ignore[arg-type]
        # Built before it, so the transaction (SQLite's write lock) lasts the writes only.
        with transaction.atomic():
            if admit and ticket is not None:
                if ticket_admit(ticket.pk, when):
                    result, first, reentry = CheckIn.Result.OK, when, False
                    if _asked_for_adjustments(ticket):
                        adjustments_met_at_door(registration_id=ticket.registration_id, when=when)
                else:
                    first = _admitted_before_at(ticket)
                    result = CheckIn.Result.OK if reentry else CheckIn.Result.ALREADY_CHECKED_IN
                    conflict = offline and not reentry
                    walk_in = False  # a walk-in is the admission, not a repeat
            scan_id = values_insert(
                CheckIn,
                {
                    "event_id": event_id,
                    "ticket_id": None if ticket is None else ticket.pk,
                    "scanned_value": _PRINTABLE.sub("?", str(scanned or ""))[:16],
                    "client_id": client_id,
                    "result": str(result),
                    "device": device[:120],
                    "scanned_at": when,
                    "offline": offline,
                    "walk_in": walk_in,
                    "conflict": conflict,
                    "by_id": by.pk,
                },
            )
            action = _AUDITED_RESULTS.get(result)
            if action is not None and ticket is not None:
                # One INSERT, no read: the actor, ticket and address are all in hand.
                audit_insert(
                    actor=by,
                    action=AuditAction.CHECKIN_WALK_IN if walk_in else action,
                    target=ticket,
                    label=ticket.number,
                    details={
                        "event_id": event_id,
                        "scan_id": scan_id,
                        "result": str(result),
                        "offline": offline,
                        "reentry": reentry,
                        "conflict": conflict,
                    },
                )
    except IntegrityError:
        # The same client_id arrived twice at once: the other request logged it first.
        prior = CheckIn.objects.filter(client_id=client_id).values_list("pk", "event_id").first()
        if client_id is None or prior is None:
            raise
        if prior[1] != event_id:
            # Another event's scan: nothing of it is told, and nothing is logged here.
            raise ClientIdReused(
                _("This scan's id was already used by another scan. Scan again.")
            ) from None
        return _repeat(prior[0], ticket)
    if ticket is not None and first is not None:
        ticket.checked_in_at = first
    return CheckInResult(
        result=str(result),
        scan_id=scan_id,
        ticket=ticket,
        first_checked_in_at=first,
        reentry=reentry and result == CheckIn.Result.OK,
        conflict=conflict,
    )


def _admitted_before_at(ticket: Ticket) -> datetime | None:
    """When a ticket this scan did not admit was admitted: by an earlier scan (read with it), or
    by another scanner between our read and our write (read now)."""
    return ticket.checked_in_at or (
        Ticket.objects.values_list("checked_in_at", flat=True).get(pk=ticket.pk)
    )


def _admission_result(
    done: Admission, ticket: Ticket, *, when: datetime, reentry: bool
) -> CheckInResult:
    """What ``admission_write`` decided, as ``_log`` answers it."""
    first = when if done.admitted else _admitted_before_at(ticket)
    ticket.checked_in_at = first
    return CheckInResult(
        result=done.result,
        scan_id=done.scan_id,
        ticket=ticket,
        first_checked_in_at=first,
        reentry=reentry and not done.admitted and done.result == CheckIn.Result.OK,
        conflict=done.conflict,
    )


def _asked_for_adjustments(ticket: Ticket) -> bool:
    # The registration is loaded with the ticket on the hot path: no query to decide.
    if not Ticket.registration.is_cached(ticket):
        return True
    return bool(ticket.registration.adjustments)


def _repeat(scan_id: int, ticket: Ticket | None) -> CheckInResult:
    """A resent scan is the scan it repeats: same result, nothing new admitted or logged."""
    scan = CheckIn.objects.get(pk=scan_id)
    first = (
        Ticket.objects.values_list("checked_in_at", flat=True).get(pk=scan.ticket_id)
        if scan.ticket_id
        else None
    )
    return CheckInResult(
        result=scan.result,
        scan_id=scan.pk,
        ticket=ticket,
        first_checked_in_at=first,
        conflict=scan.conflict,
        repeated=True,
    )


def walk_in_check_in(
    *,
    event: Event,
    name: str,
    category: str,
    by: User,
    email: str = "",
    phone: str = "",
    adjustments: list[str] | None = None,
    privacy_told: bool,
    device: str = "",
) -> CheckInResult:
    """Register someone who walked in without a ticket and admit them at once.

    Minimum facts: a name and a category; contact details are optional. The volunteer confirms
    the visitor was told how their data is used. Refused when the people inside already fill
    the event's places.
    """
    name = clean_text(name)
    if not name:
        raise CheckInError(_("Enter the visitor's name."), code="name_required")
    if category not in AttendeeCategory.values:
        raise CheckInError(_("Choose who the visitor is from the list."), code="invalid_category")
    if not privacy_told:
        raise CheckInError(
            _("Tell the visitor how we use their details, then tick the box."),
            code="privacy_consent_required",
        )
    if not may_scan_at(by, event):
        raise NotAllowed(_("You are not a scanner at this event."))
    email, phone = normalise_email(email), normalise_phone(phone)
    with transaction.atomic():
        event = lock_event(event)
        if event.status != Event.Status.PUBLISHED:
            raise CheckInError(_("This event is not open."), code="event_not_open")
        inside = Ticket.objects.filter(event=event, checked_in_at__isnull=False).count()
        if inside >= event.capacity:
            raise CheckInError(
                _("The event is full: %(count)d people are inside.") % {"count": inside},
                code="event_full",
            )
        now = timezone.now()
        registration = Registration.objects.create(
            event=event,
            name=name[:200],
            email=email,
            phone=phone,
            category=category,
            adjustments=[a for a in (adjustments or []) if a],
            privacy_consent_at=now,
            status=Registration.Status.CONFIRMED,
            walk_in=True,
            created_by=by,
        )
        (ticket,) = issue_tickets(event, [(registration, name)])
    return ticket_check_in(
        token=ticket.token, event_id=event.pk, by=by, device=device, walk_in=True
    )
