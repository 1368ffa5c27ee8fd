"""An admission at the door in one statement, on PostgreSQL.

Admitting a ticket writes three rows: the ticket's admission (the conditional UPDATE that only
one scan can win), the scan's ``CheckIn`` row and its audit entry. As separate statements in a
transaction that is six round trips to the database with the read before it; here it is one:
data-modifying common table expressions run the three writes as one statement, which is atomic
on its own (no BEGIN, no COMMIT), and each sees what the one before it decided:

- ``admitted``: the UPDATE, returning the ticket only if this scan set ``checked_in_at``;
- ``scan``: the ``CheckIn`` row, its result, ``conflict`` and ``walk_in`` decided from
  ``admitted`` by the same rules as ``events.checkin._log``;
- ``audit``: the entry, its action and details from the scan row.

The outer SELECT returns the scan's id, result and conflict flag and whether this scan admitted
the ticket. A resent ``client_id`` breaks the scan's unique constraint and the whole statement
(admission included) is undone, as the transaction was. SQLite has no data-modifying CTEs: it
keeps the statements in one transaction (``events.checkin``), where they cost no round trips.
"""

from __future__ import annotations

import functools
import uuid
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Field
from django.utils import timezone

from accounts.audit import audit_values
from accounts.models import AuditAction, AuditEntry, User
from core.rows import model_signals_listened
from events.models import CheckIn, Ticket

OK, REPEAT = str(CheckIn.Result.OK), str(CheckIn.Result.ALREADY_CHECKED_IN)
# The audit entry's columns taken from ``accounts.audit.audit_values``, by attname, in order.
AUDIT_GIVEN = ("actor_id", "actor_email", "target_type", "target_id", "target_label", "ip")


@dataclass(frozen=True)
class Admission:
    scan_id: int
    result: str
    conflict: bool
    admitted: bool


def _cast(field: Field) -> str:
    """A parameter of ``field``'s column type: a SELECT list gives it no type of its own."""
    return f"%s::{field.db_type(connection)}"


@functools.cache  # built once per process (PostgreSQL only)
def _statement() -> str:
    q = connection.ops.quote_name
    ticket, scan, audit = Ticket._meta, CheckIn._meta, AuditEntry._meta

    def col(meta: Any, name: str) -> str:
        return q(meta.get_field(name).column)

    def param(meta: Any, name: str) -> str:
        return _cast(meta.get_field(name))

    given = [  # CheckIn columns taken from parameters, in this order
        "event", "ticket", "scanned_value", "client_id", "device", "scanned_at", "received_at",
        "offline", "by",
    ]  # fmt: skip
    scan_columns = ", ".join([*(col(scan, n) for n in given), col(scan, "result")])
    scan_columns += f", {col(scan, 'walk_in')}, {col(scan, 'conflict')}"
    offline, reentry, walk_in = "%s::boolean", "%s::boolean", "%s::boolean"
    audit_columns = ", ".join(col(audit, n) for n in AUDIT_GIVEN)
    audit_columns += f", {col(audit, 'created_at')}, {col(audit, 'action')}"
    audit_columns += f", {col(audit, 'details')}"
    checked_in, pk = col(ticket, "checked_in_at"), col(ticket, ticket.pk.name)
    return (  # identifiers from the models; every value a parameter
        f"WITH admitted AS ("  # noqa: S608
        f" UPDATE {q(ticket.db_table)} SET {checked_in} = {param(ticket, 'checked_in_at')},"
        f" {col(ticket, 'changed_at')} = {param(ticket, 'changed_at')}"
        f" WHERE {pk} = %s AND {checked_in} IS NULL RETURNING {pk}),"
        f" won AS (SELECT COUNT(*) > 0 AS admitted FROM admitted),"
        f" scan AS (INSERT INTO {q(scan.db_table)} ({scan_columns})"
        f" SELECT {', '.join(param(scan, n) for n in given)},"
        f" CASE WHEN won.admitted OR {reentry} THEN '{OK}' ELSE '{REPEAT}' END,"
        f" won.admitted AND {walk_in},"
        f" NOT won.admitted AND {offline} AND NOT {reentry}"
        f" FROM won RETURNING {col(scan, scan.pk.name)} AS id, {col(scan, 'result')} AS result,"
        f" {col(scan, 'conflict')} AS conflict, {col(scan, 'walk_in')} AS walk_in),"
        f" audit AS (INSERT INTO {q(audit.db_table)} ({audit_columns})"
        f" SELECT {', '.join(param(audit, n) for n in AUDIT_GIVEN)},"
        f" {param(audit, 'created_at')},"
        f" CASE WHEN scan.walk_in THEN %s WHEN scan.result = '{OK}' AND won.admitted THEN %s"
        f" WHEN scan.result = '{OK}' THEN %s ELSE %s END,"
        f" jsonb_build_object('event_id', %s::bigint, 'scan_id', scan.id,"
        f" 'result', scan.result, 'offline', {offline},"
        f" 'reentry', NOT won.admitted AND {reentry}, 'conflict', scan.conflict)"
        f" FROM scan, won)"
        f" SELECT scan.id, scan.result, scan.conflict, won.admitted FROM scan, won"
    )


def admission_write(
    *,
    ticket: Ticket,
    event_id: int,
    scanned_value: str,
    client_id: uuid.UUID | None,
    by: User,
    when: datetime,
    device: str,
    offline: bool,
    reentry: bool,
    walk_in: bool,
) -> Admission | None:
    """Admit ``ticket`` (once), log the scan and audit it, in one statement; None where this
    cannot be done so (not PostgreSQL, or something listens to those rows' signals)."""
    # Signals on the rows written would not be sent here: the transaction's path then.
    if connection.vendor != "postgresql" or any(map(model_signals_listened, (CheckIn, AuditEntry))):
        return None
    now = timezone.now()
    scan = CheckIn._meta
    audit = audit_values(actor=by, target=ticket, label=ticket.number)

    def prep(meta: Any, name: str, value: Any) -> Any:
        return meta.get_field(name).get_db_prep_save(value, connection)

    params = [
        prep(Ticket._meta, "checked_in_at", when),
        prep(Ticket._meta, "changed_at", now),
        ticket.pk,
        event_id,
        ticket.pk,
        scanned_value,
        prep(scan, "client_id", client_id),
        device,
        prep(scan, "scanned_at", when),
        prep(scan, "received_at", now),
        offline,
        by.pk,
        reentry,  # result
        walk_in,
        offline,  # conflict
        reentry,
        *(audit[name] for name in AUDIT_GIVEN),
        prep(AuditEntry._meta, "created_at", now),
        str(AuditAction.CHECKIN_WALK_IN),
        str(AuditAction.CHECKIN_ADMIT),
        str(AuditAction.CHECKIN_ADMIT),  # re-entry: admitted again
        str(AuditAction.CHECKIN_DUPLICATE),
        event_id,
        offline,
        reentry,
    ]
    # Inside a caller's transaction, a savepoint: a refused resend must not spoil it.
    with transaction.atomic() if connection.in_atomic_block else nullcontext():
        with connection.cursor() as cursor:
            cursor.execute(_statement(), params)
            scan_id, result, conflict, admitted = cursor.fetchone()
    return Admission(scan_id=scan_id, result=result, conflict=conflict, admitted=admitted)
