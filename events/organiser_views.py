"""Organisers' pages: their events, creating and changing one, publishing and cancelling it, its
dashboard, stand applications (with exports), and the year's programme grid. The registrations
list and what an organiser does to one registration are in ``events.registration_views``.

Who sees what: an event the user may not see is a 404; one they may see but not run is a 403,
except that strategy leads read the dashboards and lists (they change nothing).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.http import AuthenticatedRequest
from accounts.models import Organisation, OrganisationKind, User
from accounts.permissions import can_change, is_admin, is_lead
from core.exceptions import DomainError
from core.forms import form_error_from, form_error_on_field, posted
from core.periods import financial_quarter, financial_year_of
from events import exports, selectors
from events.event_chart import event_page_context
from events.models import Event, EventKind, Programme, StandApplication
from events.organiser_common import (
    EXPORT_FORMATS,
    csv_response,
    export_filename,
    organiser_event_or_404,
    xlsx_response,
)
from events.organiser_forms import EventCancelForm, EventForm, ProgrammeGenerateForm
from events.permissions import ORGANISER_ROLES
from events.presence import stand_presence_counts
from events.programme_grid import grid_links_for, programme_grid
from events.programmes import (
    PROGRAMME_RULES,
    plans_county_wide,
    programme_drafts_delete,
    programme_generate,
    programme_plan,
    programme_untouched_drafts,
)
from events.services import (
    event_cancel,
    event_create,
    event_publish,
    event_update,
    stand_approve,
    stand_decline,
)


def _user(request: AuthenticatedRequest) -> User:
    return request.user


def _may_read_organiser_pages(user: User) -> bool:
    return user.has_role(*ORGANISER_ROLES) or is_admin(user) or is_lead(user)


def _organisers_for(user: User) -> QuerySet[Organisation]:
    if is_admin(user):
        return Organisation.objects.filter(
            kind__in=[OrganisationKind.HUB, OrganisationKind.JOBCENTRE]
        ).order_by("name")
    return Organisation.objects.filter(pk__in=user.organisation_ids(*ORGANISER_ROLES)).order_by(
        "name"
    )


PAST_EVENTS_PER_PAGE = 25


@login_required
def event_list(request: AuthenticatedRequest) -> HttpResponse:
    user = _user(request)
    if not _may_read_organiser_pages(user):
        raise PermissionDenied
    events = selectors.organiser_event_list(viewer=user, status=request.GET.get("status") or None)
    # What is still to come first, soonest first; what is over after it, latest first, by page.
    now = timezone.now()
    past = events.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    return render(
        request,
        "events/manage/event_list.html",
        {
            "coming": events.filter(ends_at__gte=now),
            "past": Paginator(past, PAST_EVENTS_PER_PAGE).get_page(request.GET.get("page")),
            "statuses": Event.Status.choices,
            "current_status": request.GET.get("status", ""),
            "may_create": _organisers_for(user).exists(),
        },
    )


@login_required
def event_create_view(request: AuthenticatedRequest) -> HttpResponse:
    user = _user(request)
    organisers = _organisers_for(user)
    if not organisers.exists():
        raise PermissionDenied(_("Only coordinators and Jobcentre organisers create events."))
    form = EventForm(posted(request), organisers=organisers)
    if form.is_valid():
        fields = form.service_fields()
        try:
            event = event_create(
                by=user,
                organiser=form.cleaned_data["organiser"],
                sector_focus=form.cleaned_data["sector_focus"],
                **fields,
            )
        except DomainError as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("Draft saved. Publish it when it is ready."))
            return redirect("events:dashboard", pk=event.pk)
    return render(request, "events/manage/event_form.html", {"form": form, "event": None})


@login_required
def event_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event = organiser_event_or_404(request, pk, change=True)
    form = EventForm(posted(request), organisers=Organisation.objects.none(), event=event)
    if request.method == "POST" and form.is_valid():
        try:
            event_update(
                event=event,
                by=_user(request),
                sector_focus=form.cleaned_data["sector_focus"],
                **form.service_fields(),
            )
        except DomainError as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("Event details saved."))
            return redirect("events:dashboard", pk=event.pk)
    return render(request, "events/manage/event_form.html", {"form": form, "event": event})


@login_required
@require_POST
def event_publish_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event = organiser_event_or_404(request, pk, change=True)
    try:
        event_publish(event=event, by=_user(request))
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, _("Published: anyone can now see the event and register."))
    return redirect("events:dashboard", pk=event.pk)


@login_required
def event_cancel_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event = organiser_event_or_404(request, pk, change=True)
    form = EventCancelForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            event_cancel(event=event, by=_user(request), reason=form.cleaned_data["reason"])
        except DomainError as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("The event is cancelled and everyone is being told."))
            return redirect("events:dashboard", pk=event.pk)
    figures = selectors.event_figures(event=event)
    return render(
        request,
        "events/manage/event_cancel.html",
        {"form": form, "event": event, "figures": figures},
    )


@login_required
@require_GET
def event_dashboard(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event = organiser_event_or_404(request, pk)
    return render(
        request,
        "events/manage/event_dashboard.html",
        {
            "event": event,
            "figures": selectors.event_figures(event=event),
            "presence": stand_presence_counts(event.pk),
            "may_change": can_change(_user(request), event),
            "sectors": list(event.sector_focus.all()),
            **event_page_context(event=event, viewer=_user(request)),
        },
    )


def _event_applications(request: AuthenticatedRequest, event: Event) -> QuerySet[StandApplication]:
    status = request.GET.get("status")
    if status not in StandApplication.Status.values:
        status = None
    return selectors.stand_application_list(viewer=_user(request), event=event, status=status)


@login_required
@require_GET
def stand_application_list(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event = organiser_event_or_404(request, pk)
    return render(
        request,
        "events/manage/stand_list.html",
        {
            "event": event,
            "applications": _event_applications(request, event),
            "figures": selectors.event_figures(event=event),
            "statuses": StandApplication.Status.choices,
            "current_status": request.GET.get("status", ""),
            "may_change": can_change(_user(request), event),
        },
    )


@login_required
@require_GET
def stand_export(request: AuthenticatedRequest, pk: int, file_format: str) -> HttpResponseBase:
    if file_format not in EXPORT_FORMATS:
        raise Http404
    event = organiser_event_or_404(request, pk)
    applications = exports.stand_applications_for_export(_event_applications(request, event))
    filename = export_filename(event, "stands", file_format)
    if file_format == "csv":
        return csv_response(exports.STAND_COLUMNS, applications, filename)
    content = exports.xlsx_bytes(exports.STAND_COLUMNS, applications, title=_("Stands"))
    return xlsx_response(content, filename)


def _application_for_decision(request: AuthenticatedRequest, pk: int) -> StandApplication:
    application = get_object_or_404(
        StandApplication.objects.select_related("event", "employer"), pk=pk
    )
    organiser_event_or_404(request, application.event_id, change=True)
    return application


@login_required
@require_POST
def stand_approve_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = _application_for_decision(request, pk)
    try:
        approved = stand_approve(application=application, by=_user(request))
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        messages.success(
            request,
            _("%(employer)s approved: stand %(number)d.")
            % {"employer": approved.employer.name, "number": approved.stand_number},
        )
    return redirect("events:stand_list", pk=application.event_id)


class StandDeclineForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Reason, for the employer"),
        widget=forms.Textarea(attrs={"rows": 4, "class": "govuk-textarea"}),
        max_length=2000,
        required=False,
    )


@login_required
def stand_decline_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Declining a pending application is one click from the list; taking back an approved stand
    is asked here first, with the reason the employer will read."""
    application = _application_for_decision(request, pk)
    form = StandDeclineForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            stand_decline(
                application=application, by=_user(request), note=form.cleaned_data["note"]
            )
        except DomainError as error:
            if application.status != StandApplication.Status.APPROVED:
                messages.error(request, error.detail)
                return redirect("events:stand_list", pk=application.event_id)
            form_error_on_field(form, error, {"reason_required": "note"})
        else:
            messages.success(
                request, _("%(employer)s declined.") % {"employer": application.employer.name}
            )
            return redirect("events:stand_list", pk=application.event_id)
    return render(
        request,
        "events/manage/stand_decline.html",
        {"application": application, "event": application.event, "form": form},
    )


