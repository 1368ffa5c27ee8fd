"""Reasonable adjustments followed through: each adjustment asked for becomes a checklist item
(to arrange → arranged → confirmed to the person → met on the day), unarranged ones are flagged
as the event approaches, and "adjustments met" is counted for events that have taken place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from core.exceptions import DomainError, NotAllowed
from events.models import (
    Adjustment,
    AdjustmentItem,
    AdjustmentStatus,
    Event,
    MessageKind,
    Registration,
)
from events.permissions import is_event_organiser

# Unarranged adjustments are flagged this long before the event starts.
WARNING_DAYS = 7

ADJUSTMENTS_MET_DEFINITION = gettext_lazy(
    "Adjustments met: of the adjustments asked for by people who were admitted to events that "
    "have ended, the share the organiser ticked as met on the day (at the door or on the "
    "checklist)."
)

_STEP_TIME = {
    AdjustmentStatus.ARRANGED: "arranged_at",
    AdjustmentStatus.CONFIRMED: "confirmed_at",
    AdjustmentStatus.MET: "met_at",
}


class AdjustmentError(DomainError):
    code = "adjustment_invalid"


def adjustment_items_create(*, registration: Registration) -> None:
    """One checklist item per adjustment asked for (safe to call twice)."""
    AdjustmentItem.objects.bulk_create(
        [
            AdjustmentItem(registration=registration, event_id=registration.event_id, adjustment=a)
            for a in registration.adjustments
            if a in Adjustment.values
        ],
        ignore_conflicts=True,
    )


def adjustment_items_sync(*, event: Event) -> None:
    """Items for every live registration's adjustments that has none yet (bookings made before
    the checklist existed, group bookings, walk-ins)."""
    have = set(
        AdjustmentItem.objects.filter(event=event).values_list("registration_id", "adjustment")
    )
    rows = (
        Registration.objects.filter(event=event)
        .exclude(status=Registration.Status.CANCELLED)
        .exclude(adjustments=[])
        .values_list("pk", "adjustments")
    )
    missing = [
        AdjustmentItem(registration_id=pk, event=event, adjustment=code)
        for pk, adjustments in rows
        for code in adjustments
        if code in Adjustment.values and (pk, code) not in have
    ]
    if missing:
        AdjustmentItem.objects.bulk_create(missing, ignore_conflicts=True)


def adjustment_item_set_status(*, item: AdjustmentItem, status: str, by: User) -> AdjustmentItem:
    """Move an item on the checklist. Confirming it to the person owes them one message (by
    e-mail or SMS, through the outbox); confirming again sends nothing more."""
    if not is_event_organiser(by, item.event):
        raise NotAllowed(_("Only the event's organisers can change its checklist."))
    if status not in AdjustmentStatus.values:
        raise AdjustmentError(_("Choose a step from the list."))
    with transaction.atomic():
        item = (
            AdjustmentItem.objects.select_for_update()
            .select_related("registration")
            .get(pk=item.pk)
        )
        if item.registration.status == Registration.Status.CANCELLED:
            raise AdjustmentError(_("This registration is cancelled."), code="cancelled")
        now = timezone.now()
        item.status = status
        fields = ["status", "updated_by", "updated_at"]
        step_time = _STEP_TIME.get(AdjustmentStatus(status))
        if step_time and getattr(item, step_time) is None:
            setattr(item, step_time, now)
            fields.append(step_time)
        owe = status == AdjustmentStatus.CONFIRMED and item.confirmation_owed_at is None
        if owe:
            item.confirmation_owed_at = now
            fields.append("confirmation_owed_at")
        item.updated_by = by
        item.save(update_fields=fields)
        if owe and (item.registration.email or item.registration.phone):
            from events.outbox import outbox_message_add

            outbox_message_add(kind=MessageKind.ADJUSTMENT_CONFIRMATION, object_id=item.pk)
    return item


def adjustments_met_at_door(*, registration_id: int, when: datetime) -> int:
    """The door's tick: a person admitted has the adjustments arranged for them met on the day.
    One UPDATE; called only for registrations that asked for adjustments."""
    return AdjustmentItem.objects.filter(
        registration_id=registration_id,
        status__in=[AdjustmentStatus.ARRANGED, AdjustmentStatus.CONFIRMED],
    ).update(status=AdjustmentStatus.MET, met_at=when, updated_at=when)


def adjustment_confirmation_send(*, item_id: int) -> None:
    """The outbox's sender: tell the person their adjustment is arranged."""
    from events.messaging import person_message_send

    item = (
        AdjustmentItem.objects.select_related("registration", "event", "event__venue")
        .filter(pk=item_id)
        .first()
    )
    if item is None or item.registration.status == Registration.Status.CANCELLED:
        return
    registration = item.registration
    if not (registration.email or registration.phone):
        return
    person_message_send(
        template="adjustment_confirmed",
        context={"name": registration.name, "adjustment": item.adjustment},
        email=registration.email,
        phone=registration.phone,
        language=registration.language,
        event=item.event,
    )


