"""What each role's home page offers as the next thing to do: an organiser's next events and the
decisions waiting, an employer's applications, a Careers Leader's bookings and Benchmark 5 gaps,
an Enterprise Adviser's schools, a coordinator's schools without an adviser, a lead's measures
off track. A few queries per role, each bounded."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from accounts.models import Role, User
from accounts.permissions import visible
from core.periods import academic_year_of
from engagement.coverage import Coverage, benchmark5_coverage
from engagement.measures import Rag, measure_figures
from engagement.models import Match, MatchProposal
from events.models import AdjustmentStatus, Event, Registration, StandApplication
from events.permissions import ORGANISER_ROLES
from events.selectors import events_open_for_stands, stand_applications_of_employer_contact
from schools.models import School

# How many of each list a home page shows; the pages they link to show the rest.
SHOWN = 5


@dataclass
class NextSteps:
    events: list[Any] = field(default_factory=list)
    stands_pending: int = 0
    adjustments: int = 0  # people with adjustments still to arrange
    applications: list[StandApplication] = field(default_factory=list)
    open_fairs: int = 0
    bookings: list[Registration] = field(default_factory=list)
    gaps: list[tuple[School, Coverage]] = field(default_factory=list)
    matches: list[Match] = field(default_factory=list)
    schools_without_adviser: int = 0
    proposals_waiting: int = 0
    off_track: list[Any] = field(default_factory=list)


def _organised_upcoming(user: User) -> QuerySet[Event]:
    now = timezone.now()
    events = Event.objects.filter(
        ends_at__gte=now, status__in=[Event.Status.DRAFT, Event.Status.PUBLISHED]
    )
    if not user.has_role(Role.ADMIN):
        events = events.filter(organiser_id__in=user.organisation_ids(*ORGANISER_ROLES))
    return events


def _for_organiser(user: User, steps: NextSteps) -> None:
    live = Q(registrations__status=Registration.Status.CONFIRMED)
    events = _organised_upcoming(user)
    steps.events = list(
        events.select_related("venue")
        .annotate(
            places_taken=Sum("registrations__group_size", filter=live),
            waiting=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.WAITLISTED)
            ),
        )
        .order_by("starts_at", "pk")[:SHOWN]
    )
    steps.stands_pending = StandApplication.objects.filter(
        event__in=events, status=StandApplication.Status.PENDING
    ).count()
    # People whose checklist still has something to arrange: arranging it takes them off.
    steps.adjustments = (
        Registration.objects.filter(event__in=events, status=Registration.Status.CONFIRMED)
        .filter(adjustment_items__status=AdjustmentStatus.TO_ARRANGE)
        .distinct()
        .count()
    )


def _for_employer(user: User, steps: NextSteps) -> None:
    now = timezone.now()
    steps.applications = list(
        stand_applications_of_employer_contact(viewer=user)
        .filter(event__ends_at__gte=now)
        .exclude(status=StandApplication.Status.WITHDRAWN)
        .order_by("event__starts_at", "pk")[:SHOWN]
    )
    steps.open_fairs = events_open_for_stands().count()


def _for_careers_leader(user: User, steps: NextSteps) -> None:
    schools = School.objects.filter(organisation_id__in=user.organisation_ids(Role.CAREERS_LEADER))
    steps.bookings = list(
        Registration.objects.filter(
            school__in=schools,
            event__ends_at__gte=timezone.now(),
            status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED],
        )
        .select_related("event", "school")
        .order_by("event__starts_at", "pk")[:SHOWN]
    )
    year = academic_year_of(timezone.localdate())
    named = {school.pk: school for school in schools}
    gaps = [
        row
        for row in benchmark5_coverage(period=year, schools=schools)
        if row.on_roll and row.covered < row.on_roll
    ]
    gaps.sort(key=lambda row: (row.share, row.year_group))
    steps.gaps = [(named[row.school_id], row) for row in gaps[:SHOWN] if row.school_id in named]


def _for_adviser(user: User, steps: NextSteps) -> None:
    steps.matches = list(
        Match.objects.filter(adviser__user=user, ended_on__isnull=True)
        .select_related("school__hub")
        .order_by("started_on", "pk")
    )


def _for_coordinator(user: User, steps: NextSteps) -> None:
    schools = visible(user, School.objects.all())
    matched = Match.objects.filter(ended_on__isnull=True).values("school_id")
    steps.schools_without_adviser = schools.exclude(pk__in=matched).count()
    steps.proposals_waiting = MatchProposal.objects.filter(
        school__in=schools, status=MatchProposal.Status.PROPOSED
    ).count()


def _for_lead(steps: NextSteps) -> None:
    steps.off_track = [
        figure for figure in measure_figures() if figure.rag in (Rag.RED, Rag.AMBER)
    ][: SHOWN * 2]


def next_steps(*, user: User, role: str | None) -> NextSteps:
    """The next things to do for ``user`` in ``role`` (their home page's role)."""
    steps = NextSteps()
    if role in (Role.JOBCENTRE_ORGANISER, Role.COORDINATOR, Role.ADMIN):
        _for_organiser(user, steps)
    if role == Role.EMPLOYER_CONTACT:
        _for_employer(user, steps)
    if role == Role.CAREERS_LEADER:
        _for_careers_leader(user, steps)
    if role == Role.ENTERPRISE_ADVISER:
        _for_adviser(user, steps)
    if role in (Role.COORDINATOR, Role.ADMIN):
        _for_coordinator(user, steps)
    if role == Role.LEAD:
        _for_lead(steps)
    return steps
