"""A stand's scanner with no network: the page opens offline after one visit (the door's service
worker covers /door/stands/), scans are queued on the phone and sent once the network returns,
each with its client_id; a visitor scanned twice is one visit, flagged as already recorded."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from events.models import StandInteraction
from events.services import stand_apply, stand_approve
from tests.browser.test_scanner import sign_in
from tests.events.conftest import register
from tests.factories import EmployerFactory, EventFactory, member

pytestmark = pytest.mark.browser

SCAN = (
    "([t]) => document.getElementById('stand')"
    ".dispatchEvent(new CustomEvent('stand:code', {detail: t}))"
)


def test_stand_scans_made_offline_are_sent_once_when_back_online(page):
    event = EventFactory(title="Hatfield spring jobs fair")
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)
    employer = EmployerFactory(name="Lister Hospital Trust")
    contact = member(Role.EMPLOYER_CONTACT, employer.organisation)
    application = stand_apply(event=event, employer=employer, by=contact, representatives=1)
    stand_approve(application=application, by=organiser)
    grace = register(
        event, name="Grace Hopper", email="grace@example.net", consent_contact_employers=True
    ).tickets[0]

    sign_in(page, contact.email)
    page.goto(f"/door/stands/{application.pk}/")
    expect(page.page.locator("#stand[data-ready=true][data-offline-ready=true]")).to_be_attached()

    page.page.context.set_offline(True)
    page.page.reload()
    page.check_accessibility()
    stand = page.page.locator("#stand")
    expect(stand).to_have_attribute("data-ready", "true")
    status = page.page.locator("#stand-status")
    expect(status).to_contain_text("Offline — scans are saved on this phone")

    page.page.get_by_label("Note to save with the next scans (optional)").fill("Nursing")
    page.page.evaluate(SCAN, [grace.token])
    results = page.page.locator("#stand-results li")
    expect(results.first).to_have_attribute("data-result", "queued")
    expect(results.first).to_contain_text("Saved on this phone")
    page.page.evaluate(SCAN, [grace.token])  # a colleague's habit: scanned again
    expect(status).to_contain_text("2 scans waiting to be sent")
    page.check_accessibility()
    assert not StandInteraction.objects.exists()

    page.page.context.set_offline(False)
    page.page.evaluate("() => window.dispatchEvent(new Event('online'))")
    expect(status).to_contain_text("0 scans waiting to be sent")
    expect(page.page.locator("#stand-results li[data-result=ok]")).to_contain_text(
        "Met: Grace Hopper (Jobseeker)"
    )
    flagged = page.page.locator("#stand-results li[data-result=conflict]")
    expect(flagged).to_contain_text("Already recorded at this stand")
    expect(page.page.locator("#stand-results li[data-result=ok]")).to_contain_text(
        "E-mail: grace@example.net"
    )
    page.check_accessibility()
    visit = StandInteraction.objects.get()
    assert visit.ticket_id == grace.pk and visit.note.startswith("Nursing")
