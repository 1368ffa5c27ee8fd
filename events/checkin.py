"""The door: checking tickets in, walk-ins, scanners, and visits to employers' stands.

A ticket is admitted once: ``Ticket.checked_in_at`` is set by one conditional UPDATE
("... WHERE checked_in_at IS NULL"), which only one of two simultaneous scans can win, on SQLite
and PostgreSQL alike, without holding a lock across the request. Every scan is logged in
``CheckIn`` with its result; a scan's ``client_id`` makes a resend the same scan. The hot path
(a valid token from an authorised scanner) is three queries: read, admit, log.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, connection, transaction
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    Q,
    Subquery,
    Value,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.exceptions import DomainError
from accounts.models import Membership, Role, User
from accounts.permissions import is_admin
from events.exceptions import NotAllowed
from events.models import (
    AttendeeCategory,
    CheckIn,
    Event,
    Registration,
    ScannerAssignment,
    StandApplication,
    StandInteraction,
    Ticket,
)
from events.services import ORGANISER_ROLES, _issue_tickets, _lock_event, is_event_organiser
from events.tickets import is_well_formed_token

# How far a device's clock may be trusted: a scan "from the future" is taken as received.
CLOCK_SKEW = timedelta(minutes=5)
_PRINTABLE = re.compile(r"[^\x21-\x7e]")

# HTTP status for each result, as CONTRACT.md fixes them for POST /api/v1/checkins/.
RESULT_STATUS = {
    CheckIn.Result.OK: 201,
    CheckIn.Result.ALREADY_CHECKED_IN: 200,
    CheckIn.Result.INVALID: 404,
    CheckIn.Result.WRONG_EVENT: 409,
    CheckIn.Result.CANCELLED: 410,
}


class CheckInError(DomainError):
    code = "check_in"


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
        return {
            CheckIn.Result.OK: _("Checked in"),
            CheckIn.Result.ALREADY_CHECKED_IN: _("Already checked in"),
            CheckIn.Result.INVALID: _("Not a valid ticket"),
            CheckIn.Result.WRONG_EVENT: _("This ticket is for another event"),
            CheckIn.Result.CANCELLED: _("This ticket was cancelled"),
        }[CheckIn.Result(self.result)]


def _may_scan_expression(user: User, event_id: int) -> ExpressionWrapper | Value:
    """SQL for "may ``user`` scan at event ``event_id``": its organisers, its volunteers and
    admins — evaluated inside the ticket's own query, so checking costs no query of its own."""
    if user.is_superuser:
        return Value(True)
    organiser = Event.objects.filter(pk=event_id).values("organiser_id")
    volunteer = Exists(ScannerAssignment.objects.filter(event_id=event_id, user_id=user.pk))
    runs_it_or_admin = Exists(
        Membership.objects.filter(user_id=user.pk).filter(
            Q(role__in=ORGANISER_ROLES, organisation_id=Subquery(organiser)) | Q(role=Role.ADMIN)
        )
    )
    return ExpressionWrapper(volunteer | runs_it_or_admin, output_field=BooleanField())


def may_scan(*, user: User, event: Event) -> bool:
    """Organisers of the event, the volunteers they authorised for it, and admins."""
    if not user.is_authenticated:
        return False
    if is_event_organiser(user, event):
        return True
    return ScannerAssignment.objects.filter(event=event, user=user).exists()


def _scanned_time(scanned_at: datetime | None, now: datetime) -> datetime:
    if scanned_at is None or scanned_at > now + CLOCK_SKEW:
        return now
    return scanned_at


