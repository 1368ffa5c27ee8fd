"""Public calendar endpoints: one event's .ics and the subscribable feeds (no sign-in needed;
a feed's unguessable token is its only key)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from events.calendars import CALENDAR_CONTENT_TYPE, calendar_feed, event_calendar
from events.models import Event
from events.selectors import feed_by_token, feed_events, feed_name, public_events


def _ics(content: bytes, filename: str, *, attachment: bool) -> HttpResponse:
    response = HttpResponse(content, content_type=CALENDAR_CONTENT_TYPE)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response


def _event_ics(event: Event) -> HttpResponse:
    filename = f"{slugify(event.title)[:60] or 'event'}.ics"
    return _ics(event_calendar(event), filename, attachment=True)


@require_GET
def event_calendar_view(request: HttpRequest, pk: int) -> HttpResponse:
    """GET /events/<id>/calendar.ics (CONTRACT.md): published, cancelled or held events; a draft
    is a 404 like an unknown id."""
    return _event_ics(get_object_or_404(public_events(), pk=pk))


@require_GET
def event_calendar_public_view(request: HttpRequest, public_id: str) -> HttpResponse:
    """The same file under the event's unguessable public id (for public pages)."""
    return _event_ics(get_object_or_404(public_events(), public_id=public_id))


@require_GET
def calendar_feed_view(request: HttpRequest, token: str) -> HttpResponse:
    """GET /events/calendar/<token>.ics: a person's, a venue's or a hub's subscribable feed."""
    feed = feed_by_token(token)
    if feed is None or (feed.user is not None and not feed.user.is_active):
        raise Http404
    name = feed_name(feed)
    return _ics(calendar_feed(feed_events(feed), name), "herts-fairs.ics", attachment=False)
