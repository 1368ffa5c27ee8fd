"""A strategy lead reads the county's measures, drills into a district, and downloads its
encounters as a spreadsheet whose totals match the page (every page axe-checked)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from engagement.measures import measures_seed
from engagement.models import Encounter, Measure
from engagement.summary_columns import heading
from events.models import Event
from tests.factories import (
    PASSWORD,
    DistrictFactory,
    EmployerFactory,
    EventFactory,
    JobcentreVenueFactory,
    SchoolFactory,
    YearGroupRollFactory,
    member,
)

pytestmark = pytest.mark.browser


def _encounters(school, employer, count: int, *, start: int, meaningful: bool) -> None:
    day = timezone.localdate() - timedelta(days=1)
    for n in range(count):
        Encounter.objects.create(
            kind="employer_talk",
            source="recorded",
            source_key=f"journey:{start + n}",
            occurred_on=day,
            audience="pupils",
            people=15,
            school=school,
            hub=school.hub,
            district=school.district,
            year_group=9 + n % 3,
            employer=employer,
            purpose_shared=meaningful,
            learning_outcomes=meaningful,
            two_way=meaningful,
            reflection=meaningful,
        )


def test_lead_reads_the_county_drills_into_a_district_and_exports_the_same_totals(page, tmp_path):
    measures_seed()  # a browser test's database is emptied between tests: seed the measures
    stevenage = DistrictFactory(name="Stevenage")
    watford = DistrictFactory(name="Watford")
    employer = EmployerFactory()
    for district, count in ((stevenage, 3), (watford, 2)):
        school = SchoolFactory(district=district)
        YearGroupRollFactory(school=school, year_group=9, pupils=120)
        _encounters(school, employer, count, start=district.pk * 100, meaningful=True)
    lead = member(Role.LEAD)

    page.goto("/accounts/login/")
    page.page.get_by_label(re.compile(r"e-?mail", re.IGNORECASE)).fill(lead.email)
    page.page.get_by_label(re.compile(r"^password", re.IGNORECASE)).fill(PASSWORD)
    page.submit(page.page.get_by_role("button", name=re.compile(r"^\s*sign in\s*$", re.I)))
    page.submit(page.page.get_by_role("link", name="Open the Hertfordshire dashboard"))

    # The county: every measure with its figure, target and a status tag in words.
    expect(page.page.get_by_role("heading", level=1)).to_have_text("Hertfordshire dashboard")
    measures = page.page.locator("table.app-measures tbody tr")
    expect(measures).to_have_count(Measure.objects.count())
    expect(measures.first.locator(".govuk-tag")).to_have_text(
        re.compile(r"^(Green|Amber|Red): |^No target here$|^No data yet$")
    )
    coverage = page.page.locator("#measure-benchmark-5-coverage")
    expect(coverage).to_contain_text("as a percentage of pupils on roll")
    expect(coverage.locator(".govuk-tag")).to_have_text("Red: off target")
    districts = page.page.locator("table[data-drill='districts']")
    expect(districts.locator("tfoot [data-total='employer_encounters']")).to_have_text("5")

    # Into one district: its own figures only.
    page.submit(districts.get_by_role("link", name="Stevenage"))
    expect(page.page.get_by_role("heading", level=1)).to_have_text("Stevenage")
    schools = page.page.locator("table[data-drill='schools']")
    total = schools.locator("tfoot [data-total='employer_encounters']")
    expect(total).to_have_text("3")
    pupils = schools.locator("tfoot [data-total='pupils_reached']").inner_text()

    # The district's spreadsheet, through the page's own link, has the same totals.
    with page.page.expect_download() as download:
        page.page.get_by_role("link", name=re.compile(r"as a spreadsheet \(XLSX\)")).click()
    path = tmp_path / "district.xlsx"
    download.value.save_as(path)
    sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = rows[0]
    totals = next(row for row in rows if row[0] == "Total")
    assert totals[header.index(heading("employer_encounters"))] == int(total.inner_text())
    assert totals[header.index(heading("pupils_reached"))] == int(pupils)


def _type_date(page, legend: str, day: date) -> None:
    """Type a date into the Day, Month and Year boxes of the date input called ``legend``."""
    boxes = page.page.get_by_role("group", name=legend, exact=True)
    boxes.get_by_label("Day").fill(str(day.day))
    boxes.get_by_label("Month").fill(str(day.month))
    boxes.get_by_label("Year").fill(str(day.year))


def _sign_in(page, user) -> None:
    page.goto("/accounts/login/")
    page.page.get_by_label(re.compile(r"e-?mail", re.IGNORECASE)).fill(user.email)
    page.page.get_by_label(re.compile(r"^password", re.IGNORECASE)).fill(PASSWORD)
    page.submit(page.page.get_by_role("button", name=re.compile(r"^\s*sign in\s*$", re.I)))


def test_careers_leader_sees_coverage_and_records_an_encounter_after_fixing_an_error(page):
    measures_seed()
    school = SchoolFactory()
    YearGroupRollFactory(school=school, year_group=9, pupils=120)
    employer = EmployerFactory(name="Stevenage Aerospace Ltd")
    _encounters(school, employer, 1, start=1, meaningful=True)
    _sign_in(page, member(Role.CAREERS_LEADER, school.organisation))

    page.submit(page.page.get_by_role("link", name="Open your dashboard"))
    expect(page.page.get_by_role("heading", level=1)).to_have_text(school.name)
    expect(
        page.page.get_by_role("img", name=re.compile("Benchmark 5 coverage by year group"))
    ).to_be_visible()
    page.submit(page.page.get_by_role("link", name="Record an encounter"))

    page.page.get_by_label("Mock interviews").check()
    page.page.get_by_label("Year group").select_option("10")
    page.submit(page.page.get_by_role("button", name="Record encounter"))
    summary = page.page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Choose the employer.")
    expect(summary).to_contain_text("Give the number of pupils, or their references.")
    expect(summary).to_contain_text("Enter the date of the encounter")

    _type_date(page, "Date", timezone.localdate())
    page.page.get_by_label("Employer", exact=True).select_option(label=employer.name)
    page.page.get_by_label("Pupil references (optional)").fill("P-001\nP-002")
    for fact in ("Purpose shared", "Learning outcomes", "Two-way", "Time for reflection"):
        page.page.get_by_label(re.compile(f"^{fact}")).check()
    page.submit(page.page.get_by_role("button", name="Record encounter"))

    expect(
        page.page.locator(".govuk-notification-banner, .govuk-panel, [role='alert']").first
    ).to_contain_text("Encounter recorded")
    assert Encounter.objects.filter(kind="mock_interviews", people=2, meaningful=True).exists()


def test_lead_freezes_the_figures_and_compares_them_with_today(page):
    measures_seed()
    _sign_in(page, member(Role.LEAD))

    page.goto("/dashboard/snapshots/")
    expect(page.page.get_by_text("31 December, 31 March and 31 July")).to_be_visible()
    page.submit(page.page.get_by_role("button", name="Freeze today's figures"))

    expect(page.page.get_by_role("heading", level=1)).to_contain_text("As at")
    expect(page.page.locator("tbody tr")).to_have_count(Measure.objects.count())
    page.goto("/dashboard/measures/")
    page.submit(page.page.get_by_role("link", name=re.compile("^Change target Two sector skills")))
    page.page.get_by_label("Target", exact=True).fill("3")
    page.submit(page.page.get_by_role("button", name="Save target"))
    expect(page.page.locator("#sector-skills-events")).to_contain_text("Target: 3")


def test_jobcentre_organiser_sees_the_grid_and_records_a_placement_and_a_fairs_facts(page):
    measures_seed()
    venue = JobcentreVenueFactory(name="Stevenage Jobcentre")
    fair = EventFactory(venue=venue, status=Event.Status.COMPLETED, title="Spring jobs fair")
    _sign_in(page, member(Role.JOBCENTRE_ORGANISER, venue.organisation))

    page.submit(page.page.get_by_role("link", name="Open your dashboard"))
    expect(page.page.get_by_role("heading", level=1)).to_have_text("Stevenage Jobcentre")
    expect(
        page.page.get_by_role("img", name=re.compile("Jobs fairs by Jobcentre and quarter"))
    ).to_be_visible()
    page.submit(page.page.get_by_role("link", name="Record a placement"))

    page.submit(page.page.get_by_role("button", name="Record placement"))
    expect(page.page.locator(".govuk-error-summary")).to_be_visible()
    _type_date(page, "Placement started on", timezone.localdate())
    page.page.get_by_label("Yes").check()
    page.submit(page.page.get_by_role("button", name="Record placement"))
    expect(page.page.locator("#placements ~ .app-table-scroll table tbody tr")).to_have_count(1)

    page.goto(f"/dashboard/events/{fair.pk}/meaningful/")
    page.page.get_by_label("Two-way interaction").check()
    page.submit(page.page.get_by_role("button", name="Save"))
    expect(page.page.get_by_label("Two-way interaction")).to_be_checked()