def ticket_check_in(
    *,
    token: str,
    event_id: int,
    by: User,
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
    """
    now = timezone.now()
    when = _scanned_time(scanned_at, now)
    well_formed = is_well_formed_token(token)
    ticket = None
    if well_formed:
        prior = (
            Subquery(CheckIn.objects.filter(client_id=client_id).values("pk")[:1])
            if client_id
            else Value(None, output_field=IntegerField())
        )
        ticket = (
            Ticket.objects.select_related("registration", "event")
            .annotate(may_scan=_may_scan_expression(by, event_id), prior_scan=prior)
            .filter(token=token)
            .first()
        )
    if ticket is None:
        # Not the hot path: unknown or malformed. Still needs the scanner's right to scan here.
        if (
            not Event.objects.filter(pk=event_id)
            .annotate(may_scan=_may_scan_expression(by, event_id))
            .filter(may_scan=True)
            .exists()
        ):
            raise NotAllowed(_("You are not a scanner at this event."))
        return _log(
            event_id=event_id,
            ticket=None,
            scanned=token,
            client_id=client_id,
            result=CheckIn.Result.INVALID,
            by=by,
            when=when,
            device=device,
            offline=offline,
        )
    if not ticket.may_scan:
        raise NotAllowed(_("You are not a scanner at this event."))
    if ticket.prior_scan:
        return _repeat(ticket.prior_scan, ticket)

    event = ticket.event
    if ticket.event_id != event_id:
        result = CheckIn.Result.WRONG_EVENT
    elif (
        ticket.status == Ticket.Status.REVOKED
        or ticket.registration.status == Registration.Status.CANCELLED
        or event.status == Event.Status.CANCELLED
    ):
        result = CheckIn.Result.CANCELLED
    else:
        admitted = Ticket.objects.filter(pk=ticket.pk, checked_in_at__isnull=True).update(
            checked_in_at=when
        )
        if admitted:
            ticket.checked_in_at = when
            return _log(
                event_id=event_id,
                ticket=ticket,
                scanned=token,
                client_id=client_id,
                result=CheckIn.Result.OK,
                by=by,
                when=when,
                device=device,
                offline=offline,
                walk_in=walk_in,
                first=when,
            )
        if ticket.checked_in_at is None:  # another scanner won between our read and write
            ticket.checked_in_at = Ticket.objects.values_list("checked_in_at", flat=True).get(
                pk=ticket.pk
            )
        return _log(
            event_id=event_id,
            ticket=ticket,
            scanned=token,
            client_id=client_id,
            result=CheckIn.Result.OK if event.allow_reentry else CheckIn.Result.ALREADY_CHECKED_IN,
            by=by,
            when=when,
            device=device,
            offline=offline,
            first=ticket.checked_in_at,
            reentry=event.allow_reentry,
            conflict=offline and not event.allow_reentry,
        )
    return _log(
        event_id=event_id,
        ticket=ticket,
        scanned=token,
        client_id=client_id,
        result=result,
        by=by,
        when=when,
        device=device,
        offline=offline,
    )


def _log(
    *,
    event_id: int,
    ticket: Ticket | None,
    scanned: str,
    client_id: uuid.UUID | None,
    result: str,
    by: User,
    when: datetime,
    device: str,
    offline: bool,
    walk_in: bool = False,
    first: datetime | None = None,
    reentry: bool = False,
    conflict: bool = False,
) -> CheckInResult:
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
        conflict=conflict,
        by=by,
    )
    try:
        if connection.in_atomic_block:
            with transaction.atomic():
                scan.save(force_insert=True)
        else:
            scan.save(force_insert=True)
    except IntegrityError:
        # The same client_id arrived twice at once: the other request logged it first.
        prior = CheckIn.objects.filter(client_id=client_id).values_list("pk", flat=True).first()
        if client_id is None or prior is None:
            raise
        return _repeat(prior, ticket)
    return CheckInResult(
        result=result,
        scan_id=scan.pk,
        ticket=ticket,
        first_checked_in_at=first,
        reentry=reentry and result == CheckIn.Result.OK,
        conflict=conflict,
    )


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
    from events.services import _normalise_email, normalise_uk_phone

    name = " ".join((name or "").split())
    if not name:
        raise CheckInError(_("Enter the visitor's name."), code="name_required")
    if category not in AttendeeCategory.values:
        raise CheckInError(_("Choose who the visitor is from the list."), code="invalid_category")
    if not privacy_told:
        raise CheckInError(
            _("Tell the visitor how we use their details, then tick the box."),
            code="privacy_consent_required",
        )
    if not may_scan(user=by, event=event):
        raise NotAllowed(_("You are not a scanner at this event."))
    email, phone = _normalise_email(email), normalise_uk_phone(phone)
    with transaction.atomic():
        event = _lock_event(event)
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
        (ticket,) = _issue_tickets(event, [(registration, name)])
    return ticket_check_in(
        token=ticket.token, event_id=event.pk, by=by, device=device, walk_in=True
    )


def scanner_authorise(*, event: Event, user: User, by: User) -> ScannerAssignment:
    """Let ``user`` scan tickets at ``event`` (and only there); organisers only."""
    if not is_event_organiser(by, event):
        raise NotAllowed(_("Only the event's organisers can add scanners."))
    assignment, _created = ScannerAssignment.objects.get_or_create(
        event=event, user=user, defaults={"created_by": by}
    )
    return assignment


def scanner_remove(*, assignment: ScannerAssignment, by: User) -> None:
    if not is_event_organiser(by, assignment.event):
        raise NotAllowed(_("Only the event's organisers can remove scanners."))
    assignment.delete()


def stand_visit_record(
    *,
    application: StandApplication,
    token: str,
    by: User,
    note: str = "",
    client_id: uuid.UUID | None = None,
) -> StandInteraction:
    """A visitor met this employer at its stand: recorded once per visitor and stand.

    Only the employer's own contacts scan at their stand, only an approved stand, and only a
    valid ticket for the same fair. A rescan adds the note, never a second visit.
    """
    if application.employer.organisation_id not in by.organisation_ids() and not is_admin(by):
        raise NotAllowed(_("Only the employer's own staff scan at its stand."))
    if application.status != StandApplication.Status.APPROVED:
        raise CheckInError(_("This stand is not approved."), code="stand_not_approved")
    ticket = (
        Ticket.objects.filter(
            token=token, event_id=application.event_id, status=Ticket.Status.VALID
        ).first()
        if is_well_formed_token(token)
        else None
    )
    if ticket is None:
        raise CheckInError(_("Not a valid ticket for this fair."), code="invalid")
    if client_id and (found := StandInteraction.objects.filter(client_id=client_id).first()):
        return found
    with transaction.atomic():
        interaction, created = StandInteraction.objects.select_for_update().get_or_create(
            application=application,
            ticket=ticket,
            defaults={"note": note.strip()[:500], "client_id": client_id, "scanned_by": by},
        )
        if not created and note.strip():
            interaction.note = (interaction.note + "\n" + note.strip())[:500]
            interaction.save(update_fields=["note"])
    return interaction


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
    """Find tickets at the door by name, e-mail, phone or ticket number (case-insensitive)."""
    query = " ".join((query or "").split())[:100]
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
    import hashlib

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
