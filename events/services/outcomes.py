"""On the day: what a stand visit led to, recorded by the employer's representative with the
visitor's agreement, and the stand's count of the people it did not scan.

A person's outcome is theirs: nothing about them is kept unless they agreed (the representative
ticks "the visitor agreed"), and only the employer concerned and the fair's organisers see it.
Everybody else (leads, dashboards) sees counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from core.exceptions import DomainError, NotAllowed
from events.models import StandApplication, StandDayCount, StandInteraction, VisitOutcome
from events.permissions import acts_for_employer, is_event_organiser


class OutcomeError(DomainError):
    code = "invalid_outcome"


@dataclass(frozen=True)
class OutcomeInput:
    visitor_agreed: bool
    interview_offered: bool = False
    application_started: bool = False
    note: str = ""
    rating: int | None = None


def may_see_visits(user: Any, application: StandApplication) -> bool:
    """The employer's own contacts and the fair's organisers (and admins): nobody else sees who
    visited a stand or what it led to."""
    return acts_for_employer(user, application.employer) or is_event_organiser(
        user, application.event
    )


def visit_outcome_record(
    *, interaction: StandInteraction, by: Any, outcome: OutcomeInput
) -> VisitOutcome | None:
    """Keep what a visit led to. Without the visitor's agreement nothing about them is kept (an
    outcome recorded before is removed); a rating is 1 to 5. Returns the outcome, or None when
    it was removed."""
    application = interaction.application
    if not may_see_visits(by, application):
        raise NotAllowed(_("Only the employer and the fair's organisers record outcomes."))
    note = outcome.note.strip()
    if len(note) > 500:
        raise OutcomeError(_("Keep the note under 500 characters."), code="note_too_long")
    if outcome.rating is not None and not 1 <= outcome.rating <= 5:
        raise OutcomeError(_("A rating is from 1 to 5."), code="invalid_rating", field="rating")
    anything = outcome.interview_offered or outcome.application_started or note or outcome.rating
    if anything and not outcome.visitor_agreed:
        raise OutcomeError(
            _(
                "Ask the visitor first: an outcome is recorded only when they agree. If they "
                "do not, add them to the stand's count of people not scanned instead."
            ),
            code="agreement_needed",
            field="visitor_agreed",
        )
    with transaction.atomic():
        if not outcome.visitor_agreed:
            VisitOutcome.objects.filter(interaction=interaction).delete()
            return None
        found, _created = VisitOutcome.objects.update_or_create(
            interaction=interaction,
            defaults={
                "visitor_agreed": True,
                "interview_offered": outcome.interview_offered,
                "application_started": outcome.application_started,
                "note": note,
                "rating": outcome.rating,
                "recorded_by": by,
            },
        )
    return found


def stand_day_count_record(
    *,
    application: StandApplication,
    by: Any,
    unscanned_visitors: int,
    unscanned_interviews_offered: int,
) -> StandDayCount:
    """The stand's own count of people it did not scan, and of interviews offered to them."""
    if not may_see_visits(by, application):
        raise NotAllowed(_("Only the employer and the fair's organisers record this count."))
    if unscanned_visitors < 0 or unscanned_interviews_offered < 0:
        raise OutcomeError(_("Numbers cannot be negative."), code="negative")
    if unscanned_interviews_offered > unscanned_visitors:
        raise OutcomeError(
            _("Interviews offered to people not scanned cannot be more than those people."),
            code="interviews_over_visitors",
            field="unscanned_interviews_offered",
        )
    if application.status != StandApplication.Status.APPROVED:
        raise OutcomeError(_("This stand is not approved."), code="stand_not_approved")
    with transaction.atomic():
        count, _created = StandDayCount.objects.update_or_create(
            application=application,
            defaults={
                "unscanned_visitors": unscanned_visitors,
                "unscanned_interviews_offered": unscanned_interviews_offered,
                "recorded_by": by,
            },
        )
    return count


def stand_visits(*, user: Any, application: StandApplication) -> QuerySet[StandInteraction]:
    """A stand's visits (every representative's scans, from any phone), for the employer and
    the fair's organisers only; each with its ticket, registration and outcome."""
    if not may_see_visits(user, application):
        return StandInteraction.objects.none()
    return (
        StandInteraction.objects.filter(application=application)
        .select_related("ticket__registration", "scanned_by", "outcome")
        .order_by("created_at", "pk")
    )


def outcome_shown(user: Any, interaction: StandInteraction) -> VisitOutcome | None:
    """A visit's outcome as ``user`` may see it: only the employer and the organisers, and only
    what the visitor agreed to."""
    outcome = getattr(interaction, "outcome", None)
    if outcome is None or not outcome.visitor_agreed:
        return None
    if not may_see_visits(user, interaction.application):
        return None
    return outcome
