"""Writes to a Voice of the Customer forum's record, by its organisers, each one audited.

Rules: only a forum has a record, and only once it has started and unless it was cancelled; counts
are never negative and no group outnumbers everyone who took part; a barrier has a theme from
the list and the participants' words, with contact details removed; an action has an owner and
a due date, and "not possible" needs a reason; "no barriers raised" and a list of barriers
cannot both be true; a record is published only once it is complete (``forum_record_complete``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.models import AuditAction, Organisation
from core.exceptions import DomainError, NotAllowed
from core.redact import contact_details_remove
from core.text import clean_text
from events.barriers import BarrierTheme
from events.forums import forum_record_missing
from events.models import (
    PARTICIPATION_GROUPS,
    Event,
    EventKind,
    ForumAction,
    ForumActionStatus,
    ForumBarrier,
    ForumRecord,
)
from events.permissions import is_event_organiser


class ForumRecordError(DomainError):
    """A forum's record cannot be changed this way; nothing was saved."""

    code = "forum_record_invalid"


def _refuse(code: str, detail: str) -> ForumRecordError:
    return ForumRecordError(detail, code=code)


def _require_organiser(user: Any, event: Event) -> None:
    if not is_event_organiser(user, event):
        raise NotAllowed(_("Only the forum's organisers can change its record."))


def _audit(by: Any, record: ForumRecord, change: str, **details: Any) -> None:
    audit_record(
        actor=by,
        action=AuditAction.FORUM_RECORD_CHANGE,
        target=record,
        label=str(_("Record of forum %(id)s") % {"id": record.event_id}),
        details={"change": change, **details},
    )


def forum_record_get_or_create(*, event: Event, by: Any) -> ForumRecord:
    """The forum's record, made empty the first time its organiser opens it."""
    _require_organiser(by, event)
    if event.kind != EventKind.VOICE_OF_THE_CUSTOMER_FORUM:
        raise _refuse("not_a_forum", _("Only a Voice of the Customer forum has a record."))
    if event.status == Event.Status.CANCELLED:
        raise _refuse("forum_cancelled", _("The forum was cancelled: there is nothing to record."))
    if event.starts_at > timezone.now():
        raise _refuse("forum_not_started", _("The forum has not started yet."))
    record, _created = ForumRecord.objects.get_or_create(event=event)
    return record


def forum_participation_set(
    *, record: ForumRecord, by: Any, participants: int, groups: Mapping[str, int]
) -> ForumRecord:
    """Who took part, counted by group (one person may be in several groups)."""
    _require_organiser(by, record.event)
    counts = {"participants": participants, **{g: groups.get(g, 0) for g in PARTICIPATION_GROUPS}}
    if any(value is None or value < 0 for value in counts.values()):
        raise _refuse("count_negative", _("Counts must be 0 or more."))
    if any(counts[group] > participants for group in PARTICIPATION_GROUPS):
        raise _refuse(
            "group_exceeds_participants",
            _("No group can be larger than the number of everyone who took part."),
        )
    with transaction.atomic():
        for name, value in counts.items():
            setattr(record, name, value)
        record.updated_by = by
        record.save(update_fields=[*counts, "updated_by", "updated_at"])
        _audit(by, record, "participation", **counts)
    return record


def _words(description: str) -> tuple[str, bool]:
    text = clean_text(description, multiline=True)
    if not text:
        raise _refuse("description_required", _("Enter the barrier in the participants' words."))
    return contact_details_remove(text)


def _theme(theme: str) -> str:
    if theme not in BarrierTheme.values:
        raise _refuse("theme_invalid", _("Select a theme from the list."))
    return theme


def forum_barrier_save(
    *,
    record: ForumRecord,
    by: Any,
    theme: str,
    description: str,
    barrier: ForumBarrier | None = None,
) -> ForumBarrier:
    """Add a barrier raised (or change ``barrier``): a theme from the list and the words,
    with e-mail addresses and phone numbers removed."""
    _require_organiser(by, record.event)
    theme = _theme(theme)
    words, redacted = _words(description)
    if barrier is not None and barrier.record_id != record.pk:
        raise _refuse("not_found", _("That barrier belongs to another forum."))
    with transaction.atomic():
        if record.no_barriers_raised:
            record.no_barriers_raised = False
            record.save(update_fields=["no_barriers_raised", "updated_at"])
        barrier = barrier or ForumBarrier(record=record)
        barrier.theme, barrier.description, barrier.redacted = theme, words, redacted
        barrier.save()
        _audit(by, record, "barrier", barrier=barrier.pk, theme=theme, redacted=redacted)
    return barrier


