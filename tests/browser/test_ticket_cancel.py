"""An attendee gives their place back from their ticket page, in a real browser: the form post
carries the browser's own Origin and Referer, which the test client never sends."""

from __future__ import annotations

import pytest
from django.core import mail
from playwright.sync_api import expect

from events.models import Registration
from tests.events.conftest import register
from tests.factories import EventFactory

pytestmark = pytest.mark.browser


def test_cancelling_in_the_browser_offers_the_place_to_the_waiting_list(page):
    event = EventFactory(capacity=1, title="Stevenage jobs fair")
    holder = register(event, name="Ada Lovelace", email="ada@example.net")
    waiting = register(event, name="Grace Hopper", email="grace@example.net").registration
    assert waiting.status == Registration.Status.WAITLISTED
    mail.outbox.clear()

    page.goto(f"/tickets/{holder.tickets[0].token}/")
    page.submit(page.page.get_by_role("button", name="Cancel my place"))
    page.submit(page.page.get_by_role("button", name="Yes, cancel my place"))

    expect(page.page.get_by_text("Your place is cancelled.")).to_be_visible()
    holder.registration.refresh_from_db()
    waiting.refresh_from_db()
    assert holder.registration.status == Registration.Status.CANCELLED
    assert waiting.place_offers.get().status == "open"
    assert [message.to for message in mail.outbox if "grace@example.net" in message.to]


def test_the_ticket_page_keeps_its_address_to_this_site(page):
    ticket = register(EventFactory()).tickets[0]

    response = page.page.goto(f"{page.base_url}/tickets/{ticket.token}/")
    page.check_accessibility()

    assert response is not None
    assert response.headers["referrer-policy"] == "same-origin"
