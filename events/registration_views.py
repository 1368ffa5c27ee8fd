"""The organiser's registrations list (searchable, filtered, a page at a time, exported), and one
registration's page with what an organiser may do to it: cancel it, send the ticket again,
change the adjustments asked for, give a waiting person a place, admit someone by hand.

Attendees' names and contact details are for the event's organisers only: leads read the
figures instead (a 403 on the list, as before). A registration's own pages and actions answer
404 to anyone who may not change the event. Every action is a POST; the services refuse what is
impossible, and the refusal is shown with nothing changed.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.audit import audit_record
from accounts.http import AuthenticatedRequest
from accounts.models import AuditAction
from accounts.permissions import can_change
from core.exceptions import DomainError
from core.forms import form_error_from, form_error_on_field, posted
from events import exports, selectors
from events.calendars import LONDON
from events.message_deliveries import registration_deliveries_attach
from events.models import AttendeeCategory, Event, Registration, Ticket
from events.organiser_common import (
    EXPORT_FORMATS,
    csv_response,
    export_filename,
    organiser_event_or_404,
    xlsx_response,
)
from events.registration_forms import (
    RegistrationAdjustmentsForm,
    RegistrationCancelForm,
    RegistrationFilterForm,
    RegistrationPromoteForm,
)
from events.registration_history import registration_history
from events.services.registration_actions import (
    places_free_for,
    registration_adjustments_update,
    registration_admit_by_hand,
    registration_cancel_by_organiser,
    registration_promote,
    registration_ticket_send_again,
)
from events.services.waiting_list import open_offer, waitlist_position

REGISTRATIONS_PAGE_SIZE = 100


def _filtered_registrations(
    request: AuthenticatedRequest, event: Event
) -> tuple[RegistrationFilterForm, QuerySet[Registration]]:
    form = RegistrationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    registrations = selectors.registration_list(
        event=event,
        viewer=request.user,
        status=filters.get("status") or None,
        category=filters.get("category") or None,
        with_adjustments=bool(filters.get("adjustments")),
        search=filters.get("q") or "",
    )
    return form, registrations


STATUS_TAGS: dict[str, str] = {
    Registration.Status.CONFIRMED.value: "govuk-tag--green",
    Registration.Status.WAITLISTED.value: "govuk-tag--orange",
    Registration.Status.CANCELLED.value: "govuk-tag--grey",
}


def _labels_attach(rows: Iterable[Registration]) -> None:
    """Each row's category and status labels, translated once per page rather than per row."""
    categories = {value: str(label) for value, label in AttendeeCategory.choices}
    statuses = {value: str(label) for value, label in Registration.Status.choices}
    for row in rows:
        row.category_label = categories.get(row.category, row.category)  # type: ignore[attr-defined]
        row.status_label = statuses.get(row.status, row.status)  # type: ignore[attr-defined]
        row.status_tag = STATUS_TAGS.get(row.status, "")  # type: ignore[attr-defined]


