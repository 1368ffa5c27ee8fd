"""Finding a fair without an account: the next few fairs people can register for (the start
page) and the district a postcode belongs to (the search by postcode)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import District, PostcodeCentroid
from core.geography import distance_km, postcode_outward
from events.models import Event, EventKind, Venue
from events.selectors import public_upcoming_events

# The fairs the public comes to; workshops and school encounters are booked by staff.
PUBLIC_FAIR_KINDS = (
    EventKind.JOBS_FAIR,
    EventKind.FIFTY_PLUS_JOBS_FAIR,
    EventKind.VOICE_OF_THE_CUSTOMER_FORUM,
    EventKind.CAREERS_FAIR,
)
NEXT_FAIRS = 5


def next_public_fairs(*, limit: int = NEXT_FAIRS, now: datetime | None = None) -> list[Event]:
    """The next ``limit`` published fairs whose registration is still open, soonest first, with
    venue, district and places left, in one query."""
    now = now or timezone.now()
    still_open = Q(registration_closes_at__gt=now) | Q(
        registration_closes_at__isnull=True, starts_at__gt=now
    )
    events: QuerySet[Event] = public_upcoming_events(now=now).filter(
        still_open, kind__in=PUBLIC_FAIR_KINDS
    )
    return list(events[:limit])


def district_for_postcode(postcode: str) -> District | None:
    """The district of the venue nearest a postcode, read from its outward code ("SG1"): a venue
    in the same outward code first, else the nearest by outward-code centroid. ``None`` when
    the postcode cannot be placed. Two queries at most."""
    outward = postcode_outward(postcode)
    if not outward:
        return None
    venues = [
        (postcode_outward(venue.postcode), venue.district)
        for venue in Venue.objects.exclude(postcode="").select_related("district")
    ]
    for venue_outward, district in venues:
        if venue_outward == outward:
            return district
    centroids = {
        c.outward_code: (c.latitude, c.longitude)
        for c in PostcodeCentroid.objects.filter(
            outward_code__in={outward, *(code for code, _district in venues)}
        )
    }
    origin = centroids.get(outward)
    if origin is None:
        return None
    placed = [
        (distance_km(origin, centroids[code]), district.name, district)
        for code, district in venues
        if code in centroids
    ]
    return min(placed, key=lambda row: row[:2])[2] if placed else None
