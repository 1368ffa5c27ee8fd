"""The county and Jobcentre dashboards read a fixed number of queries, whatever the size of the
county: more schools, encounters, events, people and Jobcentres change the figures, never the
number of statements that count them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role
from engagement.models import Encounter
from events.models import Event, EventKind
from tests.factories import (
    EmployerFactory,
    EventFactory,
    HubFactory,
    JobcentreVenueFactory,
    SchoolFactory,
    YearGroupRollFactory,
    member,
)

pytestmark = pytest.mark.django_db

# The county dashboard shows 30-odd measures, the hubs' and districts' tables, the Jobcentre
# grids, outcomes, the monthly chart, forums and the reach and feedback panel: each family of
# figures is read in a fixed number of grouped statements (see engagement.rollups.summaries).
COUNTY_CEILING = 40
JOBCENTRE_CEILING = 15


def _grow(size: int, start: int) -> None:
    """``size`` more schools with encounters, Jobcentres with a past and a coming jobs fair."""
    hub, employer = HubFactory(), EmployerFactory()
    yesterday = timezone.localdate() - timedelta(days=1)
    for n in range(start, start + size):
        school = SchoolFactory(hub=hub)
        YearGroupRollFactory(school=school, year_group=9, pupils=90)
        Encounter.objects.create(
            kind="employer_talk",
            source="recorded",
            source_key=f"dashboard-queries:{n}",
            occurred_on=yesterday,
            audience="pupils",
            people=20 + n,
            school=school,
            hub=hub,
            district=school.district,
            year_group=9,
            employer=employer,
            meaningful=n % 2 == 0,
        )
        venue = JobcentreVenueFactory()
        EventFactory(venue=venue)
        past = timezone.now() - timedelta(days=20 + n)
        EventFactory(
            venue=venue,
            starts_at=past,
            ends_at=past + timedelta(hours=3),
            status=Event.Status.COMPLETED,
        )
        EventFactory(venue=venue, kind=EventKind.FIFTY_PLUS_JOBS_FAIR)


def _count(client, url: str) -> int:
    client.get(url)  # the first read after writes brings the tallies up to date
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_county_dashboard_queries_are_few_and_do_not_grow_with_the_county(client):
    _grow(2, 0)
    client.force_login(member(Role.LEAD))

    few = _count(client, "/dashboard/county/")
    _grow(6, 100)
    many = _count(client, "/dashboard/county/")

    assert few <= COUNTY_CEILING
    assert many == few


def test_jobcentre_dashboard_queries_are_few_and_do_not_grow_with_the_county(client):
    _grow(2, 0)
    venue = JobcentreVenueFactory()
    EventFactory(venue=venue)
    client.force_login(member(Role.JOBCENTRE_ORGANISER, venue.organisation))
    url = f"/dashboard/jobcentres/{venue.organisation.pk}/"

    few = _count(client, url)
    _grow(6, 100)
    for _n in range(4):
        EventFactory(venue=venue)
    many = _count(client, url)

    assert few <= JOBCENTRE_CEILING
    assert many == few
