"""The attendee's own journeys in a real browser: leaving the waiting list from its page,
claiming an offered place from the link in the offer message, and finding a lost ticket. Each
form post carries Chromium's own Origin and Referer, which the test client never sends."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from events.models import Registration, Ticket
from events.services import registration_cancel
from tests.events.conftest import register
from tests.factories import EventFactory

pytestmark = pytest.mark.browser


def _link_in(body: str, prefix: str) -> str:
    match = re.search(rf"https?://\S+?({re.escape(prefix)}[A-Za-z0-9_-]+/)", body)
    assert match, body
    return match.group(1)


def test_a_person_on_the_waiting_list_sees_their_position_and_leaves(page):
    event = EventFactory(capacity=1, title="Hatfield jobs fair")
    register(event, email="holder@example.net")
    register(event, email="first@example.net")
    waiting = register(event, name="Grace Hopper", email="grace@example.net").registration

    page.goto(f"/tickets/waiting/{waiting.link_token}/")
    expect(page.page.get_by_text("You are number 2 in the queue.")).to_be_visible()
    page.submit(page.page.get_by_role("button", name="Leave the waiting list"))
    page.submit(page.page.get_by_role("button", name="Yes, leave the waiting list"))

    expect(page.page.get_by_text("You have left the waiting list.")).to_be_visible()
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CANCELLED


def test_a_freed_place_is_offered_and_claimed_from_the_offer_link(page):
    event = EventFactory(capacity=1, title="Watford 50+ jobs fair")
    holder = register(event, email="holder@example.net")
    waiting = register(event, name="Ada Lovelace", email="ada@example.net").registration
    mail.outbox.clear()
    registration_cancel(registration=holder.registration)
    [offer] = [m for m in mail.outbox if m.to == ["ada@example.net"]]
    mail.outbox.clear()

    page.goto(_link_in(offer.body, "/tickets/waiting/"))
    page.submit(page.page.get_by_role("button", name="Claim my place"))

    expect(page.page.get_by_text("The place is yours.")).to_be_visible()
    ticket = Ticket.objects.get(registration=waiting, status=Ticket.Status.VALID)
    assert page.page.url.endswith(f"/tickets/{ticket.token}/")
    assert [m for m in mail.outbox if m.to == ["ada@example.net"]]


def test_find_my_ticket_sends_the_links_from_the_real_form(page):
    event = EventFactory(title="Stevenage jobs fair")
    ticket = register(event, email="lost@example.net").tickets[0]
    mail.outbox.clear()

    page.goto("/")
    page.page.get_by_role("link", name="Find my ticket").click()
    page.page.wait_for_url("**/tickets/find/")
    page.check_accessibility()
    page.page.get_by_label("E-mail address or mobile phone number").fill("lost@example.net")
    page.submit(page.page.get_by_role("button", name="Send my tickets"))

    expect(page.page.get_by_role("heading", name="Check your e-mail or phone")).to_be_visible()
    [message] = mail.outbox
    assert f"/tickets/{ticket.token}/" in message.body
