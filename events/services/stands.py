"""Writes for employers' stands: applying, the organiser's decision, withdrawing, the waiting list.

Stands are never over-allocated: every write that counts stands locks the event row first (see
``events.services.common``). Pending and approved applications hold a stand; past the event's stand
capacity an application is waitlisted and promoted, oldest first, when a stand frees.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.models import AuditAction, Sector, User
from core.text import clean_text
from employers.models import Employer
from events.exceptions import Conflict, NotAllowed, StandError
from events.models import Event, StandApplication
from events.permissions import acts_for_employer
from events.selectors import stands_held
from events.services.common import (
    MessageKind,
    email_owe,
    lock_event,
    registration_closes_at,
    require_organiser,
)
from events.services.vacancies import stand_vacancies_create, vacancies_clean
from events.signals import attendance_changed_send


def stand_apply(
    *,
    event: Event,
    employer: Employer,
    by: User,
    representatives: int,
    representative_names: Sequence[str] = (),
    vacancies: Sequence[Mapping[str, Any]] = (),
    sectors: Iterable[Sector] = (),
    needs_power: bool = False,
    needs_table: bool = True,
    access_needs: str = "",
) -> StandApplication:
    """An employer contact asks for a stand. While stands are free the application waits for the
    organiser's decision (holding a stand); past the event's stand capacity it is waitlisted.

    Refused, with nothing saved: an event not published, cancelled or closed; no stands at the
    event; more representatives than the event allows; a second live application from the same
    employer; a vacancy ``vacancy_clean`` refuses, or too many of them.
    """
    if not acts_for_employer(by, employer):
        raise NotAllowed(_("Only the employer's contacts can apply for its stand."))
    names = [name for n in representative_names if (name := clean_text(str(n)))]
    if not isinstance(representatives, int) or representatives < 1:
        raise StandError(_("Bring at least one representative."), code="invalid_representatives")
    if len(names) > representatives:
        raise StandError(
            _("You gave more names than representatives."), code="invalid_representatives"
        )
    clean_vacancies = vacancies_clean(vacancies=vacancies)
    with transaction.atomic():
        event = lock_event(event)
        now = timezone.now()  # taken inside the lock: the waiting list is in lock order
        if event.status == Event.Status.CANCELLED:
            raise StandError(_("This event has been cancelled."), code="event_cancelled")
        if event.status == Event.Status.DRAFT:
            raise StandError(
                _("This event is not open for stand applications."), code="event_not_published"
            )
        if event.status == Event.Status.COMPLETED or now >= registration_closes_at(event):
            raise StandError(
                _("Applications for stands at this event have closed."),
                code="registration_closed",
            )
        if event.stand_capacity == 0:
            raise StandError(_("This event has no employer stands."), code="no_stands")
        if representatives > event.max_representatives_per_stand:
            raise StandError(
                _("Each stand may have at most %(max)d representatives.")
                % {"max": event.max_representatives_per_stand},
                code="too_many_representatives",
            )
        if StandApplication.objects.filter(
            event=event, employer=employer, status__in=StandApplication.LIVE_STATUSES
        ).exists():
            raise StandError(
                _("%(employer)s has already applied for a stand at this event.")
                % {"employer": employer.name},
                code="already_applied",
            )
        full = stands_held(event) >= event.stand_capacity
        application = StandApplication.objects.create(
            event=event,
            employer=employer,
            applied_by=by,
            representatives=representatives,
            representative_names=names,
            needs_power=needs_power,
            needs_table=needs_table,
            access_needs=access_needs.strip(),
            status=StandApplication.Status.WAITLISTED if full else StandApplication.Status.PENDING,
            waitlisted_at=now if full else None,
        )
        stand_vacancies_create(application=application, vacancies=clean_vacancies)
        sector_list = list(sectors)
        if sector_list:
            application.sectors.set(sector_list)
        email_owe(MessageKind.STAND_APPLICATION_NOTIFY, application.pk)
    return application


def _lock_application(application: StandApplication) -> tuple[Event, StandApplication]:
    event = lock_event(application.event)
    locked = StandApplication.objects.select_for_update().get(pk=application.pk)
    locked.event = event
    return event, locked


def _next_stand_number(event: Event) -> int:
    used = set(
        StandApplication.objects.filter(
            event=event, status=StandApplication.Status.APPROVED, stand_number__isnull=False
        ).values_list("stand_number", flat=True)
    )
    return next(number for number in range(1, len(used) + 2) if number not in used)


@transaction.atomic
def stand_approve(*, application: StandApplication, by: User, note: str = "") -> StandApplication:
    """The organiser approves an application and gives it the lowest free stand number. A
    waitlisted one can be approved only while a stand is free: stands are never over-allocated."""
    event, application = _lock_application(application)
    require_organiser(by, event)
    if application.status not in (
        StandApplication.Status.PENDING,
        StandApplication.Status.WAITLISTED,
    ):
        raise Conflict(
            _("This application is already %(status)s.")
            % {"status": application.get_status_display().lower()},
            code="already_decided",
        )
    if event.status == Event.Status.CANCELLED:
        raise Conflict(_("This event has been cancelled."), code="event_cancelled")
    if (
        application.status == StandApplication.Status.WAITLISTED
        and stands_held(event) >= event.stand_capacity
    ):
        raise Conflict(
            _("Every stand is taken: decline or withdraw one first."), code="no_stand_free"
        )
    previous = application.status
    application.status = StandApplication.Status.APPROVED
    application.stand_number = _next_stand_number(event)
    application.decided_by = by
    application.decided_at = timezone.now()
    application.decision_note = note.strip()
    application.save(
        update_fields=[
            "status",
            "stand_number",
            "decided_by",
            "decided_at",
            "decision_note",
            "updated_at",
        ]
    )
    email_owe(MessageKind.STAND_APPLICATION_NOTIFY, application.pk)
    attendance_changed_send(application.event_id)
    _stand_decision_audit(application, event, AuditAction.STAND_APPROVE, by, previous)
    return application


def _stand_decision_audit(
    application: StandApplication, event: Event, action: str, by: User, previous: str
) -> None:
    audit_record(
        actor=by,
        action=action,
        target=application,
        label=f"{application.employer.name} — {event.title}",
        details={
            "event_id": event.pk,
            "employer_id": application.employer_id,
            "from_status": previous,
            "to_status": application.status,
            "stand_number": application.stand_number,
            "note": application.decision_note,
        },
    )


def _release_stand(
    application: StandApplication, event: Event, status: str, by: User, note: str = ""
) -> StandApplication:
    freed = application.status if application.status in StandApplication.HOLDING_STATUSES else None
    now = timezone.now()
    application.status = status
    application.stand_number = None
    application.decided_by = by
    application.decided_at = now
    # Each decision carries its own note: an earlier approval's note never reads as the reason.
    application.decision_note = note.strip()
    application.save(
        update_fields=[
            "status",
            "stand_number",
            "decided_by",
            "decided_at",
            "decision_note",
            "updated_at",
        ]
    )
    if freed is not None and event.status == Event.Status.PUBLISHED:
        stand_waitlist_promote(event, freed_status=freed, now=now)
    return application


@transaction.atomic
def stand_decline(*, application: StandApplication, by: User, note: str = "") -> StandApplication:
    """The organiser declines an application (pending, waitlisted or even approved); a stand it
    held goes to the first waitlisted employer. Taking back an approval needs a reason: the
    employer may already have planned the day."""
    event, application = _lock_application(application)
    require_organiser(by, event)
    if application.status not in StandApplication.LIVE_STATUSES:
        raise Conflict(
            _("This application is already %(status)s.")
            % {"status": application.get_status_display().lower()},
            code="already_decided",
        )
    if application.status == StandApplication.Status.APPROVED and not note.strip():
        raise StandError(
            _("Give the employer a reason for declining a stand you had approved."),
            code="reason_required",
        )
    previous = application.status
    _release_stand(application, event, StandApplication.Status.DECLINED, by, note)
    email_owe(MessageKind.STAND_APPLICATION_NOTIFY, application.pk)
    attendance_changed_send(application.event_id)
    _stand_decision_audit(application, event, AuditAction.STAND_DECLINE, by, previous)
    return application


def stand_withdrawable(application: StandApplication) -> bool:
    """Whether the employer may still withdraw: a live application to an event neither cancelled,
    completed nor already ended."""
    event = application.event
    return (
        application.status in StandApplication.LIVE_STATUSES
        and event.status not in (Event.Status.CANCELLED, Event.Status.COMPLETED)
        and event.ends_at > timezone.now()
    )


@transaction.atomic
def stand_withdraw(*, application: StandApplication, by: User) -> StandApplication:
    """The employer withdraws; a stand it held goes to the first waitlisted employer. Once the
    event is over or cancelled there is nothing left to withdraw from."""
    event, application = _lock_application(application)
    if not acts_for_employer(by, application.employer):
        raise NotAllowed(_("Only the employer's contacts can withdraw its application."))
    if application.status not in StandApplication.LIVE_STATUSES:
        raise Conflict(
            _("This application is already %(status)s.")
            % {"status": application.get_status_display().lower()},
            code="already_decided",
        )
    if not stand_withdrawable(application):
        raise Conflict(
            _("This event is over or cancelled: there is nothing to withdraw from."),
            code="event_over",
        )
    attendance_changed_send(application.event_id)
    return _release_stand(application, event, StandApplication.Status.WITHDRAWN, by)


def stand_waitlist_promote(
    event: Event, *, freed_status: str, now: datetime
) -> list[StandApplication]:
    """Move waitlisted applications, oldest first, into the stands free (event is locked).

    A freed *approved* stand goes straight to the next employer as approved, with a stand number
    (the organiser already gave that stand away once); a freed *pending* place, or new stands,
    make the next application pending, for the organiser to decide.
    """
    free = event.stand_capacity - stands_held(event)
    if free <= 0:
        return []
    promoted = list(
        StandApplication.objects.select_for_update()
        .filter(event=event, status=StandApplication.Status.WAITLISTED)
        .order_by("waitlisted_at", "pk")[:free]
    )
    for application in promoted:
        if freed_status == StandApplication.Status.APPROVED:
            application.status = StandApplication.Status.APPROVED
            application.stand_number = _next_stand_number(event)
            application.decided_at = now
            application.decided_by = None
            application.save(
                update_fields=["status", "stand_number", "decided_at", "decided_by", "updated_at"]
            )
            freed_status = StandApplication.Status.PENDING  # only one approved stand was freed
        else:
            application.status = StandApplication.Status.PENDING
            application.save(update_fields=["status", "updated_at"])
        email_owe(MessageKind.STAND_APPLICATION_NOTIFY, application.pk)
    return promoted
