"""The door's writes: checking tickets in and walk-ins (what the door reads, its counts and
searches, is in ``events.door``; scanners in ``events.scanners``; visits to employers' stands in
``events.stand_visits``).

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
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import BooleanField, Value
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.audit import audit_record
from accounts.models import AuditAction, Membership, Role, User
from core.exceptions import DomainError
from core.rows import column_converters, fields_in_order, instance_from_row, row_insert
from core.text import clean_text
from events.adjustments import adjustments_met_at_door
from events.calendars import LONDON
from events.exceptions import NotAllowed
from events.models import (
    AttendeeCategory,
    CheckIn,
    Event,
    Registration,
    ScannerAssignment,
    Ticket,
)
from events.permissions import (
    ORGANISER_ROLES,
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


@functools.cache  # one text per database vendor, built once
def _may_scan_sql(vendor: str) -> str:
    """The SQL of "may the user scan at the event": a volunteer the organisers authorised for the
    event, a member of the organising hub or Jobcentre in an organiser role, or an admin.
    Parameters: event, user, user, the admin role, the organiser roles, event."""
    q = connection.ops.quote_name
    scanners, members, events = (m._meta for m in (ScannerAssignment, Membership, Event))

    def column(meta: Any, name: str) -> str:
        return q(meta.get_field(name).column)

    roles = ", ".join(["%s"] * len(ORGANISER_ROLES))
    # Identifiers from the models only; every value is a parameter.
    return (
        f"(EXISTS (SELECT 1 FROM {q(scanners.db_table)}"  # noqa: S608
        f" WHERE {column(scanners, 'event')} = %s AND {column(scanners, 'user')} = %s)"
        f" OR EXISTS (SELECT 1 FROM {q(members.db_table)} WHERE {column(members, 'user')} = %s"
        f" AND ({column(members, 'role')} = %s OR ({column(members, 'role')} IN ({roles})"
        f" AND {column(members, 'organisation')} = (SELECT {column(events, 'organiser')}"
        f" FROM {q(events.db_table)} WHERE {column(events, 'id')} = %s)))))"
    )


def may_scan_expression(user: User, event_id: int) -> RawSQL | Value:
    """SQL for "may ``user`` scan at event ``event_id``" (``events.permissions.may_scan_at``,
    held equal to it by a test over every role), evaluated
    inside the ticket's own query, so checking costs no query of its own.

    Written as SQL rather than as querysets: the same test built from three nested querysets
    (two EXISTS and the event's organiser) took Django some 5 ms of Python to compile on every
    scan, more than the rest of the request together. Tables and columns come from the models.
    """
    if user.is_superuser:
        return Value(True)
    roles = [str(role) for role in ORGANISER_ROLES]
    params = (event_id, user.pk, user.pk, str(Role.ADMIN), *roles, event_id)
    sql = _may_scan_sql(connection.vendor)
    return RawSQL(sql, params, output_field=BooleanField())  # noqa: S611 - values are parameters


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


# What the door reads of a ticket: its state, what the green screen shows, and no more.
_TICKET_FIELDS = fields_in_order(
    Ticket,
    ("id", "registration_id", "event_id", "token", "number", "holder_label", "status",
     "checked_in_at"),
)  # fmt: skip
_REGISTRATION_FIELDS = fields_in_order(
    Registration, ("id", "status", "category", "adjustments", "walk_in")
)
_EVENT_FIELDS = fields_in_order(Event, ("id", "status", "allow_reentry", "starts_at", "ends_at"))


@dataclass(frozen=True)
class _DoorRead:
    select: str  # the columns, up to the right to scan
    tables: str  # FROM ... JOIN ...
    converters: list[Any]


@functools.cache  # one statement per database vendor, built once
def _door_read(vendor: str) -> _DoorRead:
    q = connection.ops.quote_name
    tickets: Any = Ticket._meta
    registrations: Any = Registration._meta
    events: Any = Event._meta
    columns = [
        f"{alias}.{q(str(field.column))}"
        for alias, fields in (("t", _TICKET_FIELDS), ("r", _REGISTRATION_FIELDS),
                              ("e", _EVENT_FIELDS))
        for field in fields
    ]  # fmt: skip
    registration = q(tickets.get_field("registration").column)
    event = q(tickets.get_field("event").column)
    tables = (
        f" FROM {q(tickets.db_table)} t"
        f" INNER JOIN {q(registrations.db_table)} r ON r.{q(registrations.pk.column)}"
        f" = t.{registration}"
        f" INNER JOIN {q(events.db_table)} e ON e.{q(events.pk.column)} = t.{event}"
    )
    fields = (*_TICKET_FIELDS, *_REGISTRATION_FIELDS, *_EVENT_FIELDS)
    return _DoorRead(
        select="SELECT " + ", ".join(columns),
        tables=tables,
        converters=column_converters(fields, connection.alias),
    )


def _may_scan_sql_and_params(user: User, event_id: int) -> tuple[str, list[Any]]:
    if user.is_superuser:
        return "1", []
    roles = [str(role) for role in ORGANISER_ROLES]
    params = [event_id, user.pk, user.pk, str(Role.ADMIN), *roles, event_id]
    return _may_scan_sql(connection.vendor), params


def _prior_scan_sql(client_id: uuid.UUID | None, event_id: int) -> tuple[str, list[Any]]:
    """The id of the scan already received with ``client_id`` at this event, if any: a device's
    id never reaches another event's scans."""
    if not client_id:
        return "NULL", []
    meta: Any = CheckIn._meta
    q = connection.ops.quote_name
    field = meta.get_field("client_id")
    event = meta.get_field("event")
    sql = (  # identifiers from the model; the values are parameters
        f"(SELECT {q(meta.pk.column)} FROM {q(meta.db_table)}"  # noqa: S608
        f" WHERE {q(field.column)} = %s AND {q(event.column)} = %s)"
    )
    return sql, [field.get_db_prep_value(client_id, connection), event_id]


def _ticket_read(
    *, token: str, ticket_id: int | None, event_id: int, by: User, client_id: uuid.UUID | None
) -> tuple[Ticket, bool, int | None] | None:
    """One fixed statement: the ticket (with its registration and event, what the door needs),
    whether ``by`` may scan here, and the id of the scan resent with ``client_id`` if any."""
    read = _door_read(connection.vendor)
    may_scan, may_scan_params = _may_scan_sql_and_params(by, event_id)
    prior, prior_params = _prior_scan_sql(client_id, event_id)
    q = connection.ops.quote_name
    meta: Any = Ticket._meta
    if ticket_id is not None:
        # By id only within this event: another event's id is unknown here, not "wrong event".
        where = f" WHERE t.{q('id')} = %s AND t.{q(meta.get_field('event').column)} = %s"
        where_params: list[Any] = [ticket_id, event_id]
    else:
        where = f" WHERE t.{q(meta.get_field('token').column)} = %s"
        where_params = [token]
    sql = f"{read.select}, {may_scan}, {prior}{read.tables}{where}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*may_scan_params, *prior_params, *where_params])
        row = cursor.fetchone()
    if row is None:
        return None
    values = [convert(value) for convert, value in zip(read.converters, row, strict=False)]
    first, second = len(_TICKET_FIELDS), len(_TICKET_FIELDS) + len(_REGISTRATION_FIELDS)
    alias = connection.alias
    ticket = instance_from_row(Ticket, alias, _TICKET_FIELDS, values[:first])
    registration = instance_from_row(
        Registration, alias, _REGISTRATION_FIELDS, values[first:second]
    )
    event = instance_from_row(Event, alias, _EVENT_FIELDS, values[second : len(values)])
    meta.get_field("registration").set_cached_value(ticket, registration)
    meta.get_field("event").set_cached_value(ticket, event)
    return ticket, bool(row[-2]), row[-1]


def _admit(ticket_id: int, when: datetime) -> bool:
    """``checked_in_at`` set if it was not (and ``changed_at`` moved on, for the door's delta
    sync): True for the one scan that set it."""
    q = connection.ops.quote_name
    meta: Any = Ticket._meta
    field = meta.get_field("checked_in_at")
    changed = meta.get_field("changed_at")
    column = q(field.column)
    sql = (  # identifiers from the model; the values are parameters
        f"UPDATE {q(meta.db_table)} SET {column} = %s, {q(changed.column)} = %s"  # noqa: S608
        f" WHERE {q(meta.pk.column)} = %s AND {column} IS NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                field.get_db_prep_save(when, connection),
                changed.get_db_prep_save(timezone.now(), connection),
                ticket_id,
            ],
        )
        return bool(cursor.rowcount)


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
        found = _ticket_read(
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
    scan = CheckIn(
        event_id=event_id,
        ticket=ticket,
        scanned_value=_PRINTABLE.sub("?", str(scanned or ""))[:16],
        client_id=client_id,
        result=result,
        device=device[:120],
        scanned_at=when,
        offline=offline,
        walk_in=walk_in,
        by=by,
    )
    first: datetime | None = None
    try:
        # Built before it, so the transaction (SQLite's write lock) lasts the writes only.
        with transaction.atomic():
            if admit and ticket is not None:
                if _admit(ticket.pk, when):
                    scan.result, first, reentry = CheckIn.Result.OK, when, False
                    if _asked_for_adjustments(ticket):
                        adjustments_met_at_door(registration_id=ticket.registration_id, when=when)
                else:
                    # Admitted before: by an earlier scan, or by another scanner between our
                    # read and this write (then its time is read now).
                    first = ticket.checked_in_at or (
                        Ticket.objects.values_list("checked_in_at", flat=True).get(pk=ticket.pk)
                    )
                    scan.result = (
                        CheckIn.Result.OK if reentry else CheckIn.Result.ALREADY_CHECKED_IN
                    )
                    scan.conflict = offline and not reentry
                    scan.walk_in = walk_in = False  # a walk-in is the admission, not a repeat
            row_insert(scan)
            action = _AUDITED_RESULTS.get(scan.result)
            if action is not None and ticket is not None:
                # One INSERT, no read: the actor, ticket and address are all in hand.
                audit_record(
                    actor=by,
                    action=AuditAction.CHECKIN_WALK_IN if walk_in else action,
                    target=ticket,
                    label=ticket.number,
                    details={
                        "event_id": event_id,
                        "scan_id": scan.pk,
                        "result": scan.result,
                        "offline": offline,
                        "reentry": reentry,
                        "conflict": scan.conflict,
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
        result=scan.result,
        scan_id=scan.pk,
        ticket=ticket,
        first_checked_in_at=first,
        reentry=reentry and scan.result == CheckIn.Result.OK,
        conflict=scan.conflict,
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
