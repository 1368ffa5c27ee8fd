"""Residents aged 19+ with complex barriers: distinct people per period, not people × employer.

The encounter rollups may provide this count (``engagement.rollups``); until they do, it is
counted here by the same definition, so the measure never waits for them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from accounts.models import District, Organisation, OrganisationKind
from core.periods import Period
from engagement import rollups
from events.models import AgeBand, AttendeeCategory, Event, EventKind, Ticket, Venue

# A blank age band, "under 19" and "prefer not to say" are not 19+.
NINETEEN_PLUS = (
    AgeBand.FROM_19_TO_24,
    AgeBand.FROM_25_TO_49,
    AgeBand.FROM_50_TO_64,
    AgeBand.FROM_65,
)


def admitted_with_complex_barriers(period: Period, scope: Any) -> Any:
    """Tickets admitted at the county's events starting in ``period`` whose holder said they
    are 19+ and face complex barriers (a later cancellation does not undo an admission)."""
    tickets = Ticket.objects.filter(
        checked_in_at__isnull=False,
        event__starts_at__gte=period.starts_at,
        event__starts_at__lt=period.ends_at,
        registration__complex_barriers=True,
        registration__age_band__in=NINETEEN_PLUS,
        event__status__in=(Event.Status.PUBLISHED, Event.Status.COMPLETED),
    ).exclude(event__kind=EventKind.SCHOOL_ENCOUNTER)
    tickets = tickets.exclude(registration__category=AttendeeCategory.PUPIL)
    if isinstance(scope, District):
        tickets = tickets.filter(event__venue__district=scope)
    elif isinstance(scope, Organisation):
        tickets = tickets.filter(
            Q(event__organiser=scope)
            | (
                Q(event__venue__organisation=scope, event__venue__kind=Venue.Kind.JOBCENTRE)
                & ~Q(event__organiser__kind=OrganisationKind.JOBCENTRE)
            )
        )
    return tickets


def _counted_here(period: Period, scope: Any) -> int:
    tickets = admitted_with_complex_barriers(period, scope)
    keyed = tickets.exclude(registration__person_key="").aggregate(
        n=Count("registration__person_key", distinct=True)
    )["n"]
    # Without an e-mail address or phone number a person counts once per ticket.
    unkeyed = tickets.filter(registration__person_key="").count()
    return int(keyed) + unkeyed


def residents_with_complex_barriers(period: Period, scope: Any) -> int:
    """Distinct people admitted in ``period`` who stated an age band of 19+ and said they face
    complex barriers, at any of the county's events (or the scope's)."""
    provided = getattr(rollups, "residents_with_complex_barriers", None)
    if provided is not None:
        return int(provided(period, scope))
    return _counted_here(period, scope)
