"""Outcomes in an export narrowed to one employer: counted from that employer's stands at fairs
in the year, recounted here from the raw outcome rows by the definitions (not by the code that
computes them); another employer's never show; any other narrowing leaves the cells empty."""

from __future__ import annotations

import csv
import html
import io
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook
from rest_framework.test import APIClient

from accounts.models import Role
from core.periods import Period, academic_year_of
from engagement.models import Encounter
from engagement.summary_columns import COLUMNS, heading
from events.models import (
    Event,
    StandApplication,
    StandDayCount,
    StandInteraction,
    StandReturn,
    StandReturnRevision,
    VisitOutcome,
)
from events.returns import ReturnInput, stand_return_save
from events.services import stand_apply, stand_approve
from events.services.outcomes import OutcomeInput, stand_day_count_record, visit_outcome_record
from events.stand_visits import stand_visit_record
from tests.events.conftest import register
from tests.factories import EventFactory, SchoolFactory, member
from tests.outcomes.conftest import fair_held

pytestmark = pytest.mark.django_db
OUTCOMES = ("interviews_offered", "job_offers", "job_starts", "job_starts_within_13_weeks")
EXPORT = "/exports/engagement/"
API = "/api/v1/engagement/summary/"
FAIRS = ("careers_fair", "jobs_fair", "fifty_plus_jobs_fair")


def returned(stand, *, by, now=None, **figures):
    values = dict(interviews_offered=0, interviews_held=0, job_offers=0, job_starts=0)
    values.update(apprenticeship_starts=0)
    values.update(figures)
    stand_return_save(application=stand, by=by, now=now, figures=ReturnInput(**values))


@pytest.fixture
def world():
    """This year's fair with stands A and B (different figures), a school that met A there,
    and A's stand at a fair over a year earlier (another academic year: never counted)."""
    fair = fair_held(visitors=4)
    a, b = fair.stands
    for visit in a.visits[:3]:
        visit_outcome_record(
            interaction=visit,
            by=a.contact,
            outcome=OutcomeInput(visitor_agreed=True, interview_offered=True, rating=5),
        )
    visit_outcome_record(  # the fourth visitor did not agree to a record: nothing counted
        interaction=a.visits[3], by=a.contact, outcome=OutcomeInput(visitor_agreed=False)
    )
    stand_day_count_record(
        application=a.application,
        by=a.contact,
        unscanned_visitors=5,
        unscanned_interviews_offered=2,
    )
    # A's return restates fewer interviews than the day's 5: the day's count stands.
    ends = fair.event.ends_at
    returned(a.application, by=a.contact, now=ends + timedelta(weeks=2), interviews_offered=4,
             interviews_held=3, job_offers=2, job_starts=1)  # fmt: skip
    returned(a.application, by=a.contact, now=ends + timedelta(weeks=20), interviews_offered=4,
             interviews_held=3, job_offers=3, job_starts=2, apprenticeship_starts=1)  # fmt: skip
    returned(b.application, by=b.contact, now=ends + timedelta(days=3), interviews_offered=9,
             interviews_held=8, job_offers=7, job_starts=6)  # fmt: skip

    # A's stand at a fair 400 days earlier: another academic year whatever today is.
    old = EventFactory()
    ticket = register(old, email=f"old-{old.pk}@example.net", phone="").tickets[0]
    old_stand = stand_apply(
        event=old, employer=a.application.employer, by=a.contact, representatives=1
    )
    stand_approve(application=old_stand, by=member(Role.JOBCENTRE_ORGANISER, old.organiser))
    old_stand.refresh_from_db()
    stand_visit_record(application=old_stand, token=ticket.token, by=a.contact)
    old_end = timezone.now() - timedelta(days=400)
    Event.objects.filter(pk=old.pk).update(starts_at=old_end - timedelta(hours=4), ends_at=old_end)
    old_stand.refresh_from_db()
    returned(old_stand, by=a.contact, now=old_end + timedelta(days=1), interviews_offered=50,
             interviews_held=50, job_offers=40, job_starts=30)  # fmt: skip

    school = SchoolFactory(name="Delta School")
    Encounter.objects.create(
        kind="employer_talk",
        source="recorded",
        source_key="employer-outcomes:1",
        occurred_on=timezone.localtime(fair.event.starts_at).date(),
        audience="pupils",
        people=25,
        school=school,
        hub=school.hub,
        district=school.district,
        year_group=10,
        employer=a.application.employer,
    )
    fair.school = school
    fair.school_day = timezone.localtime(fair.event.starts_at).date()
    fair.period = academic_year_of(timezone.localtime(fair.event.starts_at).date())
    return fair


