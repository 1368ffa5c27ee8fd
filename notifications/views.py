"""GOV.UK Notify's delivery receipts: ``POST /notify/receipts/`` with the bearer token the
service set in Notify (``NOTIFY_CALLBACK_TOKEN``)."""

from __future__ import annotations

import json
import secrets

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from notifications.services import (
    ReceiptInvalid,
    notification_receipt_record,
    recipient_opt_out,
)

OPT_OUT_SALT = "notifications.opt-out"


def _error(status: int, code: str, detail: str) -> JsonResponse:
    return JsonResponse({"code": code, "detail": detail}, status=status)


@csrf_exempt  # a server-to-server call authenticated by its bearer token, not a browser form
@require_POST
def delivery_receipt(request: HttpRequest) -> JsonResponse:
    expected = getattr(settings, "NOTIFY_CALLBACK_TOKEN", "")
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return _error(401, "not_authenticated", "A bearer token is required.")
    given = header.removeprefix("Bearer ").strip()
    # No token configured: every receipt is refused rather than every one accepted.
    if not expected or not secrets.compare_digest(given.encode(), expected.encode()):
        return _error(403, "permission_denied", "The bearer token is not the service's.")
    try:
        payload = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return _error(400, "malformed", "The body is not JSON.")
    if not isinstance(payload, dict):
        return _error(400, "malformed", "The body is not a JSON object.")
    try:
        notification = notification_receipt_record(payload=payload)
    except ReceiptInvalid as error:
        status = 404 if error.code == "unknown_notification" else 400
        return _error(status, error.code, error.detail)
    return JsonResponse({"id": notification.pk, "status": notification.status})


def opt_out_url(recipient: str) -> str:
    """The link in a message that is not essential: its holder stops such messages."""
    token = signing.dumps(recipient, salt=OPT_OUT_SALT)
    return settings.SITE_URL + reverse("notifications:opt_out", args=[token])


def opt_out(request: HttpRequest, token: str) -> HttpResponse:
    """Confirm, then record the choice; the signed token is the only way to reach an address."""
    try:
        recipient = signing.loads(token, salt=OPT_OUT_SALT)
    except signing.BadSignature:
        raise Http404 from None
    done = False
    if request.method == "POST":
        recipient_opt_out(recipient=recipient)
        done = True
    return render(request, "notifications/opt_out.html", {"recipient": recipient, "done": done})
