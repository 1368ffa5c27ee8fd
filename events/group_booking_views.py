"""A Careers Leader changes the size of, or cancels, a school group booking (signed in)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedRequest
from accounts.permissions import can_change
from core.exceptions import DomainError
from core.forms import form_error_on_field, posted
from events.models import Registration
from events.self_help_forms import GroupBookingResizeForm
from events.services import group_booking_cancel, group_booking_resize


def _group_booking(request: AuthenticatedRequest, pk: int) -> Registration:
    registration = get_object_or_404(
        Registration.objects.select_related("event", "event__venue", "school"),
        pk=pk,
        school__isnull=False,
    )
    if not can_change(request.user, registration):
        raise Http404
    return registration


@login_required
def group_booking_resize_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """/events/group-bookings/<id>/change/: the number of pupils, within the places left."""
    registration = _group_booking(request, pk)
    form = GroupBookingResizeForm(posted(request), initial={"group_size": registration.group_size})
    if form.is_valid():
        try:
            group_booking_resize(
                registration=registration,
                group_size=form.cleaned_data["group_size"],
                by=request.user,
            )
        except DomainError as error:
            form_error_on_field(form, error, {"not_enough_places": "group_size"})
        else:
            messages.success(
                request,
                _("The booking is now for %(count)d pupils.")
                % {"count": form.cleaned_data["group_size"]},
            )
            return redirect("events:group_booking", pk=registration.pk)
    context = {"form": form, "registration": registration, "event": registration.event}
    return render(request, "events/group_booking_resize.html", context)


@login_required
def group_booking_cancel_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """/events/group-bookings/<id>/cancel/: a confirm page, then every ticket cancelled."""
    registration = _group_booking(request, pk)
    error = None
    if request.method == "POST":
        try:
            group_booking_cancel(registration=registration, by=request.user)
        except DomainError as refused:
            error = refused.detail
        else:
            messages.success(request, _("The booking is cancelled and its places freed."))
            return redirect("events:group_booking", pk=registration.pk)
    context = {"registration": registration, "event": registration.event, "error": error}
    return render(
        request, "events/group_booking_cancel.html", context, status=409 if error else 200
    )