@login_required
@require_GET
def registration_list(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Everyone registered, searchable and filterable, a page at a time (the same few queries
    whatever the number of people); the adjustments asked for are counted at the top and tagged
    on every row, because the organiser has to arrange them before the day. Each name opens the
    registration's own page, where its actions are."""
    event = organiser_event_or_404(request, pk, change=True)
    form, registrations = _filtered_registrations(request, event)
    page = Paginator(registrations, REGISTRATIONS_PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.adjustment_counts(registrations)
    registration_deliveries_attach(page.object_list)
    _labels_attach(page.object_list)
    return render(
        request,
        "events/manage/registration_list.html",
        {
            "event": event,
            "filter_form": form,
            "page": page,
            "adjustments_total": counts.pop("any"),
            "adjustment_counts": [(code, n) for code, n in counts.items() if n],
            "query": request.GET.urlencode(),
            "manage_base": reverse("events:registration_list", args=[event.pk]),
        },
    )


@login_required
@require_GET
def registration_export(
    request: AuthenticatedRequest, pk: int, file_format: str
) -> HttpResponseBase:
    if file_format not in EXPORT_FORMATS:
        raise Http404
    event = organiser_event_or_404(request, pk, change=True)  # personal data: organisers only
    _form, registrations = _filtered_registrations(request, event)
    registrations = exports.registrations_for_export(registrations)
    filename = export_filename(event, "registrations", file_format)
    audit_record(
        actor=request.user,
        action=AuditAction.REGISTRATION_EXPORT,
        target=event,
        label=event.title,
        details={"format": file_format, "filters": sorted(request.GET.keys())},
        request=request,
    )
    if file_format == "csv":
        return csv_response(exports.REGISTRATION_COLUMNS, registrations, filename)
    content = exports.xlsx_bytes(
        exports.REGISTRATION_COLUMNS, registrations, title=_("Registrations")
    )
    return xlsx_response(content, filename)


# --- One registration --------------------------------------------------------------------------


def _registration(request: AuthenticatedRequest, pk: int, registration_id: int) -> Registration:
    """The registration at event ``pk``, for someone who may change the event; else a 404."""
    event = get_object_or_404(Event.objects.select_related("venue", "organiser"), pk=pk)
    if not can_change(request.user, event):
        raise Http404
    registration = get_object_or_404(
        Registration.objects.select_related("school"), pk=registration_id, event=event
    )
    registration.event = event
    return registration


def _back(registration: Registration) -> HttpResponse:
    return redirect(
        "events:registration_manage", pk=registration.event_id, registration_id=registration.pk
    )


def _person(registration: Registration) -> str:
    return registration.name or _("this person")


@login_required
@require_GET
def registration_manage(
    request: AuthenticatedRequest, pk: int, registration_id: int
) -> HttpResponse:
    """One registration: who, their tickets (admitted or not), their messages, the actions the
    registration's state allows, and its history (who did what to it and its tickets)."""
    registration = _registration(request, pk, registration_id)
    event = registration.event
    registration_deliveries_attach([registration])
    waiting = registration.status == Registration.Status.WAITLISTED
    today = timezone.localdate(timezone.now(), LONDON)
    tickets = list(registration.tickets.order_by("number"))
    return render(
        request,
        "events/manage/registration_manage.html",
        {
            "event": event,
            "registration": registration,
            "tickets": tickets,
            "history": registration_history(registration=registration, tickets=tickets),
            "offer": open_offer(registration) if waiting else None,
            "position": waitlist_position(registration) if waiting else None,
            "may_admit": today >= timezone.localdate(event.starts_at, LONDON)
            and event.status != Event.Status.CANCELLED,
        },
    )


@login_required
@require_POST
def registration_resend_view(
    request: AuthenticatedRequest, pk: int, registration_id: int
) -> HttpResponse:
    registration = _registration(request, pk, registration_id)
    try:
        channels = registration_ticket_send_again(registration=registration, by=request.user)
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        contact = {"email": registration.email, "phone": registration.phone}
        if channels == ["email"]:
            sent = _("Ticket sent again by e-mail to %(email)s.") % contact
        elif channels == ["sms"]:
            sent = _("Ticket sent again by text message to %(phone)s.") % contact
        else:
            sent = (
                _("Ticket sent again by e-mail to %(email)s and by text message to %(phone)s.")
                % contact
            )
        messages.success(request, sent)
    return _back(registration)


@login_required
@require_POST
def registration_admit_view(
    request: AuthenticatedRequest, pk: int, registration_id: int
) -> HttpResponse:
    registration = _registration(request, pk, registration_id)
    ticket_id = request.POST.get("ticket", "")
    ticket = get_object_or_404(
        Ticket, pk=int(ticket_id) if ticket_id.isdigit() else 0, registration=registration
    )
    try:
        registration_admit_by_hand(registration=registration, ticket=ticket, by=request.user)
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        messages.success(
            request, _("Ticket %(number)s admitted by hand.") % {"number": ticket.number}
        )
    return _back(registration)


@login_required
def registration_cancel_view(
    request: AuthenticatedRequest, pk: int, registration_id: int
) -> HttpResponse:
    """Asks first, with the reason kept in the audit log; then cancels (the place, if it held
    one, goes to the waiting list)."""
    registration = _registration(request, pk, registration_id)
    form = RegistrationCancelForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            registration_cancel_by_organiser(
                registration=registration, by=request.user, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            form_error_on_field(form, error, {"reason_required": "reason"})
        else:
            messages.success(
                request,
                _(
                    "%(name)s's registration is cancelled. Any place it held goes to the "
                    "waiting list."
                )
                % {"name": _person(registration)},
            )
            return _back(registration)
    return render(
        request,
        "events/manage/registration_cancel.html",
        {"event": registration.event, "registration": registration, "form": form},
    )


@login_required
def registration_adjustments_view(
    request: AuthenticatedRequest, pk: int, registration_id: int
) -> HttpResponse:
    registration = _registration(request, pk, registration_id)
    form = RegistrationAdjustmentsForm(
        posted(request),
        initial={
            "adjustments": registration.adjustments,
            "adjustments_detail": registration.adjustments_detail,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = registration_adjustments_update(
                registration=registration,
                by=request.user,
                adjustments=form.cleaned_data["adjustments"],
                detail=form.cleaned_data["adjustments_detail"],
            )
        except DomainError as error:
            form_error_from(form, error)
        else:
            messages.success(
                request,
                _("Adjustments saved. The adjustments checklist is updated.")
                if changed
                else _("Nothing was changed."),
            )
            return _back(registration)
    return render(
        request,
        "events/manage/registration_adjustments.html",
        {"event": registration.event, "registration": registration, "form": form},
    )


@login_required
def registration_promote_view(
    request: AuthenticatedRequest, pk: int, registration_id: int
) -> HttpResponse:
    """Give a person on the waiting list a place: within the event's places at once, over them
    only once the organiser ticks that they mean it."""
    registration = _registration(request, pk, registration_id)
    form = RegistrationPromoteForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            registration_promote(
                registration=registration,
                by=request.user,
                over_capacity=form.cleaned_data["over_capacity"],
            )
        except DomainError as error:
            form_error_on_field(form, error, {"over_capacity": "over_capacity"})
        else:
            messages.success(
                request,
                _("%(name)s has a place now. Their ticket is on its way to them.")
                % {"name": _person(registration)},
            )
            return _back(registration)
    free = places_free_for(registration)
    return render(
        request,
        "events/manage/registration_promote.html",
        {
            "event": registration.event,
            "registration": registration,
            "form": form,
            "over_capacity": free < 0,
            "over_by": max(0, -free),
            "taken": selectors.places_taken(registration.event),
        },
    )
