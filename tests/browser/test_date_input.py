"""The GOV.UK date input in a browser: typed day by day, wrong boxes in red, pages pass axe."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from engagement.models import Encounter
from events.models import Event
from tests.factories import PASSWORD, EmployerFactory, JobcentreVenueFactory, SchoolFactory, member

pytestmark = pytest.mark.browser


def _sign_in(page, user) -> None:
    page.goto("/accounts/login/")
    page.page.get_by_label(re.compile(r"e-?mail", re.IGNORECASE)).fill(user.email)
    page.page.get_by_label(re.compile(r"^password", re.IGNORECASE)).fill(PASSWORD)
    page.submit(page.page.get_by_role("button", name=re.compile(r"^\s*sign in\s*$", re.I)))


def _type_date(page, legend: str, day: str, month: str, year: str) -> None:
    boxes = page.page.get_by_role("group", name=legend, exact=True)
    boxes.get_by_label("Day").fill(day)
    boxes.get_by_label("Month").fill(month)
    boxes.get_by_label("Year").fill(year)


def test_a_date_that_is_not_real_marks_only_the_day_and_the_summary_leads_to_it(page):
    school, employer = SchoolFactory(), EmployerFactory(name="Stevenage Aerospace Ltd")
    _sign_in(page, member(Role.CAREERS_LEADER, school.organisation))
    page.goto(f"/dashboard/schools/{school.pk}/encounters/new/")

    page.page.get_by_label("Employer talk").check()
    page.page.get_by_label("Year group").select_option("10")
    page.page.get_by_label("Employer", exact=True).select_option(label=employer.name)
    page.page.get_by_label("Number of pupils").fill("28")
    _type_date(page, "Date", "31", "2", str(timezone.localdate().year))
    page.submit(page.page.get_by_role("button", name="Record encounter"))  # axe-checked

    date_group = page.page.get_by_role("group", name="Date", exact=True)
    expect(date_group).to_contain_text("Date of the encounter must be a real date")
    expect(date_group.get_by_label("Day")).to_have_class(re.compile("govuk-input--error"))
    expect(date_group.get_by_label("Month")).not_to_have_class(re.compile("govuk-input--error"))
    expect(date_group.get_by_label("Year")).not_to_have_class(re.compile("govuk-input--error"))
    expect(date_group.get_by_label("Day")).to_have_value("31")
    page.page.locator(".govuk-error-summary").get_by_role(
        "link", name="Date of the encounter must be a real date"
    ).click()
    expect(date_group.get_by_label("Day")).to_be_focused()
    assert not Encounter.objects.exists()

    yesterday = timezone.localdate() - timedelta(days=1)
    _type_date(page, "Date", str(yesterday.day), yesterday.strftime("%B"), str(yesterday.year))
    page.submit(page.page.get_by_role("button", name="Record encounter"))

    assert Encounter.objects.get(kind="employer_talk").occurred_on == yesterday


def test_an_organiser_types_an_events_dates_in_boxes_and_its_times_with_am_and_pm(page):
    venue = JobcentreVenueFactory(name="Hitchin Jobcentre")
    _sign_in(page, member(Role.JOBCENTRE_ORGANISER, venue.organisation))
    page.goto("/events/manage/new/")

    page.submit(page.page.get_by_role("button", name="Save draft"))  # every error, axe-checked
    summary = page.page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the date of the event")
    expect(summary).to_contain_text("Enter the time the event starts")

    day = timezone.localdate() + timedelta(days=40)
    page.page.get_by_label("Title").fill("Hitchin jobs fair")
    page.page.get_by_label("Attendee places").fill("120")
    _type_date(page, "Date", str(day.day), str(day.month), str(day.year))
    page.page.get_by_label("Starts at").fill("9:30am")
    page.page.get_by_label("Ends at").fill("2pm")
    page.submit(page.page.get_by_role("button", name="Save draft"))

    event = Event.objects.get(title="Hitchin jobs fair")
    starts = timezone.localtime(event.starts_at)
    ends = timezone.localtime(event.ends_at)
    assert (starts.date(), starts.hour, starts.minute) == (day, 9, 30)
    assert (ends.hour, ends.minute) == (14, 0)
