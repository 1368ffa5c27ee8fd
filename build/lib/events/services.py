"""Writes for events: creating, publishing, changing and cancelling them; attendee and school-group
registrations and their tickets; the waiting list; calendar feeds; attendee data retention.
Employers' stands are in ``events.stands``, yearly programmes in ``events.programmes``.

Concurrency rule, everywhere: a write that counts places or stands first locks the event row
(``select_for_update``) inside ``transaction.atomic`` and counts inside the lock, so two requests
for the last place are served one after the other and the second sees the first. On SQLite the
settings open every transaction with BEGIN IMMEDIATE, which serialises writers the same way.
Locks are always taken in the order event → application/registration, so they cannot deadlock.

Every e-mail is owed through the outbox (``events.outbox``): a row written in the same
transaction, handed to the broker on commit, so nothing is sent for a rolled-back write and
nothing is lost when the broker is down.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Organisation, Role, Sector, User
from accounts.permissions import can_change, is_admin
from events.calendars import LONDON
from events.exceptions import (
    Conflict,
    EventError,
    NotAllowed,
    RegistrationError,
)
from events.models import (
    ADJUSTMENTS_NEEDING_BOOKING,
    YEAR_GROUPS,
    Adjustment,
    AgeBand,
    AttendeeCategory,
    Audience,
    CalendarFeed,
    EthnicityGroup,
    Event,
    EventKind,
    Registration,
    Sex,
    StandApplication,
    Ticket,
    Venue,
    YesNoPreferNot,
    new_feed_token,
)
from events.selectors import places_taken, stands_held
from events.signals import attendance_changed_send
from schools.models import Hub, School

ORGANISER_ROLES = (Role.COORDINATOR, Role.JOBCENTRE_ORGANISER)


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


# --- Who may do what ---------------------------------------------------------------------------


def is_event_organiser(user: User, event: Event) -> bool:
    """The hub's coordinators or the Jobcentre's organisers (and admins) run an event."""
    return is_admin(user) or event.organiser_id in user.organisation_ids(*ORGANISER_ROLES)


def _require_organiser(user: User, event: Event) -> None:
    if not is_event_organiser(user, event):
        raise NotAllowed(_("Only the event's organisers can do this."))


def _lock_event(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


# --- Events ------------------------------------------------------------------------------------

EVENT_FIELDS = frozenset(
    {
        "kind",
        "title",
        "description",
        "venue",
        "starts_at",
        "ends_at",
        "audiences",
        "year_groups",
        "capacity",
        "stand_capacity",
        "max_representatives_per_stand",
        "registration_opens_at",
        "registration_closes_at",
        "adjustments_deadline",
        "allow_reentry",
    }
)
# Changes that make people's plans wrong: they are told by e-mail with the new .ics.
NOTIFIED_FIELDS = frozenset({"starts_at", "ends_at", "venue"})


def _validate_event(event: Event) -> None:
    if event.kind not in EventKind.values:
        raise EventError(_("Choose a kind of event."), code="invalid_kind")
    if not event.title.strip():
        raise EventError(_("Give the event a title."), code="title_required")
    for moment in (event.starts_at, event.ends_at):
        if moment is None or timezone.is_naive(moment):
            raise EventError(_("Give a start and an end time."), code="times_required")
    if event.ends_at <= event.starts_at:
        raise EventError(_("The event must end after it starts."), code="ends_before_start")
    if not isinstance(event.audiences, list) or set(event.audiences) - set(Audience.values):
        raise EventError(_("Choose audiences from the list."), code="invalid_audience")
    if not isinstance(event.year_groups, list) or any(
        year not in YEAR_GROUPS for year in event.year_groups
    ):
        raise EventError(_("Year groups run from 7 to 13."), code="invalid_year_group")
    opens, closes = event.registration_opens_at, event.registration_closes_at
    if opens and closes and closes <= opens:
        raise EventError(
            _("Registration must close after it opens."), code="registration_window_invalid"
        )
    if closes and closes > event.ends_at:
        raise EventError(
            _("Registration must close before the event ends."), code="registration_window_invalid"
        )
    if event.adjustments_deadline and event.adjustments_deadline > event.starts_at:
        raise EventError(
            _("The deadline for adjustments must be before the event starts."),
            code="adjustments_deadline_after_start",
        )
    if event.capacity is None or event.capacity < 1:
        raise EventError(_("An event needs at least one attendee place."), code="capacity_required")


@transaction.atomic
def event_create(
    *,
    by: User,
    organiser: Organisation,
    kind: str,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    capacity: int,
    venue: Venue | None = None,
    sector_focus: Iterable[Sector] = (),
    **details: Any,
) -> Event:
    """A new draft event, organised by a hub or Jobcentre that ``by`` runs events for."""
    if not (is_admin(by) or organiser.pk in by.organisation_ids(*ORGANISER_ROLES)):
        raise NotAllowed(_("You can only create events for your own hub or Jobcentre."))
    unknown = set(details) - EVENT_FIELDS
    if unknown:
        raise EventError(
            _("Unknown event details: %(fields)s.") % {"fields": ", ".join(sorted(unknown))},
            code="unknown_field",
        )
    event = Event(
        organiser=organiser,
        kind=kind,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        venue=venue,
        created_by=by,
        **details,
    )
    _validate_event(event)
    event.save()
    event.sector_focus.set(sector_focus)
    return event


@transaction.atomic
def event_update(
    *, event: Event, by: User, sector_focus: Iterable[Sector] | None = None, **changes: Any
) -> Event:
    """Change an event's details; any change raises its calendar SEQUENCE.

    Capacity cannot go below the places already taken (nor stands below those held); raising it
    moves people off the waiting list in order. When a published event's time or venue changes,
    everyone registered and every employer with a stand is told, with the new .ics.
    """
    event = _lock_event(event)
    _require_organiser(by, event)
    if event.status in (Event.Status.CANCELLED, Event.Status.COMPLETED):
        raise Conflict(
            _("A %(status)s event cannot be changed.")
            % {"status": event.get_status_display().lower()},
            code="event_closed",
        )
    unknown = set(changes) - EVENT_FIELDS
    if unknown:
        raise EventError(
            _("Unknown event details: %(fields)s.") % {"fields": ", ".join(sorted(unknown))},
            code="unknown_field",
        )
    old_capacity, old_stands = event.capacity, event.stand_capacity
    changed = [name for name, value in changes.items() if getattr(event, name) != value]
    for name in changed:
        setattr(event, name, changes[name])
    sectors_changed = False
    if sector_focus is not None:
        new_ids = {sector.pk for sector in sector_focus}
        sectors_changed = new_ids != set(event.sector_focus.values_list("pk", flat=True))
        if sectors_changed:
            event.sector_focus.set(new_ids)
    if not changed and not sectors_changed:
        return event
    _validate_event(event)
    if "capacity" in changed and event.capacity < places_taken(event):
        raise EventError(
            _("%(taken)d places are already taken: capacity cannot go below that.")
            % {"taken": places_taken(event)},
            code="capacity_below_booked",
        )
    if "stand_capacity" in changed and event.stand_capacity < stands_held(event):
        raise EventError(
            _("%(held)d stands are already allocated or awaiting a decision.")
            % {"held": stands_held(event)},
            code="stands_below_allocated",
        )
    event.sequence += 1
    event.save(update_fields=[*changed, "sequence", "updated_at"])
    now = timezone.now()
    if event.capacity > old_capacity:
        _promote_waitlist(event, now=now)
    if event.stand_capacity > old_stands:
        from events.stands import _promote_stand_waitlist

        _promote_stand_waitlist(event, freed_status=StandApplication.Status.PENDING, now=now)
    if event.status == Event.Status.PUBLISHED and NOTIFIED_FIELDS.intersection(changed):
        _queue("event_changed_notices_task", event.pk)
    attendance_changed_send(event.pk)
    return event


@transaction.atomic
def event_publish(*, event: Event, by: User) -> Event:
    """Open a draft to the public: it needs a venue and must still be in the future."""
    event = _lock_event(event)
    _require_organiser(by, event)
    if event.status != Event.Status.DRAFT:
        raise Conflict(_("Only a draft can be published."), code="not_draft")
    if event.venue_id is None:
        raise EventError(_("Choose a venue before publishing."), code="venue_required")
    now = timezone.now()
    if event.starts_at <= now:
        raise EventError(_("This event's start time has passed."), code="event_in_past")
    _validate_event(event)
    event.status = Event.Status.PUBLISHED
    event.published_at = now
    event.sequence += 1
    event.save(update_fields=["status", "published_at", "sequence", "updated_at"])
    return event


@transaction.atomic
def event_cancel(*, event: Event, by: User, reason: str = "") -> Event:
    """Cancel an event: every ticket is revoked, and everyone registered and every employer with
    a live stand application gets a cancellation notice. Cancelling twice changes nothing."""
    event = _lock_event(event)
    _require_organiser(by, event)
    if event.status == Event.Status.CANCELLED:
        return event
    if event.status == Event.Status.COMPLETED:
        raise Conflict(_("A completed event cannot be cancelled."), code="event_completed")
    now = timezone.now()
    was_public = event.status == Event.Status.PUBLISHED
    event.status = Event.Status.CANCELLED
    event.cancelled_at = now
    event.cancellation_reason = reason.strip()
    event.sequence += 1
    event.save(
        update_fields=["status", "cancelled_at", "cancellation_reason", "sequence", "updated_at"]
    )
    Ticket.objects.filter(event=event, status=Ticket.Status.VALID).update(
        status=Ticket.Status.REVOKED, revoked_at=now
    )
    if was_public:
        _queue("event_cancellation_notices_task", event.pk)
    attendance_changed_send(event.pk)
    return event


@transaction.atomic
def event_complete(*, event: Event, by: User) -> Event:
    """Mark a published event that has ended as held."""
    event = _lock_event(event)
    _require_organiser(by, event)
    if event.status != Event.Status.PUBLISHED or event.ends_at > timezone.now():
        raise Conflict(
            _("Only a published event that has ended can be marked as held."),
            code="not_finished",
        )
    event.status = Event.Status.COMPLETED
    event.sequence += 1
    event.save(update_fields=["status", "sequence", "updated_at"])
    attendance_changed_send(event.pk)
    return event


# --- Registration checks shared by attendees and school groups ---------------------------------


def registration_closes_at(event: Event) -> datetime:
    return event.registration_closes_at or event.starts_at


def _check_registration_open(event: Event, now: datetime) -> None:
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
            % {"day": opens.strftime("%d %B %Y"), "time": opens.strftime("%H:%M")},
            code="registration_not_open",
        )


def _clean_adjustments(
    event: Event, adjustments: Sequence[str], now: datetime
) -> tuple[list[str], list[Notice]]:
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
                    "day": deadline.strftime("%d %B %Y"),
                },
            )
        )
    return chosen, warnings


_PHONE_SEPARATORS = re.compile(r"[\s().-]")
_UK_PHONE = re.compile(r"^0[1-9]\d{8,9}$")


def normalise_uk_phone(phone: str) -> str:
    """A UK number as +44…, from "07700 900123", "+44 (0)7700-900123" and the like; "" if empty.

    Raises ``RegistrationError`` (code ``invalid_phone``) for anything else.
    """
    digits = _PHONE_SEPARATORS.sub("", phone or "")
    if not digits:
        return ""
    digits = digits.replace("(0)", "")
    if digits.startswith("+44"):
        digits = "0" + digits[3:]
    elif digits.startswith("0044"):
        digits = "0" + digits[4:]
    if digits.startswith("00"):
        digits = digits[1:]
    if not _UK_PHONE.match(digits):
        raise RegistrationError(
            _("Enter a UK phone number, like 01707 281234 or 07700 900123."),
            code="invalid_phone",
        )
    return "+44" + digits[1:]


def _normalise_email(email: str) -> str:
    email = (email or "").strip().lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise RegistrationError(
                _("Enter an e-mail address like name@example.com."), code="invalid_email"
            ) from None
    return email


def _check_choice(value: str, choices: Sequence[str], label: str) -> str:
    if value and value not in choices:
        raise RegistrationError(
            _("Choose an answer from the list for “%(question)s”.") % {"question": label},
            code="invalid_answer",
        )
    return value


def _issue_tickets(event: Event, holders: Sequence[tuple[Registration, str]]) -> list[Ticket]:
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


def _queue(task_name: str, object_id: int) -> None:
    """Owe the e-mail ``task_name`` sends: an outbox row in this transaction, handed to the
    broker after the commit (events.outbox), so a broker that is down loses no e-mail."""
    from events.outbox import outbox_message_add

    outbox_message_add(kind=task_name.removesuffix("_task"), object_id=object_id)


# --- Attendee registrations --------------------------------------------------------------------


def registration_create(
    *,
    event: Event,
    name: str,
    category: str,
    privacy_consent: bool,
    email: str = "",
    phone: str = "",
    adjustments: Sequence[str] = (),
    adjustments_detail: str = "",
    age_band: str = "",
    disability: str = "",
    ethnicity_group: str = "",
    sex: str = "",
    complex_barriers: bool | None = None,
    consent_contact_employers: bool = False,
    by: User | None = None,
) -> RegistrationResult:
    """Register one person (no account needed) and issue their ticket, or put them on the
    waiting list when the event is full.

    Refused, with nothing saved: a cancelled, unpublished or closed event; neither e-mail nor
    phone; a malformed e-mail or UK phone number; an e-mail already registered for this event
    (case-insensitive); no privacy consent. Adjustments that need booking asked for after the
    event's deadline still register, with an ``adjustments_after_deadline`` warning.
    """
    name = " ".join((name or "").split())
    if not name:
        raise RegistrationError(_("Enter your name."), code="name_required")
    email = _normalise_email(email)
    phone = normalise_uk_phone(phone)
    if not email and not phone:
        raise RegistrationError(
            _("Give an e-mail address or a phone number, so we can reach you about the event."),
            code="contact_required",
        )
    if category not in AttendeeCategory.values:
        raise RegistrationError(_("Choose who you are from the list."), code="invalid_category")
    _check_choice(age_band, AgeBand.values, _("Age"))
    _check_choice(disability, YesNoPreferNot.values, _("Disability"))
    _check_choice(ethnicity_group, EthnicityGroup.values, _("Ethnic group"))
    _check_choice(sex, Sex.values, _("Sex"))
    if not privacy_consent:
        raise RegistrationError(
            _("Confirm you have read the privacy notice to register."),
            code="privacy_consent_required",
        )
    with transaction.atomic():
        event = _lock_event(event)
        now = timezone.now()  # taken inside the lock: the waiting list is in lock order
        _check_registration_open(event, now)
        chosen, warnings = _clean_adjustments(event, adjustments, now)
        if email and (
            Registration.objects.filter(event=event, email__iexact=email, school__isnull=True)
            .exclude(status=Registration.Status.CANCELLED)
            .exists()
        ):
            raise RegistrationError(
                _("This e-mail address is already registered for this event."),
                code="already_registered",
            )
        full = places_taken(event) + 1 > event.capacity
        registration = Registration(
            event=event,
            name=name[:200],
            email=email,
            phone=phone,
            category=category,
            adjustments=chosen,
            adjustments_detail=adjustments_detail.strip(),
            adjustments_late=any(n.code == "adjustments_after_deadline" for n in warnings),
            age_band=age_band,
            disability=disability,
            ethnicity_group=ethnicity_group,
            sex=sex,
            complex_barriers=complex_barriers,
            consent_contact_employers=consent_contact_employers,
            privacy_consent_at=now,
            status=Registration.Status.WAITLISTED if full else Registration.Status.CONFIRMED,
            waitlisted_at=now if full else None,
            language=translation.get_language() or "",
            created_by=by if by is not None and by.is_authenticated else None,
        )
        try:
            registration.save()
        except IntegrityError:
            # Only reachable if the lock above were bypassed; the constraint has the last word.
            raise RegistrationError(
                _("This e-mail address is already registered for this event."),
                code="already_registered",
            ) from None
        tickets = [] if full else _issue_tickets(event, [(registration, name)])
        if full:
            warnings.append(
                Notice(
                    "waitlisted",
                    _(
                        "The event is full, so you are on the waiting list. We will e-mail you "
                        "a ticket if a place frees up."
                    ),
                )
            )
        if email:
            _queue("registration_confirmation_task", registration.pk)
    return RegistrationResult(registration=registration, tickets=tickets, warnings=warnings)


def _may_change_registration(user: User, registration: Registration) -> bool:
    if is_event_organiser(user, registration.event):
        return True
    school = registration.school
    return school is not None and school.organisation_id in user.organisation_ids(
        Role.CAREERS_LEADER
    )


def registration_cancel(*, registration: Registration, by: User | None = None) -> Registration:
    """Cancel a registration: its tickets are revoked and its places go to the waiting list, in
    order, each person promoted getting their ticket by e-mail. Cancelling twice changes nothing.

    ``by`` is the organiser or the school's Careers Leader; ``None`` means the attendee, who
    proved it by holding the ticket's token (the caller checks that).
    """
    with transaction.atomic():
        event = _lock_event(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        registration.event = event
        if by is not None and not _may_change_registration(by, registration):
            raise NotAllowed(_("You cannot cancel this registration."))
        if registration.status == Registration.Status.CANCELLED:
            return registration
        now = timezone.now()
        held_places = registration.status == Registration.Status.CONFIRMED
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at", "updated_at"])
        Ticket.objects.filter(registration=registration, status=Ticket.Status.VALID).update(
            status=Ticket.Status.REVOKED, revoked_at=now
        )
        if held_places and event.status == Event.Status.PUBLISHED:
            _promote_waitlist(event, now=now)
    attendance_changed_send(registration.event_id)
    return registration


def _promote_waitlist(event: Event, *, now: datetime) -> list[Registration]:
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
    _issue_tickets(event, [(r, r.name) for r in promoted])
    for registration in promoted:
        if registration.email:
            _queue("registration_promoted_task", registration.pk)
    return promoted


def group_booking_create(
    *,
    event: Event,
    school: School,
    year_group: int,
    group_size: int,
    by: User,
    privacy_consent: bool,
    pupil_names: Sequence[str] = (),
    adjustments: Sequence[str] = (),
    adjustments_detail: str = "",
) -> RegistrationResult:
    """A Careers Leader books places for a school group: one ticket per pupil, anonymous
    ("Pupil, Year 9, <school>") unless the school chooses to give names.

    All or nothing: the whole group fits in the places left or nothing is booked (a group is
    never split, nor waitlisted). Only the school's own Careers Leaders may book for it.
    """
    if not (is_admin(by) or school.organisation_id in by.organisation_ids(Role.CAREERS_LEADER)):
        raise NotAllowed(_("Only the school's Careers Leaders can book for its pupils."))
    if year_group not in YEAR_GROUPS:
        raise RegistrationError(_("Year groups run from 7 to 13."), code="invalid_year_group")
    if not isinstance(group_size, int) or group_size < 1:
        raise RegistrationError(_("Book at least one place."), code="invalid_group_size")
    names = [" ".join(str(n).split()) for n in pupil_names]
    if len(names) > group_size:
        raise RegistrationError(_("You gave more names than places."), code="too_many_names")
    if not privacy_consent:
        raise RegistrationError(
            _("Confirm the school has read the privacy notice."),
            code="privacy_consent_required",
        )
    with transaction.atomic():
        event = _lock_event(event)
        now = timezone.now()  # taken inside the lock: the waiting list is in lock order
        _check_registration_open(event, now)
        if event.audiences and Audience.PUPILS not in event.audiences:
            raise RegistrationError(_("This event is not open to pupils."), code="not_for_pupils")
        if event.year_groups and year_group not in event.year_groups:
            raise RegistrationError(
                _("This event is not for Year %(year)d.") % {"year": year_group},
                code="year_group_not_invited",
            )
        chosen, warnings = _clean_adjustments(event, adjustments, now)
        left = event.capacity - places_taken(event)
        if group_size > left:
            raise Conflict(
                _("Only %(left)d places are left: the group of %(size)d was not booked.")
                % {"left": max(left, 0), "size": group_size},
                code="not_enough_places",
                places_left=max(left, 0),
            )
        registration = Registration.objects.create(
            event=event,
            name=by.get_full_name(),
            email=by.email,
            category=AttendeeCategory.PUPIL,
            adjustments=chosen,
            adjustments_detail=adjustments_detail.strip(),
            adjustments_late=bool(warnings),
            privacy_consent_at=now,
            school=school,
            year_group=year_group,
            group_size=group_size,
            language=translation.get_language() or "",
            created_by=by,
        )
        anonymous = _("Pupil, Year %(year)d, %(school)s") % {
            "year": year_group,
            "school": school.name,
        }
        labels = [names[i] if i < len(names) and names[i] else anonymous for i in range(group_size)]
        tickets = _issue_tickets(event, [(registration, label) for label in labels])
        _queue("registration_confirmation_task", registration.pk)
    return RegistrationResult(registration=registration, tickets=tickets, warnings=warnings)


# --- Retention ---------------------------------------------------------------------------------


def registrations_personal_data_erase(*, registration_ids: Sequence[int], now: datetime) -> int:
    """Blank what identifies the people behind these registrations: names (tickets' holder labels
    too, pupils' names among them), e-mail, phone, the free-text adjustments detail and employers'
    notes about them at their stands. Rows, categories, year groups, adjustments asked for,
    admissions, stand visits and the anonymous equality answers stay, so every count the measures
    make is unchanged. The retention purge and an erasure on request both use it."""
    from events.models import StandInteraction

    ids = list(registration_ids)
    Ticket.objects.filter(registration_id__in=ids).update(holder_label="")
    StandInteraction.objects.filter(ticket__registration_id__in=ids).exclude(note="").update(
        note=""
    )
    return Registration.objects.filter(pk__in=ids).update(
        name="", email="", phone="", adjustments_detail="", personal_data_purged_at=now
    )


@transaction.atomic
def attendee_personal_data_purge(
    *, retention_days: int | None = None, now: datetime | None = None
) -> int:
    """Blank the names and contact details of attendees (and employers' representatives) of
    events that ended more than ``retention_days`` ago (default: the period a strategy lead set,
    ``accounts.DataRetentionPolicy``). Categories, adjustments asked for and the anonymous
    equality answers stay: the measures count them. Returns registrations purged."""
    from accounts.audit import audit_record
    from accounts.models import AuditAction, DataRetentionPolicy

    if retention_days is None:
        retention_days = DataRetentionPolicy.attendee_days_in_force()
    now = now or timezone.now()
    cutoff = now - timedelta(days=retention_days)
    registrations = Registration.objects.filter(
        event__ends_at__lt=cutoff, personal_data_purged_at__isnull=True
    )
    ids = list(registrations.values_list("pk", flat=True))
    registrations_personal_data_erase(registration_ids=ids, now=now)
    StandApplication.objects.filter(event__ends_at__lt=cutoff).exclude(
        representative_names=[]
    ).update(representative_names=[])
    if ids:
        audit_record(
            actor=None,
            action=AuditAction.RETENTION_PURGE,
            label=f"{len(ids)} registrations",
            details={
                "retention_days": retention_days,
                "events_ended_before": cutoff,
                "registrations": len(ids),
            },
        )
    return len(ids)


# --- Calendar feeds ----------------------------------------------------------------------------


@transaction.atomic
def calendar_feed_get_or_create(
    *, by: User, kind: str, venue: Venue | None = None, hub: Hub | None = None
) -> CalendarFeed:
    """The subscribable feed for ``by``'s own events, a venue or a hub (one each, made once).

    Anyone signed in may subscribe to a venue's or a hub's public events; a personal feed is the
    person's own. The URL is the secret: rotate it if it leaks.
    """
    if not by.is_authenticated or not by.is_active:
        raise NotAllowed(_("Sign in to subscribe to a calendar."))
    if kind == CalendarFeed.Kind.USER:
        feed, _created = CalendarFeed.objects.get_or_create(
            kind=kind, user=by, defaults={"created_by": by}
        )
    elif kind == CalendarFeed.Kind.VENUE and venue is not None:
        feed, _created = CalendarFeed.objects.get_or_create(
            kind=kind, venue=venue, defaults={"created_by": by}
        )
    elif kind == CalendarFeed.Kind.HUB and hub is not None:
        feed, _created = CalendarFeed.objects.get_or_create(
            kind=kind, hub=hub, defaults={"created_by": by}
        )
    else:
        raise EventError(_("Choose what the calendar is for."), code="invalid_feed")
    return feed


@transaction.atomic
def calendar_feed_rotate(*, feed: CalendarFeed, by: User) -> CalendarFeed:
    """A new secret URL for a feed; the old one stops working at once. A personal feed is rotated
    by its owner; a venue's or a hub's by the people who run it."""
    feed = (
        CalendarFeed.objects.select_for_update(of=("self",))
        .select_related("venue", "hub")
        .get(pk=feed.pk)
    )
    allowed = is_admin(by) or (
        feed.user_id == by.pk
        if feed.kind == CalendarFeed.Kind.USER
        else can_change(by, feed.venue if feed.venue is not None else feed.hub)  # type: ignore[arg-type]
    )
    if not allowed:
        raise NotAllowed(_("You cannot change this calendar's address."))
    feed.token = new_feed_token()
    feed.save(update_fields=["token"])
    return feed
