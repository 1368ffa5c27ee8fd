"""/door/stands/<application id>/: the scanner an employer's representatives open at their stand.

A shell like the door's scanner (events/scanner_views.py): the script (static_src/js/scanner/
stand.mjs) reads visitors' QR codes and records each meeting through the API
(POST /api/v1/stands/<id>/visits/, api/checkins.py), which applies events.checkin's rules.
Only the employer's own contacts (or an administrator) open it, and only for an approved stand.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedRequest
from accounts.models import User
from events.models import AttendeeCategory, StandApplication
from events.permissions import may_scan_at_stand


def _stand_config(application: StandApplication) -> dict[str, object]:
    """What the script needs, translated here (the page has no inline script)."""
    return {
        "application": application.pk,
        "zxing_wasm": static("zxing/zxing_reader.wasm"),
        "urls": {
            "visit": reverse("api-stand-visit", args=[application.pk]),
            "service_worker": reverse("door:service_worker"),
            "scope": reverse("door:service_worker").rsplit("/", 1)[0] + "/",
        },
        "categories": {str(value): str(label) for value, label in AttendeeCategory.choices},
        "text": {
            "met": _("Met: %(visitor)s (%(category)s)"),
            "not_recorded": _("Not recorded"),
            "not_allowed": _("You cannot scan at this stand."),
            "sign_in_again": _("Sign in again on this phone, then scan again."),
            "failed": _("The visit was not saved. Check the connection and scan again."),
            "online": _("Online"),
            "offline_saving": _("Offline — scans are saved on this phone"),
            "waiting_one": _("1 scan waiting to be sent"),
            "waiting_many": _("%(count)s scans waiting to be sent"),
            "waiting_none": _("0 scans waiting to be sent"),
            "saved_offline": _("Saved on this phone"),
            "saved_offline_detail": _(
                "No connection: the scan will be sent when the phone is back online."
            ),
            "sent_late": _("Sent from this phone's queue."),
            "already_recorded": _(
                "Already recorded at this stand: counted once (another phone or an earlier scan)."
            ),
            "sign_in_again_queue": _(
                "The scans waiting cannot be sent: sign in again on this phone (they are kept)."
            ),
            "email": _("E-mail: %(email)s"),
            "phone": _("Phone: %(phone)s"),
            "no_contact": _("The visitor did not agree to share their contact details."),
            "note_saved": _("Note: %(note)s"),
            "camera_starting": _("Starting the camera…"),
            "camera_on": _("Camera on. Hold the visitor's QR code in the frame."),
            "camera_refused": _(
                "The camera was refused. Allow camera access for this site in your browser's "
                "settings."
            ),
            "camera_missing": _("No camera was found on this device."),
            "camera_failed": _("The camera could not start: %(reason)s"),
            "camera_off": _("Camera off."),
            "decoder_failed": _("The QR reader could not load. Reload the page and try again."),
            "start_camera": _("Start camera"),
            "stop_camera": _("Stop camera"),
        },
    }


@login_required
def stand_scanner(request: AuthenticatedRequest, application_id: int) -> HttpResponse:
    application = get_object_or_404(
        StandApplication.objects.select_related("event", "employer"), pk=application_id
    )
    user: User = request.user
    if not may_scan_at_stand(user, application):
        raise PermissionDenied(_("Only the employer's own staff scan at its stand."))
    if application.status != StandApplication.Status.APPROVED:
        raise PermissionDenied(_("This stand is not approved."))
    return render(
        request,
        "events/scanner/stand.html",
        {
            "application": application,
            "event": application.event,
            "config": _stand_config(application),
        },
    )