# --- Reads ------------------------------------------------------------------------------------


def event_adjustment_items(*, event: Event) -> QuerySet[AdjustmentItem]:
    """The event's checklist: live registrations' items, with the person's name and ticket."""
    return (
        AdjustmentItem.objects.filter(event=event)
        .exclude(registration__status=Registration.Status.CANCELLED)
        .select_related("registration")
        .order_by("status", "registration__name", "adjustment")
    )


@dataclass(frozen=True)
class AdjustmentCounts:
    to_arrange: int
    arranged: int
    confirmed: int
    met: int
    warn: bool

    @property
    def total(self) -> int:
        return self.to_arrange + self.arranged + self.confirmed + self.met


def event_adjustment_counts(*, event: Event, now: datetime | None = None) -> AdjustmentCounts:
    """Items per step, and whether unarranged ones need flagging (the event starts within
    ``WARNING_DAYS`` and has not started)."""
    now = now or timezone.now()
    counts = dict(
        AdjustmentItem.objects.filter(event=event)
        .exclude(registration__status=Registration.Status.CANCELLED)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    to_arrange = counts.get(AdjustmentStatus.TO_ARRANGE, 0)
    soon = now <= event.starts_at <= now + timedelta(days=WARNING_DAYS)
    return AdjustmentCounts(
        to_arrange=to_arrange,
        arranged=counts.get(AdjustmentStatus.ARRANGED, 0),
        confirmed=counts.get(AdjustmentStatus.CONFIRMED, 0),
        met=counts.get(AdjustmentStatus.MET, 0),
        warn=bool(to_arrange) and soon and event.status == Event.Status.PUBLISHED,
    )


def unarranged_soon_count(*, events: QuerySet[Event], now: datetime | None = None) -> int:
    """Adjustments still to arrange at these events starting within ``WARNING_DAYS``."""
    now = now or timezone.now()
    return (
        AdjustmentItem.objects.filter(
            event__in=events.filter(
                status=Event.Status.PUBLISHED,
                starts_at__gte=now,
                starts_at__lte=now + timedelta(days=WARNING_DAYS),
            ),
            status=AdjustmentStatus.TO_ARRANGE,
        )
        .exclude(registration__status=Registration.Status.CANCELLED)
        .count()
    )


@dataclass(frozen=True)
class AdjustmentsMet:
    requested: int
    met: int

    @property
    def share(self) -> float | None:
        return round(100 * self.met / self.requested, 1) if self.requested else None


def adjustments_met(*, events: QuerySet[Event], now: datetime | None = None) -> AdjustmentsMet:
    """ "Adjustments met" over these events (``ADJUSTMENTS_MET_DEFINITION``): items of people
    admitted to events that have ended, and how many of them were met."""
    now = now or timezone.now()
    counts = AdjustmentItem.objects.filter(
        event__in=events.filter(ends_at__lt=now).exclude(status=Event.Status.CANCELLED),
        registration__tickets__checked_in_at__isnull=False,
    ).aggregate(
        requested=Count("pk", distinct=True),
        met=Count("pk", distinct=True, filter=Q(status=AdjustmentStatus.MET)),
    )
    return AdjustmentsMet(requested=counts["requested"], met=counts["met"])
