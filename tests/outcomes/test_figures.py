"""The outcome figures, recounted from the raw rows by their definitions (not by the code that
computes them), and compared with the summary API, both exports and the funnel."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from rest_framework.test import APIClient

from accounts.models import Role
from core.periods import academic_year_of
from engagement.outcomes import fair_funnel
from engagement.summary_columns import heading
from events.models import (
    StandApplication,
    StandDayCount,
    StandInteraction,
    StandReturn,
    StandReturnRevision,
    VisitOutcome,
)
from events.returns import ReturnInput, stand_return_save
from events.services.outcomes import OutcomeInput, stand_day_count_record, visit_outcome_record
from tests.factories import member
from tests.outcomes.conftest import fair_held

pytestmark = pytest.mark.django_db
URL = "/api/v1/engagement/summary/"


@pytest.fixture
def outcomes():
    """Stand A: 2 interviews on the day (scanned, agreed) + 1 not scanned, a return of 2;
    stand B: nothing on the day, a return of 5 with 2 starts (one saved after 13 weeks)."""
    fair = fair_held(visitors=3)
    a, b = fair.stands
    for visit in a.visits[:2]:
        visit_outcome_record(
            interaction=visit,
            by=a.contact,
            outcome=OutcomeInput(visitor_agreed=True, interview_offered=True, rating=4),
        )
    stand_day_count_record(
        application=a.application,
        by=a.contact,
        unscanned_visitors=4,
        unscanned_interviews_offered=1,
    )
    stand_return_save(
        application=a.application,
        by=a.contact,
        figures=ReturnInput(
            interviews_offered=2,
            interviews_held=2,
            job_offers=1,
            job_starts=1,
            apprenticeship_starts=0,
            starts_aged_50_plus=1,
        ),
    )
    early = fair.event.ends_at + timedelta(weeks=1)
    stand_return_save(
        application=b.application,
        by=b.contact,
        now=early,
        figures=ReturnInput(
            interviews_offered=5,
            interviews_held=4,
            job_offers=3,
            job_starts=1,
            apprenticeship_starts=0,
        ),
    )
    stand_return_save(
        application=b.application,
        by=b.contact,
        now=fair.event.ends_at + timedelta(weeks=14),
        figures=ReturnInput(
            interviews_offered=5,
            interviews_held=4,
            job_offers=3,
            job_starts=1,
            apprenticeship_starts=1,
        ),
    )
    return fair


def recount(employer_id=None):
    """By the definitions, over the raw rows, stand by stand."""
    interviews = offers = starts = starts_13 = 0
    for stand in StandApplication.objects.filter(status="approved"):
        if employer_id is not None and stand.employer_id != employer_id:
            continue
        scanned = [
            o
            for o in VisitOutcome.objects.all()
            if o.interaction.application_id == stand.pk and o.visitor_agreed and o.interview_offered
        ]
        count = StandDayCount.objects.filter(application=stand).first()
        day = len(scanned) + (count.unscanned_interviews_offered if count else 0)
        ret = StandReturn.objects.filter(application=stand).first()
        interviews += max(day, ret.interviews_offered if ret else 0)
        offers += ret.job_offers if ret else 0
        starts += (ret.job_starts + ret.apprenticeship_starts) if ret else 0
        in_time = [
            r
            for r in StandReturnRevision.objects.filter(stand_return__application=stand)
            if r.saved_at <= stand.event.ends_at + timedelta(weeks=13)
        ]
        if in_time:
            last = max(in_time, key=lambda r: (r.saved_at, r.pk))
            starts_13 += last.job_starts + last.apprenticeship_starts
    return {
        "interviews_offered": interviews,
        "job_offers": offers,
        "job_starts": starts,
        "job_starts_within_13_weeks": starts_13,
    }


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_summary_carries_the_outcome_figures_on_each_row_and_the_total(outcomes):
    lead = member(Role.LEAD)
    year = academic_year_of(outcomes.event.starts_at.date()).label
    expected = recount()
    assert expected == {
        "interviews_offered": 8,
        "job_offers": 4,
        "job_starts": 3,
        "job_starts_within_13_weeks": 2,
    }

    by_employer = api(lead).get(URL, {"academic_year": year, "group_by": "employer"}).json()
    for name, value in expected.items():
        assert by_employer["totals"][name] == value
    for row in by_employer["rows"]:
        for name, value in recount(employer_id=row["key"]).items():
            assert row[name] == value

    by_school = api(lead).get(URL, {"academic_year": year, "group_by": "school"}).json()
    assert all(row["interviews_offered"] == 0 for row in by_school["rows"])
    assert by_school["totals"]["job_offers"] == expected["job_offers"]

    by_district = api(lead).get(URL, {"academic_year": year, "group_by": "district"}).json()
    assert sum(row["job_starts"] for row in by_district["rows"]) == expected["job_starts"]


def test_an_employer_counts_only_its_own_stands_and_a_careers_leader_none(outcomes):
    a, b = outcomes.stands
    year = academic_year_of(outcomes.event.starts_at.date()).label
    own = api(a.contact).get(URL, {"academic_year": year, "group_by": "employer"}).json()
    assert (
        own["totals"]["interviews_offered"]
        == recount(a.application.employer_id)["interviews_offered"]
    )
    leader = member(Role.CAREERS_LEADER)
    none = api(leader).get(URL, {"academic_year": year, "group_by": "employer"}).json()
    assert none["totals"]["job_offers"] == 0


def test_both_exports_have_the_outcome_columns_with_the_same_figures(outcomes, tmp_path):
    year = academic_year_of(outcomes.event.starts_at.date()).label
    expected = recount()
    out = tmp_path / "summary.csv"
    call_command(
        "export_engagement", academic_year=year, format="csv", output=str(out), group_by="employer"
    )
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    total = rows[-1]
    for name, value in expected.items():
        assert int(total[name]) == value

    lead = member(Role.LEAD)
    answer = api(lead).get(URL, {"academic_year": year, "group_by": "employer", "format": "xlsx"})
    book = load_workbook(io.BytesIO(b"".join(answer.streaming_content)))
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    last = [cell.value for cell in sheet[sheet.max_row]]
    for name, value in expected.items():
        assert last[header.index(heading(name))] == value  # a spreadsheet's header is in words
    names = [row[2].value for row in book.worksheets[1].iter_rows() if len(row) > 2]
    assert "interviews_offered" in names and "job_starts" in names


def test_outcome_cells_are_empty_where_outcomes_are_not_counted_never_zero(
    outcomes, tmp_path, client
):
    """By school there is no outcome of the school's own: the rows' cells are empty and the
    totals line has the recount; a file narrowed to a school counts none, so every outcome
    cell is empty (its employer rows and totals line too), and the Definitions sheet says why.
    A file narrowed to an employer counts them: tests/engagement/test_export_employer_outcomes.py
    """
    from engagement.models import Encounter
    from tests.factories import SchoolFactory

    school = SchoolFactory()
    Encounter.objects.create(  # a school's own talk, in the same year as the fair
        kind="employer_talk",
        source="recorded",
        source_key="outcome-cells:1",
        occurred_on=outcomes.event.starts_at.date(),
        audience="pupils",
        people=20,
        school=school,
        hub=school.hub,
        district=school.district,
        year_group=9,
        employer=outcomes.stands[0].application.employer,
    )
    year = academic_year_of(outcomes.event.starts_at.date()).label
    expected = recount()
    assert expected["interviews_offered"] > 0
    out = tmp_path / "by-school.csv"
    call_command(
        "export_engagement", academic_year=year, format="csv", output=str(out), group_by="school"
    )
    *rows, total = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows
    for name, value in expected.items():
        assert {row[name] for row in rows} == {""}
        assert int(total[name]) == value

    client.force_login(member(Role.LEAD))
    narrowed = client.get(
        "/exports/engagement/",
        {
            "academic_year": year,
            "group_by": "employer",
            "school": school.pk,
            "format": "xlsx",
        },
    )
    assert narrowed.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(narrowed.streaming_content)))
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    lines = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(lines) == 2  # the employer's row and the totals line
    for line in lines:
        for name in expected:
            assert line[header.index(heading(name))] in (None, "")
    words = " ".join(str(c.value) for row in book.worksheets[1].iter_rows() for c in row)
    assert "Empty means not counted here, not none" in words


def test_the_funnel_counts_each_step_from_its_own_rows(outcomes):
    steps = {step.name: step.value for step in fair_funnel(outcomes.event)}
    assert steps["Stand visits"] == StandInteraction.objects.count() == 6
    assert steps["Admitted"] == 0  # nobody went through the door in this fixture
    assert steps["Interviews offered"] == recount()["interviews_offered"]
    assert steps["Job starts"] == recount()["job_starts"]
