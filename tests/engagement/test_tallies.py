"""The monthly tallies give exactly the ledger's figures, and follow every kind of write.

Each test compares the summary read from the tallies with the same summary computed straight
from the ledger (``_summary_from_ledger``), on a small random county, before and after writes.
"""

from __future__ import annotations

import random
from datetime import date

import pytest
from django.db.models import F

from accounts.models import Role, Sector
from core.periods import Period, PeriodKind, academic_year, financial_quarter
from employers.models import SME_SIZE_BANDS, Employer
from engagement import coverage as b5
from engagement import rollups, tallies
from engagement.ledger import (
    RecordedEncounter,
    encounters_rebuild_for_event,
    encounters_remove,
    school_encounter_record,
)
from engagement.models import Encounter, EncounterMethod, EncounterTally, TallyMonth, TallySlice
from engagement.monthly import encounters_by_month
from engagement.rollups import summary
from engagement.summary_columns import GroupBy
from tests.factories import (
    DistrictFactory,
    EmployerFactory,
    EventFactory,
    HubFactory,
    SchoolFactory,
    SectorFactory,
    YearGroupRollFactory,
    member,
)

pytestmark = pytest.mark.django_db

YEAR = academic_year(2025)
# The sums the tallies answer (distinct people and attendance are counted from the raw rows
# whichever way the sums are read).
FIGURES = (
    "group",
    "employer_encounters",
    "provider_encounters",
    "meaningful_employer_encounters",
    "contacts",
    "employers",
    "sme_encounters",
    "priority_sector_encounters",
)


@pytest.fixture
def county():
    rng = random.Random(7)
    districts = [DistrictFactory() for _ in range(3)]
    hubs = [HubFactory(), HubFactory()]
    schools = [
        SchoolFactory(district=districts[n % 3], hub=hubs[n % 2] if n < 5 else None)
        for n in range(6)
    ]
    for school in schools:
        for year in (9, 10, 11):
            YearGroupRollFactory(school=school, year_group=year, pupils=60)
    priority = SectorFactory(group=Sector.Group.PRIORITY)
    other = SectorFactory(group=Sector.Group.OTHER)
    employers = []
    for n in range(8):
        employer = EmployerFactory(size_band=["micro", "small", "medium", "large"][n % 4])
        employer.sectors.set([priority, other] if n % 3 == 0 else [other])
        employers.append(employer)
    for n in range(160):
        school = rng.choice(schools + [None])
        refs = [f"P{rng.randint(1, 30)}" for _ in range(3)] if rng.random() < 0.2 else []
        facts = rng.random() < 0.6
        Encounter.objects.create(
            kind="employer_talk",
            source="imported",
            source_key=f"tally-test:{n}",
            occurred_on=date(2025, 9, 1) + (date(2026, 8, 31) - date(2025, 9, 1)) * rng.random(),
            employer=rng.choice(employers) if rng.random() < 0.9 else None,
            provider_name="Herts College",
            school=school,
            year_group=rng.choice([9, 10, 11]) if school else None,
            audience="pupils" if school else rng.choice(["jobseekers", "fifty_plus"]),
            people=len(refs) or rng.randint(1, 40),
            pupil_refs=refs,
            complex_barriers_people=0 if school else rng.randint(0, 3),
            purpose_shared=facts,
            learning_outcomes=facts,
            two_way=facts,
            reflection=facts,
            district=school.district if school else rng.choice(districts),
            hub=school.hub if school else None,
        )
    return {"schools": schools, "employers": employers, "districts": districts, "hubs": hubs}


def _figures(rows):
    return [tuple(getattr(row, name) for name in FIGURES) for row in rows]


def assert_same_as_ledger(period: Period = YEAR, queryset=None) -> None:
    for group_by in rollups.TALLY_GROUPS:
        from_tallies = summary(period=period, group_by=group_by, queryset=queryset)
        from_ledger = rollups._summary_from_ledger(period, group_by, queryset)
        assert _figures(from_tallies) == _figures(from_ledger), group_by
    total = rollups.total_over_encounters(period=period, queryset=queryset)
    from_ledger = rollups._total_from_ledger(period, queryset)
    assert _figures([total]) == _figures([from_ledger])
    assert_months_and_employer_sums_recounted(period, queryset)
    coverage = b5.benchmark5_coverage(period=period)
    assert coverage, "every school has year groups on roll"
    assert sum(row.covered for row in coverage) > 0


