"""Opportunities: the vacancies anyone may see before a fair, on the public pages, the CSV and
the API's open feed alike.

An opportunity is a vacancy of an approved stand at a published fair that is not over, whose
closing date has not passed and that its employer has not marked filled or closed. Nothing
about a person goes with it: the employer's name, never its representatives or contacts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from events.models import Event, StandApplication, Vacancy


@dataclass(frozen=True)
class OpportunityFilters:
    type: str | None = None
    sector_id: int | None = None
    district_id: int | None = None
    event_id: int | None = None


def open_opportunities(
    *, filters: OpportunityFilters | None = None, now: datetime | None = None
) -> QuerySet[Vacancy]:
    """The opportunities open now, soonest fair first, then by stand and employer; the sector,
    district, employer and event joined (one query for a page)."""
    now = now or timezone.now()
    filters = filters or OpportunityFilters()
    vacancies = (
        Vacancy.objects.filter(
            filled=False,
            application__status=StandApplication.Status.APPROVED,
            application__event__status=Event.Status.PUBLISHED,
            application__event__ends_at__gt=now,
        )
        .filter(Q(closing_date__isnull=True) | Q(closing_date__gte=timezone.localdate(now)))
        .select_related("sector", "district", "application__employer", "application__event")
    )
    if filters.type:
        vacancies = vacancies.filter(type=filters.type)
    if filters.sector_id:
        vacancies = vacancies.filter(sector_id=filters.sector_id)
    if filters.district_id:
        vacancies = vacancies.filter(district_id=filters.district_id)
    if filters.event_id:
        vacancies = vacancies.filter(application__event_id=filters.event_id)
    return vacancies.order_by(
        "application__event__starts_at",
        "application__event_id",
        "application__stand_number",
        "application__employer__name",
        "pk",
    )


def fairs_with_opportunities(*, now: datetime | None = None) -> QuerySet[Event]:
    """The fairs that have at least one open opportunity, soonest first (the page's filter)."""
    events = open_opportunities(now=now).values("application__event_id")
    return Event.objects.filter(pk__in=events).order_by("starts_at", "pk")
