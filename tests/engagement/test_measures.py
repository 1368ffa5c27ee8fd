"""Each seeded measure against hand-built data; red/amber/green; who may change a target."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from accounts.models import OrganisationKind, Role
from core.exceptions import NotAllowed
from core.periods import (
    PeriodKind,
    academic_year,
    financial_quarter,
    financial_year,
    period_containing,
)
from employers.models import SizeBand
from engagement.measures import (
    MEASURE_SEEDS,
    RULES,
    MeasureError,
    Rag,
    format_figure,
    measure_figure,
    measure_period,
    measure_target_update,
    measures_seed,
    rag_for,
)
from engagement.models import Encounter, Measure, SbwaPlacement
from events.models import (
    Event,
    EventKind,
    ForumRecord,
    StandApplication,
    StandPresence,
    Ticket,
)
from tests.factories import (
    EmployerFactory,
    EventFactory,
    JobcentreVenueFactory,
    OrganisationFactory,
    RegistrationFactory,
    SchoolFactory,
    SectorFactory,
    YearGroupRollFactory,
    member,
)

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
Q1 = financial_quarter(2025, 1)  # April to June 2025, long past
FY = financial_year(2025)
AY = academic_year(2025)
MEANINGFUL = dict(purpose_shared=True, learning_outcomes=True, two_way=True, reflection=True)


def measure(code: str) -> Measure:
    return Measure.objects.get(code=code)


def held(
    kind: str = EventKind.JOBS_FAIR,
    *,
    on: date = date(2025, 5, 14),
    admitted: int = 1,
    employers_present: int = 1,
    **fields,
) -> Event:
    """An event with its evidence: ``admitted`` people admitted at the door and, for the kinds
    that need one, ``employers_present`` approved stands marked present."""
    starts = datetime(on.year, on.month, on.day, 10, tzinfo=LONDON)
    fields.setdefault("status", Event.Status.COMPLETED)
    event = EventFactory(kind=kind, starts_at=starts, ends_at=starts + timedelta(hours=4), **fields)
    for n in range(admitted):
        _came(RegistrationFactory(event=event), f"E{event.pk}-{n}")
    for _n in range(employers_present):
        stand(event, presence=StandPresence.PRESENT)
    return event


def stand(event: Event, *, presence: str, status: str = "approved") -> StandApplication:
    return StandApplication.objects.create(
        event=event,
        employer=EmployerFactory(),
        representatives=1,
        status=status,
        presence=presence,
    )


def test_every_seeded_measure_has_a_rule_and_seeding_twice_changes_nothing():
    Measure.objects.filter(code="fifty-plus-jobs-fairs").update(target=9)

    assert measures_seed() == 0  # the migration seeded them already
    assert Measure.objects.count() == len(MEASURE_SEEDS)
    observed = Measure.objects.filter(kind=Measure.Kind.OBSERVED)
    assert all(m.code in RULES for m in observed)
    assert set(RULES) == set(observed.values_list("code", flat=True))  # one rule per code
    # Reported ones are entered, not counted: no rule, and a baseline where the strategy has one.
    reported = Measure.objects.filter(kind=Measure.Kind.REPORTED)
    assert not any(m.code in RULES for m in reported)
    assert reported.count() == 12
    assert measure("fifty-plus-jobs-fairs").target == 9  # a lead's target is kept


def test_jobs_fairs_held_in_two_of_three_jobcentres_is_66_67_per_cent_and_red():
    first, second, third = JobcentreVenueFactory(), JobcentreVenueFactory(), JobcentreVenueFactory()
    held(venue=first)
    held(venue=second, status=Event.Status.PUBLISHED)  # published and over: held
    held(venue=third, status=Event.Status.CANCELLED)  # a cancelled fair does not count
    held(venue=third, status=Event.Status.DRAFT)  # nor does a draft
    held(venue=third, on=date(2025, 7, 2))  # Q2, not Q1

    figure = measure_figure(measure("jobs-fair-every-jobcentre-quarterly"), period=Q1)

    assert figure.actual == Decimal("66.67")
    assert figure.actual_display == "66.67%"
    assert figure.rag == Rag.RED  # amber starts at 75% of the 100% target
    assert [row.value for row in figure.result.breakdown] == ["Held", "Held", "Not yet"]


def test_jobs_fair_figure_turns_amber_when_the_amber_threshold_is_lowered():
    first, second, _third = (JobcentreVenueFactory() for _ in range(3))
    held(venue=first)
    held(venue=second)
    jobs_fairs = measure("jobs-fair-every-jobcentre-quarterly")
    jobs_fairs.amber_from = Decimal("0.6")

    assert measure_figure(jobs_fairs, period=Q1).rag == Rag.AMBER


def test_jobs_fair_at_one_jobcentre_counts_for_that_jobcentre_only():
    mine, other = JobcentreVenueFactory(), JobcentreVenueFactory()
    held(venue=mine)
    jobs_fairs = measure("jobs-fair-every-jobcentre-quarterly")

    assert measure_figure(jobs_fairs, period=Q1, scope=mine.organisation).actual == 100
    assert measure_figure(jobs_fairs, period=Q1, scope=other.organisation).rag == Rag.RED


def test_a_fair_still_to_come_is_not_held_yet():
    fair = EventFactory()  # published, a fortnight away
    quarter = period_containing(PeriodKind.FINANCIAL_QUARTER, fair.starts_at.date())

    figure = measure_figure(measure("jobs-fair-every-jobcentre-quarterly"), period=quarter)

    assert figure.actual == 0


def test_voice_of_the_customer_forum_counts_over_the_financial_year():
    first, _second = JobcentreVenueFactory(), JobcentreVenueFactory()
    forum = held(EventKind.VOICE_OF_THE_CUSTOMER_FORUM, venue=first, on=date(2026, 2, 3))
    ForumRecord.objects.create(event=forum, no_barriers_raised=True)  # its record of barriers

    figure = measure_figure(measure("voice-of-the-customer-every-jobcentre"), period=FY)

    assert figure.actual == 50
    assert figure.result.detail.startswith("1 of 2 Jobcentres")


def test_fifty_plus_jobs_fairs_are_counted_against_a_county_target_only():
    venue = JobcentreVenueFactory()
    held(EventKind.FIFTY_PLUS_JOBS_FAIR, venue=venue)
    held(EventKind.FIFTY_PLUS_JOBS_FAIR, venue=venue, on=date(2025, 11, 4))
    held(EventKind.FIFTY_PLUS_JOBS_FAIR, venue=venue, status=Event.Status.CANCELLED)
    fairs = measure("fifty-plus-jobs-fairs")

    county = measure_figure(fairs, period=FY)
    jobcentre = measure_figure(fairs, period=FY, scope=venue.organisation)

    assert (county.actual, county.target, county.rag) == (2, 4, Rag.RED)
    assert (jobcentre.actual, jobcentre.target, jobcentre.rag) == (2, None, Rag.NONE)
    assert jobcentre.target_display == "No target at this level"


def test_the_fifty_plus_workshop_is_an_employer_workshop_for_people_aged_50_and_over():
    held(EventKind.EMPLOYER_WORKSHOP, audiences=["employers"])  # another workshop
    workshop = measure("fifty-plus-employer-workshop")
    assert measure_figure(workshop, period=FY).rag == Rag.RED

    held(EventKind.EMPLOYER_WORKSHOP, audiences=["employers", "fifty_plus"])

    assert (
        measure_figure(workshop, period=FY).actual,
        measure_figure(workshop, period=FY).rag,
    ) == (
        1,
        Rag.GREEN,
    )


def test_two_sector_skills_events_a_year_one_held_is_amber():
    held(EventKind.SECTOR_SKILLS_EVENT)

    figure = measure_figure(measure("sector-skills-events"), period=FY)

    assert (figure.actual, figure.target, figure.rag) == (1, 2, Rag.AMBER)


def _placements(jobcentre, started_on: date, count: int, *, older: int = 0) -> None:
    for n in range(count):
        SbwaPlacement.objects.create(
            jobcentre=jobcentre, started_on=started_on, aged_50_plus=n < older
        )


def test_sbwa_placements_must_beat_last_year_and_a_quarter_be_for_people_aged_50_plus():
    jobcentre = OrganisationFactory(kind=OrganisationKind.JOBCENTRE)
    _placements(jobcentre, date(2024, 6, 1), 4)  # 2024-25
    _placements(jobcentre, date(2025, 6, 1), 4, older=1)  # 2025-26: level, not up
    year_on_year = measure("sbwa-placements-year-on-year")

    figure = measure_figure(year_on_year, period=FY)
    assert (figure.actual, figure.target, figure.rag) == (4, 5, Rag.AMBER)

    _placements(jobcentre, date(2026, 1, 10), 1)
    assert measure_figure(year_on_year, period=FY).rag == Rag.GREEN

    share = measure_figure(measure("sbwa-placements-fifty-plus"), period=FY)
    assert (share.actual, share.rag) == (Decimal(20), Rag.AMBER)  # 1 of 5; amber from 20%


def _came(registration, number: str, *, checked_in: bool = True) -> Ticket:
    return Ticket.objects.create(
        registration=registration,
        event=registration.event,
        number=number,
        holder_label="x",
        checked_in_at=datetime(2025, 5, 14, 11, tzinfo=LONDON) if checked_in else None,
    )


def _recount_complex_barriers(period) -> int:
    """The definition read from the raw rows: distinct people (their key, else their ticket)
    admitted in the period who said 19+ and complex barriers, at a county event."""
    people = set()
    for ticket in Ticket.objects.select_related("registration", "event"):
        registration, event = ticket.registration, ticket.event
        if (
            ticket.checked_in_at is not None
            and period.starts_at <= event.starts_at < period.ends_at
            and event.status in ("published", "completed")
            and event.kind != "school_encounter"
            and registration.category != "pupil"
            and registration.complex_barriers
            and registration.age_band in ("19_24", "25_49", "50_64", "65_plus")
        ):
            people.add(registration.person_key or f"ticket:{ticket.pk}")
    return len(people)


def test_complex_barriers_count_distinct_people_aged_19_plus_in_the_financial_year():
    fair, other_fair = held(), held(on=date(2025, 6, 3))
    came_twice = RegistrationFactory(event=fair, complex_barriers=True, age_band="25_49")
    _came(came_twice, "A1")
    _came(came_twice, "A2")  # two tickets (or scans) of one person: once
    again = RegistrationFactory(
        event=other_fair, email=came_twice.email, complex_barriers=True, age_band="25_49"
    )
    _came(again, "B1")  # the same person at another fair in the year: still once
    _came(RegistrationFactory(event=fair, complex_barriers=True, age_band="50_64"), "A7")
    walk_in = RegistrationFactory(
        event=fair, email="", phone="", walk_in=True, complex_barriers=True, age_band="19_24"
    )
    _came(walk_in, "A8")  # no e-mail or phone: once per ticket
    _came(
        RegistrationFactory(event=fair, complex_barriers=True, age_band="19_24"),
        "A3",
        checked_in=False,
    )
    _came(RegistrationFactory(event=fair, complex_barriers=False, age_band="19_24"), "A4")
    _came(
        RegistrationFactory(event=fair, complex_barriers=True, category="pupil", age_band="19_24"),
        "A5",
    )
    _came(RegistrationFactory(event=fair, complex_barriers=True, age_band="under_19"), "A6")
    _came(RegistrationFactory(event=fair, complex_barriers=True, age_band=""), "A9")  # blank
    cancelled = held(status=Event.Status.CANCELLED)
    _came(RegistrationFactory(event=cancelled, complex_barriers=True, age_band="25_49"), "C1")

    figure = measure_figure(measure("complex-barriers-residents"), period=FY)

    assert figure.actual == 3
    assert figure.actual == _recount_complex_barriers(FY)
    assert figure.rag == Rag.RED


def _encounter(n: int, **fields) -> Encounter:
    defaults = dict(
        kind="employer_talk",
        source="recorded",
        source_key=f"measure-test:{n}",
        occurred_on=date(2025, 10, 1),
        audience="pupils",
        people=10,
    )
    defaults.update(fields)
    if "school" in defaults:
        defaults.setdefault("hub", defaults["school"].hub)
        defaults.setdefault("district", defaults["school"].district)
    return Encounter.objects.create(**defaults)


def test_benchmark_5_coverage_is_pupils_covered_over_pupils_on_roll_for_the_county_and_a_school():
    first, second = SchoolFactory(), SchoolFactory()
    YearGroupRollFactory(school=first, year_group=9, pupils=100)
    YearGroupRollFactory(school=second, year_group=10, pupils=100)
    employer = EmployerFactory()
    _encounter(1, school=first, year_group=9, people=60, employer=employer, **MEANINGFUL)
    _encounter(2, school=second, year_group=10, people=90, employer=employer)  # not meaningful
    coverage = measure("benchmark-5-coverage")

    county = measure_figure(coverage, period=AY)
    school = measure_figure(coverage, period=AY, scope=first)

    assert (county.actual, county.rag) == (Decimal(30), Rag.RED)
    assert (school.actual, [row.label for row in school.result.breakdown]) == (60, ["Year 9"])


def test_unique_employers_per_school_is_an_average_over_every_school():
    first, _second = SchoolFactory(), SchoolFactory()
    for n in range(3):
        _encounter(n, school=first, year_group=8, employer=EmployerFactory())
    _encounter(9, school=first, year_group=9, employer=EmployerFactory())

    figure = measure_figure(measure("unique-employers-per-school"), period=AY)

    assert figure.actual == 2  # 4 employers at one school, none at the other
    assert figure.result.detail.startswith("2 schools; 1 met no employer")


def test_encounters_by_sector_and_the_priority_and_sme_shares():
    school = SchoolFactory()
    digital = SectorFactory(name="Digital", group="priority")
    retail = SectorFactory(name="Retail", group="recruitment_difficulty")
    small = EmployerFactory(size_band=SizeBand.SMALL)
    small.sectors.add(digital)
    large = EmployerFactory(size_band=SizeBand.LARGE)
    large.sectors.add(retail)
    _encounter(1, school=school, year_group=9, employer=small)
    _encounter(2, school=school, year_group=9, employer=large)
    _encounter(3, school=school, year_group=10, employer=large)
    _encounter(
        4, school=school, year_group=10, provider_name="Herts College", kind="provider_encounter"
    )

    total = measure_figure(measure("employer-encounters"), period=AY)
    priority = measure_figure(measure("priority-sector-encounters"), period=AY)
    sme = measure_figure(measure("sme-encounters"), period=AY)

    assert total.actual == 3  # the provider encounter is not an employer's
    assert [(row.label, row.value) for row in total.result.breakdown] == [
        ("Retail", "2"),
        ("Digital", "1"),
    ]
    assert (priority.actual, sme.actual) == (Decimal("33.33"), Decimal("33.33"))
    assert measure_figure(measure("sme-encounters"), period=AY, scope=school).target == 40


def test_the_encounter_shares_count_sums_only_not_people(monkeypatch):
    school, employer = SchoolFactory(), EmployerFactory(size_band=SizeBand.SMALL)
    _encounter(1, school=school, year_group=9, employer=employer)

    def no_people(*args, **kwargs):
        raise AssertionError("people and attendance are counted and thrown away")

    monkeypatch.setattr("engagement.people.distinct_people", no_people)
    monkeypatch.setattr("engagement.people.fair_attendance", no_people)
    for code in ("employer-encounters", "priority-sector-encounters", "sme-encounters"):
        assert measure_figure(measure(code), period=AY).actual is not None


@pytest.mark.parametrize(
    ("actual", "rag"),
    [("100", Rag.GREEN), ("120", Rag.GREEN), ("80", Rag.AMBER), ("79.99", Rag.RED), ("0", Rag.RED)],
)
def test_rag_boundaries_green_at_target_amber_from_the_share_red_below(actual, rag):
    assert rag_for(actual=Decimal(actual), target=Decimal(100), amber_from=Decimal("0.8")) == rag


def test_rag_says_no_data_or_no_target_and_is_green_for_a_zero_target():
    assert rag_for(actual=None, target=Decimal(5), amber_from=Decimal("0.8")) == Rag.EMPTY
    assert rag_for(actual=Decimal(3), target=None, amber_from=Decimal("0.8")) == Rag.NONE
    assert rag_for(actual=Decimal(0), target=Decimal(0), amber_from=Decimal("0.8")) == Rag.GREEN
    assert format_figure(None, "count") == "No data"
    assert format_figure(Decimal("7000"), "count") == "7,000"


def test_a_quarterly_measure_on_a_year_page_counts_the_quarter_holding_the_years_end():
    jobs_fairs = measure("jobs-fair-every-jobcentre-quarterly")

    assert measure_period(jobs_fairs, chosen=FY).label == "2025-26 Q4"
    assert measure_period(jobs_fairs, chosen=Q1) == Q1
    assert measure_period(measure("benchmark-5-coverage"), chosen=FY).label == "2025-26"


def test_a_lead_changes_a_target_and_who_and_when_are_recorded():
    lead = member(Role.LEAD)
    coverage = measure("benchmark-5-coverage")

    measure_target_update(measure=coverage, target=Decimal(90), by=lead)

    coverage.refresh_from_db()
    assert (coverage.target, coverage.updated_by) == (90, lead)


def test_a_coordinator_may_not_change_a_target():
    coverage = measure("benchmark-5-coverage")

    with pytest.raises(NotAllowed):
        measure_target_update(measure=coverage, target=Decimal(90), by=member(Role.COORDINATOR))

    coverage.refresh_from_db()
    assert coverage.target == 100


@pytest.mark.parametrize(
    ("code", "target", "error"),
    [
        ("benchmark-5-coverage", "101", "invalid_target"),
        ("fifty-plus-jobs-fairs", "-1", "invalid_target"),
        ("sbwa-placements-year-on-year", "10", "target_computed"),
    ],
)
def test_a_target_that_makes_no_sense_is_refused(code, target, error):
    with pytest.raises(MeasureError) as refused:
        measure_target_update(measure=measure(code), target=Decimal(target), by=member(Role.LEAD))

    assert refused.value.code == error
