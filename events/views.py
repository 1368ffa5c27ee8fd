"""Public pages (no sign-in needed): the events list, an event's page with its registration form,
the confirmation, the ticket page and its QR code; and the calendar endpoints: one event's .ics
and the subscribable feeds. A ticket's or a feed's unguessable token is its only key.

The signed-in pages are in ``events.organiser_views`` (organisers) and ``events.booking_views``
(employers' stands and Careers Leaders' group bookings)."""

from __future__ import annotations

from datetime import time

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.audit import audit_record
from accounts.http import signed_in_user
from accounts.models import AuditAction, District
from core.forms import form_error_on_field, posted
from core.text import clean_text
from events import selectors
from events.calendars import CALENDAR_CONTENT_TYPE, calendar_feed, event_calendar
from events.exceptions import AlreadyRegistered, RegistrationError
from events.forms import (
    REGISTRATION_ERROR_FIELDS,
    EventFilterForm,
    RegistrationForm,
    london_datetime,
)
from events.models import ADJUSTMENTS_NEEDING_BOOKING, Adjustment, Event, Registration, Ticket
from events.opportunity_views import event_vacancies
from events.public_search import district_for_postcode
from events.selectors import feed_by_token, feed_events, feed_name, public_events
from events.services import (
    check_registration_open,
    registration_cancel,
    registration_create,
    registration_ticket_resend,
)
from events.services.waiting_list import places_held
from events.throttles import TOO_MANY_REGISTRATIONS, registration_allowed
from events.tickets import ticket_qr_png


def _ics(content: bytes, filename: str, *, attachment: bool) -> HttpResponse:
    response = HttpResponse(content, content_type=CALENDAR_CONTENT_TYPE)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response


def _event_ics(event: Event) -> HttpResponse:
    filename = f"{slugify(event.title)[:60] or 'event'}.ics"
    return _ics(event_calendar(event), filename, attachment=True)


@require_GET
def event_calendar_view(request: HttpRequest, pk: int) -> HttpResponse:
    """GET /events/<id>/calendar.ics: published, cancelled or held events; a draft
    is a 404 like an unknown id."""
    return _event_ics(get_object_or_404(public_events(), pk=pk))


@require_GET
def event_calendar_public_view(request: HttpRequest, public_id: str) -> HttpResponse:
    """The same file under the event's unguessable public id (for public pages)."""
    return _event_ics(get_object_or_404(public_events(), public_id=public_id))


@require_GET
def calendar_feed_view(request: HttpRequest, token: str) -> HttpResponse:
    """GET /events/calendar/<token>.ics: a person's, a venue's or a hub's subscribable feed."""
    feed = feed_by_token(token)
    if feed is None or (feed.user is not None and not feed.user.is_active):
        raise Http404
    name = feed_name(feed)
    return _ics(calendar_feed(feed_events(feed), name), "herts-fairs.ics", attachment=False)


# --- Public pages: no account needed -----------------------------------------------------------

PUBLIC_PAGE_SIZE = 20
REGISTERED_SESSION_KEY = "events_registered"


def registration_state(event: Event) -> str | None:
    """Why nobody can register now (a sentence), or None when registration is open."""
    try:
        check_registration_open(event, timezone.now())
    except RegistrationError as error:
        return error.detail
    return None


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    """/events/: published events still to come, filtered by kind, district (or the district a
    postcode is in) and first date."""
    form = EventFilterForm(request.GET or None)
    filters, near = _event_filters(form)
    events = selectors.public_upcoming_events(**filters)
    page = Paginator(events, PUBLIC_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"filter_form": form, "page": page, "postcode_district": near}
    return render(request, "events/event_list.html", context)


def _event_filters(form: EventFilterForm) -> tuple[dict, District | None]:
    """The list's filters from a valid form (none from an invalid one: its errors are shown),
    and the district a postcode was placed in, if that is how the district was chosen."""
    if not form.is_valid():
        return {}, None
    data = form.cleaned_data
    district, near = data["district"], None
    if district is None and data["postcode"]:
        district = near = district_for_postcode(data["postcode"])
        if district is None:
            form.add_error("postcode", _("We cannot place that postcode. Choose a district."))
            return {}, None
    filters = {
        "kind": data["kind"] or None,
        "district_id": district.pk if district else None,
        "starts_from": london_datetime(data["date_from"], time.min),
    }
    return filters, near


def event_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """/events/<public id>/: what, when, where, how accessible, who is coming, and the
    registration form (posted back here; a refusal saves nothing and is shown on the form)."""
    event = get_object_or_404(
        selectors.public_events().select_related("venue__district"), public_id=public_id
    )
    form = RegistrationForm(posted(request))
    status = 200
    if request.method == "POST" and not registration_allowed(request):
        # The limit the API shares: nothing is saved or sent.
        form.is_valid()
        form.add_error(None, TOO_MANY_REGISTRATIONS)
        status = 429
    elif request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        try:
            result = registration_create(event=event, by=signed_in_user(request), **fields)
        except AlreadyRegistered:
            # Answered as a new registration would be: the holder gets their ticket again.
            registration_ticket_resend(event=event, email=fields["email"])
            request.session[REGISTERED_SESSION_KEY] = {
                "resent": {k: fields[k] for k in ("name", "email", "category", "adjustments")}
            }
            return redirect("events:registered", public_id=event.public_id)
        except RegistrationError as error:
            form_error_on_field(form, error, REGISTRATION_ERROR_FIELDS)
        else:
            request.session[REGISTERED_SESSION_KEY] = {
                "registration": result.registration.pk,
                "warnings": [notice.code for notice in result.warnings],
                "details": [notice.detail for notice in result.warnings],
            }
            return redirect("events:registered", public_id=event.public_id)
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "form": form,
            "closed_reason": registration_state(event),
            "figures": selectors.event_figures(event=event),
            **event_vacancies(event=event, query=request.GET),
            "booking_adjustments": [
                code for code in Adjustment.values if code in ADJUSTMENTS_NEEDING_BOOKING
            ],
        },
        status=status,
    )


