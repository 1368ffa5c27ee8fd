"""The organiser's pages for correcting attendance after the fact: find an admission or a stand
visit, then undo or move it with a reason (``events.corrections`` does the work, audited)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedRequest
from core.exceptions import DomainError
from core.forms import form_error_on_field, posted
from core.text import clean_text
from events.correction_forms import AdmissionUndoForm, StandVisitCorrectForm
from events.corrections import admission_undo, stand_visit_correct
from events.models import Event, StandApplication, StandInteraction, Ticket
from events.permissions import is_event_organiser

# Each list shows this many at most; a search narrows it.
LISTED = 50


def _organised_event(request: AuthenticatedRequest, pk: int) -> Event:
    event = get_object_or_404(Event.objects.select_related("organiser"), pk=pk)
    if not is_event_organiser(request.user, event):
        raise Http404  # as the other organiser-only pages: nothing to see for anyone else
    return event


def _matching(query: str) -> Q:
    return Q(registration__name__icontains=query) | Q(number__iexact=query)


def _admitted(event: Event, query: str) -> QuerySet[Ticket]:
    tickets = Ticket.objects.filter(event=event, checked_in_at__isnull=False)
    if query:
        tickets = tickets.filter(_matching(query))
    return tickets.select_related("registration").order_by("-checked_in_at", "pk")


def _visits(event: Event, query: str) -> QuerySet[StandInteraction]:
    visits = StandInteraction.objects.filter(application__event=event)
    if query:
        visits = visits.filter(
            Q(ticket__registration__name__icontains=query)
            | Q(ticket__number__iexact=query)
            | Q(application__employer__name__icontains=query)
        )
    return visits.select_related("application__employer", "ticket__registration").order_by(
        "-created_at", "pk"
    )


@login_required
def attendance_corrections(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event = _organised_event(request, pk)
    query = clean_text(request.GET.get("q", ""))[:100]
    admitted = list(_admitted(event, query)[: LISTED + 1])
    visits = list(_visits(event, query)[: LISTED + 1])
    return render(
        request,
        "events/manage/corrections.html",
        {
            "event": event,
            "query": query,
            "admitted": admitted[:LISTED],
            "more_admitted": len(admitted) > LISTED,
            "visits": visits[:LISTED],
            "more_visits": len(visits) > LISTED,
            "listed": LISTED,
        },
    )


@login_required
def admission_undo_view(request: AuthenticatedRequest, pk: int, ticket_id: int) -> HttpResponse:
    event = _organised_event(request, pk)
    ticket = get_object_or_404(
        Ticket.objects.select_related("registration"), pk=ticket_id, event=event
    )
    form = AdmissionUndoForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            admission_undo(ticket=ticket, reason=form.cleaned_data["reason"], by=request.user)
        except DomainError as error:
            form_error_on_field(form, error, {"reason_required": "reason"})
        else:
            messages.success(
                request,
                _("Ticket %(number)s is no longer counted as admitted.")
                % {"number": ticket.number},
            )
            return redirect("events:corrections", pk=event.pk)
    return render(
        request,
        "events/manage/correction_admission.html",
        {"event": event, "ticket": ticket, "form": form},
    )


@login_required
def stand_visit_correct_view(request: AuthenticatedRequest, pk: int, visit_id: int) -> HttpResponse:
    event = _organised_event(request, pk)
    visit = get_object_or_404(
        StandInteraction.objects.select_related(
            "application__employer", "application__event", "ticket__registration"
        ),
        pk=visit_id,
        application__event=event,
    )
    stands = (
        StandApplication.objects.filter(event=event, status=StandApplication.Status.APPROVED)
        .exclude(pk=visit.application_id)
        .select_related("employer")
        .order_by("employer__name", "pk")
    )
    form = StandVisitCorrectForm(posted(request), stands=stands)
    if request.method == "POST" and form.is_valid():
        try:
            stand_visit_correct(
                interaction=visit,
                reason=form.cleaned_data["reason"],
                by=request.user,
                move_to=form.move_to(),
            )
        except DomainError as error:
            form_error_on_field(
                form, error, {"reason_required": "reason", "invalid_stand": "correction"}
            )
        else:
            messages.success(request, _("The stand visit is corrected."))
            return redirect("events:corrections", pk=event.pk)
    return render(
        request,
        "events/manage/correction_visit.html",
        {"event": event, "visit": visit, "form": form},
    )
