"""The last step of a registration: take a place (and number its ticket) if one is free, else
join the waiting list — done last in the registration's transaction, after every row that is
the person's own, so the event row is locked for as short a time as possible.

On PostgreSQL the lock, the count and the take are one round trip to the server: the event
row is locked (FOR NO KEY UPDATE: the registration's own insert already holds a key-share
lock on it, which FOR UPDATE would wait for, and two registrations would deadlock); then one
statement counts the places held, takes one only if one is free and inserts the numbered
ticket. It runs after the lock is granted, so its snapshot holds every earlier holder's commit.
The lock is then held for that statement and the commit. On SQLite, BEGIN IMMEDIATE has
serialised the whole transaction already, and the same rule runs through the ORM.
"""

from __future__ import annotations

from datetime import datetime

from django.db import connection
from django.db.models import F
from django.utils import timezone

from events.models import Event, PlaceOffer, Registration, Ticket
from events.models.tokens import new_ticket_token
from events.services.common import check_registration_open
from events.services.waiting_list import places_held_expression

# What the last step reads and re-checks of the event once it holds the row.
PLACE_FIELDS = (
    "status",
    "capacity",
    "tickets_issued",
    "starts_at",
    "registration_opens_at",
    "registration_closes_at",
)

# Two statements sent together in one round trip (Django's psycopg 3 cursors bind parameters
# on the client, which allows that): the lock, then the take — a place and its ticket if one is
# free, else the waiting list. The ticket's number is the event's prefix and its count of
# tickets issued, at least four digits, as in ``events.services.common``.
TAKE_SQL = """
SELECT {fields} FROM {event} WHERE id = %(event)s FOR NO KEY UPDATE;
WITH taken AS (
    UPDATE {event} SET tickets_issued = tickets_issued + 1
    WHERE id = %(event)s AND capacity >= 1
        + (SELECT COUNT(*) FROM {ticket} WHERE event_id = %(event)s AND status = %(valid)s)
        + (SELECT COALESCE(SUM(places), 0) FROM {offer}
           WHERE event_id = %(event)s AND status = %(open)s)
    RETURNING tickets_issued
),
ticket AS (
    INSERT INTO {ticket}
        (registration_id, event_id, token, number, holder_label, status, created_at, changed_at)
    SELECT %(registration)s, %(event)s, %(token)s,
        %(prefix)s || '-'
            || LPAD(tickets_issued::text, GREATEST(4, LENGTH(tickets_issued::text)), '0'),
        %(holder)s, %(valid)s, clock_timestamp(), clock_timestamp()
    FROM taken
    RETURNING id, number, created_at
),
queued AS (
    UPDATE {registration}
    SET status = %(waitlisted)s, waitlisted_at = clock_timestamp(), updated_at = clock_timestamp()
    WHERE id = %(registration)s AND NOT EXISTS (SELECT 1 FROM taken)
    RETURNING waitlisted_at
)
SELECT ticket.id, ticket.number, ticket.created_at, queued.waitlisted_at
FROM (SELECT 1) AS one LEFT JOIN ticket ON TRUE LEFT JOIN queued ON TRUE
"""


def place_take(event: Event, registration: Registration, *, holder: str) -> list[Ticket]:
    """Take a place for ``registration`` (saved, CONFIRMED, in this transaction) and return its
    ticket; or, when the event is full, put it on the waiting list and return no ticket.
    Re-checks, under the lock, that registration is still open (``RegistrationError``, which
    rolls the whole registration back). Refreshes ``event``'s counted fields."""
    if connection.vendor == "postgresql":
        ticket = _take_in_one_statement(event, registration, holder=holder)
    else:
        ticket = _take_with_orm(event, registration, holder=holder)
    # Under the lock: a registration that closed or was cancelled meanwhile rolls back.
    check_registration_open(event, timezone.now())
    return [] if ticket is None else [ticket]


def _take_in_one_statement(
    event: Event, registration: Registration, *, holder: str
) -> Ticket | None:
    sql = TAKE_SQL.format(
        fields=", ".join(PLACE_FIELDS),
        event=Event._meta.db_table,
        ticket=Ticket._meta.db_table,
        offer=PlaceOffer._meta.db_table,
        registration=Registration._meta.db_table,
    )
    token = new_ticket_token()
    label = holder[:200]
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {
                "event": event.pk,
                "registration": registration.pk,
                "token": token,
                "prefix": event.ticket_prefix,
                "holder": label,
                "valid": Ticket.Status.VALID,
                "open": PlaceOffer.Status.OPEN,
                "waitlisted": Registration.Status.WAITLISTED,
            },
        )
        locked = cursor.fetchone()
        cursor.nextset()
        pk, number, created_at, waitlisted_at = cursor.fetchone()
    for name, value in zip(PLACE_FIELDS, locked, strict=True):
        setattr(event, name, value)
    if pk is None:
        _waitlisted(registration, waitlisted_at)
        return None
    event.tickets_issued += 1  # the locked value, now taken by this ticket
    ticket = Ticket(
        pk=pk,
        registration=registration,
        event=event,
        token=token,
        number=number,
        holder_label=label,
        status=Ticket.Status.VALID,
        created_at=created_at,
        changed_at=created_at,
    )
    ticket._state.adding = False  # as if loaded: it is a saved row
    ticket._state.db = connection.alias
    return ticket


def _take_with_orm(event: Event, registration: Registration, *, holder: str) -> Ticket | None:
    locked = Event.objects.select_for_update(no_key=True).only(*PLACE_FIELDS).get(pk=event.pk)
    for name in PLACE_FIELDS:
        setattr(event, name, getattr(locked, name))
    taken = Event.objects.filter(pk=event.pk, capacity__gte=places_held_expression() + 1).update(
        tickets_issued=F("tickets_issued") + 1
    )
    if not taken:
        now = timezone.now()  # under the lock: the waiting list is in the order of the lock
        Registration.objects.filter(pk=registration.pk).update(
            status=Registration.Status.WAITLISTED, waitlisted_at=now, updated_at=now
        )
        _waitlisted(registration, now)
        return None
    event.tickets_issued += 1
    ticket = Ticket(
        registration=registration,
        event=event,
        number=f"{event.ticket_prefix}-{event.tickets_issued:04d}",
        holder_label=holder[:200],
    )
    return Ticket.objects.bulk_create([ticket])[0]


def _waitlisted(registration: Registration, at: datetime) -> None:
    registration.status = Registration.Status.WAITLISTED
    registration.waitlisted_at = at
    registration.updated_at = at
