"""The organiser's checklist of reasonable adjustments for one event."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedRequest
from accounts.permissions import can_change, can_view, is_lead
from core.exceptions import DomainError
from events.adjustments import (
    adjustment_item_set_status,
    adjustment_items_sync,
    event_adjustment_counts,
    event_adjustment_items,
)
from events.models import AdjustmentItem, AdjustmentStatus, Event


def _event(request: AuthenticatedRequest, pk: int, *, change: bool = False) -> Event:
    event = get_object_or_404(Event.objects.select_related("venue", "organiser"), pk=pk)
    if not can_view(request.user, event):
        raise Http404
    if not can_change(request.user, event) and (change or not is_lead(request.user)):
        raise PermissionDenied(_("Only the event's organisers can do this."))
    return event


@login_required
def adjustment_checklist(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    adjustment_items_sync(event=event)
    return render(
        request,
        "events/manage/adjustments.html",
        {
            "event": event,
            "items": event_adjustment_items(event=event),
            "counts": event_adjustment_counts(event=event),
            "steps": AdjustmentStatus.choices,
            "may_change": can_change(request.user, event),
        },
    )


@login_required
@require_POST
def adjustment_item_update(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(AdjustmentItem.objects.select_related("event"), pk=pk)
    _event(request, item.event_id, change=True)
    try:
        adjustment_item_set_status(
            item=item, status=request.POST.get("status", ""), by=request.user
        )
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, _("Checklist updated."))
    return redirect("events:adjustments", pk=item.event_id)
