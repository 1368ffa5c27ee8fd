"""A Jobcentre organiser records a Voice of the Customer forum on a 320px phone — who took part, a
barrier (after a refused one), an action — and publishes it; "you said, we did" then shows it
to anyone, with no contact details (every page axe-checked)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from events.models import Event, EventKind, ForumRecord
from tests.factories import PASSWORD, EventFactory, JobcentreVenueFactory, in_days_at, member

pytestmark = pytest.mark.browser

PHONE = {"width": 320, "height": 640}


def _sign_in(page, user) -> None:
    page.goto("/accounts/login/")
    page.page.get_by_label(re.compile(r"e-?mail", re.IGNORECASE)).fill(user.email)
    page.page.get_by_label(re.compile(r"^password", re.IGNORECASE)).fill(PASSWORD)
    page.submit(page.page.get_by_role("button", name=re.compile(r"^\s*sign in\s*$", re.I)))


def _fits(page) -> None:
    width = page.page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"]


def test_an_organiser_records_a_forum_and_publishes_you_said_we_did(page):
    page.page.set_viewport_size(PHONE)
    venue = JobcentreVenueFactory(name="Hitchin Jobcentre")
    forum = EventFactory(
        kind=EventKind.VOICE_OF_THE_CUSTOMER_FORUM,
        title="Voice of the Customer forum at Hitchin",
        venue=venue,
        starts_at=in_days_at(-6),
        ends_at=in_days_at(-6, 12),
        status=Event.Status.COMPLETED,
    )
    _sign_in(page, member(Role.JOBCENTRE_ORGANISER, venue.organisation))

    page.goto("/voice-of-the-customer/records/")
    with page.page.expect_navigation():
        page.page.get_by_role("link", name="Voice of the Customer forum at Hitchin").click()
    page.check_accessibility()
    _fits(page)

    with page.page.expect_navigation():
        page.page.get_by_role("link", name="Record who took part").click()
    page.check_accessibility()
    page.page.get_by_label("How many people took part?").fill("12")
    page.page.get_by_label("Of whom disabled people").fill("8")
    page.submit(page.page.get_by_role("button", name="Save"))
    expect(page.page.get_by_test_id("participants")).to_have_text("12")

    with page.page.expect_navigation():
        page.page.get_by_role("button", name="Add a barrier").click()
    page.check_accessibility()
    page.submit(page.page.get_by_role("button", name="Save barrier"))  # nothing chosen
    expect(page.page.locator(".govuk-error-summary")).to_be_visible()
    _fits(page)
    page.page.get_by_label("Transport").check()
    page.page.get_by_label("The barrier, in the participants' words").fill(
        "The last bus leaves at 6pm; ring me on 07700 900123 about it."
    )
    page.submit(page.page.get_by_role("button", name="Save barrier"))
    expect(page.page.get_by_text("phone numbers were removed")).to_be_visible()

    with page.page.expect_navigation():
        page.page.get_by_role("button", name="Add an action").click()
    page.check_accessibility()
    page.page.get_by_label("What will be done").fill("Ask the bus partnership for a later bus.")
    page.page.get_by_label("Owner not listed above").fill("Intalink bus partnership")
    page.page.get_by_label("Day").fill("15")
    page.page.get_by_label("Month").fill("3")
    page.page.get_by_label("Year").fill("2027")
    page.submit(page.page.get_by_role("button", name="Save action"))
    expect(page.page.get_by_text("Intalink bus partnership")).to_be_visible()

    page.submit(page.page.get_by_role("button", name="Publish the record"))
    expect(page.page.get_by_test_id("record-published")).to_be_visible()
    assert ForumRecord.objects.get(event=forum).published_at is not None

    page.page.context.clear_cookies()  # anyone, signed out
    page.goto("/voice-of-the-customer/")
    _fits(page)
    record = page.page.get_by_test_id("forum-record")
    expect(record).to_contain_text("The last bus leaves at 6pm")
    expect(record).to_contain_text("Ask the bus partnership for a later bus.")
    expect(record).to_contain_text("15 March 2027")
    expect(record).to_contain_text("12 people took part")
    expect(page.page.locator("main")).not_to_contain_text("07700")

    with page.page.expect_navigation():
        page.page.get_by_role("link", name="Hitchin Jobcentre").first.click()
    page.check_accessibility()
    expect(page.page.get_by_role("heading", level=1)).to_contain_text("Hitchin Jobcentre")
