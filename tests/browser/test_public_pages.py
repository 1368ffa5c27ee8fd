"""Pages anyone can open, in a real browser, each checked with axe-core (see conftest.py)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from tests.factories import member

pytestmark = pytest.mark.browser


def test_start_page_leads_to_the_fairs_and_offers_sign_in(page):
    page.goto("/")

    expect(page.page.get_by_role("heading", level=1)).to_have_text(
        "Careers and jobs fairs in Hertfordshire"
    )
    expect(page.page.get_by_role("button", name="Find a fair")).to_have_attribute(
        "href", "/events/"
    )
    expect(page.page.get_by_role("button", name="Sign in")).to_be_visible()


def test_skip_link_is_the_first_thing_tab_reaches(page):
    page.goto("/")

    page.page.keyboard.press("Tab")

    focused = page.page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    expect(page.page.get_by_role("link", name="Skip to main content")).to_be_visible()


def test_accessibility_statement(page):
    page.goto("/accessibility/")

    expect(page.page.get_by_role("heading", level=1)).to_contain_text(
        re.compile("accessibility", re.IGNORECASE)
    )


def test_privacy_notice(page):
    page.goto("/privacy/")

    expect(page.page.get_by_role("heading", level=1)).to_contain_text(
        re.compile("privacy", re.IGNORECASE)
    )


def test_wrong_password_shows_the_error_summary(page):
    user = member(Role.COORDINATOR)
    page.goto("/accounts/login/")

    page.page.get_by_label(re.compile(r"e-?mail", re.IGNORECASE)).fill(user.email)
    page.page.get_by_label(re.compile(r"^password", re.IGNORECASE)).fill("not-the-password")
    page.submit(page.page.get_by_role("button", name=re.compile(r"^\s*sign in\s*$", re.I)))

    summary = page.page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_contain_text(re.compile("problem", re.IGNORECASE))
    expect(page.page).to_have_title(re.compile(r"\bError\b"))
    expect(page.page.get_by_role("link", name="Sign out")).to_have_count(0)
