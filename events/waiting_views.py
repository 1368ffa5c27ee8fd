"""Attendees helping themselves, no sign-in: their waiting-list page (position, leaving,
claiming or declining an offered place), reached by the registration's link token alone, and
"find my ticket".

Like the ticket pages, the token pages are private: no shared caches, no search engines, and
``Referrer-Policy: same-origin`` so the address reaches no other site while the browser still
sends an Origin the CSRF check accepts with the forms."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.audit import audit_record
from accounts.models import AuditAction
from core.forms import posted
from events.exceptions import DomainError, RegistrationError
from events.find_ticket import ticket_lookup_request
from events.models import Event, Registration, Ticket
from events.self_help_forms import TicketLookupForm
from events.services import place_offer_claim, waitlist_leave
from events.services.waiting_list import open_offer, waitlist_position
from events.throttles import TOO_MANY_LOOKUPS, ticket_lookup_allowed
from events.tickets import is_well_formed_token


def _private(response: HttpResponse) -> HttpResponse:
    # The address is the key to the place: see the module's docstring.
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "same-origin"
    return response


def _registration_or_404(token: str) -> Registration:
    if not is_well_formed_token(token):
        raise Http404
    registration = (
        Registration.objects.select_related("event", "event__venue")
        .filter(link_token=token, school__isnull=True)
        .first()
    )
    if registration is None:
        raise Http404
    return registration


def _audit(request: HttpRequest, action: AuditAction, registration: Registration) -> None:
    # The holder proved it with the link: no user; the label names no one.
    audit_record(
        actor=None,
        action=action,
        target=registration,
        label=f"registration {registration.pk}",
        details={"event_id": registration.event_id, "registration_id": registration.pk},
        request=request,
    )


def waiting_detail(request: HttpRequest, token: str) -> HttpResponse:
    """/tickets/waiting/<token>/: where the person stands, and any place offered to them."""
    registration = _registration_or_404(token)
    if registration.status == Registration.Status.CONFIRMED:
        ticket = registration.tickets.filter(status=Ticket.Status.VALID).first()
        if ticket is not None:
            return redirect("tickets:detail", token=ticket.token)
    waiting = registration.status == Registration.Status.WAITLISTED
    offer = open_offer(registration) if waiting else None
    context = {
        "registration": registration,
        "event": registration.event,
        "waiting": waiting,
        "offer": offer,
        "position": waitlist_position(registration) if waiting and offer is None else None,
        "event_open": registration.event.status == Event.Status.PUBLISHED,
    }
    return _private(render(request, "events/waiting_detail.html", context))


def waiting_leave(request: HttpRequest, token: str) -> HttpResponse:
    """Leave the waiting list (declining any place on offer): a confirm page, then the change."""
    registration = _registration_or_404(token)
    if registration.status != Registration.Status.WAITLISTED:
        return redirect("tickets:waiting", token=token)
    offer = open_offer(registration)
    if request.method == "POST":
        try:
            waitlist_leave(registration=registration)
        except DomainError as error:
            messages.error(request, error.detail)
        else:
            action = AuditAction.OFFER_DECLINE if offer else AuditAction.WAITLIST_LEAVE
            _audit(request, action, registration)
            messages.success(
                request, _("You have left the waiting list. Thank you for telling us.")
            )
        return redirect("tickets:waiting", token=token)
    context = {"registration": registration, "event": registration.event, "offer": offer}
    return _private(render(request, "events/waiting_leave.html", context))


@require_POST
def offer_claim(request: HttpRequest, token: str) -> HttpResponse:
    """Claim the place offered: the ticket is issued and the person lands on it."""
    registration = _registration_or_404(token)
    try:
        registration = place_offer_claim(registration=registration)
    except DomainError as error:
        messages.error(request, error.detail)
        return redirect("tickets:waiting", token=token)
    _audit(request, AuditAction.OFFER_CLAIM, registration)
    messages.success(request, _("The place is yours. This is your ticket; we have sent it too."))
    return redirect("tickets:waiting", token=token)


def ticket_find(request: HttpRequest) -> HttpResponse:
    """/tickets/find/: send me my tickets. The answer is the same whether or not the address
    holds a place; only a malformed entry or too many requests is answered otherwise."""
    form = TicketLookupForm(posted(request))
    status = 200
    if request.method == "POST" and not ticket_lookup_allowed(request):
        form.is_valid()
        form.add_error(None, TOO_MANY_LOOKUPS)
        status = 429
    elif request.method == "POST" and form.is_valid():
        try:
            ticket_lookup_request(contact=form.cleaned_data["contact"])
        except RegistrationError as error:
            form.add_error("contact", error.detail)
        else:
            return redirect("tickets:find_sent")
    return render(request, "events/ticket_find.html", {"form": form}, status=status)


def ticket_find_sent(request: HttpRequest) -> HttpResponse:
    """The one answer to every well-formed request."""
    return render(request, "events/ticket_find_sent.html")