def assert_months_and_employer_sums_recounted(period: Period, queryset=None) -> None:
    """The month-by-month table and the employer sums equal a recount of the raw rows."""
    rows = list(
        (queryset if queryset is not None else Encounter.objects.all()).filter(
            occurred_on__gte=period.start, occurred_on__lt=period.end
        )
    )
    expected_months = []
    month = period.start.replace(day=1)
    while month < period.end:
        in_month = [
            r
            for r in rows
            if (r.occurred_on.year, r.occurred_on.month) == (month.year, month.month)
        ]
        employer = [r for r in in_month if r.employer_id is not None]
        scanned = sum(1 for r in employer if r.method == EncounterMethod.SCANNED)
        expected_months.append(
            (len(employer), scanned, len(employer) - scanned, len(in_month) - len(employer))
        )
        month = tallies.next_month(month)
    shown = encounters_by_month(
        period=period, encounters=queryset if queryset is not None else Encounter.objects.all()
    ).rows
    assert [
        (
            m.employer_encounters,
            m.scanned_employer_encounters,
            m.recorded_employer_encounters,
            m.provider_encounters,
        )
        for m in shown
    ] == expected_months
    employer_rows = [r for r in rows if r.employer is not None]
    priority = set(
        Employer.objects.filter(sectors__group=Sector.Group.PRIORITY).values_list("pk", flat=True)
    )
    assert rollups.employer_sums(period=period, queryset=queryset) == rollups.EmployerSums(
        employer_encounters=len(employer_rows),
        sme_encounters=sum(1 for r in employer_rows if r.employer.size_band in SME_SIZE_BANDS),
        priority_sector_encounters=sum(1 for r in employer_rows if r.employer_id in priority),
    )


def test_every_grouping_matches_the_ledger(county):
    assert_same_as_ledger()
    assert_same_as_ledger(financial_quarter(2025, 4))
    assert EncounterTally.objects.exists()
    built = TallySlice.objects.filter(version=F("built_version"))
    assert built.count() == TallySlice.objects.count()


def test_filters_by_place_and_year_group_match_the_ledger(county):
    district = county["districts"][0]
    assert_same_as_ledger(queryset=Encounter.objects.filter(district=district))
    assert_same_as_ledger(queryset=Encounter.objects.filter(school__in=county["schools"][:2]))
    assert_same_as_ledger(queryset=Encounter.objects.filter(year_group=10, audience="pupils"))


def test_filters_the_tallies_cannot_answer_fall_back_to_the_ledger(county):
    employer = county["employers"][0]
    assert tallies.cell_filters(Encounter.objects.filter(employer=employer)) is None
    assert tallies.cell_filters(Encounter.objects.filter(school__hub=county["hubs"][0])) is None
    assert tallies.cell_filters(Encounter.objects.exclude(district=county["districts"][0])) is None
    rows = summary(
        period=YEAR, group_by=GroupBy.DISTRICT, queryset=Encounter.objects.filter(employer=employer)
    )
    assert sum(row.encounters for row in rows) == employer.encounters.count()
    assert_months_and_employer_sums_recounted(YEAR, Encounter.objects.filter(employer=employer))


def test_a_period_that_is_not_whole_months_reads_the_ledger(county):
    odd = Period(date(2025, 9, 15), date(2026, 1, 10), PeriodKind.ACADEMIC_YEAR, "odd")
    assert tallies.months_in(odd) is None
    rows = summary(period=odd, group_by=GroupBy.DISTRICT)
    expected = Encounter.objects.filter(occurred_on__gte=odd.start, occurred_on__lt=odd.end)
    assert sum(row.encounters for row in rows) == expected.count()
    assert_months_and_employer_sums_recounted(odd)


def test_coverage_and_employers_met_match_the_ledger(county):
    schools = county["schools"]
    fast = b5.benchmark5_coverage(period=YEAR)
    fast_met = b5.unique_employers_by_school(period=YEAR)
    odd = Period(date(2025, 9, 1), date(2026, 8, 31), PeriodKind.ACADEMIC_YEAR, "almost")
    # The same year less its last day reads the ledger; the last day has no encounters here.
    Encounter.objects.filter(occurred_on=date(2026, 8, 31)).delete()
    TallyMonth.objects.all().delete()
    assert [(c.school_id, c.year_group, c.covered) for c in fast] == [
        (c.school_id, c.year_group, c.covered) for c in b5.benchmark5_coverage(period=odd)
    ]
    assert fast_met == b5.unique_employers_by_school(period=odd)
    assert set(fast_met) <= {school.pk for school in schools}


