"""An attendee who gave only a phone number answers the feedback from the link in their text
message, on a phone-sized screen, in a real browser."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events.feedback import feedback_invitations_send
from events.models import Event, FeedbackBarrier, FeedbackRequest, Ticket
from tests.events.conftest import register
from tests.factories import EventFactory
from tests.notifications.fake_notify import fake_notify_server, notify_settings

pytestmark = pytest.mark.browser


@pytest.fixture
def notify(settings):
    with fake_notify_server() as server:
        notify_settings(settings, server)
        yield server


def test_an_attendee_answers_feedback_from_the_sms_link_on_a_phone(page, notify):
    event = EventFactory(title="Watford jobs fair")
    registration = register(
        event, name="Kit Marlowe", email="", phone="07700900777", adjustments=["quiet_room"]
    ).registration
    Ticket.objects.filter(registration=registration).update(checked_in_at=timezone.now())
    starts = timezone.now() - timedelta(days=1, hours=5)
    Event.objects.filter(pk=event.pk).update(starts_at=starts, ends_at=starts + timedelta(hours=3))

    assert feedback_invitations_send() == 1
    # Sent by GOV.UK Notify (a local fake that checks each request): the text carries the link.
    assert notify.problems == []
    (sms, *_rest) = [sms for sms in notify.sms() if "/feedback/" in sms["personalisation"]["body"]]
    link = re.search(r"https?://\S+/feedback/\S+/", sms["personalisation"]["body"])
    assert sms["to"] == "+447700900777" and link is not None

    page.page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/feedback/" + link.group(0).split("/feedback/", 1)[1])
    page.page.get_by_label("Quite useful").check()
    page.page.get_by_label("Yes").first.check()
    page.page.get_by_label("Transport").check()
    page.page.get_by_label("Partly").check()
    page.page.get_by_label("Anything else you want to tell us? (optional)").fill(
        "The bus was late. Text me on 07700 900777."
    )
    page.submit(page.page.get_by_role("button", name="Send feedback"))

    expect(page.page.get_by_role("heading", name="Thank you for your feedback")).to_be_visible()
    answer = FeedbackRequest.objects.get(registration=registration)
    assert (answer.usefulness, answer.met_employer, answer.adjustments_met) == (
        "quite_useful",
        "yes",
        "partly",
    )
    assert "07700" not in answer.comment
    assert list(
        FeedbackBarrier.objects.filter(feedback=answer).values_list("theme", flat=True)
    ) == ["transport"]
    width = page.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
