"""The attendees' waiting list: a place that frees is offered to the next person in the order
people joined, who claims it (and gets a ticket), declines it, or lets it run out.

The claim window (``offer_window_end``):
- an offer lasts the event's ``offer_claim_hours`` (48 by default), but never past the event's
  start less ``OFFERS_END_BEFORE_START`` (2 hours), so the door knows who is coming;
- when that would leave less than ``SHORTEST_OFFER`` (1 hour) to answer — within about 3 hours
  of the start — or the organiser set 0 hours, the place is given straight away instead (the
  next person is confirmed and sent the ticket, as before offers existed).

An open offer holds its places: ``places_held`` counts them with the valid tickets, so nobody
registering meanwhile can take a place that is being offered. An offer not claimed in time
(``place_offers_expire``, on beat every few minutes) or declined passes to the next person at
once; the person it was offered to leaves the waiting list (they may register again).

Locks, as everywhere in events: the event row first, then registrations, then offers; locked
queries select their own rows only (``of=("self",)``, no outer joins) so PostgreSQL accepts them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Count, OuterRef, Subquery, Sum
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from events.exceptions import Conflict
from events.models import Event, PlaceOffer, Registration, Ticket
from events.selectors import places_taken
from events.services.common import MessageKind, email_owe, issue_tickets, lock_event

OFFERS_END_BEFORE_START = timedelta(hours=2)
SHORTEST_OFFER = timedelta(hours=1)


def places_held(event: Event) -> int:
    """Places taken by valid tickets plus places held by open offers."""
    offered = PlaceOffer.objects.filter(event=event, status=PlaceOffer.Status.OPEN).aggregate(
        total=Sum("places")
    )["total"]
    return places_taken(event) + (offered or 0)


def places_held_expression() -> CombinedExpression:
    """``places_held`` of each event row, as an expression a query on ``Event`` can compare
    (e.g. a conditional UPDATE that takes a place only while one is free)."""
    tickets = (
        Ticket.objects.filter(event=OuterRef("pk"), status=Ticket.Status.VALID)
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    offered = (
        PlaceOffer.objects.filter(event=OuterRef("pk"), status=PlaceOffer.Status.OPEN)
        .order_by()
        .values("event")
        .annotate(n=Sum("places"))
        .values("n")
    )
    return Coalesce(Subquery(tickets), 0) + Coalesce(Subquery(offered), 0)


def offer_window_end(event: Event, *, now: datetime) -> datetime | None:
    """When an offer made ``now`` must be claimed by; None when the place is given directly."""
    if event.offer_claim_hours <= 0:
        return None
    end = min(
        now + timedelta(hours=event.offer_claim_hours), event.starts_at - OFFERS_END_BEFORE_START
    )
    if end - now < SHORTEST_OFFER:
        return None
    return end


def waitlist_advance(event: Event, *, now: datetime) -> list[Registration]:
    """Offer the free places (or, near the day, give them) to the waiting list in the order
    people joined it; returns the registrations offered or promoted. The event is locked."""
    if event.status != Event.Status.PUBLISHED or event.starts_at <= now:
        return []
    free = event.capacity - places_held(event)
    if free <= 0:
        return []
    offered_to = PlaceOffer.objects.filter(event=event, status=PlaceOffer.Status.OPEN).values(
        "registration_id"
    )
    waiting = list(
        Registration.objects.select_for_update(of=("self",))
        .filter(event=event, status=Registration.Status.WAITLISTED)
        .exclude(pk__in=offered_to)
        .order_by("waitlisted_at", "pk")[:free]
    )
    chosen = []
    for registration in waiting:
        # Strict order: a group that does not fit is not overtaken by smaller ones behind it.
        if registration.group_size > free:
            break
        free -= registration.group_size
        chosen.append(registration)
    if not chosen:
        return []
    claim_by = offer_window_end(event, now=now)
    if claim_by is None:
        waitlist_promote(event, chosen, now=now)
        return chosen
    offers = PlaceOffer.objects.bulk_create(
        PlaceOffer(
            event=event,
            registration=registration,
            places=registration.group_size,
            offered_at=now,
            expires_at=claim_by,
        )
        for registration in chosen
    )
    for offer in offers:
        email_owe(MessageKind.PLACE_OFFERED, offer.pk)
    return chosen


def waitlist_promote(event: Event, registrations: list[Registration], *, now: datetime) -> None:
    """Confirm waiting registrations at a locked event: each is issued its tickets and told (a
    place from the waiting list). The caller has decided the places exist."""
    for registration in registrations:
        registration.status = Registration.Status.CONFIRMED
        registration.promoted_at = now
        registration.updated_at = now
    Registration.objects.bulk_update(registrations, ["status", "promoted_at", "updated_at"])
    issue_tickets(event, [(r, r.name) for r in registrations])
    for registration in registrations:
        if registration.email or registration.phone:
            email_owe(MessageKind.REGISTRATION_PROMOTED, registration.pk)


def _locked(registration: Registration) -> tuple[Event, Registration, PlaceOffer | None]:
    event = lock_event(registration.event)
    registration = Registration.objects.select_for_update(of=("self",)).get(pk=registration.pk)
    registration.event = event
    offer = (
        PlaceOffer.objects.select_for_update(of=("self",))
        .filter(registration=registration, status=PlaceOffer.Status.OPEN)
        .first()
    )
    return event, registration, offer


def place_offer_claim(*, registration: Registration) -> Registration:
    """Take the place offered to ``registration``: it is confirmed and its ticket issued (and
    sent). Refused when no offer is open (never made, declined, expired, or already claimed) or
    the claim window has passed; two claims of one offer confirm it once."""
    with transaction.atomic():
        event, registration, offer = _locked(registration)
        now = timezone.now()
        if offer is None:
            if registration.status == Registration.Status.CONFIRMED:
                return registration  # claimed already (a second click): nothing more to do
            raise Conflict(_("There is no place waiting for you to claim."), code="no_offer")
        if offer.expires_at <= now or event.status != Event.Status.PUBLISHED:
            raise Conflict(
                _("Sorry, the time to claim this place has passed."), code="offer_expired"
            )
        if places_taken(event) + offer.places > event.capacity:
            # The organiser lowered the capacity since: the place no longer exists.
            raise Conflict(_("Sorry, this place is no longer available."), code="offer_gone")
        offer.status = PlaceOffer.Status.CLAIMED
        offer.resolved_at = now
        offer.save(update_fields=["status", "resolved_at"])
        waitlist_promote(event, [registration], now=now)
    return registration


def place_offer_withdraw(*, registration: Registration, now: datetime) -> bool:
    """End the open offer of a registration being cancelled by someone else (organiser, Careers
    Leader); True if there was one, so the caller passes the place on. Call under the locks."""
    return bool(
        PlaceOffer.objects.filter(registration=registration, status=PlaceOffer.Status.OPEN).update(
            status=PlaceOffer.Status.WITHDRAWN, resolved_at=now
        )
    )


def place_offer_decline(*, registration: Registration) -> Registration:
    """Say no to the place offered: it passes to the next person at once and the person leaves
    the waiting list. Declining twice changes nothing."""
    return waitlist_leave(registration=registration)


def waitlist_leave(*, registration: Registration) -> Registration:
    """Leave the waiting list (declining any place on offer, which passes on at once). Frees no
    place but the person's own spot in the queue; a confirmed place is cancelled from its ticket
    instead. Leaving twice changes nothing."""
    with transaction.atomic():
        event, registration, offer = _locked(registration)
        if registration.status == Registration.Status.CANCELLED:
            return registration
        if registration.status != Registration.Status.WAITLISTED:
            raise Conflict(
                _("You have a place: cancel it from your ticket instead."), code="not_waiting"
            )
        now = timezone.now()
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at", "updated_at"])
        if offer is not None:
            offer.status = PlaceOffer.Status.DECLINED
            offer.resolved_at = now
            offer.save(update_fields=["status", "resolved_at"])
            waitlist_advance(event, now=now)
    return registration


def place_offers_expire(*, now: datetime | None = None) -> int:
    """End the offers whose claim window has passed, tell each person, and offer the places to
    the next people. Safe to run twice or in two workers at once: each event's offers are
    re-read under its lock. Returns how many offers ended."""
    now = now or timezone.now()
    event_ids = list(
        PlaceOffer.objects.filter(status=PlaceOffer.Status.OPEN, expires_at__lte=now)
        .values_list("event_id", flat=True)
        .distinct()
    )
    ended = 0
    for event_id in event_ids:
        with transaction.atomic():
            event = Event.objects.select_for_update().get(pk=event_id)
            offers = list(
                PlaceOffer.objects.select_for_update(of=("self",)).filter(
                    event=event, status=PlaceOffer.Status.OPEN, expires_at__lte=now
                )
            )
            if not offers:
                continue
            published = event.status == Event.Status.PUBLISHED
            # A cancelled event's people are told by its cancellation notice, not once more here.
            status = PlaceOffer.Status.EXPIRED if published else PlaceOffer.Status.WITHDRAWN
            for offer in offers:
                offer.status = status
                offer.resolved_at = now
            PlaceOffer.objects.bulk_update(offers, ["status", "resolved_at"])
            Registration.objects.filter(
                pk__in=[offer.registration_id for offer in offers],
                status=Registration.Status.WAITLISTED,
            ).update(status=Registration.Status.CANCELLED, cancelled_at=now, updated_at=now)
            if published:
                for offer in offers:
                    email_owe(MessageKind.PLACE_OFFER_EXPIRED, offer.pk)
                waitlist_advance(event, now=now)
            ended += len(offers)
    return ended


def waitlist_position(registration: Registration) -> int:
    """1 for the next person to be offered a place; people with an open offer are not waiting
    in the queue any more and are not counted ahead of anyone."""
    offered_to = PlaceOffer.objects.filter(
        event_id=registration.event_id, status=PlaceOffer.Status.OPEN
    ).values("registration_id")
    ahead = (
        Registration.objects.filter(
            event_id=registration.event_id,
            status=Registration.Status.WAITLISTED,
            waitlisted_at__lte=registration.waitlisted_at,
        )
        .exclude(pk__in=offered_to)
        .exclude(waitlisted_at=registration.waitlisted_at, pk__gte=registration.pk)
        .count()
    )
    return ahead + 1


def open_offer(registration: Registration) -> PlaceOffer | None:
    return PlaceOffer.objects.filter(
        registration=registration, status=PlaceOffer.Status.OPEN
    ).first()
