"""Issue 5's employers' stands: a representative scans a visitor at the stand with a fake camera.

The same real path as the door's scanner (tests/browser/test_scanner.py): Chromium's fake camera
shows the visitor's ticket QR, the page reads it (ZXing on WebAssembly) and posts it to
POST /api/v1/stands/<id>/visits/; the meeting is recorded and the contact details they agreed to
share come back.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from events.models import StandInteraction
from events.services import stand_apply, stand_approve
from events.tickets import ticket_qr_png
from tests.browser.fake_camera import write_y4m
from tests.browser.test_scanner import camera_page, sign_in  # noqa: F401 (a fixture)
from tests.events.conftest import register
from tests.factories import EmployerFactory, EventFactory, member

pytestmark = pytest.mark.browser


def test_a_representative_scans_a_visitor_at_the_stand(camera_page, tmp_path):  # noqa: F811
    event = EventFactory(title="Hatfield spring jobs fair")
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)
    employer = EmployerFactory(name="Lister Hospital Trust")
    contact = member(Role.EMPLOYER_CONTACT, employer.organisation)
    application = stand_apply(event=event, employer=employer, by=contact, representatives=1)
    stand_approve(application=application, by=organiser)
    ticket = register(
        event,
        name="Grace Hopper",
        email="grace@example.net",
        consent_contact_employers=True,
    ).tickets[0]

    page = camera_page(write_y4m(ticket_qr_png(ticket.token), tmp_path / "grace.y4m"))
    sign_in(page, contact.email)
    page.goto("/events/stands/")
    page.submit(page.page.get_by_role("link", name="Scan visitors at your stand"))
    expect(page.page.get_by_role("heading", level=1)).to_have_text("Scan visitors at your stand")
    expect(page.page.locator("#stand-number")).to_have_text("Stand 1")
    expect(page.page.locator("#stand[data-ready=true][data-decoder=ready]")).to_be_attached()

    note = page.page.get_by_label("Note to save with the next scans (optional)")
    note.fill("Asked about nursing")
    page.page.get_by_role("button", name="Start camera").click()

    result = page.page.locator("#stand-results li").first
    expect(result).to_contain_text("Met: Grace Hopper (Jobseeker)")
    expect(result).to_contain_text("E-mail: grace@example.net")
    expect(result).to_have_attribute("data-result", "ok")
    expect(page.page.locator("#stand-announcement")).to_contain_text("Met: Grace Hopper")
    page.check_accessibility()

    visit = StandInteraction.objects.get()
    assert visit.application_id == application.pk and visit.ticket_id == ticket.pk
    assert visit.scanned_by_id == contact.pk
    assert visit.note == "Asked about nursing"
    # The camera keeps seeing the same code: one scan, not one per frame.
    assert page.page.locator("#stand-results li").count() == 1
