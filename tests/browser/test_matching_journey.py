"""Issue 3's journey: a coordinator imports schools, runs a round, reads why, accepts."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from engagement.models import Match
from schools.models import School
from tests.factories import PASSWORD, DistrictFactory, EnterpriseAdviserFactory, HubFactory, member

pytestmark = pytest.mark.browser

HEADER = (
    "URN,EstablishmentName,TypeOfEstablishment (name),PhaseOfEducation (name),Postcode,"
    "DistrictAdministrative (name),NumberOfPupils\n"
)
GOOD_ROW = "117501,Marriotts Vale School,Academy converter,Secondary,SG2 8UT,Stevenage,1050\n"
BAD_ROW = "11750X,Barclay Fields Academy,Academy converter,Secondary,SG1 3RB,Stevenage,980\n"
FIXED_ROW = "117502,Barclay Fields Academy,Academy converter,Secondary,SG1 3RB,Stevenage,980\n"


def sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.page.get_by_label(re.compile(r"e-?mail", re.IGNORECASE)).fill(email)
    page.page.get_by_label(re.compile(r"^password", re.IGNORECASE)).fill(PASSWORD)
    page.submit(page.page.get_by_role("button", name=re.compile(r"^\s*sign in\s*$", re.I)))


def upload(page, tmp_path, content: str) -> None:
    csv_file = tmp_path / "schools.csv"
    csv_file.write_text(content, encoding="utf-8")
    page.page.get_by_label("Upload a file").set_input_files(str(csv_file))
    page.submit(page.page.get_by_role("button", name="Import"))


def test_coordinator_imports_schools_runs_a_round_and_accepts_a_proposal(page, tmp_path):
    DistrictFactory(name="Stevenage")
    hub = HubFactory(name="Hertfordshire Careers Hub — North and East")
    coordinator = member(Role.COORDINATOR, hub.organisation)
    EnterpriseAdviserFactory(
        user__full_name="Priya Shah", dbs_checked_on=date.today() - timedelta(days=60)
    )
    sign_in(page, coordinator.email)

    # A file with one bad row: the row's error is shown and nothing is imported.
    page.goto("/schools/import/")
    upload(page, tmp_path, HEADER + GOOD_ROW + BAD_ROW)
    summary = page.page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Line 3")
    expect(summary).to_contain_text("11750X")
    assert not School.objects.exists()

    # Fixed, it imports both schools.
    upload(page, tmp_path, HEADER + GOOD_ROW + FIXED_ROW)
    expect(page.page.locator(".govuk-notification-banner--success")).to_contain_text("2 created")
    assert School.objects.filter(hub=hub).count() == 2

    # A round for the hub proposes Priya for one school and says why the other is unmatched.
    page.goto("/matching/")
    start = page.page.get_by_role("group", name="Matches start on")
    start.get_by_label("Day").fill(str(date.today().day))
    start.get_by_label("Month").fill(date.today().strftime("%B"))  # a month name is understood
    start.get_by_label("Year").fill(str(date.today().year))
    page.submit(page.page.get_by_role("button", name="Run a matching round"))
    expect(page.page.get_by_role("heading", level=1)).to_contain_text("Matching round for")
    proposal = page.page.locator(".govuk-summary-card").first
    expect(proposal).to_contain_text("Priya Shah")
    expect(page.page.get_by_text("gave more to the total at other schools")).to_be_visible()
    # The weights read as the score's parts, never as their codes.
    weights = page.page.locator(".govuk-summary-list__row", has_text="Weights used")
    expect(weights).to_contain_text("Adviser's preferred districts 2")
    expect(page.page.locator("main")).not_to_contain_text(re.compile("[Pp]referred_district"))

    # "Why this match" opens to the score's parts.
    proposal.get_by_text("Why this match").click()
    expect(proposal.get_by_role("row", name=re.compile("Distance"))).to_be_visible()
    expect(proposal.get_by_role("row", name=re.compile("Total"))).to_be_visible()
    page.check_accessibility()

    page.submit(proposal.get_by_role("button", name=re.compile(r"^Accept")))
    match = Match.objects.select_related("school", "adviser__user").get()
    assert match.adviser.user.full_name == "Priya Shah"
    expect(page.page.locator(".govuk-notification-banner")).to_contain_text(
        f"is now {match.school.name}'s Enterprise Adviser"
    )
    expect(proposal.locator(".govuk-tag").first).to_have_text("Accepted")
