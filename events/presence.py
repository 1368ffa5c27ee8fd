"""Whether an employer came on the day: a stand counts only if it did.

The door marks each approved stand present or no-show; the employer's first stand scan marks it
present too (a stand that scanned a visitor was there). Every mark by hand is audited.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.models import AuditAction, User
from core.exceptions import DomainError
from events.exceptions import NotAllowed
from events.models import StandApplication, StandInteraction, StandPresence
from events.permissions import may_scan_at
from events.signals import attendance_changed_send


class PresenceError(DomainError):
    code = "presence"


def stand_presence_mark(
    *, application: StandApplication, presence: str, by: User
) -> StandApplication:
    """The door says whether the employer of an approved stand came (present / no_show), or
    takes the mark back (expected). Anyone who may scan at the fair may mark it."""
    if not may_scan_at(by, application.event):
        raise NotAllowed(_("You are not a scanner at this event."))
    if presence not in StandPresence.values:
        raise PresenceError(_("Say whether the employer came."), code="invalid_presence")
    if application.status != StandApplication.Status.APPROVED:
        raise PresenceError(_("This stand is not approved."), code="stand_not_approved")
    with transaction.atomic():
        # Checked under the stand's row lock, which a first scan's presence update waits for: a
        # visitor scanned at the same moment is never overwritten by a no-show.
        locked = StandApplication.objects.select_for_update().get(pk=application.pk)
        if (
            presence == StandPresence.NO_SHOW
            and StandInteraction.objects.filter(application_id=application.pk).exists()
        ):
            raise PresenceError(
                _("This employer scanned visitors at its stand: it was there."),
                code="scanned_visitors",
            )
        before = locked.presence
        application.presence = presence
        application.presence_marked_at = (
            None if presence == StandPresence.EXPECTED else timezone.now()
        )
        application.save(update_fields=["presence", "presence_marked_at", "updated_at"])
        audit_record(
            actor=by,
            action=AuditAction.STAND_PRESENCE,
            target=application,
            label=str(application.employer_id),
            details={"event_id": application.event_id, "from": before, "to": presence},
        )
        attendance_changed_send(application.event_id)
    return application


def stand_present_on_first_scan(application: StandApplication) -> None:
    """The stand has a visitor scanned (or moved) to it: it is there, whatever it was marked
    before, a no-show too (one UPDATE, only while not yet present)."""
    now = timezone.now()
    if (
        StandApplication.objects.filter(pk=application.pk)
        .exclude(presence=StandPresence.PRESENT)
        .update(presence=StandPresence.PRESENT, presence_marked_at=now)
    ):
        application.presence, application.presence_marked_at = StandPresence.PRESENT, now


def stand_presence_counts(event_id: int) -> dict[str, int]:
    """Approved stands by whether the employer came: what the organiser sees on the event."""
    counts = dict.fromkeys(StandPresence.values, 0)
    rows = (
        StandApplication.objects.filter(event_id=event_id, status=StandApplication.Status.APPROVED)
        .values_list("presence")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts.update(dict(rows))
    return counts
