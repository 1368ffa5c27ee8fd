"""Attendees' personal data: erased on request and purged after the retention period. What the
measures count (categories, adjustments, admissions, anonymous equality answers) stays."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from events.models import (
    FeedbackRequest,
    Registration,
    RegistrationPriorityGroup,
    StandApplication,
    StandInteraction,
    Ticket,
    VisitOutcome,
)


def registrations_personal_data_erase(*, registration_ids: Sequence[int], now: datetime) -> int:
    """Blank what identifies the people behind these registrations: names (tickets' holder labels
    too, pupils' names among them), e-mail, phone, the free-text adjustments detail and employers'
    notes and ratings about them at their stands. Rows, categories, year groups, adjustments asked
    for, admissions, stand visits, what they led to and the anonymous equality answers stay, so
    every count the measures make is unchanged; the priority-group answers (given with consent)
    and feedback comments go. The retention purge and an erasure on request both use it."""
    ids = list(registration_ids)
    Ticket.objects.filter(registration_id__in=ids).update(holder_label="", changed_at=now)
    # Priority groups were given with consent for this person's record: they go with it, and
    # so does the free text of their feedback (its scale answers stay, anonymous).
    RegistrationPriorityGroup.objects.filter(registration_id__in=ids).delete()
    FeedbackRequest.objects.filter(registration_id__in=ids).exclude(comment="").update(comment="")
    StandInteraction.objects.filter(ticket__registration_id__in=ids).exclude(note="").update(
        note=""
    )
    # What a visit led to stays counted; the employer's words and rating about the person go.
    VisitOutcome.objects.filter(interaction__ticket__registration_id__in=ids).update(
        note="", rating=None
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
