"""Writes for subscribable calendar feeds: made once per person, venue or hub; rotated if leaked."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import can_change, is_admin
from events.exceptions import EventError, NotAllowed
from events.models import CalendarFeed, Venue, new_feed_token
from schools.models import Hub


@transaction.atomic
def calendar_feed_get_or_create(
    *, by: User, kind: str, venue: Venue | None = None, hub: Hub | None = None
) -> CalendarFeed:
    """The subscribable feed for ``by``'s own events, a venue or a hub (one each, made once).

    Anyone signed in may subscribe to a venue's or a hub's public events; a personal feed is the
    person's own. The URL is the secret: rotate it if it leaks.
    """
    if not by.is_authenticated or not by.is_active:
        raise NotAllowed(_("Sign in to subscribe to a calendar."))
    if kind == CalendarFeed.Kind.USER:
        feed, _created = CalendarFeed.objects.get_or_create(
            kind=kind, user=by, defaults={"created_by": by}
        )
    elif kind == CalendarFeed.Kind.VENUE and venue is not None:
        feed, _created = CalendarFeed.objects.get_or_create(
            kind=kind, venue=venue, defaults={"created_by": by}
        )
    elif kind == CalendarFeed.Kind.HUB and hub is not None:
        feed, _created = CalendarFeed.objects.get_or_create(
            kind=kind, hub=hub, defaults={"created_by": by}
        )
    else:
        raise EventError(_("Choose what the calendar is for."), code="invalid_feed")
    return feed


@transaction.atomic
def calendar_feed_rotate(*, feed: CalendarFeed, by: User) -> CalendarFeed:
    """A new secret URL for a feed; the old one stops working at once. A personal feed is rotated
    by its owner; a venue's or a hub's by the people who run it."""
    feed = (
        CalendarFeed.objects.select_for_update(of=("self",))
        .select_related("venue", "hub")
        .get(pk=feed.pk)
    )
    allowed = is_admin(by) or (
        feed.user_id == by.pk
        if feed.kind == CalendarFeed.Kind.USER
        else can_change(by, feed.venue if feed.venue is not None else feed.hub)  # type: ignore[arg-type]
    )
    if not allowed:
        raise NotAllowed(_("You cannot change this calendar's address."))
    feed.token = new_feed_token()
    feed.save(update_fields=["token"])
    return feed
