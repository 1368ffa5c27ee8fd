"""The messages of the waiting list: a place offered, an offer run out, and what a waiting
person's confirmation carries instead of a calendar file (a link to their own page).

Each sender is what the outbox calls with the offer's id (``events.outbox.SENDERS``); it locks
the offer and records the send on it, so a repeated delivery sends once. By e-mail, or by SMS
for people who gave only a phone number (``events.messaging.person_message_send``).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from events.calendars import event_url
from events.messaging import person_message_send
from events.models import Event, PlaceOffer, Registration
from events.tickets import waiting_list_url


def waiting_context(registration: Registration, event: Event) -> dict[str, Any]:
    """What a message to a person on the waiting list says about the event: its details and
    the link to their page, and no calendar file or link (they have no place to put in it).
    Empty for anyone else. Give it as context and send with ``event=None``."""
    if registration.status != Registration.Status.WAITLISTED:
        return {}
    return {
        "event": event,
        "event_url": event_url(event),
        "waiting_list_url": waiting_list_url(registration),
    }


def _locked_offer(offer_id: int, **unsent: Any) -> PlaceOffer | None:
    return PlaceOffer.objects.select_for_update(of=("self",)).filter(pk=offer_id, **unsent).first()


def _send(offer: PlaceOffer, template: str) -> bool:
    registration = Registration.objects.get(pk=offer.registration_id)
    if not (registration.email or registration.phone):
        return False
    event = Event.objects.select_related("venue").get(pk=offer.event_id)
    person_message_send(
        email=registration.email,
        phone=registration.phone,
        template=template,
        context={
            "registration": registration,
            "offer": offer,
            "event": event,
            "event_url": event_url(event),
            "waiting_list_url": waiting_list_url(registration),
        },
        language=registration.language,
    )
    return True


def place_offered_send(*, offer_id: int) -> bool:
    """ "A place has come up: claim it by <time>" with the link to claim or decline. Once per
    offer, and only while it is still open."""
    with transaction.atomic():
        offer = _locked_offer(offer_id, offer_sent_at__isnull=True, status=PlaceOffer.Status.OPEN)
        if offer is None:
            return False
        sent = _send(offer, "place_offered")
        offer.offer_sent_at = timezone.now()
        offer.save(update_fields=["offer_sent_at"])
    return sent


def place_offer_expired_send(*, offer_id: int) -> bool:
    """ "The place has gone to the next person": the offer ran out. Once per offer."""
    with transaction.atomic():
        offer = _locked_offer(
            offer_id, expiry_sent_at__isnull=True, status=PlaceOffer.Status.EXPIRED
        )
        if offer is None:
            return False
        sent = _send(offer, "place_offer_expired")
        offer.expiry_sent_at = timezone.now()
        offer.save(update_fields=["expiry_sent_at"])
    return sent
