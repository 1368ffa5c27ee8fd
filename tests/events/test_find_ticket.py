"""Find my ticket: one message with every upcoming place; the page answers the same whatever was
typed; and the add-to-calendar links for Google and Outlook."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.utils import timezone

from events.calendar_links import google_calendar_url, outlook_calendar_url
from events.models import TicketLookup
from events.services import registration_cancel
from tests.events.conftest import register
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


def test_one_message_lists_every_upcoming_ticket_and_waiting_place(client, mailoutbox, committed):
    soon = EventFactory(title="Watford jobs fair", capacity=5)
    full = EventFactory(title="Stevenage 50+ fair", capacity=1)
    ticket = register(soon, email="ada@example.net").tickets[0]
    register(full, email="someone@example.net")
    waiting = register(full, email="ADA@example.net").registration
    past = EventFactory(title="Old fair", starts_at=timezone.now() - timedelta(days=3))
    RegistrationFactory(event=past, email="ada@example.net")
    cancelled = register(EventFactory(title="Cancelled place"), email="ada@example.net")
    registration_cancel(registration=cancelled.registration)
    mailoutbox.clear()

    with committed():
        response = client.post("/tickets/find/", {"contact": " Ada@Example.net "})

    assert response.status_code == 302
    [message] = mailoutbox
    assert message.to == ["ada@example.net"]
    assert f"/tickets/{ticket.token}/" in message.body
    assert f"/tickets/waiting/{waiting.link_token}/" in message.body
    assert "Old fair" not in message.body
    assert "Cancelled place" not in message.body
    # The address is forgotten once answered.
    lookup = TicketLookup.objects.get()
    assert lookup.email == "" and lookup.answered_at is not None


def test_a_phone_number_finds_the_places_registered_with_it(mailoutbox, committed, client):
    event = EventFactory()
    ticket = register(event, email="", phone="07700 900123").tickets[0]
    mailoutbox.clear()

    with committed():
        client.post("/tickets/find/", {"contact": "+44 7700 900123"})

    assert mailoutbox == []  # no e-mail address: the message goes by SMS
    lookup = TicketLookup.objects.get()
    assert lookup.phone == "" and lookup.answered_at is not None
    from events.find_ticket import places_of

    assert [r.pk for r in places_of(phone="+447700900123")] == [ticket.registration_id]


def test_the_answer_is_the_same_whether_or_not_the_address_holds_a_place(client, committed):
    register(EventFactory(), email="known@example.net")

    with committed():
        known = client.post("/tickets/find/", {"contact": "known@example.net"}, follow=True)
    with committed():
        unknown = client.post("/tickets/find/", {"contact": "nobody@example.net"}, follow=True)

    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain == [("/tickets/find/sent/", 302)]
    assert _without_tokens(known) == _without_tokens(unknown)


def _without_tokens(response) -> str:
    # The CSRF token and the CSP nonce differ on every response, whoever asks.
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'nonce="[^"]+"', "", html)


def test_nothing_is_sent_to_an_address_without_a_place(client, mailoutbox, committed):
    with committed():
        client.post("/tickets/find/", {"contact": "nobody@example.net"})

    assert mailoutbox == []


@pytest.mark.parametrize("typed", ["", "not an address", "12345", "a@b"])
def test_a_malformed_entry_is_explained_and_nothing_is_saved(client, typed):
    response = client.post("/tickets/find/", {"contact": typed})

    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not TicketLookup.objects.exists()


def test_requests_are_rate_limited_per_client(client):
    for _ in range(10):
        assert client.post("/tickets/find/", {"contact": "x@example.net"}).status_code == 302

    response = client.post("/tickets/find/", {"contact": "x@example.net"})

    assert response.status_code == 429
    assert TicketLookup.objects.count() == 10


def test_the_page_is_linked_from_home_event_and_ticket_pages(client):
    event = EventFactory()
    ticket = register(event).tickets[0]

    for url in ["/", f"/events/{event.public_id}/", f"/tickets/{ticket.token}/"]:
        assert 'href="/tickets/find/"' in client.get(url).content.decode(), url


def test_registering_again_still_does_not_say_the_address_is_taken(client):
    event = EventFactory()
    answers = {
        "name": "Ada",
        "email": "ada@example.net",
        "category": "jobseeker",
        "privacy_consent": "on",
    }
    first = client.post(f"/events/{event.public_id}/", answers)
    second = client.post(f"/events/{event.public_id}/", answers)

    assert first.status_code == second.status_code == 302
    assert "already" not in client.get(second["Location"]).content.decode().lower()


# --- Add to calendar ----------------------------------------------------------------------------


def test_google_and_outlook_links_carry_the_event_in_utc():
    event = EventFactory(
        title="Watford jobs fair & more",
        starts_at=datetime(2026, 7, 1, 9, 30, tzinfo=UTC),
        ends_at=datetime(2026, 7, 1, 13, 0, tzinfo=UTC),
    )

    google = urlsplit(google_calendar_url(event))
    google_query = parse_qs(google.query)
    outlook = urlsplit(outlook_calendar_url(event))
    outlook_query = parse_qs(outlook.query)

    assert google.netloc == "calendar.google.com"
    assert google_query["action"] == ["TEMPLATE"]
    assert google_query["text"] == ["Watford jobs fair & more"]
    assert google_query["dates"] == ["20260701T093000Z/20260701T130000Z"]
    assert event.public_id in google_query["details"][0]
    assert google_query["location"] == [event.venue.location_line]
    assert outlook.netloc == "outlook.live.com"
    assert outlook.path == "/calendar/0/deeplink/compose"
    assert outlook_query["subject"] == ["Watford jobs fair & more"]
    assert outlook_query["startdt"] == ["2026-07-01T09:30:00+00:00"]
    assert outlook_query["enddt"] == ["2026-07-01T13:00:00+00:00"]
    assert outlook_query["rru"] == ["addevent"]


def test_the_links_are_on_the_ticket_and_event_pages_and_in_the_confirmation(
    client, mailoutbox, committed
):
    event = EventFactory()
    with committed():
        ticket = register(event, email="ada@example.net").tickets[0]

    for url in [f"/events/{event.public_id}/", f"/tickets/{ticket.token}/"]:
        html = client.get(url).content.decode()
        assert "calendar.google.com/calendar/render" in html, url
        assert "outlook.live.com/calendar/0/deeplink/compose" in html, url
    [message] = mailoutbox
    assert "calendar.google.com/calendar/render" in message.body
    assert "outlook.live.com/calendar/0/deeplink/compose" in message.body


def test_registering_again_for_a_full_event_answers_as_a_newcomer_would(client):
    event = EventFactory(capacity=1)
    register(event, email="holder@example.net")
    answers = {"name": "Ada", "category": "jobseeker", "privacy_consent": "on"}

    known = client.post(f"/events/{event.public_id}/", {**answers, "email": "holder@example.net"})
    known_page = client.get(known["Location"]).content.decode()
    client.cookies.clear()
    new = client.post(f"/events/{event.public_id}/", {**answers, "email": "new@example.net"})
    new_page = client.get(new["Location"]).content.decode()

    assert "You are on the waiting list" in known_page
    assert "You are on the waiting list" in new_page
