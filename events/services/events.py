"""Writes for events themselves: creating, changing, publishing, cancelling and completing them.

A change that counts places or stands locks the event first (``events.services.common``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.models import AuditAction, Organisation, Sector, User
from events.exceptions import Conflict, EventError, NotAllowed
from events.models import (
    YEAR_GROUPS,
    Event,
    EventAudience,
    EventKind,
    StandApplication,
    StandInteraction,
    Ticket,
    Venue,
)
from events.permissions import may_organise_for
from events.selectors import stands_held
from events.services.common import MessageKind, email_owe, lock_event, require_organiser
from events.services.stands import stand_waitlist_promote
from events.services.waiting_list import places_held, waitlist_advance
from events.signals import attendance_changed_send

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
        "offer_claim_hours",
    }
)
# Changes that make people's plans wrong: they are told by e-mail with the new .ics.
NOTIFIED_FIELDS = frozenset({"starts_at", "ends_at", "venue"})


def event_validate(event: Event) -> None:
    """Raise ``EventError`` for the first thing wrong with ``event``'s details."""
    if event.kind not in EventKind.values:
        raise EventError(_("Choose a kind of event."), code="invalid_kind")
    if not event.title.strip():
        raise EventError(_("Give the event a title."), code="title_required")
    for moment in (event.starts_at, event.ends_at):
        if moment is None or timezone.is_naive(moment):
            raise EventError(_("Give a start and an end time."), code="times_required")
    if event.ends_at <= event.starts_at:
        raise EventError(_("The event must end after it starts."), code="ends_before_start")
    if not isinstance(event.audiences, list) or set(event.audiences) - set(EventAudience.values):
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
    copied_from: Event | None = None,
    **details: Any,
) -> Event:
    """A new draft event, organised by a hub or Jobcentre that ``by`` runs events for;
    ``copied_from``, the event it copies, is kept in the audit entry."""
    if not may_organise_for(by, organiser.pk):
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
    event_validate(event)
    event.save()
    event.sector_focus.set(sector_focus)
    _audit(
        by,
        AuditAction.EVENT_CREATE,
        event,
        {"copied_from": copied_from.pk} if copied_from is not None else {},
    )
    return event


def _audit(by: User, action: AuditAction, event: Event, details: dict[str, Any]) -> None:
    # Inside the caller's transaction: the entry is written with the change or not at all.
    audit_record(actor=by, action=action, target=event, label=event.title, details=details)


def _audit_value(value: Any) -> Any:
    """A field's value as the audit log keeps it: dates as ISO strings (London time), a related
    object by its id."""
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Venue):
        return value.pk
    return value


def _moves_day_after_admissions(event: Event, changes: dict[str, Any]) -> bool:
    """Whether the change moves an event with admissions or stand visits to another day."""
    old = Event.objects.values_list("starts_at", flat=True).get(pk=event.pk)
    new = changes.get("starts_at", old)
    if timezone.localtime(old).date() == timezone.localtime(new).date():
        return False
    return (
        Ticket.objects.filter(event=event, checked_in_at__isnull=False).exists()
        or StandInteraction.objects.filter(application__event=event).exists()
    )


