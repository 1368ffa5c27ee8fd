"""Issue 4's journeys in a real browser, every page checked with axe-core:
an employer contact applies for a stand and the Jobcentre organiser approves it; a jobseeker with
no account registers for a jobs fair, asks for a BSL interpreter and gets a ticket with its QR."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from events.models import Registration, StandApplication
from tests.browser.test_matching_journey import sign_in
from tests.factories import EmployerFactory, EventFactory, JobcentreVenueFactory, member

pytestmark = pytest.mark.browser


def sign_out(page) -> None:
    page.page.context.clear_cookies()


def test_an_employer_applies_for_a_stand_and_the_jobcentre_organiser_approves_it(page):
    venue = JobcentreVenueFactory(name="Stevenage Jobcentre")
    event = EventFactory(title="Stevenage jobs fair", venue=venue, stand_capacity=5)
    employer = EmployerFactory(name="Herts Logistics Ltd")
    contact = member(Role.EMPLOYER_CONTACT, employer.organisation)
    organiser = member(Role.JOBCENTRE_ORGANISER, venue.organisation)

    sign_in(page, contact.email)
    page.goto("/events/fairs/")
    page.submit(page.page.get_by_role("link", name=re.compile("Apply for a stand")))
    page.page.get_by_label("How many people will staff your stand?").fill("2")
    page.page.locator("#id_vacancy_1_title").fill("Warehouse operative")
    page.page.locator("#id_vacancy_1_posts").fill("4")
    page.page.get_by_label("We need a power socket").check()
    page.submit(page.page.get_by_role("button", name="Send application"))
    expect(page.page.get_by_role("heading", level=1)).to_have_text("Your stand applications")
    expect(page.page.locator("tbody .govuk-tag")).to_have_text("Waiting for a decision")

    sign_out(page)
    sign_in(page, organiser.email)
    page.goto(f"/events/manage/{event.pk}/stands/")
    page.submit(page.page.get_by_role("button", name="Approve Herts Logistics Ltd"))
    expect(page.page.locator(".govuk-notification-banner--success")).to_contain_text("stand 1")
    assert StandApplication.objects.get().status == StandApplication.Status.APPROVED

    sign_out(page)
    sign_in(page, contact.email)
    page.goto("/events/stands/")
    expect(page.page.locator("tbody .govuk-tag")).to_have_text("Approved")
    expect(page.page.get_by_role("cell", name="Stand 1")).to_be_visible()


def test_a_jobseeker_registers_asks_for_a_bsl_interpreter_and_sees_the_ticket_qr(page):
    event = EventFactory(title="Watford jobs fair")

    page.goto("/events/")
    page.submit(page.page.get_by_role("link", name="Watford jobs fair"))
    page.register(
        "Sam Patel",
        email="sam@example.net",
        ticks=("A BSL interpreter (British Sign Language)",),
    )

    expect(page.page.locator(".govuk-panel--confirmation")).to_contain_text("You are registered")
    registration = Registration.objects.get(event=event)
    assert registration.adjustments == ["bsl_interpreter"]
    page.submit(page.page.get_by_role("button", name="View and print your ticket"))

    qr = page.page.locator("img.app-ticket__qr")
    expect(qr).to_be_visible()
    page.page.wait_for_function(
        "() => { const i = document.querySelector('img.app-ticket__qr');"
        " return i && i.complete && i.naturalWidth > 0; }"
    )
    assert qr.evaluate("img => img.naturalWidth") >= 250
    assert qr.bounding_box()["width"] >= 250
    expect(page.page.get_by_text("BSL interpreter")).to_be_visible()
    expect(page.page.get_by_text(registration.tickets.get().number).first).to_be_visible()
