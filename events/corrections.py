"""Organisers correct attendance after the fact: a ticket admitted by mistake, a visit scanned
at the wrong stand. Facts change only this way: explicitly, with a reason, audited, and every
figure follows at once.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.models import AuditAction, User
from core.exceptions import Conflict, DomainError
from core.text import clean_text
from events.exceptions import NotAllowed
from events.models import StandApplication, StandInteraction, Ticket
from events.permissions import is_event_organiser
from events.presence import stand_present_on_first_scan
from events.signals import attendance_changed_send


class CorrectionError(DomainError):
    code = "correction"


def correction_reason(reason: str) -> str:
    """The reason, tidied; a correction without one is refused."""
    reason = clean_text(reason)
    if not reason:
        raise CorrectionError(_("Say why the record is being corrected."), code="reason_required")
    return reason[:500]


def admission_undo(*, ticket: Ticket, reason: str, by: User) -> Ticket:
    """A ticket was admitted by mistake: it is no longer counted as attending."""
    reason = correction_reason(reason)
    if not is_event_organiser(by, ticket.event):
        raise NotAllowed(_("Only the event's organisers can correct attendance."))
    with transaction.atomic():
        was = (
            Ticket.objects.select_for_update()
            .values_list("checked_in_at", flat=True)
            .get(pk=ticket.pk)
        )
        if was is None:
            raise CorrectionError(_("This ticket was not admitted."), code="not_admitted")
        Ticket.objects.filter(pk=ticket.pk).update(checked_in_at=None, changed_at=timezone.now())
        ticket.checked_in_at = None
        audit_record(
            actor=by,
            action=AuditAction.ATTENDANCE_CORRECT,
            target=ticket,
            label=ticket.number,
            details={
                "event_id": ticket.event_id,
                "correction": "admission_undone",
                "admitted_at": was.isoformat(),
                "reason": reason,
            },
        )
        # No ledger rebuild: admission alone is no employer encounter (the ticket's stand
        # visits stay facts until corrected themselves).
    return ticket


def stand_visit_correct(
    *,
    interaction: StandInteraction,
    reason: str,
    by: User,
    move_to: StandApplication | None = None,
) -> StandInteraction | None:
    """A visit scanned at the wrong stand moves to the right one (``move_to``, an approved
    stand at the same fair), or, without one, is taken out."""
    reason = correction_reason(reason)
    application = interaction.application
    if not is_event_organiser(by, application.event):
        raise NotAllowed(_("Only the event's organisers can correct attendance."))
    if move_to is not None and (
        move_to.event_id != application.event_id
        or move_to.status != StandApplication.Status.APPROVED
    ):
        raise CorrectionError(
            _("Move the visit to an approved stand at the same fair."), code="invalid_stand"
        )
    details = {
        "event_id": application.event_id,
        "correction": "stand_visit_moved" if move_to else "stand_visit_removed",
        "from_employer_id": application.employer_id,
        "to_employer_id": move_to.employer_id if move_to else None,
        "ticket_id": interaction.ticket_id,
        "reason": reason,
    }
    with transaction.atomic():
        # Re-read under a lock: another correction may have moved or removed it meanwhile.
        current = StandInteraction.objects.select_for_update().filter(pk=interaction.pk).first()
        if current is None or current.application_id != application.pk:
            raise Conflict(
                _("This visit was corrected meanwhile. Reload the page and look again."),
                code="visit_changed",
            )
        kept: StandInteraction | None = None
        if (
            move_to is None
            or StandInteraction.objects.filter(
                application=move_to, ticket_id=current.ticket_id
            ).exists()
        ):
            current.delete()  # the right stand already has the visit: one is enough
        else:
            current.application = move_to
            try:
                with transaction.atomic():  # a scan at that stand may land at the same moment
                    current.save(update_fields=["application"])
            except IntegrityError:
                raise Conflict(
                    _("That stand scanned this visitor meanwhile. Reload the page and look again."),
                    code="visit_changed",
                ) from None
            kept = current
        if move_to is not None:
            stand_present_on_first_scan(move_to)  # a stand with a visitor was there
        audit_record(
            actor=by,
            action=AuditAction.ATTENDANCE_CORRECT,
            target=application,
            label=str(application.employer_id),
            details=details,
        )
        attendance_changed_send(application.event_id)
    return kept