@transaction.atomic
def event_update(
    *, event: Event, by: User, sector_focus: Iterable[Sector] | None = None, **changes: Any
) -> Event:
    """Change an event's details; any change raises its calendar SEQUENCE.

    Capacity cannot go below the places already taken (nor stands below those held); raising it
    moves people off the waiting list in order. When a published event's time or venue changes,
    everyone registered and every employer with a stand is told, with the new .ics.
    """
    event = lock_event(event)
    require_organiser(by, event)
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
    audited: dict[str, dict[str, Any]] = {
        name: {"old": _audit_value(getattr(event, name)), "new": _audit_value(changes[name])}
        for name in changed
    }
    for name in changed:
        setattr(event, name, changes[name])
    sectors_changed = False
    if sector_focus is not None:
        new_ids = {sector.pk for sector in sector_focus}
        old_ids = set(event.sector_focus.values_list("pk", flat=True))
        sectors_changed = new_ids != old_ids
        if sectors_changed:
            event.sector_focus.set(new_ids)
            audited["sector_focus"] = {"old": sorted(old_ids), "new": sorted(new_ids)}
    if not changed and not sectors_changed:
        return event
    event_validate(event)
    if {"starts_at", "ends_at"}.intersection(changed) and _moves_day_after_admissions(
        event, changes
    ):
        raise Conflict(
            _(
                "People have been admitted to this event, so it cannot move to another day "
                "(its time on the same day can still be corrected)."
            ),
            code="event_has_admissions",
        )
    if "capacity" in changed and event.capacity < places_held(event):
        raise EventError(
            _("%(taken)d places are already taken: capacity cannot go below that.")
            % {"taken": places_held(event)},
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
    _audit(by, AuditAction.EVENT_UPDATE, event, {"changed": audited})
    now = timezone.now()
    if event.capacity > old_capacity:
        waitlist_advance(event, now=now)
    if event.stand_capacity > old_stands:
        stand_waitlist_promote(event, freed_status=StandApplication.Status.PENDING, now=now)
    if event.status == Event.Status.PUBLISHED and NOTIFIED_FIELDS.intersection(changed):
        email_owe(MessageKind.EVENT_CHANGED_NOTICES, event.pk)
    attendance_changed_send(event.pk)
    return event


@transaction.atomic
def event_publish(*, event: Event, by: User) -> Event:
    """Open a draft to the public: it needs a venue and must still be in the future."""
    event = lock_event(event)
    require_organiser(by, event)
    if event.status != Event.Status.DRAFT:
        raise Conflict(_("Only a draft can be published."), code="not_draft")
    if event.venue_id is None:
        raise EventError(_("Choose a venue before publishing."), code="venue_required")
    now = timezone.now()
    if event.starts_at <= now:
        raise EventError(_("This event's start time has passed."), code="event_in_past")
    event_validate(event)
    event.status = Event.Status.PUBLISHED
    event.published_at = now
    event.sequence += 1
    event.save(update_fields=["status", "published_at", "sequence", "updated_at"])
    _audit(by, AuditAction.EVENT_PUBLISH, event, {"starts_at": _audit_value(event.starts_at)})
    return event


@transaction.atomic
def event_cancel(*, event: Event, by: User, reason: str = "") -> Event:
    """Cancel an event: every ticket is revoked, and everyone registered and every employer with
    a live stand application gets a cancellation notice. Cancelling twice changes nothing."""
    event = lock_event(event)
    require_organiser(by, event)
    if event.status == Event.Status.CANCELLED:
        return event
    if event.status == Event.Status.COMPLETED:
        raise Conflict(_("A completed event cannot be cancelled."), code="event_completed")
    now = timezone.now()
    was = str(event.status)
    was_public = event.status == Event.Status.PUBLISHED
    event.status = Event.Status.CANCELLED
    event.cancelled_at = now
    event.cancellation_reason = reason.strip()
    event.sequence += 1
    event.save(
        update_fields=["status", "cancelled_at", "cancellation_reason", "sequence", "updated_at"]
    )
    Ticket.objects.filter(event=event, status=Ticket.Status.VALID).update(
        status=Ticket.Status.REVOKED, revoked_at=now, changed_at=now
    )
    _audit(
        by,
        AuditAction.EVENT_CANCEL,
        event,
        {"reason": event.cancellation_reason, "was": was},
    )
    if was_public:
        email_owe(MessageKind.EVENT_CANCELLATION_NOTICES, event.pk)
    attendance_changed_send(event.pk)
    return event


@transaction.atomic
def event_complete(*, event: Event, by: User) -> Event:
    """Mark a published event that has ended as held."""
    event = lock_event(event)
    require_organiser(by, event)
    if event.status != Event.Status.PUBLISHED or event.ends_at > timezone.now():
        raise Conflict(
            _("Only a published event that has ended can be marked as held."),
            code="not_finished",
        )
    event.status = Event.Status.COMPLETED
    event.sequence += 1
    event.save(update_fields=["status", "sequence", "updated_at"])
    _audit(by, AuditAction.EVENT_COMPLETE, event, {})
    attendance_changed_send(event.pk)
    return event