def test_every_kind_of_write_is_followed(county):
    assert_same_as_ledger()  # builds the tallies
    school, employer = county["schools"][0], county["employers"][1]
    leader = member(Role.CAREERS_LEADER, school.organisation)

    recorded = school_encounter_record(
        encounter=RecordedEncounter(
            school=school,
            kind="workplace_visit",
            occurred_on=date(2025, 10, 3),
            year_group=10,
            employer=employer,
            people=25,
            purpose_shared=True,
            learning_outcomes=True,
            two_way=True,
            reflection=True,
        ),
        by=leader,
    )
    assert_same_as_ledger()

    # Edited in place, moved to another month.
    recorded.occurred_on = date(2026, 2, 11)
    recorded.people = 30
    recorded.save()
    assert_same_as_ledger()

    encounters_remove(Encounter.objects.filter(occurred_on__month=11))
    assert_same_as_ledger()

    school.delete()  # its encounters go with it, and so do its cells
    assert_same_as_ledger()


def test_a_fair_rebuilt_or_deleted_is_followed(county):
    event = EventFactory(status="completed")
    Encounter.objects.create(
        kind="careers_fair",
        source="event",
        source_key="event-row",
        occurred_on=date(2025, 12, 2),
        event=event,
        employer=county["employers"][0],
        audience="jobseekers",
        people=12,
        district=county["districts"][1],
    )
    assert_same_as_ledger()
    encounters_rebuild_for_event(event_id=event.pk)  # nobody was checked in: no rows
    assert not Encounter.objects.filter(event=event).exists()
    assert_same_as_ledger()

    Encounter.objects.create(
        kind="careers_fair",
        source="event",
        source_key="event-row-2",
        occurred_on=date(2026, 3, 2),
        event=event,
        employer=county["employers"][0],
        audience="jobseekers",
        people=7,
        district=county["districts"][1],
    )
    assert_same_as_ledger()
    event.delete()
    assert_same_as_ledger()


def test_a_quiet_month_is_read_not_rebuilt(county, django_assert_num_queries):
    summary(period=YEAR, group_by=GroupBy.DISTRICT)  # builds every month once
    # Built months and changed slices, the sums, the employer bitmaps, the district names; then
    # distinct people from the ledger (adults by key, groups) and fair attendance: 3 more.
    with django_assert_num_queries(7):
        summary(period=YEAR, group_by=GroupBy.DISTRICT)


def test_sme_and_priority_counts_follow_an_employers_size_and_sectors(county):
    assert_same_as_ledger()
    employer = county["employers"][7]  # large, not in a priority sector
    assert employer.encounters.exists()
    before = summary(period=YEAR, group_by=GroupBy.DISTRICT)

    employer.size_band = "small"
    employer.save()
    employer.sectors.add(SectorFactory(group=Sector.Group.PRIORITY))
    assert_same_as_ledger()
    after = summary(period=YEAR, group_by=GroupBy.DISTRICT)
    gained = employer.encounters.filter(occurred_on__gte=YEAR.start).count()
    assert sum(r.sme_encounters for r in after) == sum(r.sme_encounters for r in before) + gained
    assert sum(r.priority_sector_encounters for r in after) == (
        sum(r.priority_sector_encounters for r in before) + gained
    )

    # A sector stops being a priority: every employer in it follows.
    sector = Sector.objects.filter(group=Sector.Group.PRIORITY).first()
    sector.group = Sector.Group.OTHER
    sector.save()
    assert_same_as_ledger()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_readers_at_the_same_moment_build_each_month_once(county):
    """Eight dashboards opened together on a month never built: the month's row lock makes one
    build it and the others wait and read it (no duplicate cells, no error)."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    def read(_n: int) -> list[tuple]:
        try:
            return _figures(summary(period=YEAR, group_by=GroupBy.DISTRICT))
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(read, range(8)))

    assert all(result == results[0] for result in results)
    assert results[0] == _figures(rollups._summary_from_ledger(YEAR, GroupBy.DISTRICT, None))
    assert TallyMonth.objects.count() == 12


def test_build_tallies_builds_every_month_once_so_the_first_read_is_quick(
    county, django_assert_num_queries
):
    from django.core.management import call_command

    call_command("build_tallies")

    assert TallyMonth.objects.filter(built_at__isnull=False).count() == 12
    # Read, not built: no rebuild on this first read (4), then people and attendance (3).
    with django_assert_num_queries(7):
        rows = summary(period=YEAR, group_by=GroupBy.DISTRICT)
    assert _figures(rows) == _figures(rollups._summary_from_ledger(YEAR, GroupBy.DISTRICT, None))

    call_command("build_tallies", "--again")
    assert _figures(summary(period=YEAR, group_by=GroupBy.DISTRICT)) == _figures(rows)
