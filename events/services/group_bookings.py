"""Writes for school groups: a Careers Leader books places for a year group, all or nothing,
and may change its size or cancel it until the event starts."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.models import AuditAction, User
from core.text import clean_text
from events.exceptions import Conflict, NotAllowed, RegistrationError
from events.models import (
    YEAR_GROUPS,
    AttendeeCategory,
    Event,
    EventAudience,
    Registration,
    Ticket,
)
from events.permissions import may_book_for_school, may_change_registration
from events.services.common import (
    MessageKind,
    RegistrationResult,
    check_registration_open,
    clean_adjustments,
    email_owe,
    issue_tickets,
    lock_event,
)
from events.services.registrations import registration_cancel
from events.services.waiting_list import places_held, waitlist_advance
from schools.models import School


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
    if not may_book_for_school(by, school.organisation_id):
        raise NotAllowed(_("Only the school's Careers Leaders can book for its pupils."))
    if year_group not in YEAR_GROUPS:
        raise RegistrationError(_("Year groups run from 7 to 13."), code="invalid_year_group")
    if not isinstance(group_size, int) or group_size < 1:
        raise RegistrationError(_("Book at least one place."), code="invalid_group_size")
    names = [clean_text(str(n)) for n in pupil_names]
    if len(names) > group_size:
        raise RegistrationError(_("You gave more names than places."), code="too_many_names")
    if not privacy_consent:
        raise RegistrationError(
            _("Confirm the school has read the privacy notice."),
            code="privacy_consent_required",
        )
    with transaction.atomic():
        event = lock_event(event)
        now = timezone.now()  # taken inside the lock: the waiting list is in lock order
        check_registration_open(event, now)
        if event.audiences and EventAudience.PUPILS not in event.audiences:
            raise RegistrationError(_("This event is not open to pupils."), code="not_for_pupils")
        if event.year_groups and year_group not in event.year_groups:
            raise RegistrationError(
                _("This event is not for Year %(year)d.") % {"year": year_group},
                code="year_group_not_invited",
            )
        chosen, warnings = clean_adjustments(event, adjustments, now)
        left = event.capacity - places_held(event)
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
        tickets = issue_tickets(event, [(registration, label) for label in labels])
        email_owe(MessageKind.REGISTRATION_CONFIRMATION, registration.pk)
    return RegistrationResult(registration=registration, tickets=tickets, warnings=warnings)


def _locked_group(registration: Registration, by: User) -> tuple[Event, Registration]:
    event = lock_event(registration.event)
    registration = Registration.objects.select_for_update(of=("self",)).get(pk=registration.pk)
    registration.event = event
    if not registration.is_group or not may_change_registration(by, registration):
        raise NotAllowed(_("Only the school's Careers Leaders can change this booking."))
    if registration.status != Registration.Status.CONFIRMED:
        raise Conflict(_("This booking has been cancelled."), code="booking_cancelled")
    if event.starts_at <= timezone.now():
        raise Conflict(
            _("The event has started, so the booking can no longer be changed."),
            code="event_started",
        )
    return event, registration


def group_booking_resize(*, registration: Registration, group_size: int, by: User) -> Registration:
    """Change the number of pupils in a school group booking, before the event starts.

    More pupils: only while registration is open and only within the places left (all or
    nothing), each new pupil an anonymous ticket. Fewer: the last tickets are cancelled and the
    freed places are offered to the waiting list. Audited with the sizes before and after."""
    if not isinstance(group_size, int) or group_size < 1:
        raise RegistrationError(
            _("Book at least one place, or cancel the booking."), code="invalid_group_size"
        )
    with transaction.atomic():
        event, registration = _locked_group(registration, by)
        before = registration.group_size
        if group_size == before:
            return registration
        now = timezone.now()
        if group_size > before:
            check_registration_open(event, now)
            left = event.capacity - places_held(event)
            if group_size - before > left:
                raise Conflict(
                    _("Only %(left)d more places are left: the booking was not changed.")
                    % {"left": max(left, 0)},
                    code="not_enough_places",
                    places_left=max(left, 0),
                )
            label = _("Pupil, Year %(year)d, %(school)s") % {
                "year": registration.year_group,
                "school": registration.school.name if registration.school else "",
            }
            issue_tickets(event, [(registration, label)] * (group_size - before))
        else:
            dropped = list(
                registration.tickets.filter(status=Ticket.Status.VALID)
                .order_by("-number")
                .values_list("pk", flat=True)[: before - group_size]
            )
            Ticket.objects.filter(pk__in=dropped).update(
                status=Ticket.Status.REVOKED, revoked_at=now
            )
        registration.group_size = group_size
        registration.save(update_fields=["group_size", "updated_at"])
        audit_record(
            actor=by,
            action=AuditAction.GROUP_BOOKING_RESIZE,
            target=registration,
            label=f"registration {registration.pk}",
            details={"event_id": event.pk, "from": before, "to": group_size},
        )
        if group_size < before:
            waitlist_advance(event, now=now)
    return registration


def group_booking_cancel(*, registration: Registration, by: User) -> Registration:
    """Cancel a whole school group booking before the event starts: every ticket is cancelled
    and the places are offered to the waiting list. Audited."""
    with transaction.atomic():
        event, locked = _locked_group(registration, by)
        registration_cancel(registration=locked, by=by)
        audit_record(
            actor=by,
            action=AuditAction.GROUP_BOOKING_CANCEL,
            target=locked,
            label=f"registration {locked.pk}",
            details={"event_id": event.pk, "places": locked.group_size},
        )
    locked.refresh_from_db()
    return locked
