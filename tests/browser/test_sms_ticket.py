"""A person with only a mobile phone registers on the public page, in a real browser: the ticket
comes by text message through GOV.UK Notify (a local fake that checks the requests), and its
link opens the ticket with the QR code."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from events.models import Registration
from notifications.models import Notification
from tests.factories import EventFactory
from tests.notifications.fake_notify import fake_notify_server, notify_settings

pytestmark = pytest.mark.browser


@pytest.fixture
def notify(settings):
    with fake_notify_server() as server:
        notify_settings(settings, server)
        yield server


def test_a_phone_only_registrant_gets_the_ticket_link_by_sms_and_opens_it(page, notify):
    event = EventFactory(title="Hemel Hempstead jobs fair")

    page.goto(f"/events/{event.public_id}/")
    page.register("Pat Jones", phone="07700 900123")
    expect(page.page.locator(".govuk-panel--confirmation")).to_be_visible()

    assert notify.problems == []
    [sms] = notify.sms()
    assert sms["to"] == "+447700900123"
    registration = Registration.objects.get(event=event)
    assert sms["reference"] == str(Notification.objects.get(about_id=registration.pk).pk)
    body = sms["personalisation"]["body"]
    link = next(word for word in body.split() if "/tickets/" in word)

    page.goto(urlparse(link).path)
    expect(page.page.get_by_role("heading", name="Hemel Hempstead jobs fair")).to_be_visible()
    expect(page.page.locator("img.app-ticket__qr")).to_be_visible()
    expect(page.page.get_by_text(registration.tickets.get().number).first).to_be_visible()
