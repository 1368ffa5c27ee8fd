"""Add-to-calendar links for Google Calendar and Outlook on the web, beside the .ics file: one
click opens the person's own calendar with the event filled in (nothing is sent to either
service until the person saves it there).

Google: ``calendar.google.com/calendar/render?action=TEMPLATE`` with ``text``, ``dates`` as
``YYYYMMDDTHHMMSSZ/YYYYMMDDTHHMMSSZ`` in UTC, ``details`` and ``location``. Outlook:
``outlook.live.com/calendar/0/deeplink/compose`` with ``subject``, ``startdt``/``enddt`` in ISO
8601 with their UTC offset, ``body`` and ``location`` (``path`` and ``rru`` say "add an event").
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import quote, urlencode

from events.calendars import event_url
from events.models import Event

GOOGLE_CALENDAR = "https://calendar.google.com/calendar/render"
OUTLOOK_CALENDAR = "https://outlook.live.com/calendar/0/deeplink/compose"


def _google_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _outlook_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def _location(event: Event) -> str:
    return event.venue.location_line if event.venue else ""


def google_calendar_url(event: Event) -> str:
    query = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": f"{_google_time(event.starts_at)}/{_google_time(event.ends_at)}",
        "details": event_url(event),
        "location": _location(event),
    }
    return f"{GOOGLE_CALENDAR}?{urlencode(query, quote_via=quote)}"


def outlook_calendar_url(event: Event) -> str:
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": event.title,
        "startdt": _outlook_time(event.starts_at),
        "enddt": _outlook_time(event.ends_at),
        "body": event_url(event),
        "location": _location(event),
    }
    return f"{OUTLOOK_CALENDAR}?{urlencode(query, quote_via=quote)}"
