"""Subscribable calendars: a person's own events, a venue's, a hub's — behind secret URLs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedRequest
from accounts.permissions import visible
from core.exceptions import DomainError
from events.calendars import calendar_feed_url
from events.models import CalendarFeed, Venue
from events.services import calendar_feed_get_or_create, calendar_feed_rotate
from schools.models import Hub


@login_required
def calendar_feeds(request: AuthenticatedRequest) -> HttpResponse:
    """The calendars this person can subscribe to: their own events, their hubs', every
    Jobcentre's — with the secret address once it has been made."""
    existing = {
        (feed.kind, feed.venue_id or feed.hub_id): feed
        for feed in CalendarFeed.objects.filter(
            Q(user=request.user) | Q(venue__isnull=False) | Q(hub__isnull=False)
        )
    }
    choices: list[tuple[str, str, int | None]] = [(_("My events"), CalendarFeed.Kind.USER, None)]
    choices += [
        (hub.name, CalendarFeed.Kind.HUB, hub.pk)
        for hub in visible(request.user, Hub.objects.all())
    ]
    choices += [
        (venue.name, CalendarFeed.Kind.VENUE, venue.pk)
        for venue in Venue.objects.filter(kind=Venue.Kind.JOBCENTRE).order_by("name")
    ]
    rows = []
    for label, kind, target in choices:
        feed = existing.get((kind, target))
        rows.append(
            {
                "label": label,
                "kind": kind,
                "target": target,
                "feed": feed,
                "url": calendar_feed_url(feed) if feed else None,
            }
        )
    return render(request, "events/calendar_feeds.html", {"rows": rows})


@login_required
@require_POST
def calendar_feed_create(request: AuthenticatedRequest) -> HttpResponse:
    kind = request.POST.get("kind", "")
    target = request.POST.get("id", "")
    try:
        venue = (
            get_object_or_404(Venue, pk=int(target)) if kind == CalendarFeed.Kind.VENUE else None
        )
        hub = get_object_or_404(Hub, pk=int(target)) if kind == CalendarFeed.Kind.HUB else None
        calendar_feed_get_or_create(by=request.user, kind=kind, venue=venue, hub=hub)
    except (ValueError, DomainError) as error:
        messages.error(request, getattr(error, "detail", _("Choose a calendar from the list.")))
    else:
        messages.success(
            request, _("Your calendar address is ready: copy it into Outlook or Google Calendar.")
        )
    return redirect("events:calendar_feeds")


@login_required
@require_POST
def calendar_feed_rotate_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    feed = CalendarFeed.objects.filter(pk=pk).first()
    if feed is None:
        raise Http404
    try:
        calendar_feed_rotate(feed=feed, by=request.user)
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        messages.success(
            request, _("New address made. The old one no longer works: update your calendar app.")
        )
    return redirect("events:calendar_feeds")
