"""The door's pages: the scanner a volunteer opens on their own phone, the organiser's list of
who may scan (and the scans two phones both admitted offline), and the printable badges.

The scanner page is a shell: the script (static_src/js/scanner/) does the work through the API
(api/checkins.py), so a scan follows the same rules online, offline and sent late. Who may open
it is events.permissions.may_scan_at; everything else here is for the event's organisers only.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedRequest
from accounts.models import User
from core.exceptions import DomainError
from core.forms import form_error_from, posted
from events import badges
from events.models import Adjustment, AttendeeCategory, CheckIn, Event, ScannerAssignment
from events.permissions import is_event_organiser, may_scan_at
from events.scanners import scanner_authorise, scanner_remove

# The green screen says what the volunteer should do or expect, not the form's wording.
ADJUSTMENT_AT_THE_DOOR = {
    Adjustment.BSL_INTERPRETER: gettext_lazy("BSL interpreter requested"),
    Adjustment.HEARING_LOOP: gettext_lazy("Hearing loop requested"),
    Adjustment.STEP_FREE_ACCESS: gettext_lazy("Step-free access needed"),
    Adjustment.LARGE_PRINT: gettext_lazy("Large print requested"),
    Adjustment.QUIET_ROOM: gettext_lazy("Quiet room requested"),
    Adjustment.COMPANION: gettext_lazy("Coming with a companion"),
    Adjustment.OTHER: gettext_lazy("Other adjustment requested: ask the organiser"),
}


def _user(request: AuthenticatedRequest) -> User:
    return request.user


def _scannable_event(request: AuthenticatedRequest, event_id: int) -> Event:
    event = get_object_or_404(Event.objects.select_related("venue", "organiser"), pk=event_id)
    if not may_scan_at(_user(request), event):
        raise PermissionDenied(_("You are not a scanner at this event."))
    return event


def _organised_event(request: AuthenticatedRequest, event_id: int) -> Event:
    event = get_object_or_404(Event.objects.select_related("venue", "organiser"), pk=event_id)
    if not is_event_organiser(_user(request), event):
        raise PermissionDenied(_("Only the event's organisers can do this."))
    return event


def _scanner_config(event: Event) -> dict[str, object]:
    """What the script needs: addresses, labels and words, translated here (no inline script)."""
    return {
        "event": event.pk,
        # The QR reader's WebAssembly, served from here: no CDN, and it works offline once loaded.
        "zxing_wasm": static("zxing/zxing_reader.wasm"),
        "urls": {
            "checkin": reverse("api-checkin"),
            "sync": reverse("api-door-sync", args=[event.pk]),
            "service_worker": reverse("door:service_worker"),
            "scope": reverse("door:service_worker").rsplit("/", 1)[0] + "/",
            "search": reverse("api-door-search", args=[event.pk]),
            "walk_in": reverse("api-door-walk-in", args=[event.pk]),
        },
        "categories": {str(value): str(label) for value, label in AttendeeCategory.choices},
        "adjustments": {str(code): str(words) for code, words in ADJUSTMENT_AT_THE_DOOR.items()},
        "text": {
            "ok": _("OK"),
            "already": _("Already checked in at %(time)s"),
            "already_no_time": _("Already checked in"),
            "invalid": _("Not valid"),
            "wrong_event": _("Ticket for another event"),
            "cancelled": _("Cancelled"),
            "not_allowed": _("You are not a scanner at this event"),
            "reentry": _("Welcome back (re-entry)"),
            "decided_offline": _("Checked on this phone: no connection. The scan will be sent."),
            "online": _("Online"),
            "offline": _("Offline — scans are saved on this phone"),
            "waiting_one": _("1 scan waiting to be sent"),
            "waiting_many": _("%(count)s scans waiting to be sent"),
            "waiting_none": _("0 scans waiting to be sent"),
            "sign_in_again": _(
                "The scans waiting cannot be sent: sign in again on this phone (they are kept)."
            ),
            "list_saved": _("Ticket list saved on this phone at %(time)s (%(count)s tickets)."),
            "list_missing": _(
                "The ticket list is not on this phone yet: scans made offline cannot be checked."
            ),
            "camera_starting": _("Starting the camera…"),
            "camera_on": _("Camera on. Hold the ticket's QR code in the frame."),
            "camera_refused": _(
                "The camera was refused. Allow camera access for this site in your browser's "
                "settings, or use the search or walk-in form below."
            ),
            "camera_missing": _("No camera was found. Use the search or the walk-in form below."),
            "camera_failed": _("The camera could not start: %(reason)s"),
            "camera_off": _("Camera off."),
            "decoder_failed": _(
                "The QR reader could not load. Use the search or the walk-in form below."
            ),
            "start_camera": _("Start camera"),
            "stop_camera": _("Stop camera"),
            "search_none": _("No tickets match “%(query)s”."),
            "search_short": _("Type at least 2 letters or digits."),
            "search_offline": _("Search needs a connection. Try again when the phone is online."),
            "search_failed": _("The search did not work. Try again."),
            "check_in": _("Check in"),
            "checked_in_at": _("Checked in at %(time)s"),
            "ticket_cancelled": _("Cancelled"),
            "not_checked_in": _("Not checked in yet"),
            "walk_in_offline": _(
                "Registering a walk-in needs a connection. Note their name and try again "
                "when the phone is online."
            ),
            "walk_in_failed": _("The walk-in was not saved. Try again."),
            "walk_in_done": _("%(name)s is registered and checked in (ticket %(number)s)."),
            "walk_in_ticket": _("Show or print their ticket (opens a new tab)"),
            "problem": _("There is a problem"),
            "ticket_number": _("Ticket %(number)s"),
            "sent_differs": _("Sent scan of %(number)s: the server says %(result)s."),
        },
    }


@login_required
def scanner(request: AuthenticatedRequest, event_id: int) -> HttpResponse:
    event = _scannable_event(request, event_id)
    return render(
        request,
        "events/scanner/scanner.html",
        {
            "event": event,
            "config": _scanner_config(event),
            "categories": AttendeeCategory.choices,
            "adjustments": Adjustment.choices,
            "is_organiser": is_event_organiser(_user(request), event),
        },
    )


class ScannerAddForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Volunteer's e-mail address"),
        help_text=gettext_lazy("They need an account on this service with this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )

    def clean_email(self) -> User:
        email = self.cleaned_data["email"]
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                _("No account uses this e-mail address. Ask the volunteer to create one first.")
            )
        return user


@login_required
def scanner_list(request: AuthenticatedRequest, event_id: int) -> HttpResponse:
    event = _organised_event(request, event_id)
    form = ScannerAddForm(posted(request))
    if form.is_valid():
        volunteer = form.cleaned_data["email"]
        try:
            scanner_authorise(event=event, user=volunteer, by=_user(request))
        except DomainError as error:
            form_error_from(form, error)
        else:
            messages.success(
                request, _("%(email)s can now scan at this event.") % {"email": volunteer.email}
            )
            return redirect("door:scanners", event_id=event.pk)
    assignments = (
        ScannerAssignment.objects.filter(event=event).select_related("user").order_by("user__email")
    )
    conflicts = (
        CheckIn.objects.filter(event=event, conflict=True)
        .select_related("ticket", "by")
        .order_by("scanned_at")
    )
    return render(
        request,
        "events/scanner/scanner_list.html",
        {"event": event, "form": form, "assignments": assignments, "conflicts": conflicts},
    )


@login_required
@require_POST
def scanner_remove_view(request: AuthenticatedRequest, event_id: int, pk: int) -> HttpResponse:
    event = _organised_event(request, event_id)
    assignment = get_object_or_404(
        ScannerAssignment.objects.select_related("user", "event"), pk=pk, event=event
    )
    scanner_remove(assignment=assignment, by=_user(request))
    messages.success(
        request, _("%(email)s can no longer scan here.") % {"email": assignment.user.email}
    )
    return redirect("door:scanners", event_id=event.pk)


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"  # names of the people coming
    return response


@login_required
def badges_pdf(request: AuthenticatedRequest, event_id: int) -> HttpResponse:
    event = _organised_event(request, event_id)
    return _pdf(badges.attendee_badges_pdf(event=event), f"{slugify(event.title)}-badges.pdf")


@login_required
def stand_badges_pdf(request: AuthenticatedRequest, event_id: int) -> HttpResponse:
    event = _organised_event(request, event_id)
    return _pdf(
        badges.representative_badges_pdf(event=event), f"{slugify(event.title)}-stand-badges.pdf"
    )
