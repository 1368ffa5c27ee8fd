"""An organiser messages the no-shows of a held fair, in a real browser: compose, check the
preview (recipients per channel, text length), confirm; the texts reach the (fake) Notify."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from events.models import Event, Ticket
from tests.events.conftest import register
from tests.factories import PASSWORD, EventFactory, member
from tests.notifications.fake_notify import fake_notify_server, notify_settings

pytestmark = pytest.mark.browser


@pytest.fixture
def notify(settings):
    with fake_notify_server() as server:
        notify_settings(settings, server)
        yield server


def test_an_organiser_texts_the_no_shows(page, notify):
    event = EventFactory(title="Watford jobs fair")
    came = register(event, email="", phone="07700 900100").registration
    register(event, email="", phone="07700 900101", name="Pat Phone")
    Ticket.objects.filter(registration=came).update(checked_in_at=timezone.now())
    past = timezone.now() - timedelta(days=1)
    Event.objects.filter(pk=event.pk).update(starts_at=past - timedelta(hours=4), ends_at=past)
    notify.received.clear()
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)

    page.goto("/accounts/login/")
    page.page.get_by_label(re.compile(r"e-?mail", re.IGNORECASE)).fill(organiser.email)
    page.page.get_by_label(re.compile(r"^password", re.IGNORECASE)).fill(PASSWORD)
    page.submit(page.page.get_by_role("button", name=re.compile(r"^\s*sign in\s*$", re.I)))
    page.goto(f"/events/manage/{event.pk}/")
    page.submit(page.page.get_by_role("link", name="Message a group"))
    page.page.get_by_label(re.compile("^No-shows")).check()
    page.page.get_by_label("By text message").check()
    page.page.get_by_label("Message", exact=True).fill(
        "Sorry we missed you. The next fair is 12 March."
    )
    page.submit(page.page.get_by_role("button", name="Preview"))

    expect(page.page.get_by_test_id("sms-count")).to_have_text("1")
    expect(page.page.get_by_test_id("sms-length")).to_contain_text("1 text message each")
    page.submit(page.page.get_by_role("button", name="Send 1 message"))

    expect(page.page.get_by_text("Sent: 0 e-mails and 1 text messages.")).to_be_visible()
    assert [r["to"] for r in notify.sms()] == ["+447700900101"]
    assert notify.problems == []
