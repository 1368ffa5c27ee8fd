""" "Held" measures count evidence, for the Jobcentre that organised the event; on track weighs
held + booked. Each figure is recounted from the raw rows by the written definition."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from accounts.models import OrganisationKind, Role
from core.periods import PeriodKind, financial_quarter, financial_year, period_containing
from engagement.measures import Rag, measure_figure
from engagement.models import Measure
from engagement.snapshots import measures_freeze, snapshot_compare
from events.models import (
    Event,
    EventKind,
    ForumBarrier,
    ForumRecord,
    StandApplication,
    StandPresence,
    Ticket,
    Venue,
)
from events.services import stand_approve
from tests.factories import (
    EmployerFactory,
    EventFactory,
    JobcentreVenueFactory,
    OrganisationFactory,
    RegistrationFactory,
    VenueFactory,
    member,
)

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
Q1 = financial_quarter(2025, 1)
FY = financial_year(2025)
EMPLOYER_KINDS = {"jobs_fair", "fifty_plus_jobs_fair", "sector_skills_event"}


def measure(code: str) -> Measure:
    return Measure.objects.get(code=code)


def event(kind=EventKind.JOBS_FAIR, *, on=date(2025, 5, 14), admitted=0, present=0, **fields):
    starts = datetime(on.year, on.month, on.day, 10, tzinfo=LONDON)
    fields.setdefault("status", Event.Status.COMPLETED)
    made = EventFactory(kind=kind, starts_at=starts, ends_at=starts + timedelta(hours=4), **fields)
    for n in range(admitted):
        registration = RegistrationFactory(event=made)
        Ticket.objects.create(
            registration=registration,
            event=made,
            number=f"T{made.pk}-{n}",
            holder_label="x",
            checked_in_at=starts + timedelta(minutes=5),
        )
    for _n in range(present):
        stand(made, StandPresence.PRESENT)
    return made


def stand(made: Event, presence: str, status: str = "approved") -> StandApplication:
    return StandApplication.objects.create(
        event=made, employer=EmployerFactory(), representatives=1, status=status, presence=presence
    )


def recount_held(kind: str, period) -> set[int]:
    """Held, read from the raw rows: over, someone admitted, an approved present stand where
    the kind needs one."""
    now = timezone.now()
    held = set()
    for candidate in Event.objects.filter(kind=kind):
        over = candidate.status == "completed" or (
            candidate.status == "published" and candidate.ends_at <= now
        )
        in_period = period.starts_at <= candidate.starts_at < period.ends_at
        admitted = any(t.checked_in_at for t in Ticket.objects.filter(event=candidate))
        present = any(
            s.status == "approved" and s.presence == "present"
            for s in StandApplication.objects.filter(event=candidate)
        )
        if over and in_period and admitted and (present or kind not in EMPLOYER_KINDS):
            held.add(candidate.pk)
    return held


def test_a_fair_counts_as_held_only_with_someone_admitted_and_an_employer_present():
    first, second, third, fourth = (JobcentreVenueFactory() for _ in range(4))
    event(venue=first, admitted=2, present=1)  # held
    event(venue=second, admitted=0, present=2)  # nobody admitted: not held
    no_show = event(venue=third, admitted=3)  # employers did not come
    stand(no_show, StandPresence.NO_SHOW)
    stand(no_show, StandPresence.EXPECTED)
    declined = event(venue=fourth, admitted=1)
    stand(declined, StandPresence.PRESENT, status="declined")  # not an approved stand

    figure = measure_figure(measure("jobs-fair-every-jobcentre-quarterly"), period=Q1)

    assert figure.actual == Decimal(25)
    assert figure.result.held == len(recount_held(EventKind.JOBS_FAIR, Q1)) == 1
    assert [row.value for row in figure.result.breakdown].count("Held") == 1


def recount_forums_held(period) -> set[int]:
    """Forums held, read from the raw rows: over and not cancelled, people took part (a
    participant in the record or someone admitted), a barrier or "no barriers" recorded."""
    now = timezone.now()
    held = set()
    for candidate in Event.objects.filter(kind=EventKind.VOICE_OF_THE_CUSTOMER_FORUM):
        over = candidate.status == "completed" or (
            candidate.status == "published" and candidate.ends_at <= now
        )
        in_period = period.starts_at <= candidate.starts_at < period.ends_at
        admitted = any(t.checked_in_at for t in Ticket.objects.filter(event=candidate))
        record = ForumRecord.objects.filter(event=candidate).first()
        took_part = admitted or (record is not None and record.participants > 0)
        barriers = record is not None and (
            record.no_barriers_raised or ForumBarrier.objects.filter(record=record).exists()
        )
        if over and in_period and took_part and barriers:
            held.add(candidate.pk)
    return held


def test_a_forum_counts_only_when_it_took_place_people_took_part_and_its_record_exists():
    venues = [JobcentreVenueFactory() for _ in range(6)]
    forum = EventKind.VOICE_OF_THE_CUSTOMER_FORUM
    counted = event(forum, venue=venues[0], admitted=1)  # no employer needed
    ForumBarrier.objects.create(
        record=ForumRecord.objects.create(event=counted), theme="transport", description="Bus"
    )
    counted_by_record = event(forum, venue=venues[1])  # nobody scanned, 8 counted in the room
    ForumRecord.objects.create(event=counted_by_record, participants=8, no_barriers_raised=True)
    event(forum, venue=venues[2], admitted=3)  # took place, nothing recorded
    nobody = event(forum, venue=venues[3])  # a record of barriers but nobody took part
    ForumRecord.objects.create(event=nobody, no_barriers_raised=True)
    cancelled = event(forum, venue=venues[4], admitted=2, status=Event.Status.CANCELLED)
    ForumRecord.objects.create(event=cancelled, participants=5, no_barriers_raised=True)
    empty = event(forum, venue=venues[5], admitted=1)  # a record with no barrier and no "none"
    ForumRecord.objects.create(event=empty, participants=4)

    figure = measure_figure(measure("voice-of-the-customer-every-jobcentre"), period=FY)

    recounted = recount_forums_held(FY)
    assert recounted == {counted.pk, counted_by_record.pk}
    assert figure.result.held == len(recounted) == 2
    assert figure.actual == Decimal("33.33")
    states = [row.value for row in figure.result.breakdown]
    assert states.count("Held") == 2
    assert states.count("Took place; record incomplete") == 3  # no record, nobody, empty
    assert states.count("Not yet") == 1  # the cancelled one
    definition = measure("voice-of-the-customer-every-jobcentre").how_computed
    assert "record of barriers" in definition and "not required" not in definition


def test_a_fifty_plus_fair_counts_for_the_jobcentre_that_organised_it_wherever_it_was_held():
    stevenage = OrganisationFactory(name="Stevenage Jobcentre", kind=OrganisationKind.JOBCENTRE)
    JobcentreVenueFactory(organisation=stevenage)  # its own office
    hatfield_office = JobcentreVenueFactory()
    hall = VenueFactory(kind=Venue.Kind.COMMUNITY, name="Bedwell Community Hall")
    event(EventKind.FIFTY_PLUS_JOBS_FAIR, venue=hall, organiser=stevenage, admitted=1, present=1)
    fairs = measure("fifty-plus-jobs-fairs")

    assert measure_figure(fairs, period=FY, scope=stevenage).actual == 1
    assert measure_figure(fairs, period=FY, scope=hatfield_office.organisation).actual == 0
    assert measure_figure(fairs, period=FY).actual == 1


def test_a_jobs_fair_run_by_one_jobcentre_at_anothers_office_counts_for_the_organiser():
    organiser, host = JobcentreVenueFactory(), JobcentreVenueFactory()
    event(venue=host, organiser=organiser.organisation, admitted=1, present=1)
    jobs_fairs = measure("jobs-fair-every-jobcentre-quarterly")

    assert measure_figure(jobs_fairs, period=Q1, scope=organiser.organisation).actual == 100
    assert measure_figure(jobs_fairs, period=Q1, scope=host.organisation).actual == 0


def _this_quarter():
    return period_containing(PeriodKind.FINANCIAL_QUARTER, timezone.localdate())


def test_on_track_compares_the_target_with_held_plus_booked_and_shows_all_three():
    quarter = _this_quarter()
    venues = [JobcentreVenueFactory() for _ in range(4)]
    past = quarter.start if quarter.start < timezone.localdate() else None
    if past is None:  # the first day of a quarter: nothing can have been held in it yet
        pytest.skip("needs a day of the quarter gone by")
    for venue in venues[:2]:
        event(venue=venue, on=past, admitted=1, present=1)
    for venue in venues[2:]:
        EventFactory(venue=venue, starts_at=quarter.ends_at - timedelta(days=1, hours=-10))
    jobs_fairs = measure("jobs-fair-every-jobcentre-quarterly")

    figure = measure_figure(jobs_fairs, period=quarter)

    assert figure.actual == 50  # held so far
    assert (figure.result.held, figure.result.booked) == (2, 2)
    assert figure.rag == Rag.GREEN  # on track: 2 held + 2 booked of 4
    assert figure.on_track_display == "held 2, booked 2, target 4"


def test_on_track_is_amber_when_what_is_booked_falls_short():
    quarter = _this_quarter()
    if quarter.start >= timezone.localdate():
        pytest.skip("needs a day of the quarter gone by")
    venues = [JobcentreVenueFactory() for _ in range(4)]
    event(venue=venues[0], on=quarter.start, admitted=1, present=1)
    EventFactory(venue=venues[1], starts_at=quarter.ends_at - timedelta(hours=14))
    EventFactory(venue=venues[2], starts_at=quarter.ends_at - timedelta(hours=14))

    figure = measure_figure(measure("jobs-fair-every-jobcentre-quarterly"), period=quarter)

    assert figure.rag == Rag.AMBER  # 3 of 4 = 75%, amber from 75%
    assert figure.on_track_display == "held 1, booked 2, target 4"


def test_a_count_measure_shows_held_and_booked_against_its_target():
    quarter = _this_quarter()
    year = financial_year(
        quarter.start.year if quarter.start.month >= 4 else quarter.start.year - 1
    )
    EventFactory(
        kind=EventKind.SECTOR_SKILLS_EVENT,
        starts_at=year.ends_at - timedelta(days=2, hours=-10),
    )

    figure = measure_figure(measure("sector-skills-events"), period=year)

    assert figure.on_track_display.startswith("held 0, booked 1, target 2")
    assert figure.rag == Rag.AMBER  # 1 of 2, amber from half


def test_a_change_to_a_closed_quarters_fair_is_shown_as_a_restatement():
    first, second = JobcentreVenueFactory(), JobcentreVenueFactory()
    event(venue=first, admitted=1, present=1)
    late = event(venue=second, admitted=1)  # its employer's stand not yet approved
    pending = stand(late, StandPresence.PRESENT, status="pending")
    lead = member(Role.LEAD)
    measures_freeze(by=lead, taken_on=Q1.last_day)  # 30 June closes the quarter

    frozen = {r.snapshot.measure.code: r for r in snapshot_compare(taken_on=Q1.last_day)}
    organiser = member(Role.JOBCENTRE_ORGANISER, organisation=second.organisation)
    stand_approve(application=pending, by=organiser)
    later = {r.snapshot.measure.code: r for r in snapshot_compare(taken_on=Q1.last_day)}

    code = "jobs-fair-every-jobcentre-quarterly"
    assert not frozen[code].restated and frozen[code].status_display == "As reported on 30 Jun 2025"
    row = later[code]
    assert row.restated
    assert (row.then_display, row.now.actual_display) == ("50%", "100%")
    assert [entry.action for entry in row.changes] == ["stand.approve"]
    assert row.status_display.startswith("Restated on ")
