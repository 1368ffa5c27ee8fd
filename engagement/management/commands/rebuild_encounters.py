"""``manage.py rebuild_encounters``: derive every fair's encounters from its evidence again.

The ledger keeps each fair's rows in step as scans arrive; run this once after upgrading (the
migration that stopped counting admissions as employer encounters removes the old rows), or to
check that the ledger matches the evidence. Safe to run any time: a rebuild changes nothing when
nothing changed.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db.models import Q

from engagement.ledger import COUNTED_STATUSES, encounters_rebuild_for_event
from events.models import Event


class Command(BaseCommand):
    help = "Derive every fair's encounters again from its stand visits and school groups' records."

    def handle(self, *args: Any, **options: Any) -> None:
        events = (
            Event.objects.filter(status__in=COUNTED_STATUSES)
            .filter(
                Q(stand_applications__interactions__isnull=False) | Q(group_records__isnull=False)
            )
            .distinct()
            .values_list("pk", flat=True)
        )
        rows = sum(encounters_rebuild_for_event(event_id=event_id) for event_id in events)
        self.stdout.write(f"{len(events)} events, {rows} encounters.")
