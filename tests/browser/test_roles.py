"""Each role signs in through the real sign-in page and lands on its own home page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from tests.factories import PASSWORD, member

pytestmark = pytest.mark.browser

HOME_HEADINGS = {
    Role.COORDINATOR: "Your Careers Hub",
    Role.JOBCENTRE_ORGANISER: "Your Jobcentre's fairs",
    Role.EMPLOYER_CONTACT: "Your organisation",
    Role.ENTERPRISE_ADVISER: "Your Enterprise Adviser role",
    Role.CAREERS_LEADER: "Your school",
    Role.LEAD: "County engagement measures",
    Role.ADMIN: "Administration",
}


@pytest.mark.parametrize("role", list(HOME_HEADINGS), ids=str)
def test_role_signs_in_and_sees_its_home_page(page, role):
    user = member(role)
    page.goto("/accounts/login/")

    page.page.get_by_label(re.compile(r"e-?mail", re.IGNORECASE)).fill(user.email)
    page.page.get_by_label(re.compile(r"^password", re.IGNORECASE)).fill(PASSWORD)
    page.submit(page.page.get_by_role("button", name=re.compile(r"^\s*sign in\s*$", re.I)))

    expect(page.page.get_by_role("heading", level=1)).to_have_text(HOME_HEADINGS[role])
    navigation = page.page.locator(".govuk-service-navigation")
    expect(navigation.get_by_role("link", name="Sign out")).to_be_visible()
