"""Organisers message a group: preview with the recipients per channel, confirmation, one
notification per recipient, audited; bad input sends nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import AuditAction, AuditEntry, Role
from events.models import Event, GroupMessage, Ticket
from notifications.models import Notification, OptOut
from notifications.sms import sms_length
from tests.events.conftest import register
from tests.factories import EventFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def held_event():
    """A fair that ended yesterday: one person admitted, four who did not come."""
    event = EventFactory()
    came = register(event, email="came@example.net", phone="07700 900100").registration
    register(event, email="", phone="07700 900101", name="Pat Phone")
    register(event, email="mail@example.net", phone="", name="Mo Mail")
    register(event, email="both@example.net", phone="07700 900103", name="Bo Both")
    register(event, email="", phone="01707 281234", name="Lee Landline")
    register(event, email="quiet@example.net", name="Quinn Quiet")
    OptOut.objects.create(recipient="quiet@example.net")
    Ticket.objects.filter(registration=came).update(checked_in_at=timezone.now())
    past = timezone.now() - timedelta(days=1)
    Event.objects.filter(pk=event.pk).update(starts_at=past - timedelta(hours=4), ends_at=past)
    Notification.objects.all().delete()
    event.refresh_from_db()
    return event


def url(event):
    return f"/events/manage/{event.pk}/messages/"


FORM = {
    "group": "no_shows",
    "by_email": "on",
    "by_sms": "on",
    "subject": "Sorry we missed you",
    "body": "Sorry we missed you at the jobs fair. The next one is on 12 March.",
}


def test_an_organiser_messages_the_no_shows(client, held_event, notify, committed):
    organiser = member(Role.JOBCENTRE_ORGANISER, held_event.organiser)
    client.force_login(organiser)

    preview = client.post(url(held_event), FORM)
    assert preview.status_code == 200
    html = preview.content.decode()
    # E-mail: Mo and Bo (Quinn asked for no more); texts: Pat and Bo (the landline cannot).
    assert 'data-testid="email-count">2<' in html
    assert 'data-testid="sms-count">2<' in html
    assert "1 number is not a UK mobile" in html
    assert Notification.objects.count() == 0  # a preview sends nothing

    with committed():
        sent = client.post(url(held_event), {**FORM, "confirm": "1"})
    assert sent.status_code == 302
    message = GroupMessage.objects.get()
    assert (message.email_count, message.sms_count) == (2, 2)
    rows = Notification.objects.filter(batch=message.batch)
    assert sorted(rows.values_list("recipient", flat=True)) == [
        "+447700900101",
        "+447700900103",
        "both@example.net",
        "mail@example.net",
    ]
    assert not rows.filter(essential=True).exists()
    assert sorted(r["to"] for r in notify.received) == sorted(
        rows.values_list("recipient", flat=True)
    )
    assert all("/notify/opt-out/" in r["personalisation"]["body"] for r in notify.emails())
    audit = AuditEntry.objects.get(action=AuditAction.GROUP_MESSAGE_SEND)
    assert audit.actor == organiser
    assert audit.details["group"] == "no_shows"
    assert (audit.details["emails"], audit.details["texts"]) == (2, 2)

    page = client.get(url(held_event)).content.decode()
    assert 'data-testid="group-message"' in page


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"body": "   "}, "Write the message."),
        ({"body": "x" * 919}, "at most 918 characters"),
        ({"group": "waiting_list"}, "Nobody in this group"),
        ({"by_email": "", "by_sms": ""}, "Choose e-mail, text message or both."),
        ({"subject": ""}, "Give the e-mail a subject."),
    ],
)
def test_bad_input_sends_nothing(client, held_event, changes, error):
    client.force_login(member(Role.JOBCENTRE_ORGANISER, held_event.organiser))
    response = client.post(url(held_event), {**FORM, **changes, "confirm": "1"})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert GroupMessage.objects.count() == 0
    assert Notification.objects.count() == 0


def test_only_the_events_organisers_may_message(client, held_event):
    client.force_login(member(Role.JOBCENTRE_ORGANISER))
    assert client.post(url(held_event), {**FORM, "confirm": "1"}).status_code == 403
    assert GroupMessage.objects.count() == 0


@pytest.mark.parametrize(
    ("text", "characters", "unicode", "fragments"),
    [
        ("a" * 160, 160, False, 1),
        ("a" * 161, 161, False, 2),
        ("a" * 306, 306, False, 2),
        ("a" * 307, 307, False, 3),
        ("€" * 80, 160, False, 1),  # the euro sign takes two GSM-7 places
        ("ł" * 70, 70, True, 1),  # Polish letters are outside GSM-7
        ("ł" * 71, 71, True, 2),
        ("a" * 918, 918, False, 6),
    ],
)
def test_text_length_in_notifys_terms(text, characters, unicode, fragments):
    length = sms_length(text)
    assert (length.characters, length.unicode, length.fragments) == (
        characters,
        unicode,
        fragments,
    )
