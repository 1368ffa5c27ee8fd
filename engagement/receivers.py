"""engagement listens to events (events never imports engagement)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from events.signals import attendance_changed


@receiver(attendance_changed, dispatch_uid="engagement.encounters_rebuild")
def _rebuild_encounters(sender: Any, *, event_id: int, **kwargs: Any) -> None:
    from engagement.tasks import encounters_rebuild_task

    encounters_rebuild_task.delay(event_id)