def forum_barrier_delete(*, barrier: ForumBarrier, by: Any) -> None:
    record = barrier.record
    _require_organiser(by, record.event)
    with transaction.atomic():
        pk = barrier.pk
        barrier.delete()
        _audit(by, record, "barrier_delete", barrier=pk)


def forum_no_barriers_set(*, record: ForumRecord, by: Any, no_barriers: bool) -> ForumRecord:
    """Say explicitly that the forum raised no barriers (or take that back)."""
    _require_organiser(by, record.event)
    if no_barriers and record.barriers.exists():
        raise _refuse(
            "barriers_recorded",
            _("Barriers are recorded for this forum: remove them first."),
        )
    with transaction.atomic():
        record.no_barriers_raised = no_barriers
        record.updated_by = by
        record.save(update_fields=["no_barriers_raised", "updated_by", "updated_at"])
        _audit(by, record, "no_barriers", no_barriers=no_barriers)
    return record


def _reason_for(status: str, reason: str) -> str:
    if status not in ForumActionStatus.values:
        raise _refuse("status_invalid", _("Select a status from the list."))
    reason = clean_text(reason, multiline=True)
    if status == ForumActionStatus.NOT_POSSIBLE and not reason:
        raise _refuse("reason_required", _("Say why the action is not possible."))
    return reason if status == ForumActionStatus.NOT_POSSIBLE else ""


def forum_action_save(
    *,
    record: ForumRecord,
    by: Any,
    description: str,
    owner_organisation: Organisation | None,
    owner_name: str,
    due_on: date | None,
    barrier: ForumBarrier | None = None,
    action: ForumAction | None = None,
) -> ForumAction:
    """Add an action agreed (or change ``action``): what, who owns it, by when."""
    _require_organiser(by, record.event)
    text, _redacted = contact_details_remove(clean_text(description, multiline=True))
    owner_name = clean_text(owner_name)
    if not text:
        raise _refuse("description_required", _("Enter what will be done."))
    if owner_organisation is None and not owner_name:
        raise _refuse("owner_required", _("Select or name the organisation that owns the action."))
    if owner_organisation is not None and owner_name:
        raise _refuse(
            "owner_twice", _("Give one owner: select an organisation or name one, not both.")
        )
    if due_on is None:
        raise _refuse("due_date_required", _("Enter the date the action is due."))
    for other in (barrier, action):
        if other is not None and other.record_id != record.pk:
            raise _refuse("not_found", _("That belongs to another forum."))
    with transaction.atomic():
        action = action or ForumAction(record=record)
        action.description, action.barrier = text, barrier
        action.owner_organisation, action.owner_name, action.due_on = (
            owner_organisation,
            owner_name,
            due_on,
        )
        action.save()
        _audit(by, record, "action", action=action.pk, due_on=due_on)
    return action


def forum_action_status_set(
    *, action: ForumAction, by: Any, status: str, reason: str = "", note: str = ""
) -> ForumAction:
    """Move an action on: open, in progress, done, or not possible (with why)."""
    record = action.record
    _require_organiser(by, record.event)
    reason = _reason_for(status, reason)
    note, _redacted = contact_details_remove(clean_text(note, multiline=True))
    with transaction.atomic():
        if action.status != status:
            action.status_changed_at = timezone.now()
        action.status, action.status_reason, action.update_note = status, reason, note
        action.save(
            update_fields=[
                "status",
                "status_reason",
                "update_note",
                "status_changed_at",
                "updated_at",
            ]
        )
        _audit(by, record, "action_status", action=action.pk, status=status)
    return action


def forum_record_publish(*, record: ForumRecord, by: Any, publish: bool = True) -> ForumRecord:
    """Show the record on "you said, we did" (or withdraw it); only a complete record shows."""
    _require_organiser(by, record.event)
    if publish:
        missing = forum_record_missing(record)
        if missing:
            raise _refuse("record_incomplete", " ".join(missing))
    with transaction.atomic():
        record.published_at = timezone.now() if publish else None
        record.updated_by = by
        record.save(update_fields=["published_at", "updated_by", "updated_at"])
        audit_record(
            actor=by,
            action=AuditAction.FORUM_RECORD_PUBLISH,
            target=record,
            label=str(_("Record of forum %(id)s") % {"id": record.event_id}),
            details={"published": publish},
        )
    return record
