"""The "Copy this event" page: the new-event form filled in from an event; a draft on submit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from accounts.http import AuthenticatedRequest
from accounts.permissions import can_view
from core.exceptions import DomainError
from core.forms import form_error_from
from events.event_copy import (
    EventCopyForm,
    copy_default_date,
    event_copy_initial,
    event_organisers_for,
)
from events.models import Event
from events.permissions import may_organise_for
from events.services import event_create


@login_required
@require_http_methods(["GET", "POST"])
def event_copy(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Asking for the page writes nothing; submitting it creates a draft through the same
    service (and the same checks) as a new event."""
    source = get_object_or_404(Event.objects.select_related("organiser"), pk=pk)
    user = request.user
    if not can_view(user, source):
        raise Http404
    if not may_organise_for(user, source.organiser_id):
        raise PermissionDenied(_("Only people who run events for its organiser can copy it."))
    starts_on = copy_default_date(source)
    form = EventCopyForm(
        request.POST if request.method == "POST" else None,
        organisers=event_organisers_for(user),
        initial=event_copy_initial(source, starts_on=starts_on),
    )
    if form.is_valid():
        try:
            event = event_create(
                by=user,
                organiser=form.cleaned_data["organiser"],
                sector_focus=form.cleaned_data["sector_focus"],
                copied_from=source,
                **form.service_fields(),
            )
        except DomainError as error:
            form_error_from(form, error)
        else:
            saved = _("Copy saved as a draft. Check it, then publish it.")
            if form.moved_by:
                days = abs(form.moved_by.days)
                saved = ngettext(
                    "Copy saved as a draft. Its registration dates moved %(days)d day with its "
                    "date. Check it, then publish it.",
                    "Copy saved as a draft. Its registration dates moved %(days)d days with its "
                    "date. Check it, then publish it.",
                    days,
                ) % {"days": days}
            messages.success(request, saved)
            return redirect("events:dashboard", pk=event.pk)
    return render(
        request,
        "events/manage/event_form.html",
        {"form": form, "event": None, "copy_of": source, "copy_starts_on": starts_on},
    )