# --- The programme -----------------------------------------------------------------------------

GRID_KINDS = (EventKind.JOBS_FAIR, EventKind.VOICE_OF_THE_CUSTOMER_FORUM)


@login_required
def programme_current(request: AuthenticatedRequest) -> HttpResponse:
    year = financial_year_of(timezone.localdate()).start.year
    return redirect("events:programme", financial_year=year)


@login_required
def programme(request: AuthenticatedRequest, financial_year: int) -> HttpResponse:
    """Every Jobcentre × quarter of a financial year for one kind of event: the missing cells
    first, then the grid; and the form that plans the year's draft events (listed for the
    organiser to confirm before any is created) or deletes the untouched ones."""
    user = _user(request)
    if not _may_read_organiser_pages(user):
        raise PermissionDenied
    if not 2000 <= financial_year <= 2100:
        raise Http404
    kind = request.GET.get("kind")
    if kind not in GRID_KINDS:
        kind = EventKind.JOBS_FAIR
    may_generate = user.has_role(*ORGANISER_ROLES) or is_admin(user)
    form = ProgrammeGenerateForm(posted(request), initial={"kind": kind})
    review: dict[str, object] = {}
    if request.method == "POST":
        if not may_generate:
            raise PermissionDenied
        if form.is_valid():
            try:
                outcome = _programme_action(request, financial_year, form.cleaned_data["kind"])
            except DomainError as error:
                form_error_from(form, error)
            else:
                if isinstance(outcome, HttpResponse):
                    return outcome
                review = outcome
    grid = grid_links_for(programme_grid(financial_year=financial_year, kind=kind), user)
    yearly = PROGRAMME_RULES.get(kind) == Programme.Rule.EVERY_JOBCENTRE_EVERY_YEAR  # type: ignore[call-overload]
    missing_rows = [row for row in grid.rows if row.year_state == "missing"]
    return render(
        request,
        "events/manage/programme.html",
        {
            "grid": grid,
            "kind": kind,
            "kind_label": EventKind(kind).label,
            "kinds": [(k.value, k.label) for k in GRID_KINDS],
            "yearly": yearly,
            "missing_cells": [
                (venue, financial_quarter(financial_year, quarter))
                for venue, quarter in grid.missing_cells
            ],
            "missing_rows": missing_rows,
            "quarters": [financial_quarter(financial_year, q) for q in range(1, 5)],
            "year_label": f"{financial_year}-{(financial_year + 1) % 100:02d}",
            "previous_year": financial_year - 1,
            "next_year": financial_year + 1,
            "form": form,
            "may_generate": may_generate,
            "county_wide": plans_county_wide(user),
            **review,
        },
    )


def _programme_action(
    request: AuthenticatedRequest, financial_year: int, kind: str
) -> HttpResponse | dict[str, object]:
    """One step of planning: "plan" and "review_delete" list what would happen, for the organiser
    to confirm; "create" and "delete" do it. Nothing is written before a confirmation."""
    user = _user(request)
    action = request.POST.get("action", "plan")
    back = redirect("events:programme", financial_year=financial_year)
    if action == "create":
        result = programme_generate(financial_year=financial_year, kind=kind, by=user)
        messages.success(
            request,
            _("%(programme)s: %(count)d draft events created.")
            % {"programme": result.programme.name, "count": len(result.created)},
        )
        return back
    if action == "delete":
        count = programme_drafts_delete(financial_year=financial_year, kind=kind, by=user)
        messages.success(request, _("%(count)d untouched draft events deleted.") % {"count": count})
        return back
    if action == "review_delete":
        drafts = programme_untouched_drafts(financial_year=financial_year, kind=kind, by=user)
        return {"review": "delete", "review_kind": kind, "review_events": list(drafts)}
    planned = programme_plan(financial_year=financial_year, kind=kind, by=user)
    return {"review": "create", "review_kind": kind, "review_events": planned}
