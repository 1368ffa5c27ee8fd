"""Messages through GOV.UK Notify: the real client against a local server that plays Notify's API
(JWT and request bodies checked), errors handled as Notify documents, each message sent once."""

from __future__ import annotations

import pytest
from django.core import mail

from events.models import Registration
from notifications import services
from notifications.models import Notification
from notifications.services import MAX_ATTEMPTS, notifications_pending_send
from tests.events.conftest import register
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def due_now() -> None:
    Notification.objects.update(next_attempt_at=None)


def test_a_phone_only_registration_is_texted_the_link_to_the_ticket_page(notify, committed):
    event = EventFactory()
    with committed():
        result = register(event, email="", phone="07700 900123")

    assert notify.problems == []
    [sms] = notify.sms()
    row = Notification.objects.get()
    ticket = result.tickets[0]
    assert sms["to"] == "+447700900123"
    assert sms["reference"] == str(row.pk)
    assert f"/tickets/{ticket.token}/" in sms["personalisation"]["body"]
    assert event.title in sms["personalisation"]["body"]
    assert (row.channel, row.status, row.provider_id) == ("sms", "sent", sms["id"])
    assert notify.emails() == [] and mail.outbox == []
    assert row.about == result.registration


def test_an_email_goes_with_subject_and_body_and_the_links_instead_of_attachments(
    notify, committed
):
    event = EventFactory()
    with committed():
        result = register(event, email="sam@example.net", phone="07700 900123")

    [email] = notify.emails()
    assert email["to"] == "sam@example.net"
    assert set(email["personalisation"]) == {"subject", "body"}
    assert f"/tickets/{result.tickets[0].token}/" in email["personalisation"]["body"]
    assert "calendar.ics" in email["personalisation"]["body"]
    assert notify.sms() == []  # a phone as well, but no "also text me"


def test_also_text_me_sends_both(notify, committed):
    with committed():
        register(EventFactory(), email="sam@example.net", phone="07700 900123", sms_too=True)

    assert [r["type"] for r in notify.received] == ["email", "sms"]


@pytest.mark.parametrize("status", [429, 500, 503])
def test_rate_limit_and_server_errors_are_retried_and_sent_once(notify, committed, status):
    notify.fail_next = [status]
    with committed():
        register(EventFactory(), email="", phone="07700 900123")
    row = Notification.objects.get()
    assert (row.status, row.attempts, row.provider_id) == ("pending", 1, "")
    assert str(status) in row.last_error
    assert row.next_attempt_at is not None  # backoff: not before its time
    assert notifications_pending_send() == 0

    due_now()
    assert notifications_pending_send() == 1
    assert notifications_pending_send() == 0
    assert len(notify.sms()) == 1
    row.refresh_from_db()
    assert row.status == "sent"


@pytest.mark.parametrize("status", [400, 403])
def test_bad_request_and_auth_errors_are_recorded_and_never_retried(notify, committed, status):
    notify.fail_next = [status]
    with committed():
        register(EventFactory(), email="", phone="07700 900123")
    row = Notification.objects.get()
    assert (row.status, row.attempts) == ("failed", 1)
    assert str(status) in row.last_error

    due_now()
    assert notifications_pending_send() == 0
    assert notify.sms() == []


def test_a_lost_answer_is_not_sent_twice(notify, committed):
    """Notify took the message but the answer never arrived: the retry asks by reference."""
    with committed():
        register(EventFactory(), email="", phone="07700 900123")
    row = Notification.objects.get()
    Notification.objects.filter(pk=row.pk).update(
        status="pending", provider_id="", attempts=1, next_attempt_at=None
    )

    assert notifications_pending_send() == 1
    assert len(notify.sms()) == 1
    row.refresh_from_db()
    assert row.provider_id == notify.sms()[0]["id"]


def test_attempts_are_capped(notify, committed):
    with committed():
        register(EventFactory(), email="", phone="07700 900123")
    row = Notification.objects.get()
    Notification.objects.filter(pk=row.pk).update(
        status="pending", provider_id="", attempts=MAX_ATTEMPTS - 1, next_attempt_at=None
    )
    notify.received.clear()
    notify.fail_next = [500]

    assert notifications_pending_send() == 0
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("failed", MAX_ATTEMPTS)
    due_now()
    assert notifications_pending_send() == 0


def test_the_backoff_doubles_and_is_capped():
    delays = [services.retry_delay_seconds(n) for n in range(1, 12)]
    assert delays[:4] == [30, 60, 120, 240]
    assert max(delays) == services.LONGEST_RETRY_SECONDS
    assert delays == sorted(delays)


def test_without_a_key_messages_go_to_the_console(committed, caplog, settings):
    settings.NOTIFY_API_KEY = ""
    with caplog.at_level("INFO", logger="notifications.backends"):
        with committed():
            register(EventFactory(), email="", phone="07700 900123")
    assert "SMS to +447700900123" in caplog.text
    assert Notification.objects.get().status == "sent"
    assert Registration.objects.get().confirmation_sent_at is not None


def test_the_api_takes_also_text_me(client, notify, committed):
    event = EventFactory()
    with committed():
        response = client.post(
            f"/api/v1/events/{event.pk}/registrations/",
            {
                "name": "Sam Patel",
                "email": "sam@example.net",
                "phone": "07700 900123",
                "sms_too": True,
                "category": "jobseeker",
                "privacy_consent": True,
            },
            content_type="application/json",
        )
    assert response.status_code == 201, response.content
    assert Registration.objects.get().sms_too is True
    assert sorted(r["type"] for r in notify.received) == ["email", "sms"]
