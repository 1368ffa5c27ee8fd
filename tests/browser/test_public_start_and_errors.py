"""The start page on a phone and a laptop leads to the fairs, and a refused registration opens
at its error summary, focused (the GOV.UK pattern), even on a phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.factories import DistrictFactory, EventFactory, JobcentreVenueFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_the_start_page_lists_the_next_fairs_and_searches_the_list(page, viewport):
    page.page.set_viewport_size(viewport)
    watford = DistrictFactory(name="Watford")
    EventFactory(
        title="Watford jobs fair",
        venue=JobcentreVenueFactory(name="Watford Jobcentre", district=watford),
    )
    page.goto("/")

    fair = page.page.get_by_role("link", name="Watford jobs fair")
    expect(fair).to_be_visible()
    expect(page.page.get_by_text("Watford Jobcentre, Watford")).to_be_visible()
    expect(page.page.get_by_role("button", name="Sign in")).to_be_visible()
    scroll_width = page.page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= viewport["width"]

    page.page.get_by_label("District").select_option(label="Watford")
    page.submit(page.page.get_by_role("button", name="Search", exact=True))

    expect(page.page).to_have_url(re.compile(r"/events/\?"))
    expect(page.page.get_by_role("link", name="Watford jobs fair")).to_be_visible()
    with page.page.expect_navigation():
        page.page.get_by_role("link", name="Watford jobs fair").click()
    page.check_accessibility()
    expect(page.page.get_by_role("heading", level=1)).to_have_text("Watford jobs fair")


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_a_refused_registration_opens_at_the_focused_error_summary(page, viewport):
    page.page.set_viewport_size(viewport)
    event = EventFactory(title="Stevenage jobs fair")
    page.goto(f"/events/{event.public_id}/")

    page.submit(page.page.get_by_role("button", name="Register", exact=True))

    summary = page.page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    assert page.page.evaluate(
        "() => document.activeElement.classList.contains('govuk-error-summary')"
    )
    assert "#" not in page.page.url
    expect(summary.get_by_role("link", name="Enter your name.")).to_be_visible()
