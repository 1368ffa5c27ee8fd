"""iCalendar files and feeds parse back with ``icalendar`` and say what calendar apps need."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from accounts.models import Role
from events.calendars import calendar_feed_url, event_calendar
from events.models import CalendarFeed, Event
from events.services import (
    calendar_feed_get_or_create,
    calendar_feed_rotate,
    event_cancel,
    event_update,
    stand_apply,
    stand_approve,
)
from tests.events.conftest import register
from tests.factories import (
    EmployerFactory,
    EventFactory,
    HubFactory,
    JobcentreVenueFactory,
    UserFactory,
    member,
)

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def parse(content: bytes) -> tuple[icalendar.Calendar, list[icalendar.Event]]:
    calendar = icalendar.Calendar.from_ical(content)
    return calendar, list(calendar.walk("VEVENT"))


def test_an_event_calendar_has_everything_a_calendar_app_needs(event):
    calendar, [vevent] = parse(event_calendar(event))

    assert calendar["VERSION"] == "2.0"
    assert "PRODID" in calendar
    assert calendar["METHOD"] == "PUBLISH"
    [timezone] = calendar.walk("VTIMEZONE")
    assert timezone["TZID"] == "Europe/London"
    assert vevent["UID"] == f"event-{event.uid}@herts-fairs"
    assert "DTSTAMP" in vevent
    assert vevent["DTSTART"].params["TZID"] == "Europe/London"
    assert vevent.decoded("DTSTART") == event.starts_at
    assert vevent["SUMMARY"] == event.title
    assert vevent["LOCATION"] == f"{event.venue.name}, Swingate House, Danestrete, SG1 1XB"
    assert vevent["URL"].endswith(f"/events/{event.public_id}/")
    assert vevent["STATUS"] == "CONFIRMED"
    [alarm] = vevent.walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY"
    assert alarm.decoded("TRIGGER") == timedelta(days=-1)


def test_wall_clock_times_hold_across_the_bst_gmt_change(organiser):
    # 10:00 on 21 October (BST, UTC+1) and 10:00 on 4 November (GMT, UTC+0).
    events = [
        EventFactory(
            organiser=organiser.memberships.get().organisation,
            starts_at=datetime(2027, month, day, 10, tzinfo=LONDON),
            ends_at=datetime(2027, month, day, 14, tzinfo=LONDON),
        )
        for month, day in ((10, 21), (11, 4))
    ]

    for event, utc_hour in zip(events, (9, 10), strict=True):
        content = event_calendar(event)
        _calendar, [vevent] = parse(content)
        start = vevent.decoded("DTSTART")
        assert (start.hour, start.minute) == (10, 0)
        assert str(start.tzinfo) == "Europe/London"
        assert start.astimezone(ZoneInfo("UTC")).hour == utc_hour
        assert b"DTSTART;TZID=Europe/London:2027" in content
        assert b"T100000" in content


def test_the_uid_is_stable_and_the_sequence_rises_with_every_change(event, organiser):
    before = parse(event_calendar(event))[1][0]

    event_update(event=event, by=organiser, title="Renamed fair")
    event.refresh_from_db()
    after = parse(event_calendar(event))[1][0]

    assert after["UID"] == before["UID"]
    assert after["SEQUENCE"] > before["SEQUENCE"]


def test_a_cancelled_event_says_so(event, organiser):
    event_cancel(event=event, by=organiser, reason="Flooding")
    event.refresh_from_db()

    _calendar, [vevent] = parse(event_calendar(event))

    assert vevent["STATUS"] == "CANCELLED"
    assert vevent["SEQUENCE"] == 1
    assert "Flooding" in vevent["DESCRIPTION"]


def test_the_contract_calendar_url_serves_public_events_only(client, event):
    draft = EventFactory(status=Event.Status.DRAFT)

    response = client.get(f"/events/{event.pk}/calendar.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert ".ics" in response["Content-Disposition"]
    assert parse(response.content)[1][0]["UID"] == event.calendar_uid
    assert client.get(f"/events/{draft.pk}/calendar.ics").status_code == 404
    assert client.get(f"/events/{event.public_id}/calendar.ics").status_code == 200
    assert client.get(f"/events/{draft.public_id}/calendar.ics").status_code == 404


def test_a_personal_feed_has_the_events_a_person_is_part_of(client):
    person = UserFactory(email="jo@example.org")
    employer = EmployerFactory()
    contact = member(Role.EMPLOYER_CONTACT, employer.organisation, email="boss@example.org")
    registered, stand, unrelated = EventFactory(), EventFactory(), EventFactory()
    register(registered, email="JO@example.org")
    application = stand_apply(event=stand, employer=employer, by=contact, representatives=1)
    stand_approve(application=application, by=member(Role.JOBCENTRE_ORGANISER, stand.organiser))

    mine = calendar_feed_get_or_create(by=person, kind=CalendarFeed.Kind.USER)
    theirs = calendar_feed_get_or_create(by=contact, kind=CalendarFeed.Kind.USER)

    mine_uids = {v["UID"] for v in parse(client.get(calendar_feed_url(mine)).content)[1]}
    theirs_uids = {v["UID"] for v in parse(client.get(calendar_feed_url(theirs)).content)[1]}
    assert mine_uids == {registered.calendar_uid}
    assert theirs_uids == {stand.calendar_uid}
    assert unrelated.calendar_uid not in mine_uids | theirs_uids
    assert calendar_feed_get_or_create(by=person, kind=CalendarFeed.Kind.USER) == mine


def test_venue_and_hub_feeds_list_their_public_events(client):
    venue = JobcentreVenueFactory()
    hub = HubFactory()
    at_venue = EventFactory(venue=venue)
    EventFactory(venue=venue, status=Event.Status.DRAFT)
    by_hub = EventFactory(organiser=hub.organisation)
    someone = UserFactory()

    venue_feed = calendar_feed_get_or_create(by=someone, kind="venue", venue=venue)
    hub_feed = calendar_feed_get_or_create(by=someone, kind="hub", hub=hub)

    response = client.get(calendar_feed_url(venue_feed))
    calendar, vevents = parse(response.content)
    assert [v["UID"] for v in vevents] == [at_venue.calendar_uid]
    assert calendar["X-WR-CALNAME"] == f"Herts fairs at {venue.name}"
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    hub_vevents = parse(client.get(calendar_feed_url(hub_feed)).content)[1]
    assert [v["UID"] for v in hub_vevents] == [by_hub.calendar_uid]


def test_a_rotated_feed_url_stops_working_and_unknown_tokens_are_404(client):
    person = UserFactory()
    feed = calendar_feed_get_or_create(by=person, kind="user")
    old_url = calendar_feed_url(feed)

    calendar_feed_rotate(feed=feed, by=person)

    assert client.get(old_url).status_code == 404
    assert client.get("/events/calendar/not-a-real-token-at-all-123.ics").status_code == 404
    assert client.get(calendar_feed_url(CalendarFeed.objects.get())).status_code == 200