def recount(period: Period, employer_id: int | None = None) -> dict[str, int]:
    """By the definitions, over the raw rows: approved stands whose employer came (marked
    present or scanned a visitor) at fairs held (published or completed) starting in
    ``period``; per stand, interviews the larger of the day (agreed, offered scanned outcomes
    plus the unscanned count) and the return; offers and starts from the latest return; starts
    within 13 weeks from the latest revision saved by then."""
    figures = dict.fromkeys(OUTCOMES, 0)
    for stand in StandApplication.objects.select_related("event"):
        event = stand.event
        if employer_id is not None and stand.employer_id != employer_id:
            continue
        came = (
            stand.presence == "present"
            or StandInteraction.objects.filter(application=stand).exists()
        )
        if stand.status != "approved" or not came:
            continue
        if event.status not in ("published", "completed") or event.kind not in FAIRS:
            continue
        if not period.starts_at <= event.starts_at < period.ends_at:
            continue
        agreed = [
            outcome
            for outcome in VisitOutcome.objects.select_related("interaction")
            if outcome.interaction.application_id == stand.pk
            and outcome.visitor_agreed
            and outcome.interview_offered
        ]
        count = StandDayCount.objects.filter(application=stand).first()
        day = len(agreed) + (count.unscanned_interviews_offered if count else 0)
        latest = StandReturn.objects.filter(application=stand).first()
        figures["interviews_offered"] += max(day, latest.interviews_offered if latest else 0)
        if latest is not None:
            figures["job_offers"] += latest.job_offers
            figures["job_starts"] += latest.job_starts + latest.apprenticeship_starts
        in_time = [
            revision
            for revision in StandReturnRevision.objects.filter(stand_return__application=stand)
            if revision.saved_at <= event.ends_at + timedelta(weeks=13)
        ]
        if in_time:
            last = max(in_time, key=lambda revision: (revision.saved_at, revision.pk))
            figures["job_starts_within_13_weeks"] += last.job_starts + last.apprenticeship_starts
    return figures


