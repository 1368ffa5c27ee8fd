"""The door with no network: after one visit online, the scanner page opens and scans offline.

Chromium's own offline mode (``context.set_offline``): the page is reloaded with no network and
comes from the service worker's cache (its stylesheet and scripts too), the ticket list from
IndexedDB; a code read is decided on the phone, queued, and reaches the server exactly once when
the network returns. Codes are handed to the page as its camera hands them over (the ``door:code``
event on #door); tests/browser/test_scanner.py drives the real camera.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from events.models import CheckIn, Ticket
from tests.browser.test_scanner import sign_in
from tests.events.conftest import register
from tests.factories import EventFactory, member

pytestmark = pytest.mark.browser

SCAN = (
    "([t]) => document.getElementById('door')"
    ".dispatchEvent(new CustomEvent('door:code', {detail: t}))"
)


def scan(page, token: str) -> None:
    page.page.evaluate(SCAN, [token])


def test_after_one_visit_the_door_opens_and_scans_with_no_network(page):
    event = EventFactory(title="Watford quarterly jobs fair")
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)
    grace = register(event, name="Grace Hopper", adjustments=["hearing_loop"]).tickets[0]
    alan = register(event, name="Alan Turing", email="alan@example.net").tickets[0]
    syncs: list[str] = []
    page.page.on("request", lambda r: syncs.append(r.url) if "/door/sync/" in r.url else None)

    sign_in(page, organiser.email)
    page.goto(f"/door/{event.pk}/")
    door = page.page.locator("#door")
    expect(page.page.locator("#door[data-ready=true][data-offline-ready=true]")).to_be_attached()
    manifest = page.page.locator("link[rel=manifest]").get_attribute("href")
    assert manifest and manifest.startswith("/door/manifest.webmanifest")

    # No network at all: the page itself comes from the phone.
    page.page.context.set_offline(True)
    page.page.reload()
    page.check_accessibility()  # also proves the GOV.UK stylesheet came from the cache
    expect(page.page.get_by_role("heading", level=1)).to_have_text("Check-in at the door")
    expect(door).to_have_attribute("data-ready", "true")
    status = page.page.locator("#door-status")
    expect(status).to_contain_text("Offline — scans are saved on this phone")
    expect(page.page.locator("#door-list")).to_contain_text("(2 tickets)")

    scan(page, alan.token)
    result = page.page.locator("#scan-result")
    expect(result.locator("#scan-result-word")).to_have_text("OK")
    expect(result).to_contain_text("Alan Turing")
    expect(result).to_contain_text("Checked on this phone")
    expect(status).to_contain_text("1 scan waiting to be sent")
    page.page.get_by_role("button", name="Scan next").click()
    # The same ticket again, still offline: amber, and queued for the organiser's log.
    scan(page, alan.token)
    expect(result.locator("#scan-result-word")).to_have_text(re.compile("^Already checked in"))
    page.page.get_by_role("button", name="Scan next").click()
    scan(page, "not-a-ticket-of-ours")
    expect(result.locator("#scan-result-word")).to_have_text("Not valid")
    expect(status).to_contain_text("3 scans waiting to be sent")
    page.check_accessibility()
    assert not CheckIn.objects.exists()

    # Back online: the queue drains, each scan once, with the session and CSRF cookie it had.
    page.page.context.set_offline(False)
    page.page.evaluate("() => window.dispatchEvent(new Event('online'))")
    expect(status).to_contain_text("0 scans waiting to be sent")
    expect(status).to_contain_text("Online")
    # Sending again (another 'online', the 15 s timer) changes nothing: the queue is empty.
    page.page.evaluate("() => window.dispatchEvent(new Event('online'))")
    expect(status).to_contain_text("0 scans waiting to be sent")
    scans = CheckIn.objects.filter(event=event).order_by("scanned_at")
    assert [s.result for s in scans] == ["ok", "already_checked_in", "invalid"]
    assert all(s.offline for s in scans)
    assert CheckIn.objects.filter(ticket=alan, result="ok").count() == 1
    assert Ticket.objects.get(pk=alan.pk).checked_in_at is not None
    assert Ticket.objects.get(pk=grace.pk).checked_in_at is None
    # The first sync was in full, the ones after it by delta.
    assert "since=" not in syncs[0] and any("since=" in url for url in syncs[1:])
    assert grace.token not in page.page.content()
