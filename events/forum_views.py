"""Organisers' pages for a Voice of the Customer forum's record: who took part, the barriers
raised, the actions agreed and how they stand, and publishing it for "you said, we did".

A forum the user may not see is a 404; one they may see but not run is a 403, except that
strategy leads read the record page (they change nothing).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedRequest
from accounts.permissions import can_view, is_admin, is_lead
from core.exceptions import DomainError
from core.forms import form_error_on_field, posted
from events.forum_forms import ActionForm, ActionStatusForm, BarrierForm, ParticipationForm
from events.forums import FORUM, action_is_overdue, forum_record_missing
from events.models import Event, ForumAction, ForumBarrier, ForumRecord
from events.permissions import ORGANISER_ROLES, is_event_organiser
from events.services.forums import (
    forum_action_save,
    forum_action_status_set,
    forum_barrier_delete,
    forum_barrier_save,
    forum_no_barriers_set,
    forum_participation_set,
    forum_record_get_or_create,
    forum_record_publish,
)

# Which form field a service's refusal is about.
FIELDS = {
    "count_negative": "participants",
    "group_exceeds_participants": "participants",
    "theme_invalid": "theme",
    "description_required": "description",
    "owner_required": "owner_organisation",
    "owner_twice": "owner_name",
    "due_date_required": "due_on",
    "reason_required": "status_reason",
    "status_invalid": "status",
}


def _forum(request: AuthenticatedRequest, pk: int, *, change: bool = True) -> Event:
    event = get_object_or_404(Event.objects.select_related("venue", "organiser"), pk=pk, kind=FORUM)
    user = request.user
    if not can_view(user, event):
        raise Http404
    if is_event_organiser(user, event) or (not change and is_lead(user)):
        return event
    raise PermissionDenied(_("Only the forum's organisers can change its record."))


def _record(request: AuthenticatedRequest, pk: int) -> ForumRecord:
    event = _forum(request, pk)
    try:
        return forum_record_get_or_create(event=event, by=request.user)
    except DomainError as error:
        messages.error(request, error.detail)
        raise _Back(pk) from error


class _Back(Exception):
    def __init__(self, pk: int) -> None:
        self.pk = pk


def _guarded(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A refusal to open the record (a forum not started yet, cancelled) goes back to the list."""

    def wrapper(request: AuthenticatedRequest, *args: object, **kwargs: object) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except _Back:
            return redirect("forums:records")

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return login_required(wrapper)


@login_required
def forum_records(request: AuthenticatedRequest) -> HttpResponse:
    """The forums the user organises, newest first, each with how its record stands."""
    user = request.user
    if not user.has_role(*ORGANISER_ROLES) and not is_admin(user):
        raise PermissionDenied
    forums = (
        Event.objects.filter(kind=FORUM, organiser_id__in=user.organisation_ids(*ORGANISER_ROLES))
        .select_related("venue", "forum_record")
        .order_by("-starts_at")
    )
    return render(
        request, "events/forums/record_list.html", {"forums": forums, "now": timezone.now()}
    )