@require_GET
def registered(request: HttpRequest, public_id: str) -> HttpResponse:
    """The confirmation after registering: the ticket (or the waiting list) and any warning."""
    data = request.session.get(REGISTERED_SESSION_KEY) or {}
    if data.get("resent"):
        return _registered_again(request, public_id, data["resent"])
    registration = (
        Registration.objects.select_related("event", "event__venue")
        .filter(pk=int(data.get("registration") or 0), event__public_id=public_id)
        .first()
    )
    if registration is None:
        return redirect("events:detail", public_id=public_id)
    return render(
        request,
        "events/registered.html",
        {
            "registration": registration,
            "event": registration.event,
            "tickets": list(registration.tickets.all()),
            "warnings": [
                detail
                for code, detail in zip(
                    data.get("warnings", []), data.get("details", []), strict=False
                )
                if code != "waitlisted"
            ],
        },
    )


def _registered_again(request: HttpRequest, public_id: str, answers: dict) -> HttpResponse:
    """The confirmation for an address already registered: the same page and wording as a new
    registration, built from what was typed; the ticket itself went to the address. What still
    differs: no ticket number or ticket button on the page (they belong to the holder)."""
    event = get_object_or_404(public_events().select_related("venue"), public_id=public_id)
    # What a new registration would get now: a full event answers "waiting list" to everyone.
    full = places_held(event) + 1 > event.capacity
    registration = Registration(
        event=event,
        name=clean_text(answers.get("name", "")),
        email=answers.get("email", ""),
        category=answers.get("category", ""),
        adjustments=list(answers.get("adjustments") or []),
        status=Registration.Status.WAITLISTED if full else Registration.Status.CONFIRMED,
    )
    context = {"registration": registration, "event": event, "tickets": [], "warnings": []}
    return render(request, "events/registered.html", context)


# --- Tickets: the token is the only key --------------------------------------------------------


def _ticket_or_404(token: str) -> Ticket:
    ticket = selectors.ticket_by_token(token)
    if ticket is None:
        raise Http404
    return ticket


def _private(response: HttpResponse) -> HttpResponse:
    # The address is the ticket: keep it out of shared caches, search engines and other sites'
    # Referer headers. "same-origin", not "no-referrer": under "no-referrer" browsers post this
    # page's forms with "Origin: null", which the CSRF check rightly refuses.
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "same-origin"
    return response


@require_GET
def ticket_detail(request: HttpRequest, token: str) -> HttpResponse:
    """/tickets/<token>/: the QR code to show at the door, printable on one A4 page."""
    ticket = _ticket_or_404(token)
    event = Event.objects.select_related("venue").get(pk=ticket.event_id)
    return _private(
        render(
            request,
            "events/ticket_detail.html",
            {"ticket": ticket, "registration": ticket.registration, "event": event},
        )
    )


@require_GET
def ticket_qr(request: HttpRequest, token: str) -> HttpResponse:
    """/tickets/<token>/qr.png: the QR code that encodes the token (valid tickets only)."""
    ticket = _ticket_or_404(token)
    if ticket.status != Ticket.Status.VALID:
        raise Http404
    response = HttpResponse(ticket_qr_png(ticket.token), content_type="image/png")
    response["Cache-Control"] = "private, max-age=86400"
    response["X-Robots-Tag"] = "noindex"
    return response


def ticket_pdf_view(request: HttpRequest, token: str) -> HttpResponse:
    """/tickets/<token>/ticket.pdf: the ticket on one A4 page, for people who print it."""
    from events.badges import ticket_pdf

    ticket = _ticket_or_404(token)
    if ticket.status != Ticket.Status.VALID:
        raise Http404
    ticket = Ticket.objects.select_related("registration", "event__venue").get(pk=ticket.pk)
    response = HttpResponse(ticket_pdf(ticket=ticket), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="ticket-{ticket.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def ticket_cancel(request: HttpRequest, token: str) -> HttpResponse:
    """Cancel my place: a confirm page, then the cancellation (holding the token is the proof).
    A school group's tickets are cancelled by its Careers Leader, not from one pupil's ticket."""
    ticket = _ticket_or_404(token)
    registration = ticket.registration
    if registration.is_group:
        raise PermissionDenied(_("Ask your school's Careers Leader to cancel a group booking."))
    if registration.status == Registration.Status.CANCELLED:
        return redirect("tickets:detail", token=ticket.token)
    event = Event.objects.select_related("venue").get(pk=ticket.event_id)
    started = event.starts_at <= timezone.now()  # the service refuses then, and says why
    if request.method == "POST" and not started:
        registration_cancel(registration=registration, by=None)
        # The holder proved it with the token; no user: the entry keeps the ticket and address.
        audit_record(
            actor=None,
            action=AuditAction.TICKET_CANCEL_BY_HOLDER,
            target=ticket,
            label=ticket.number,
            details={"event_id": ticket.event_id, "registration_id": registration.pk},
            request=request,
        )
        messages.success(request, _("Your place is cancelled. Thank you for letting us know."))
        return redirect("tickets:detail", token=ticket.token)
    context = {"ticket": ticket, "event": event, "started": started}
    response = _private(render(request, "events/ticket_cancel.html", context))
    if started:
        response.status_code = 409
    return response
