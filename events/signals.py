"""What events tells the rest of the system, without importing it (events sits below engagement
and never imports it). ``attendance_changed`` says that who met whom at an event may have
changed: the engagement ledger listens and rebuilds that event's encounters.

It is sent after the change commits. Check-ins do not send it (the door's hot path stays three
queries); the ledger picks up scans with a scheduled task instead.
"""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal

attendance_changed = Signal()  # kwargs: event_id


def attendance_changed_send(event_id: int) -> None:
    transaction.on_commit(lambda: attendance_changed.send(sender=None, event_id=event_id))