def csv_rows(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.content
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def xlsx_rows(response) -> tuple[list[dict[str, object]], dict[str, str]]:
    """The summary's rows by column name (the sheet is headed in words), and the Definitions."""
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = list(book.worksheets[0].iter_rows(values_only=True))
    words = list(sheet[0])
    names = {heading(name): name for name, _definition in COLUMNS}
    rows = [
        {names.get(word, str(word)): value for word, value in zip(words, line, strict=True)}
        for line in sheet[1:]
    ]
    definitions = {row[0]: row[1] for row in book.worksheets[1].iter_rows(values_only=True)}
    return rows, definitions


def cells(row: dict, kind=int) -> dict[str, object]:
    return {name: kind(row[name]) if row[name] not in (None, "") else "" for name in OUTCOMES}


def dashboard_links(client, world, employer_id: int) -> dict[str, str]:
    """The export links the employer dashboard offers (as a person would follow them)."""
    page = client.get(
        reverse("dashboard:employer", args=[employer_id]),
        {"period": f"ay-{world.period.start.year}"},
    )
    assert page.status_code == 200
    hrefs = re.findall(r'href="(/exports/engagement/\?[^"]+)"', page.content.decode())
    return {re.search(r"format=(\w+)", h)[1]: html.unescape(h) for h in hrefs}


# --- The employer contact's own figures --------------------------------------------------------


def test_the_employer_dashboards_files_count_its_outcomes_exactly(client, world):
    a, b = world.stands
    employer_id = a.application.employer_id
    expected = recount(world.period, employer_id)
    assert expected == {
        "interviews_offered": 5,  # the day's 3 agreed + 2 unscanned, over the return's 4
        "job_offers": 3,
        "job_starts": 3,
        "job_starts_within_13_weeks": 1,  # the return saved by 13 weeks had 1 start
    }
    assert expected != recount(world.period)  # B's figures would show
    client.force_login(a.contact)
    links = dashboard_links(client, world, employer_id)
    assert set(links) == {"csv", "xlsx"}
    assert f"employer={employer_id}" in links["csv"]

    *rows, total = csv_rows(client.get(links["csv"]))
    assert rows and {row["group"] for row in rows} >= {"Delta School"}
    for row in rows:  # rows by school: outcomes are not a school's
        assert cells(row) == dict.fromkeys(OUTCOMES, "")
    assert cells(total) == expected

    (*rows, total), definitions = xlsx_rows(client.get(links["xlsx"]))
    for row in rows:
        assert cells(row) == dict.fromkeys(OUTCOMES, "")
    assert cells(total) == expected
    assert (
        "a file narrowed to one employer counts that employer's stands alone"
        in (definitions["Empty outcome cells"])
    )
    assert definitions["Filters"] == f"employer: {a.application.employer.name}"


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_file_by_employer_narrowed_to_one_shows_its_row_alone(client, world, file_format):
    """Grouped by employer and narrowed to A: A's row and the totals line carry A's outcomes
    (its stands at fairs in the year, not the earlier fair's); B appears nowhere."""
    a, b = world.stands
    employer = a.application.employer
    expected = recount(world.period, employer.pk)
    client.force_login(a.contact)

    response = client.get(
        EXPORT,
        {
            "academic_year": world.period.label,
            "group_by": "employer",
            "employer": employer.pk,
            "format": file_format,
        },
    )
    if file_format == "csv":
        *rows, total = csv_rows(response)
    else:
        (*rows, total), _definitions = xlsx_rows(response)

    assert [row["group"] for row in rows] == [employer.name]
    assert cells(rows[0]) == cells(total) == expected
    assert b.application.employer.name not in str([*rows, total])


def test_the_api_files_of_an_employer_contact_count_its_own_outcomes(world):
    """The API's file (no drill-down: what the contact may see) counts the same figures."""
    a, b = world.stands
    api = APIClient()
    api.force_authenticate(a.contact)
    expected = recount(world.period, a.application.employer_id)

    answer = api.get(
        API, {"academic_year": world.period.label, "group_by": "employer", "format": "csv"}
    )
    *rows, total = csv_rows(answer)
    assert [row["group"] for row in rows] == [a.application.employer.name]
    assert cells(rows[0]) == cells(total) == expected

    answer = api.get(API, {"academic_year": world.period.label, "format": "xlsx"})
    (*rows, total), _definitions = xlsx_rows(answer)
    assert cells(total) == expected


def test_an_employer_contact_cannot_get_another_employers_figures(client, world):
    a, b = world.stands
    client.force_login(a.contact)

    for file_format in ("csv", "xlsx"):
        refused = client.get(
            EXPORT,
            {
                "academic_year": world.period.label,
                "group_by": "employer",
                "employer": b.application.employer_id,
                "format": file_format,
            },
        )
        assert refused.status_code == 400
        assert b.application.employer.name not in refused.content.decode()
    page = client.get(reverse("dashboard:employer", args=[b.application.employer_id]))
    assert page.status_code == 404


def test_the_definitions_sheet_says_when_outcomes_are_counted_in_polish_too(client, world, polish):
    a, _b = world.stands
    client.force_login(a.contact)
    link = dashboard_links(client, world, a.application.employer_id)["xlsx"]

    with translation.override("pl"):
        response = client.get(link, HTTP_ACCEPT_LANGUAGE="pl")
        book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    definitions = {row[0]: row[1] for row in book["Definicje"].iter_rows(values_only=True)}

    words = definitions["Puste komórki wyników"]
    assert "plik zawężony do jednego pracodawcy liczy wyłącznie stoiska tego pracodawcy" in words
    assert "zawężonego do szkoły, hubu lub dystryktu" in words


# --- A lead's drill-down, and the whole county -------------------------------------------------


def test_a_leads_drill_down_to_an_employer_counts_that_employer_alone(client, world):
    a, b = world.stands
    client.force_login(member(Role.LEAD))
    for stand in (a, b):
        employer_id = stand.application.employer_id
        *_rows, total = csv_rows(client.get(dashboard_links(client, world, employer_id)["csv"]))
        assert cells(total) == recount(world.period, employer_id)


def test_the_county_by_employer_carries_each_employers_outcomes_and_the_countys_total(
    client, world
):
    """Unchanged: with no drill-down every employer's row has its own outcomes and the totals
    line the county's (the earlier year's fair in neither)."""
    client.force_login(member(Role.LEAD))
    *rows, total = csv_rows(
        client.get(
            EXPORT,
            {"academic_year": world.period.label, "group_by": "employer", "format": "csv"},
        )
    )
    by_name = {row["group"]: row for row in rows}
    for stand in world.stands:
        employer = stand.application.employer
        assert cells(by_name[employer.name]) == recount(world.period, employer.pk)
    assert cells(total) == recount(world.period)
    assert recount(world.period)["job_offers"] == 3 + 7


# --- Any other narrowing: not counted, empty ---------------------------------------------------


@pytest.mark.parametrize("narrowing", ["school", "hub", "district", "employer_and_school"])
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_file_narrowed_to_a_place_leaves_every_outcome_cell_empty(
    client, world, narrowing, file_format
):
    a, _b = world.stands
    school = world.school
    filters = {
        "school": {"school": school.pk},
        "hub": {"hub": school.hub_id},
        "district": {"district": school.district_id},
        "employer_and_school": {"employer": a.application.employer_id, "school": school.pk},
    }[narrowing]
    client.force_login(member(Role.LEAD))

    response = client.get(
        EXPORT,
        {
            "academic_year": world.period.label,
            "group_by": "employer",
            "format": file_format,
            **filters,
        },
    )
    if file_format == "csv":
        rows = csv_rows(response)
    else:
        rows, _definitions = xlsx_rows(response)

    assert len(rows) >= 2  # A's row (it met the school), perhaps others, and the totals line
    assert int(rows[-1]["employer_encounters"]) > 0
    for row in rows:
        assert cells(row) == dict.fromkeys(OUTCOMES, "")


# --- Queries ------------------------------------------------------------------------------------


def test_an_employer_narrowed_files_queries_do_not_grow_with_its_rows(client, world):
    a, _b = world.stands
    employer = a.application.employer
    client.force_login(a.contact)
    query = {"academic_year": world.period.label, "employer": employer.pk, "format": "csv"}

    def statements() -> int:
        csv_rows(client.get(EXPORT, query))  # brings the tallies up to date after writes
        with CaptureQueriesContext(connection) as captured:
            rows = csv_rows(client.get(EXPORT, query))
        assert cells(rows[-1]) == recount(world.period, employer.pk)
        return len(captured)

    before = statements()
    for n in range(15):
        school = SchoolFactory()
        Encounter.objects.create(
            kind="employer_talk", source="recorded", source_key=f"more:{n}",
            occurred_on=world.school_day, employer=employer,
            school=school, hub=school.hub, district=school.district, year_group=9,
            audience="pupils", people=5,
        )  # fmt: skip

    assert statements() == before
