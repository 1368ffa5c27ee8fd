"""The door's fixed SQL: the statements the check-in hot path runs, built once per database
vendor from the models' own tables and columns (every value a parameter).

- ``may_scan_sql`` / ``may_scan_expression``: "may this user scan at this event", the same rule as
  ``events.permissions.may_scan_at`` (held equal to it by a test over every role);
- ``ticket_read``: the ticket, its registration and event, the right to scan and a resent scan's
  id, in one statement;
- ``ticket_admit``: the one conditional UPDATE that admits a ticket once.
"""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Value
from django.db.models.expressions import RawSQL
from django.utils import timezone

from accounts.models import Membership, Role, User
from core.rows import column_converters, fields_in_order, instance_from_row
from events.models import CheckIn, Event, Registration, ScannerAssignment, Ticket
from events.permissions import ORGANISER_ROLES


@functools.cache  # one text per database vendor, built once
def may_scan_sql(vendor: str) -> str:
    """The SQL of "may the user scan at the event": a volunteer the organisers authorised for the
    event, a member of the organising hub or Jobcentre in an organiser role, or an admin.
    Parameters: event, user, user, the admin role, the organiser roles, event."""
    q = connection.ops.quote_name
    scanners, members, events = (m._meta for m in (ScannerAssignment, Membership, Event))

    def column(meta: Any, name: str) -> str:
        return q(meta.get_field(name).column)

    roles = ", ".join(["%s"] * len(ORGANISER_ROLES))
    # Identifiers from the models only; every value is a parameter.
    return (
        f"(EXISTS (SELECT 1 FROM {q(scanners.db_table)}"  # noqa: S608
        f" WHERE {column(scanners, 'event')} = %s AND {column(scanners, 'user')} = %s)"
        f" OR EXISTS (SELECT 1 FROM {q(members.db_table)} WHERE {column(members, 'user')} = %s"
        f" AND ({column(members, 'role')} = %s OR ({column(members, 'role')} IN ({roles})"
        f" AND {column(members, 'organisation')} = (SELECT {column(events, 'organiser')}"
        f" FROM {q(events.db_table)} WHERE {column(events, 'id')} = %s)))))"
    )


def may_scan_expression(user: User, event_id: int) -> RawSQL | Value:
    """SQL for "may ``user`` scan at event ``event_id``" (``events.permissions.may_scan_at``,
    held equal to it by a test over every role), evaluated
    inside the ticket's own query, so checking costs no query of its own.

    Written as SQL rather than as querysets: the same test built from three nested querysets
    (two EXISTS and the event's organiser) took Django some 5 ms of Python to compile on every
    scan, more than the rest of the request together. Tables and columns come from the models.
    """
    if user.is_superuser:
        return Value(True)
    roles = [str(role) for role in ORGANISER_ROLES]
    params = (event_id, user.pk, user.pk, str(Role.ADMIN), *roles, event_id)
    sql = may_scan_sql(connection.vendor)
    return RawSQL(sql, params, output_field=BooleanField())  # noqa: S611 - values are parameters


# What the door reads of a ticket: its state, what the green screen shows, and no more.
TICKET_FIELDS = fields_in_order(
    Ticket,
    ("id", "registration_id", "event_id", "token", "number", "holder_label", "status",
     "checked_in_at"),
)  # fmt: skip
REGISTRATION_FIELDS = fields_in_order(
    Registration, ("id", "status", "category", "adjustments", "walk_in")
)
EVENT_FIELDS = fields_in_order(Event, ("id", "status", "allow_reentry", "starts_at", "ends_at"))


@dataclass(frozen=True)
class DoorRead:
    select: str  # the columns, up to the right to scan
    tables: str  # FROM ... JOIN ...
    converters: list[Any]


@functools.cache  # one statement per database vendor, built once
def door_read(vendor: str) -> DoorRead:
    q = connection.ops.quote_name
    tickets: Any = Ticket._meta
    registrations: Any = Registration._meta
    events: Any = Event._meta
    columns = [
        f"{alias}.{q(str(field.column))}"
        for alias, fields in (("t", TICKET_FIELDS), ("r", REGISTRATION_FIELDS),
                              ("e", EVENT_FIELDS))
        for field in fields
    ]  # fmt: skip
    registration = q(tickets.get_field("registration").column)
    event = q(tickets.get_field("event").column)
    tables = (
        f" FROM {q(tickets.db_table)} t"
        f" INNER JOIN {q(registrations.db_table)} r ON r.{q(registrations.pk.column)}"
        f" = t.{registration}"
        f" INNER JOIN {q(events.db_table)} e ON e.{q(events.pk.column)} = t.{event}"
    )
    fields = (*TICKET_FIELDS, *REGISTRATION_FIELDS, *EVENT_FIELDS)
    return DoorRead(
        select="SELECT " + ", ".join(columns),
        tables=tables,
        converters=column_converters(fields, connection.alias),
    )


