"""Find my ticket: a person types their e-mail address or phone number and is sent, in one
message, the links to all their upcoming tickets and waiting-list places.

The answer on the page never says whether anything was found (``ticket_lookup_request`` saves
the same row either way); the search runs later, in the outbox's sender, which sends nothing
when the address holds no place. The address waits in a ``TicketLookup`` row (never in a URL
or a task's arguments) and is blanked once answered.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.phones import InvalidPhoneNumber, normalise_uk_phone
from events.calendars import event_url
from events.exceptions import RegistrationError
from events.messaging import person_message_send
from events.models import Event, MessageKind, Registration, Ticket, TicketLookup
from events.services.common import email_owe, normalise_email
from events.tickets import ticket_url, waiting_list_url


def ticket_lookup_request(*, contact: str) -> TicketLookup:
    """Ask for the places held by ``contact`` (an e-mail address or a UK phone number) to be
    sent to it. Only a malformed entry is refused; a well-formed one is accepted the same way
    whether or not it holds any place."""
    contact = (contact or "").strip()
    if not contact:
        raise RegistrationError(
            _("Enter your e-mail address or mobile phone number."), code="contact_required"
        )
    email = phone = ""
    if "@" in contact:
        email = normalise_email(contact)
    else:
        try:
            phone = normalise_uk_phone(contact)
        except InvalidPhoneNumber:
            raise RegistrationError(
                _("Enter an e-mail address like name@example.com or a UK phone number."),
                code="invalid_contact",
            ) from None
    with transaction.atomic():
        lookup = TicketLookup.objects.create(email=email, phone=phone)
        email_owe(MessageKind.TICKET_LOOKUP, lookup.pk)
    return lookup


def places_of(*, email: str = "", phone: str = "") -> list[Registration]:
    """The person's upcoming places: confirmed or waiting, at published events not yet over,
    soonest first. School groups are their Careers Leader's, found from their account."""
    if not (email or phone):
        return []
    match = Q(email__iexact=email) if email else Q(phone=phone)
    return list(
        Registration.objects.filter(
            match,
            school__isnull=True,
            status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED],
            event__status=Event.Status.PUBLISHED,
            event__ends_at__gt=timezone.now(),
        )
        .select_related("event", "event__venue")
        .order_by("event__starts_at", "pk")
    )


def _place_item(registration: Registration) -> dict[str, Any]:
    waiting = registration.status == Registration.Status.WAITLISTED
    tickets = (
        []
        if waiting
        else list(registration.tickets.filter(status=Ticket.Status.VALID).order_by("number"))
    )
    return {
        "registration": registration,
        "event": registration.event,
        "event_url": event_url(registration.event),
        "waiting": waiting,
        "waiting_list_url": waiting_list_url(registration) if waiting else "",
        "ticket_urls": [ticket_url(ticket) for ticket in tickets],
    }


def ticket_lookup_send(*, lookup_id: int) -> bool:
    """Answer one look-up: one message listing every upcoming place, or nothing when there is
    none. Once per look-up; the address is forgotten afterwards."""
    with transaction.atomic():
        lookup = (
            TicketLookup.objects.select_for_update()
            .filter(pk=lookup_id, answered_at__isnull=True)
            .first()
        )
        if lookup is None:
            return False
        places = places_of(email=lookup.email, phone=lookup.phone)
        if places:
            person_message_send(
                email=lookup.email,
                phone=lookup.phone,
                template="ticket_lookup",
                context={"places": [_place_item(registration) for registration in places]},
                language=places[-1].language,
            )
        lookup.email = lookup.phone = ""
        lookup.answered_at = timezone.now()
        lookup.save(update_fields=["email", "phone", "answered_at"])
    return bool(places)
