"""Provider access: two provider encounters per key phase, per cohort, with the 28 Feb window."""

from __future__ import annotations

from datetime import date

import pytest

from accounts.models import Role
from engagement.models import Encounter
from engagement.provider_access import provider_access
from tests.factories import SchoolFactory, member

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)  # autumn of 2026-27


def provider_encounter(school, n: int, year_group: int, on: date) -> None:
    Encounter.objects.create(
        kind="provider_encounter",
        source="recorded",
        source_key=f"pa:{n}",
        occurred_on=on,
        provider_name="Oaklands College",
        school=school,
        year_group=year_group,
        audience="pupils",
        people=120,
    )


def cohort(result, year_now: int):
    return next(c for c in result if c.cohort_year_now == year_now)


def test_this_years_year_9_counts_last_years_year_8_encounter():
    school = SchoolFactory()
    provider_encounter(school, 1, 8, date(2026, 3, 10))  # 2025-26, as year 8

    year_9 = cohort(provider_access(school=school, today=TODAY), 9)

    assert [w.met for w in year_9.windows] == [True, False]
    assert year_9.due == 1 and year_9.overdue == 0  # still time: until 28 Feb 2027


def test_second_year_encounter_after_28_february_does_not_count():
    school = SchoolFactory()
    provider_encounter(school, 1, 12, date(2026, 1, 20))  # as year 12 in 2025-26
    provider_encounter(school, 2, 13, date(2027, 3, 5))  # year 13, too late

    year_13 = cohort(provider_access(school=school, today=date(2027, 4, 1)), 13)

    assert [w.met for w in year_13.windows] == [True, False]
    assert year_13.overdue == 1


def test_every_phase_and_cohort_is_listed_and_other_schools_do_not_count():
    school, other = SchoolFactory(), SchoolFactory()
    provider_encounter(other, 1, 10, date(2026, 10, 1))

    result = provider_access(school=school, today=TODAY)

    assert [c.cohort_year_now for c in result] == [8, 9, 10, 11, 12, 13]
    assert all(c.due == 2 for c in result if c.cohort_year_now in (8, 10, 12))


def test_school_dashboard_shows_what_is_still_due(client):
    school = SchoolFactory(name="Sandringham School")
    provider_encounter(school, 1, 10, date.today())
    client.force_login(member(Role.CAREERS_LEADER, school.organisation))

    page = client.get(f"/dashboard/schools/{school.pk}/").content.decode()

    assert "Provider access" in page
    assert "Year 10 (phase 10–11)" in page
    assert "Done" in page
