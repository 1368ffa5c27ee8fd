"""engagement listens to events (events never imports engagement)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_init, post_save, pre_delete
from django.dispatch import receiver

from accounts.models import Sector
from employers.models import Employer
from events.models import Event
from events.signals import attendance_changed


@receiver(attendance_changed, dispatch_uid="engagement.encounters_rebuild")
def _rebuild_encounters(
    sender: Any, *, event_id: int, interaction_id: int | None = None, **kwargs: Any
) -> None:
    """In the request that changed the evidence (after it commits), never on a worker: every
    figure shows the change by the time the response returns. A new stand visit adds its one
    row; anything else rebuilds the event's rows."""
    from engagement.ledger import encounter_for_stand_visit, encounters_rebuild_for_event

    if interaction_id is not None:
        encounter_for_stand_visit(interaction_id=interaction_id)
    else:
        encounters_rebuild_for_event(event_id=event_id)


@receiver(pre_delete, sender=Event, dispatch_uid="engagement.event_deleted")
def _event_deleted(sender: Any, *, instance: Event, **kwargs: Any) -> None:
    """An event's encounters go with it (the database cascades): its months change."""
    from engagement.models import Encounter
    from engagement.tallies import slices_touch_for

    slices_touch_for(Encounter.objects.filter(event_id=instance.pk))


@receiver(post_init, sender="engagement.Encounter", dispatch_uid="engagement.encounter_loaded")
def _encounter_loaded(sender: Any, *, instance: Any, **kwargs: Any) -> None:
    # Where a row was when loaded: if a save moves it, the slice it leaves changes too.
    fields = instance.__dict__
    if "occurred_on" in fields and "school_id" in fields:
        instance._loaded_slice = (fields["occurred_on"], fields["school_id"])


@receiver(post_init, sender=Employer, dispatch_uid="engagement.employer_loaded")
def _employer_loaded(sender: Any, *, instance: Any, **kwargs: Any) -> None:
    instance._loaded_size_band = instance.__dict__.get("size_band")


@receiver(post_init, sender=Sector, dispatch_uid="engagement.sector_loaded")
def _sector_loaded(sender: Any, *, instance: Any, **kwargs: Any) -> None:
    instance._loaded_group = instance.__dict__.get("group")


@receiver(post_save, sender="engagement.Encounter", dispatch_uid="engagement.encounter_saved")
def _encounter_saved(sender: Any, *, instance: Any, **kwargs: Any) -> None:
    """A row written one at a time (a school's record, a correction): its slice changes, and
    the one it was in before if its date or school moved. Bulk writes and deletes go through
    the ledger's functions, which say which slices they change."""
    from engagement.tallies import slices_touch

    now = (instance.occurred_on, instance.school_id)
    before = getattr(instance, "_loaded_slice", None)
    slices_touch([now] if before is None or before[0] is None else [now, before])
    instance._loaded_slice = now


@receiver(post_save, sender=Employer, dispatch_uid="engagement.employer_saved")
def _employer_saved(sender: Any, *, instance: Employer, created: bool, **kwargs: Any) -> None:
    """SME encounters follow an employer's size band."""
    from engagement.tallies import employer_changed

    if not created and instance.size_band != getattr(instance, "_loaded_size_band", None):
        employer_changed(instance.pk)
    instance._loaded_size_band = instance.size_band


@receiver(m2m_changed, sender=Employer.sectors.through, dispatch_uid="engagement.sectors")
def _employer_sectors_changed(sender: Any, *, instance: Any, action: str, **kwargs: Any) -> None:
    """Priority-sector encounters follow an employer's sectors."""
    from engagement.tallies import employer_changed, priority_sectors_changed

    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if isinstance(instance, Employer):
        employer_changed(instance.pk)
    else:
        priority_sectors_changed()  # a sector's employers changed from the sector's side


@receiver(post_save, sender=Sector, dispatch_uid="engagement.sector_saved")
def _sector_saved(sender: Any, *, instance: Sector, created: bool, **kwargs: Any) -> None:
    """Which sectors are priorities is data: when one changes group, every month follows."""
    from engagement.tallies import priority_sectors_changed

    if not created and instance.group != getattr(instance, "_loaded_group", None):
        priority_sectors_changed()
    instance._loaded_group = instance.group