def may_scan_sql_and_params(user: User, event_id: int) -> tuple[str, list[Any]]:
    if user.is_superuser:
        return "1", []
    roles = [str(role) for role in ORGANISER_ROLES]
    params = [event_id, user.pk, user.pk, str(Role.ADMIN), *roles, event_id]
    return may_scan_sql(connection.vendor), params


def prior_scan_sql(client_id: uuid.UUID | None, event_id: int) -> tuple[str, list[Any]]:
    """The id of the scan already received with ``client_id`` at this event, if any: a device's
    id never reaches another event's scans."""
    if not client_id:
        return "NULL", []
    meta: Any = CheckIn._meta
    q = connection.ops.quote_name
    field = meta.get_field("client_id")
    event = meta.get_field("event")
    sql = (  # identifiers from the model; the values are parameters
        f"(SELECT {q(meta.pk.column)} FROM {q(meta.db_table)}"  # noqa: S608
        f" WHERE {q(field.column)} = %s AND {q(event.column)} = %s)"
    )
    return sql, [field.get_db_prep_value(client_id, connection), event_id]


def ticket_read(
    *, token: str, ticket_id: int | None, event_id: int, by: User, client_id: uuid.UUID | None
) -> tuple[Ticket, bool, int | None] | None:
    """One fixed statement: the ticket (with its registration and event, what the door needs),
    whether ``by`` may scan here, and the id of the scan resent with ``client_id`` if any."""
    read = door_read(connection.vendor)
    may_scan, may_scan_params = may_scan_sql_and_params(by, event_id)
    prior, prior_params = prior_scan_sql(client_id, event_id)
    q = connection.ops.quote_name
    meta: Any = Ticket._meta
    if ticket_id is not None:
        # By id only within this event: another event's id is unknown here, not "wrong event".
        where = f" WHERE t.{q('id')} = %s AND t.{q(meta.get_field('event').column)} = %s"
        where_params: list[Any] = [ticket_id, event_id]
    else:
        where = f" WHERE t.{q(meta.get_field('token').column)} = %s"
        where_params = [token]
    sql = f"{read.select}, {may_scan}, {prior}{read.tables}{where}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*may_scan_params, *prior_params, *where_params])
        row = cursor.fetchone()
    if row is None:
        return None
    values = [convert(value) for convert, value in zip(read.converters, row, strict=False)]
    first, second = len(TICKET_FIELDS), len(TICKET_FIELDS) + len(REGISTRATION_FIELDS)
    alias = connection.alias
    ticket = instance_from_row(Ticket, alias, TICKET_FIELDS, values[:first])
    registration = instance_from_row(Registration, alias, REGISTRATION_FIELDS, values[first:second])
    event = instance_from_row(Event, alias, EVENT_FIELDS, values[second : len(values)])
    meta.get_field("registration").set_cached_value(ticket, registration)
    meta.get_field("event").set_cached_value(ticket, event)
    return ticket, bool(row[-2]), row[-1]


def ticket_admit(ticket_id: int, when: datetime) -> bool:
    """``checked_in_at`` set if it was not (and ``changed_at`` moved on, for the door's delta
    sync): True for the one scan that set it."""
    q = connection.ops.quote_name
    meta: Any = Ticket._meta
    field = meta.get_field("checked_in_at")
    changed = meta.get_field("changed_at")
    column = q(field.column)
    sql = (  # identifiers from the model; the values are parameters
        f"UPDATE {q(meta.db_table)} SET {column} = %s, {q(changed.column)} = %s"  # noqa: S608
        f" WHERE {q(meta.pk.column)} = %s AND {column} IS NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                field.get_db_prep_save(when, connection),
                changed.get_db_prep_save(timezone.now(), connection),
                ticket_id,
            ],
        )
        return bool(cursor.rowcount)
