"""A year's programme: draft events generated once, and the Jobcentre × quarter grid."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from accounts.models import Role
from events.exceptions import NotAllowed, ProgrammeError
from events.models import Event, StandApplication, StandPresence, Ticket
from events.programme_grid import programme_grid
from events.programmes import (
    programme_drafts_delete,
    programme_generate,
    programme_plan,
    programme_untouched_drafts,
)
from events.selectors import financial_year_and_quarter
from events.services import event_update
from tests.factories import (
    EmployerFactory,
    EventFactory,
    JobcentreVenueFactory,
    RegistrationFactory,
    member,
)

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def jobcentres(db):
    return [JobcentreVenueFactory(name=name) for name in ("Hatfield", "Stevenage", "Watford")]


@pytest.fixture
def organiser(jobcentres):
    return member(Role.JOBCENTRE_ORGANISER, jobcentres[0].organisation)


@pytest.fixture
def coordinator(jobcentres):
    """Plans for every Jobcentre in the county (a Jobcentre's organiser plans for their own)."""
    return member(Role.COORDINATOR)


def test_jobs_fairs_are_generated_per_jobcentre_and_quarter_once(jobcentres, coordinator):
    first = programme_generate(financial_year=2026, kind="jobs_fair", by=coordinator)
    second = programme_generate(financial_year=2026, kind="jobs_fair", by=coordinator)

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


def test_a_deleted_slot_is_recreated_but_nothing_else(jobcentres, coordinator):
    programme_generate(financial_year=2026, kind="jobs_fair", by=coordinator)
    Event.objects.filter(venue=jobcentres[2]).order_by("starts_at").last().delete()

    again = programme_generate(financial_year=2026, kind="jobs_fair", by=coordinator)

    assert len(again.created) == 1


def test_forums_are_one_a_year_per_jobcentre_and_sector_events_two_a_year(
    jobcentres, organiser, coordinator
):
    forums = programme_generate(
        financial_year=2026, kind="voice_of_the_customer_forum", by=coordinator
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


def held_with_evidence(event: Event) -> Event:
    """Someone admitted at the door and an employer present: what makes a fair held."""
    registration = RegistrationFactory(event=event)
    Ticket.objects.create(
        registration=registration,
        event=event,
        number=f"T-{registration.pk}",
        holder_label=registration.name,
        checked_in_at=event.starts_at,
    )
    StandApplication.objects.create(
        event=event,
        employer=EmployerFactory(),
        representatives=1,
        status=StandApplication.Status.APPROVED,
        presence=StandPresence.PRESENT,
    )
    return event


def test_the_grid_shows_held_planned_and_missing(jobcentres, coordinator):
    hatfield, stevenage, watford = jobcentres
    programme_generate(financial_year=2026, kind="jobs_fair", by=coordinator)

    def slot(venue, quarter):
        return Event.objects.get(venue=venue, programme_slot=f"venue:{venue.pk}:Q{quarter}")

    Event.objects.filter(pk=slot(hatfield, 1).pk).update(status=Event.Status.COMPLETED)
    held_with_evidence(slot(hatfield, 1))
    Event.objects.filter(pk=slot(stevenage, 1).pk).update(status=Event.Status.PUBLISHED)
    held_with_evidence(slot(stevenage, 1))
    Event.objects.filter(pk=slot(hatfield, 2).pk).update(status=Event.Status.CANCELLED)
    Event.objects.filter(pk=slot(stevenage, 2).pk).update(status=Event.Status.PUBLISHED)
    slot(watford, 4).delete()  # the deliberate gap
    # 00:30 on 1 April (BST, 23:30 UTC the day before) is Q1; 23:00 on 31 March 2027 is still Q4.
    held_with_evidence(
        EventFactory(
            venue=watford,
            starts_at=datetime(2026, 4, 1, 0, 30, tzinfo=LONDON),
            ends_at=datetime(2026, 4, 1, 2, 0, tzinfo=LONDON),
            status=Event.Status.COMPLETED,
        )
    )
    held_with_evidence(
        EventFactory(
            venue=stevenage,
            starts_at=datetime(2027, 3, 31, 23, 0, tzinfo=LONDON),
            ends_at=datetime(2027, 3, 31, 23, 30, tzinfo=LONDON),
            status=Event.Status.COMPLETED,
        )
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
    # The cancelled fair is not offered as a link from its "Missing" cell.
    assert grid.rows[0].cells[1].events == []


def test_a_fair_over_without_evidence_is_missing_and_says_why(jobcentres):
    hatfield = jobcentres[0]
    nobody = EventFactory(
        venue=hatfield,
        starts_at=datetime(2026, 5, 6, 10, tzinfo=LONDON),
        ends_at=datetime(2026, 5, 6, 14, tzinfo=LONDON),
        status=Event.Status.COMPLETED,
    )

    grid = programme_grid(
        financial_year=2026, kind="jobs_fair", now=datetime(2026, 7, 1, tzinfo=LONDON)
    )

    cell = grid.rows[0].cells[0]
    assert cell.state == "missing"
    assert [(item.pk, item.state, item.day) for item in cell.events] == [
        (nobody.pk, "missing", "6 May")
    ]


def test_a_fair_counts_for_the_jobcentre_that_organised_it_wherever_it_was(jobcentres):
    hatfield, stevenage, _watford = jobcentres
    held_with_evidence(
        EventFactory(
            kind="fifty_plus_jobs_fair",
            venue=stevenage,
            organiser=hatfield.organisation,
            starts_at=datetime(2026, 5, 6, 10, tzinfo=LONDON),
            ends_at=datetime(2026, 5, 6, 14, tzinfo=LONDON),
            status=Event.Status.COMPLETED,
        )
    )

    grid = programme_grid(
        financial_year=2026, kind="fifty_plus_jobs_fair", now=datetime(2026, 7, 1, tzinfo=LONDON)
    )

    states = {row.venue.name: row.year_state for row in grid.rows}
    assert states == {"Hatfield": "held", "Stevenage": "missing", "Watford": "missing"}


def test_a_draft_whose_date_passed_is_missing_not_planned(jobcentres, coordinator):
    programme_generate(financial_year=2026, kind="jobs_fair", by=coordinator)

    grid = programme_grid(
        financial_year=2026, kind="jobs_fair", now=datetime(2026, 7, 1, tzinfo=LONDON)
    )

    assert [row.cells[0].state for row in grid.rows] == ["missing"] * 3


def test_the_grid_costs_two_queries(jobcentres, coordinator, django_assert_num_queries):
    programme_generate(financial_year=2026, kind="jobs_fair", by=coordinator)

    with django_assert_num_queries(2):
        programme_grid(financial_year=2026, kind="jobs_fair")


# --- Planning is scoped, previewed and undoable -----------------------------------------------


def test_a_jobcentre_organiser_plans_only_their_own_jobcentre(jobcentres, organiser):
    hatfield = jobcentres[0]
    stevenage_organiser = member(Role.JOBCENTRE_ORGANISER, jobcentres[1].organisation)

    created = programme_generate(financial_year=2026, kind="jobs_fair", by=stevenage_organiser)

    assert len(created.created) == 4
    assert {e.venue.name for e in Event.objects.all()} == {"Stevenage"}
    # Hatfield's organiser then plans Hatfield; Watford stays for its own organisers.
    programme_generate(financial_year=2026, kind="jobs_fair", by=organiser)
    assert set(Event.objects.values_list("venue__name", flat=True)) == {"Stevenage", hatfield.name}


def test_the_plan_lists_what_would_be_created_and_writes_nothing(jobcentres, coordinator):
    stevenage_organiser = member(Role.JOBCENTRE_ORGANISER, jobcentres[1].organisation)
    programme_generate(financial_year=2026, kind="jobs_fair", by=stevenage_organiser)

    planned = programme_plan(financial_year=2026, kind="jobs_fair", by=coordinator)

    assert [(e.venue.name, e.programme_slot[-2:]) for e in planned] == [
        (name, f"Q{q}") for name in ("Hatfield", "Watford") for q in range(1, 5)
    ]
    assert all(e.pk is None for e in planned)
    assert Event.objects.count() == 4
    created = programme_generate(financial_year=2026, kind="jobs_fair", by=coordinator)
    assert [e.programme_slot for e in created.created] == [e.programme_slot for e in planned]


def test_sector_events_for_another_organisation_are_refused(jobcentres, organiser):
    with pytest.raises(NotAllowed):
        programme_plan(
            financial_year=2026,
            kind="sector_skills_event",
            by=organiser,
            organiser=jobcentres[1].organisation,
        )


def test_deleting_untouched_drafts_leaves_every_draft_someone_worked_on(
    jobcentres, organiser, coordinator
):
    hatfield = jobcentres[0]
    programme_generate(financial_year=2026, kind="jobs_fair", by=coordinator)
    q1, q2, q3, q4 = Event.objects.filter(venue=hatfield).order_by("starts_at")
    event_update(event=q1, by=organiser, description="Lifts to every floor.")
    RegistrationFactory(event=q2)
    Event.objects.filter(pk=q3.pk).update(
        status=Event.Status.PUBLISHED, published_at=timezone.now(), sequence=1
    )
    untouched = programme_untouched_drafts(financial_year=2026, kind="jobs_fair", by=organiser)
    assert list(untouched) == [q4]

    deleted = programme_drafts_delete(financial_year=2026, kind="jobs_fair", by=organiser)

    assert deleted == 1
    assert not Event.objects.filter(pk=q4.pk).exists()
    assert set(Event.objects.filter(venue=hatfield)) == {q1, q2, q3}
    # Another Jobcentre's drafts are not this organiser's to delete: they are all still there.
    assert Event.objects.exclude(venue=hatfield).count() == 8
    # A coordinator deletes every untouched draft in the county; the slots can be planned again.
    assert programme_drafts_delete(financial_year=2026, kind="jobs_fair", by=coordinator) == 8
    again = programme_generate(financial_year=2026, kind="jobs_fair", by=coordinator)
    assert len(again.created) == 9


def test_generating_and_deleting_a_programme_are_audited_with_the_events(jobcentres, coordinator):
    from accounts.models import AuditAction, AuditEntry

    made = programme_generate(financial_year=2026, kind="jobs_fair", by=coordinator)
    programme_generate(financial_year=2026, kind="jobs_fair", by=coordinator)  # nothing new
    deleted = programme_drafts_delete(financial_year=2026, kind="jobs_fair", by=coordinator)

    (generated,) = AuditEntry.objects.filter(action=AuditAction.PROGRAMME_GENERATE)
    assert generated.actor == coordinator
    assert sorted(generated.details["events"]) == sorted(e.pk for e in made.created)
    (removed,) = AuditEntry.objects.filter(action=AuditAction.PROGRAMME_DRAFTS_DELETE)
    assert removed.actor == coordinator and len(removed.details["events"]) == deleted == 12


def test_marking_an_event_held_is_audited(jobcentres, organiser):
    from datetime import timedelta

    from accounts.models import AuditAction, AuditEntry
    from events.services import event_complete

    event = EventFactory(
        venue=jobcentres[0],
        starts_at=timezone.now() - timedelta(hours=5),
        ends_at=timezone.now() - timedelta(hours=1),
    )

    event_complete(event=event, by=organiser)

    entry = AuditEntry.objects.get(action=AuditAction.EVENT_COMPLETE)
    assert (entry.actor, entry.target_id, entry.target_label) == (
        organiser,
        str(event.pk),
        event.title,
    )
