"""Who may scan at an event besides its organisers: the volunteers they authorise for it."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.models import User
from events.exceptions import NotAllowed
from events.models import Event, ScannerAssignment
from events.permissions import is_event_organiser


def scanner_authorise(*, event: Event, user: User, by: User) -> ScannerAssignment:
    """Let ``user`` scan tickets at ``event`` (and only there); organisers only."""
    if not is_event_organiser(by, event):
        raise NotAllowed(_("Only the event's organisers can add scanners."))
    assignment, _created = ScannerAssignment.objects.get_or_create(
        event=event, user=user, defaults={"created_by": by}
    )
    return assignment


def scanner_remove(*, assignment: ScannerAssignment, by: User) -> None:
    if not is_event_organiser(by, assignment.event):
        raise NotAllowed(_("Only the event's organisers can remove scanners."))
    assignment.delete()
