"""Demo: feedback answered after the held fairs (attendees and employers), priority-group
answers, and adjustments in every checklist state. Deterministic and idempotent: a second run
finds every row in place and changes nothing."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from demo.loading import seeded_rng
from events.adjustments import adjustment_items_sync
from events.barriers import BarrierTheme
from events.models import (
    AdjustmentItem,
    AdjustmentStatus,
    Event,
    FeedbackBarrier,
    FeedbackRequest,
    PriorityGroup,
    Registration,
    RegistrationPriorityGroup,
    StandApplication,
)

_TABLES = (AdjustmentItem, FeedbackRequest, FeedbackBarrier, RegistrationPriorityGroup)
# Upcoming events' items walk through the steps by their place in the list.
_UPCOMING_STEPS = [
    AdjustmentStatus.TO_ARRANGE,
    AdjustmentStatus.ARRANGED,
    AdjustmentStatus.CONFIRMED,
    AdjustmentStatus.TO_ARRANGE,
]
_HELD_ADJUSTMENTS = [["step_free_access"], ["hearing_loop"], ["large_print", "companion"]]
_GROUPS = [g for g in PriorityGroup.values if g != PriorityGroup.PREFER_NOT_TO_SAY]
_USEFULNESS = ["very_useful", "very_useful", "quite_useful", "quite_useful", "not_very_useful"]
_THEMES = [t for t in BarrierTheme.values if t != BarrierTheme.OTHER]


def _upcoming_checklists() -> None:
    now = timezone.now()
    for event in Event.objects.filter(starts_at__gt=now, status=Event.Status.PUBLISHED):
        adjustment_items_sync(event=event)
        for index, item in enumerate(AdjustmentItem.objects.filter(event=event).order_by("pk")):
            target = _UPCOMING_STEPS[index % len(_UPCOMING_STEPS)]
            if item.status == target or item.status != AdjustmentStatus.TO_ARRANGE:
                continue
            item.status = target
            item.arranged_at = now - timedelta(days=2)
            # Confirmed in the demo's past: no message is owed now.
            if target == AdjustmentStatus.CONFIRMED:
                item.confirmed_at = item.confirmation_owed_at = now - timedelta(days=1)
            item.save()


def _held_fair(event: Event) -> None:
    people = list(
        Registration.objects.filter(
            event=event, school__isnull=True, tickets__checked_in_at__isnull=False
        )
        .distinct()
        .order_by("pk")
    )
    groups, feedback = [], []
    for index, registration in enumerate(people):
        rng = seeded_rng("feedback", event.title, index)
        if index % 6 == 0 and not registration.adjustments:
            registration.adjustments = _HELD_ADJUSTMENTS[index // 6 % len(_HELD_ADJUSTMENTS)]
            registration.save(update_fields=["adjustments"])
        if index % 3 == 0:
            chosen = rng.sample(_GROUPS, rng.randint(1, 2)) if index % 9 else ["prefer_not_to_say"]
            groups += [
                RegistrationPriorityGroup(
                    registration=registration, group=group, consented_at=registration.created_at
                )
                for group in chosen
            ]
        if index % 5 < 3:
            feedback.append(
                FeedbackRequest(
                    event=event,
                    registration=registration,
                    invited_at=event.ends_at + timedelta(hours=15),
                    answered_at=event.ends_at + timedelta(days=1, hours=rng.randint(0, 48)),
                    usefulness=rng.choice(_USEFULNESS),
                    met_employer=rng.choice(["yes", "yes", "no", "not_sure"]),
                    nothing_in_the_way=index % 4 == 0,
                    adjustments_met=rng.choice(["yes", "yes", "partly", "no"])
                    if registration.adjustments
                    else "",
                    comment=rng.choice(["", "", "Friendly staff.", "More employers please."]),
                )
            )
    RegistrationPriorityGroup.objects.bulk_create(groups, ignore_conflicts=True)
    adjustment_items_sync(event=event)
    for index, item in enumerate(AdjustmentItem.objects.filter(event=event).order_by("pk")):
        if item.status == AdjustmentStatus.TO_ARRANGE and item.arranged_at is None:
            item.arranged_at = event.starts_at - timedelta(days=5)
            # Most were met on the day; one in five was arranged but not met.
            item.status = AdjustmentStatus.ARRANGED if index % 5 == 4 else AdjustmentStatus.MET
            item.met_at = event.starts_at if item.status == AdjustmentStatus.MET else None
            item.save()
    stands = StandApplication.objects.filter(
        event=event, status=StandApplication.Status.APPROVED
    ).order_by("pk")
    for index, stand in enumerate(stands):
        rng = seeded_rng("feedback", event.title, "stand", index)
        feedback.append(
            FeedbackRequest(
                event=event,
                stand_application=stand,
                invited_at=event.ends_at + timedelta(hours=15),
                answered_at=event.ends_at + timedelta(days=2),
                candidate_quality=rng.choice(["very_good", "good", "good", "poor"]),
                come_again=rng.choice(["yes", "yes", "not_sure"]),
            )
        )
    FeedbackRequest.objects.bulk_create(feedback, ignore_conflicts=True)
    answered = FeedbackRequest.objects.filter(
        event=event, registration__isnull=False, nothing_in_the_way=False
    ).order_by("pk")
    barriers = []
    for index, answer in enumerate(answered):
        rng = seeded_rng("feedback", event.title, "themes", index)
        barriers += [
            FeedbackBarrier(feedback=answer, theme=theme)
            for theme in rng.sample(_THEMES, rng.randint(1, 2))
        ]
    FeedbackBarrier.objects.bulk_create(barriers, ignore_conflicts=True)


@transaction.atomic
def seed_demo_feedback() -> dict[str, int]:
    before = sum(model.objects.count() for model in _TABLES)
    _upcoming_checklists()
    held = Event.objects.filter(ends_at__lt=timezone.now(), status=Event.Status.COMPLETED)
    for event in held.order_by("starts_at", "pk"):
        _held_fair(event)
    created = sum(model.objects.count() for model in _TABLES) - before
    return {"created": created, "feedback_answers": FeedbackRequest.objects.count()}
