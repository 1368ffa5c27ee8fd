"""The triggers that keep ``EventTally.places_taken`` equal to the event's valid tickets.

One trigger per kind of change to a ticket row (insert, delete, a change of status or event),
on SQLite and PostgreSQL, firing only when the ticket's "valid at this event" changes. They run
inside the statement that changed the ticket, so the figure commits or rolls back with it.

``tally_triggers_ensure`` creates any that are missing and, if it had to, recounts every
event's figure from the tickets. A migration calls it once, and ``post_migrate`` calls it after
every ``migrate``: SQLite rebuilds a table to alter it, dropping its triggers, and a later
migration of the ticket table must not leave the figures to drift.
"""

from __future__ import annotations

from typing import Any

from django.db import connections

TABLE = "events_ticket"
TALLY = "events_eventtally"
VALID = "valid"  # Ticket.Status.VALID, as stored
FUNCTION = "events_ticket_tally"
TRIGGERS = (
    "events_ticket_tally_insert",
    "events_ticket_tally_delete",
    "events_ticket_tally_update",
)

_ADD = (
    f"INSERT INTO {TALLY} (event_id, places_taken) SELECT NEW.event_id, 1"  # noqa: S608
    f" WHERE NEW.status = '{VALID}'"
    f" ON CONFLICT (event_id) DO UPDATE SET places_taken = {TALLY}.places_taken + 1"
)
_TAKE = (
    f"UPDATE {TALLY} SET places_taken = places_taken - 1"  # noqa: S608
    f" WHERE OLD.status = '{VALID}' AND event_id = OLD.event_id"
)
# Fires only when the ticket's place changes: its validity, or the event it is for.
_MOVED = (
    f"(OLD.status = '{VALID}') IS NOT (NEW.status = '{VALID}') OR OLD.event_id IS NOT NEW.event_id"
)

_SQLITE = {
    "events_ticket_tally_insert": (
        f"CREATE TRIGGER events_ticket_tally_insert AFTER INSERT ON {TABLE}"
        f" WHEN NEW.status = '{VALID}' BEGIN {_ADD}; END"
    ),
    "events_ticket_tally_delete": (
        f"CREATE TRIGGER events_ticket_tally_delete AFTER DELETE ON {TABLE}"
        f" WHEN OLD.status = '{VALID}' BEGIN {_TAKE}; END"
    ),
    "events_ticket_tally_update": (
        f"CREATE TRIGGER events_ticket_tally_update AFTER UPDATE OF status, event_id ON {TABLE}"
        f" WHEN {_MOVED} BEGIN {_TAKE}; {_ADD}; END"
    ),
}

_POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = '{VALID}' THEN
        UPDATE {TALLY} SET places_taken = places_taken - 1 WHERE event_id = OLD.event_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = '{VALID}' THEN
        INSERT INTO {TALLY} (event_id, places_taken) VALUES (NEW.event_id, 1)
        ON CONFLICT (event_id) DO UPDATE SET places_taken = {TALLY}.places_taken + 1;
    END IF;
    RETURN NULL;
END
$$
"""  # noqa: S608

_POSTGRES = {
    "events_ticket_tally_insert": (
        f"CREATE TRIGGER events_ticket_tally_insert AFTER INSERT ON {TABLE} FOR EACH ROW"
        f" WHEN (NEW.status = '{VALID}') EXECUTE FUNCTION {FUNCTION}()"
    ),
    "events_ticket_tally_delete": (
        f"CREATE TRIGGER events_ticket_tally_delete AFTER DELETE ON {TABLE} FOR EACH ROW"
        f" WHEN (OLD.status = '{VALID}') EXECUTE FUNCTION {FUNCTION}()"
    ),
    "events_ticket_tally_update": (
        f"CREATE TRIGGER events_ticket_tally_update AFTER UPDATE OF status, event_id ON {TABLE}"
        f" FOR EACH ROW WHEN ({_MOVED.replace('IS NOT', 'IS DISTINCT FROM')})"
        f" EXECUTE FUNCTION {FUNCTION}()"
    ),
}

RECOUNT = (
    f"INSERT INTO {TALLY} (event_id, places_taken)"  # noqa: S608
    f" SELECT event_id, COUNT(*) FROM {TABLE} WHERE status = '{VALID}' GROUP BY event_id"
)


def _existing(cursor: Any, vendor: str) -> set[str]:
    if vendor == "postgresql":
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
            [TABLE],
        )
    else:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [TABLE]
        )
    return {row[0] for row in cursor.fetchall()}


def tally_triggers_ensure(using: str = "default") -> bool:
    """Create the triggers that are missing on ``using`` and recount every event's figure;
    False (nothing done) when all are there. Call inside the migration or after it."""
    connection = connections[using]
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise NotImplementedError(f"No ticket tally triggers for {vendor}")
    statements = _POSTGRES if vendor == "postgresql" else _SQLITE
    with connection.cursor() as cursor:
        missing = [name for name in TRIGGERS if name not in _existing(cursor, vendor)]
        if not missing:
            return False
        if vendor == "postgresql":
            cursor.execute(_POSTGRES_FUNCTION)
        for name in missing:
            cursor.execute(statements[name])
        # The figures may have drifted while a trigger was missing: counted again, at once.
        cursor.execute(f"DELETE FROM {TALLY}")  # noqa: S608
        cursor.execute(RECOUNT)
    return True


def tally_triggers_ensure_after_migrate(using: str = "default", **_kwargs: Any) -> None:
    """``post_migrate`` receiver: the triggers back if a migration dropped any."""
    from django.db import transaction

    tables = connections[using].introspection.table_names()
    if TABLE not in tables or TALLY not in tables:
        return  # migrated back to before the tally: nothing to keep
    with transaction.atomic(using=using):
        tally_triggers_ensure(using)
