"""A stand scan at a fair is in the lead's figures at once: the employer's representative scans
a visitor with a (fake) camera at the stand, and the lead's dashboard shows the employer's
encounter on its next load — no periodic job, no worker. Admission at the door alone moves
the fair's attendance, never the employer's encounters."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from events.checkin import ticket_check_in
from events.services import stand_apply, stand_approve
from events.tickets import ticket_qr_png
from tests.browser.fake_camera import write_y4m
from tests.browser.test_scanner import camera_page, sign_in  # noqa: F401 (a fixture)
from tests.events.conftest import register
from tests.factories import EmployerFactory, EventFactory, member

pytestmark = pytest.mark.browser


def test_a_stand_scan_moves_the_employers_encounters_on_the_leads_dashboard(
    page,
    camera_page,  # noqa: F811
    tmp_path,
):
    event = EventFactory(title="Watford summer jobs fair")
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)
    employer = EmployerFactory(name="Croxley Logistics")
    contact = member(Role.EMPLOYER_CONTACT, employer.organisation)
    application = stand_apply(event=event, employer=employer, by=contact, representatives=1)
    stand_approve(application=application, by=organiser)
    ticket = register(event, name="Ada Lovelace", email="ada@example.net").tickets[0]
    ticket_check_in(token=ticket.token, event_id=event.pk, by=organiser)  # admitted at the door
    lead = member(Role.LEAD)

    sign_in(page, lead.email)
    page.goto(f"/dashboard/employers/{employer.pk}/")
    encounters = page.page.locator('[data-figure="employer_encounters"]')
    expect(encounters).to_have_text("0")  # admission alone is not an employer encounter
    page.goto("/dashboard/county/")
    expect(page.page.locator('[data-total="fair_attendance"]').first).to_have_text("1")

    stand = camera_page(write_y4m(ticket_qr_png(ticket.token), tmp_path / "ada.y4m"))
    sign_in(stand, contact.email)
    stand.goto("/events/stands/")
    stand.submit(stand.page.get_by_role("link", name="Scan visitors at your stand"))
    expect(stand.page.locator("#stand[data-ready=true][data-decoder=ready]")).to_be_attached()
    stand.page.get_by_role("button", name="Start camera").click()
    expect(stand.page.locator("#stand-results li").first).to_have_attribute("data-result", "ok")
    stand.check_accessibility()

    page.goto(f"/dashboard/employers/{employer.pk}/")
    expect(page.page.locator('[data-figure="employer_encounters"]')).to_have_text("1")
    expect(page.page.locator('[data-figure="people"]')).to_have_text("1")
    page.goto("/dashboard/county/")
    expect(page.page.locator('[data-total="employer_encounters"]').first).to_have_text("1")
    application.refresh_from_db()
    assert application.presence == "present"  # the first scan marked the employer present
