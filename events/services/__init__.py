"""Writes for events, one module per area:

- ``events``: creating, changing, publishing, cancelling and completing events;
- ``registrations``: attendees registering and cancelling; ``waiting_list``: offered places;
- ``group_bookings``: school groups; ``stands``: employers' stands and their waiting list;
- ``retention``: attendees' personal data erased and purged; ``calendars``: calendar feeds;
- ``common``: what they share (the event lock, the outbox, the registration window, tickets).
Yearly programmes are in ``events.programmes``, the door in ``events.checkin``.

Every e-mail is owed through the outbox (``events.outbox``): a row written in the same
transaction, handed to the broker on commit, so nothing is sent for a rolled-back write and
nothing is lost when the broker is down.

The public names are re-exported here, so callers write ``from events.services import X``.
"""

from __future__ import annotations

from events.services.calendars import calendar_feed_get_or_create, calendar_feed_rotate
from events.services.common import (
    MessageKind,
    Notice,
    RegistrationResult,
    check_registration_open,
    lock_event,
    normalise_email,
    normalise_phone,
    registration_closes_at,
    require_organiser,
)
from events.services.events import (
    EVENT_FIELDS,
    NOTIFIED_FIELDS,
    event_cancel,
    event_complete,
    event_create,
    event_publish,
    event_update,
    event_validate,
)
from events.services.group_bookings import (
    group_booking_cancel,
    group_booking_create,
    group_booking_resize,
)
from events.services.registrations import (
    registration_cancel,
    registration_create,
    registration_ticket_resend,
)
from events.services.retention import (
    attendee_personal_data_purge,
    registrations_personal_data_erase,
)
from events.services.stands import (
    stand_apply,
    stand_approve,
    stand_decline,
    stand_waitlist_promote,
    stand_withdraw,
)
from events.services.waiting_list import (
    place_offer_claim,
    place_offer_decline,
    place_offers_expire,
    places_held,
    waitlist_advance,
    waitlist_leave,
)

__all__ = [
    "EVENT_FIELDS",
    "NOTIFIED_FIELDS",
    "MessageKind",
    "Notice",
    "RegistrationResult",
    "attendee_personal_data_purge",
    "calendar_feed_get_or_create",
    "calendar_feed_rotate",
    "check_registration_open",
    "event_cancel",
    "event_complete",
    "event_create",
    "event_publish",
    "event_update",
    "event_validate",
    "group_booking_cancel",
    "group_booking_create",
    "group_booking_resize",
    "lock_event",
    "normalise_email",
    "normalise_phone",
    "registration_cancel",
    "registration_closes_at",
    "registration_create",
    "registration_ticket_resend",
    "registrations_personal_data_erase",
    "require_organiser",
    "stand_apply",
    "stand_approve",
    "stand_decline",
    "stand_waitlist_promote",
    "stand_withdraw",
    "place_offer_claim",
    "place_offer_decline",
    "place_offers_expire",
    "places_held",
    "waitlist_advance",
    "waitlist_leave",
]
