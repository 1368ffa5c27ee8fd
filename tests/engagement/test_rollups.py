"""The summary and Benchmark 5 coverage: exact, never double-counting, never over the roll."""

from __future__ import annotations

from datetime import date

import pytest

from accounts.models import Sector
from core.periods import academic_year
from employers.models import SizeBand
from engagement.coverage import benchmark5_coverage
from engagement.models import Encounter
from engagement.rollups import summary, total_of_rows
from engagement.summary_columns import GroupBy
from tests.factories import (
    EmployerFactory,
    SchoolFactory,
    SectorFactory,
    YearGroupRollFactory,
)

pytestmark = pytest.mark.django_db
YEAR = academic_year(2025)
MEANINGFUL = dict(purpose_shared=True, learning_outcomes=True, two_way=True, reflection=True)


def encounter(n: int, **fields) -> Encounter:
    defaults = dict(
        kind="employer_talk",
        source="recorded",
        source_key=f"test:{n}",
        occurred_on=date(2025, 10, 1),
        audience="pupils",
        people=10,
    )
    defaults.update(fields)
    return Encounter.objects.create(**defaults)


def test_coverage_counts_named_pupils_once_and_anonymous_groups_by_the_largest():
    school = SchoolFactory()
    YearGroupRollFactory(school=school, year_group=9, pupils=100)
    YearGroupRollFactory(school=school, year_group=10, pupils=20)
    employer = EmployerFactory()
    common = dict(school=school, employer=employer, **MEANINGFUL)
    encounter(1, year_group=9, people=2, pupil_refs=["A1", "A2"], **common)
    encounter(2, year_group=9, people=2, pupil_refs=["A2", "A3"], **common)
    encounter(3, year_group=10, people=15, **common)
    encounter(4, year_group=10, people=18, **common)  # maybe the same class: not added up
    encounter(5, year_group=10, people=25, **{**common, "reflection": False})  # not meaningful
    encounter(6, year_group=9, people=50, occurred_on=date(2026, 9, 1), **common)  # next year

    coverage = {c.year_group: c for c in benchmark5_coverage(period=YEAR)}

    assert (coverage[9].covered, coverage[9].on_roll) == (3, 100)
    assert (coverage[10].covered, coverage[10].share) == (18, 0.9)


def test_coverage_never_exceeds_pupils_on_roll():
    school = SchoolFactory()
    YearGroupRollFactory(school=school, year_group=11, pupils=30)
    encounter(1, school=school, employer=EmployerFactory(), year_group=11, people=45, **MEANINGFUL)

    (coverage,) = benchmark5_coverage(period=YEAR)

    assert coverage.covered == 30 and coverage.share == 1.0


def test_summary_by_school_and_by_sector_count_each_encounter_once_per_group():
    digital = SectorFactory(name="Digital", group=Sector.Group.PRIORITY)
    retail = SectorFactory(name="Retail", group=Sector.Group.RECRUITMENT_DIFFICULTY)
    both = EmployerFactory(size_band=SizeBand.LARGE)
    both.sectors.set([digital, retail])
    small = EmployerFactory(size_band=SizeBand.MICRO)
    small.sectors.set([retail])
    school = SchoolFactory(name="Fearnhill School")
    encounter(1, school=school, employer=both, people=30, **MEANINGFUL)
    encounter(2, school=school, employer=small, people=20)

    (by_school,) = summary(period=YEAR, group_by=GroupBy.SCHOOL)
    by_sector = {row.group: row for row in summary(period=YEAR, group_by="sector")}

    assert (by_school.group, by_school.employer_encounters, by_school.contacts) == (
        "Fearnhill School",
        2,
        50,
    )
    # The same year group met twice, given only as numbers: at least the larger group.
    assert (by_school.people, by_school.pupils_reached) == (30, 30)
    assert (by_school.meaningful_employer_encounters, by_school.employers) == (1, 2)
    assert (by_school.sme_encounters, by_school.priority_sector_encounters) == (1, 1)
    assert by_sector["Retail"].encounters == 2 and by_sector["Digital"].encounters == 1
    assert total_of_rows([by_school]).contacts == 50