@_guarded
def forum_record(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event = _forum(request, pk, change=False)
    may_change = is_event_organiser(request.user, event)
    record = _record(request, pk) if may_change else ForumRecord.objects.filter(event=event).first()
    if record is None:
        raise Http404
    today = timezone.localdate()
    actions = list(record.actions.select_related("owner_organisation", "barrier"))
    for action in actions:
        action.overdue = action_is_overdue(action, today)  # type: ignore[attr-defined]
    context = {
        "event": event,
        "record": record,
        "barriers": record.barriers.all(),
        "actions": actions,
        "missing": forum_record_missing(record),
        "may_change": may_change,
    }
    return render(request, "events/forums/record.html", context)


def _form_page(
    request: AuthenticatedRequest, template: str, form: Form, event: Event, **extra: Any
) -> HttpResponse:
    return render(request, f"events/forums/{template}", {"form": form, "event": event, **extra})


@_guarded
def participation_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    record = _record(request, pk)
    initial = {name: getattr(record, name) for name in ParticipationForm.base_fields}
    form = ParticipationForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            forum_participation_set(
                record=record,
                by=request.user,
                participants=form.cleaned_data["participants"],
                groups=form.groups(),
            )
        except DomainError as error:
            form_error_on_field(form, error, FIELDS)
        else:
            messages.success(request, _("Who took part is saved."))
            return redirect("forums:record", pk=pk)
    return _form_page(request, "participation_form.html", form, record.event)


@_guarded
def barrier_edit(
    request: AuthenticatedRequest, pk: int, barrier_pk: int | None = None
) -> HttpResponse:
    record = _record(request, pk)
    barrier = get_object_or_404(ForumBarrier, pk=barrier_pk, record=record) if barrier_pk else None
    initial = {"theme": barrier.theme, "description": barrier.description} if barrier else None
    form = BarrierForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = forum_barrier_save(
                record=record, by=request.user, barrier=barrier, **form.cleaned_data
            )
        except DomainError as error:
            form_error_on_field(form, error, FIELDS)
        else:
            messages.success(request, _("Barrier saved."))
            if saved.redacted:
                messages.warning(
                    request, _("E-mail addresses or phone numbers were removed from the words.")
                )
            return redirect("forums:record", pk=pk)
    return _form_page(request, "barrier_form.html", form, record.event, barrier=barrier)


@_guarded
@require_POST
def barrier_delete(request: AuthenticatedRequest, pk: int, barrier_pk: int) -> HttpResponse:
    record = _record(request, pk)
    forum_barrier_delete(
        barrier=get_object_or_404(ForumBarrier, pk=barrier_pk, record=record), by=request.user
    )
    messages.success(request, _("Barrier removed."))
    return redirect("forums:record", pk=pk)


@_guarded
@require_POST
def no_barriers(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    record = _record(request, pk)
    try:
        forum_no_barriers_set(
            record=record, by=request.user, no_barriers=request.POST.get("no_barriers") == "1"
        )
    except DomainError as error:
        messages.error(request, error.detail)
    return redirect("forums:record", pk=pk)


@_guarded
def action_edit(
    request: AuthenticatedRequest, pk: int, action_pk: int | None = None
) -> HttpResponse:
    record = _record(request, pk)
    action = get_object_or_404(ForumAction, pk=action_pk, record=record) if action_pk else None
    initial = None
    if action is not None:
        initial = {
            "description": action.description,
            "barrier": action.barrier_id,
            "owner_organisation": action.owner_organisation_id,
            "owner_name": action.owner_name,
            "due_on": action.due_on,
        }
    form = ActionForm(posted(request), initial=initial, barriers=record.barriers.all())
    if request.method == "POST" and form.is_valid():
        try:
            forum_action_save(record=record, by=request.user, action=action, **form.cleaned_data)
        except DomainError as error:
            form_error_on_field(form, error, FIELDS)
        else:
            messages.success(request, _("Action saved."))
            return redirect("forums:record", pk=pk)
    return _form_page(request, "action_form.html", form, record.event, action=action)


@_guarded
def action_status(request: AuthenticatedRequest, pk: int, action_pk: int) -> HttpResponse:
    record = _record(request, pk)
    action = get_object_or_404(ForumAction, pk=action_pk, record=record)
    initial = {
        "status": action.status,
        "status_reason": action.status_reason,
        "update_note": action.update_note,
    }
    form = ActionStatusForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            forum_action_status_set(
                action=action,
                by=request.user,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["status_reason"],
                note=form.cleaned_data["update_note"],
            )
        except DomainError as error:
            form_error_on_field(form, error, FIELDS)
        else:
            messages.success(request, _("Status saved."))
            return redirect("forums:record", pk=pk)
    return _form_page(request, "action_status_form.html", form, record.event, action=action)


@_guarded
@require_POST
def record_publish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    record = _record(request, pk)
    publish = request.POST.get("publish") != "0"
    try:
        forum_record_publish(record=record, by=request.user, publish=publish)
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        messages.success(
            request,
            _("Published on “you said, we did”.")
            if publish
            else _("Taken off “you said, we did”."),
        )
    return redirect("forums:record", pk=pk)
