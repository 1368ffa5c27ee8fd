"""Subscribable calendars: the secret address is made on request, works, and can be replaced."""

from __future__ import annotations

import pytest
from icalendar import Calendar

from accounts.models import Role
from events.models import CalendarFeed
from tests.factories import EventFactory, UserFactory, member

pytestmark = pytest.mark.django_db


def test_a_person_gets_their_own_calendar_address_and_it_serves_their_events(client):
    event = EventFactory(title="Stevenage jobs fair")
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)
    client.force_login(organiser)

    client.post("/events/calendars/new/", {"kind": "user", "id": ""})
    page = client.get("/events/calendars/").content.decode()
    feed = CalendarFeed.objects.get(user=organiser)
    served = client.get(f"/events/calendar/{feed.token}.ics")

    assert f"/events/calendar/{feed.token}.ics" in page
    assert served["Content-Type"].startswith("text/calendar")
    summaries = [str(c["SUMMARY"]) for c in Calendar.from_ical(served.content).walk("VEVENT")]
    assert summaries == ["Stevenage jobs fair"]


def test_a_new_address_replaces_the_old_one(client):
    user = UserFactory()
    client.force_login(user)
    client.post("/events/calendars/new/", {"kind": "user", "id": ""})
    feed = CalendarFeed.objects.get(user=user)
    old = feed.token

    client.post(f"/events/calendars/{feed.pk}/new-address/")

    feed.refresh_from_db()
    assert feed.token != old
    assert client.get(f"/events/calendar/{old}.ics").status_code == 404
    assert client.get(f"/events/calendar/{feed.token}.ics").status_code == 200


def test_someone_elses_calendar_address_cannot_be_replaced(client):
    owner = UserFactory()
    client.force_login(owner)
    client.post("/events/calendars/new/", {"kind": "user", "id": ""})
    feed = CalendarFeed.objects.get(user=owner)
    client.force_login(UserFactory())

    response = client.post(f"/events/calendars/{feed.pk}/new-address/", follow=True)

    assert "cannot change this calendar" in response.content.decode()
    assert CalendarFeed.objects.get(pk=feed.pk).token == feed.token


@pytest.mark.parametrize("data", [{"kind": "planet", "id": ""}, {"kind": "venue", "id": "x"}])
def test_a_bad_request_for_a_calendar_says_so_and_makes_nothing(client, data):
    client.force_login(UserFactory())

    response = client.post("/events/calendars/new/", data, follow=True)

    assert response.status_code == 200
    assert not CalendarFeed.objects.exists()


def test_calendars_page_needs_signing_in(client):
    assert client.get("/events/calendars/").status_code == 302
