"""What events tells the rest of the system, without importing it (events sits below engagement
and never imports it). ``attendance_changed`` says that who met whom at an event may have
changed: the engagement ledger listens and rebuilds that event's encounters.

It is sent after the change commits and handled in the same request. Admissions at the door do
not send it: attendance is read from the tickets themselves, and admission alone is not an
employer encounter.
"""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal

attendance_changed = Signal()  # kwargs: event_id, and interaction_id for a new stand visit


def attendance_changed_send(event_id: int, *, interaction_id: int | None = None) -> None:
    transaction.on_commit(
        lambda: attendance_changed.send(
            sender=None, event_id=event_id, interaction_id=interaction_id
        )
    )
