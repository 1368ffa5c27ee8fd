"""A year's programme: draft events generated once, and the Jobcentre × quarter grid."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from accounts.models import Role
from events.exceptions import NotAllowed, ProgrammeError
from events.models import Event
from events.programmes import programme_generate
from events.selectors import financial_year_and_quarter, programme_grid
from tests.factories import EventFactory, JobcentreVenueFactory, member

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def jobcentres(db):
    return [JobcentreVenueFactory(name=name) for name in ("Hatfield", "Stevenage", "Watford")]


@pytest.fixture
def organiser(jobcentres):
    return member(Role.JOBCENTRE_ORGANISER, jobcentres[0].organisation)


def test_jobs_fairs_are_generated_per_jobcentre_and_quarter_once(jobcentres, organiser):
    first = programme_generate(financial_year=2026, kind="jobs_fair", by=organiser)
    second = programme_generate(financial_year=2026, kind="jobs_fair", by=organiser)

    assert len(first.created) == 12
    assert second.created == []
    assert Event.objects.count() == 12
    assert set(Event.objects.values_list("status", flat=True)) == {Event.Status.DRAFT}
    starts = sorted(
        e.starts_at.astimezone(LONDON).date() for e in Event.objects.filter(venue=jobcentres[0])
    )
    # Q1 = April–June: the middle month of each quarter, May, Aug, Nov, Feb.
    assert [d.month for d in starts] == [5, 8, 11, 2]
    assert starts[0] == date(2026, 5, 13)  # second Wednesday
    assert Event.objects.filter(venue=jobcentres[1]).first().organiser == jobcentres[1].organisation


def test_a_deleted_slot_is_recreated_but_nothing_else(jobcentres, organiser):
    programme_generate(financial_year=2026, kind="jobs_fair", by=organiser)
    Event.objects.filter(venue=jobcentres[2]).order_by("starts_at").last().delete()

    again = programme_generate(financial_year=2026, kind="jobs_fair", by=organiser)

    assert len(again.created) == 1


def test_forums_are_one_a_year_per_jobcentre_and_sector_events_two_a_year(jobcentres, organiser):
    forums = programme_generate(
        financial_year=2026, kind="voice_of_the_customer_forum", by=organiser
    )
    sector = programme_generate(financial_year=2026, kind="sector_skills_event", by=organiser)

    assert len(forums.created) == 3
    assert len(sector.created) == 2
    assert {e.organiser_id for e in sector.created} == {jobcentres[0].organisation_id}


def test_only_organisers_generate_and_only_known_programmes(jobcentres, organiser):
    with pytest.raises(NotAllowed):
        programme_generate(financial_year=2026, kind="jobs_fair", by=member(Role.EMPLOYER_CONTACT))
    with pytest.raises(ProgrammeError) as refused:
        programme_generate(financial_year=2026, kind="employer_workshop", by=organiser)
    assert refused.value.code == "programme_kind_unsupported"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 4, 1), (2026, 1)),
        (date(2026, 6, 30), (2026, 1)),
        (date(2026, 7, 1), (2026, 2)),
        (date(2026, 12, 31), (2026, 3)),
        (date(2027, 1, 1), (2026, 4)),
        (date(2027, 3, 31), (2026, 4)),
    ],
)
def test_financial_quarters_start_in_april(day, expected):
    assert financial_year_and_quarter(day) == expected


def test_the_grid_shows_held_planned_and_missing(jobcentres, organiser):
    hatfield, stevenage, watford = jobcentres
    programme_generate(financial_year=2026, kind="jobs_fair", by=organiser)

    def slot(venue, quarter):
        return Event.objects.get(venue=venue, programme_slot=f"venue:{venue.pk}:Q{quarter}")

    Event.objects.filter(pk=slot(hatfield, 1).pk).update(status=Event.Status.COMPLETED)
    Event.objects.filter(pk=slot(stevenage, 1).pk).update(status=Event.Status.PUBLISHED)
    Event.objects.filter(pk=slot(hatfield, 2).pk).update(status=Event.Status.CANCELLED)
    Event.objects.filter(pk=slot(stevenage, 2).pk).update(status=Event.Status.PUBLISHED)
    slot(watford, 4).delete()  # the deliberate gap
    # 00:30 on 1 April (BST, 23:30 UTC the day before) is Q1; 23:00 on 31 March 2027 is still Q4.
    EventFactory(
        venue=watford,
        starts_at=datetime(2026, 4, 1, 0, 30, tzinfo=LONDON),
        ends_at=datetime(2026, 4, 1, 2, 0, tzinfo=LONDON),
        status=Event.Status.COMPLETED,
    )
    EventFactory(
        venue=stevenage,
        starts_at=datetime(2027, 3, 31, 23, 0, tzinfo=LONDON),
        ends_at=datetime(2027, 3, 31, 23, 30, tzinfo=LONDON),
        status=Event.Status.COMPLETED,
    )

    grid = programme_grid(
        financial_year=2026, kind="jobs_fair", now=datetime(2026, 7, 1, 12, tzinfo=LONDON)
    )

    states = {row.venue.name: [cell.state for cell in row.cells] for row in grid.rows}
    assert states == {
        "Hatfield": ["held", "missing", "planned", "planned"],
        "Stevenage": ["held", "planned", "planned", "held"],
        "Watford": ["held", "planned", "planned", "missing"],
    }
    assert (watford, 4) in grid.missing_cells
    assert (hatfield, 2) in grid.missing_cells


def test_a_draft_whose_date_passed_is_missing_not_planned(jobcentres, organiser):
    programme_generate(financial_year=2026, kind="jobs_fair", by=organiser)

    grid = programme_grid(
        financial_year=2026, kind="jobs_fair", now=datetime(2026, 7, 1, tzinfo=LONDON)
    )

    assert [row.cells[0].state for row in grid.rows] == ["missing"] * 3


def test_the_grid_costs_two_queries(jobcentres, organiser, django_assert_num_queries):
    programme_generate(financial_year=2026, kind="jobs_fair", by=organiser)

    with django_assert_num_queries(2):
        programme_grid(financial_year=2026, kind="jobs_fair")
