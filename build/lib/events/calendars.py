"""iCalendar (RFC 5545) for one event and for subscribable feeds, built with ``icalendar``.

Times are written in Europe/London with a VTIMEZONE generated from the zoneinfo database, so a
fair at 10:00 stays at 10:00 on both sides of a BST/GMT change. Each event keeps one UID for life
and its SEQUENCE rises with every change, so calendar apps update the entry instead of adding a
second one; a cancelled event stays in the feed with STATUS:CANCELLED so subscribers see it go.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from events.models import CalendarFeed, Event

PRODID = "-//Hertfordshire Careers Hub and Jobcentre Plus//Herts Careers & Jobs Fairs//EN"
LONDON = ZoneInfo("Europe/London")
CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"


def event_url(event: Event) -> str:
    """The event's public page; its address uses the unguessable public id, never the pk."""
    return f"{settings.SITE_URL}/events/{event.public_id}/"


def event_calendar_url(event: Event) -> str:
    return settings.SITE_URL + reverse("events:event_calendar", args=[event.pk])


def _london_timezone(events: list[Event]) -> icalendar.Timezone:
    # The VTIMEZONE must cover every event in the file; a year either side costs nothing.
    years = [event.starts_at.astimezone(LONDON).year for event in events] or [date.today().year]
    return icalendar.Timezone.from_tzinfo(
        LONDON,
        "Europe/London",
        first_date=date(min(years) - 1, 1, 1),
        last_date=date(max(years) + 2, 1, 1),
    )


def _vevent(event: Event) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", event.calendar_uid)
    # DTSTAMP is when this revision was made, so the same revision always serialises the same.
    vevent.add("dtstamp", event.updated_at)
    vevent.add("created", event.created_at)
    vevent.add("last-modified", event.updated_at)
    vevent.add("dtstart", event.starts_at.astimezone(LONDON))
    vevent.add("dtend", event.ends_at.astimezone(LONDON))
    cancelled = event.status == Event.Status.CANCELLED
    summary = _("Cancelled: %(title)s") % {"title": event.title} if cancelled else event.title
    vevent.add("summary", summary)
    description = [event.description.strip()] if event.description.strip() else []
    if cancelled and event.cancellation_reason:
        description.append(_("Cancelled: %(reason)s") % {"reason": event.cancellation_reason})
    description.append(_("Details and registration: %(url)s") % {"url": event_url(event)})
    vevent.add("description", "\n\n".join(description))
    if event.venue is not None:
        vevent.add("location", event.venue.location_line)
    vevent.add("url", event_url(event))
    vevent.add("sequence", event.sequence)
    vevent.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    vevent.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    vevent.add("categories", [event.get_kind_display()])
    if not cancelled:
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", timedelta(days=-1))
        alarm.add("description", _("Tomorrow: %(title)s") % {"title": event.title})
        vevent.add_component(alarm)
    return vevent


def _calendar(events: list[Event], *, name: str | None = None) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("name", name)
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", "Europe/London")
        # Subscribed calendars (Outlook, Google, Apple) poll at most this often.
        calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT1H")
    calendar.add_component(_london_timezone(events))
    for event in events:
        calendar.add_component(_vevent(event))
    return calendar


def event_calendar(event: Event) -> bytes:
    """One event as an .ics file (for the download link and for e-mail attachments)."""
    return _calendar([event]).to_ical()


def calendar_feed(events: Iterable[Event], name: str) -> bytes:
    """Several events as one subscribable calendar called ``name``."""
    return _calendar(list(events), name=name).to_ical()


def calendar_feed_url(feed: CalendarFeed) -> str:
    """The address to paste into Outlook or Google Calendar ("subscribe from web")."""
    return settings.SITE_URL + reverse("events:calendar_feed", args=[feed.token])
