"""``POST /api/v1/checkins/``: a ticket redeemed at the door, on every scan of every phone.

A scanner phone's scan (a token, a JSON body) is answered by ``token_scan``, a plain Django
view: the same token authentication (``accounts.api_auth``), the same rate limit
(``CountingRateThrottle``, counted once), the same input checks (``CheckInRequestSerializer``),
the same rules (``events.checkin``) and the same answers as ``CheckInView``, without DRF's
request, negotiation and response around them, which cost a scan more than its own work.
Everything else goes to ``CheckInView`` itself, which answers it as DRF does: session sign-ins
(CSRF checked there), other content types, and every refusal before the scan (a bad token or
header, a malformed body, invalid fields, too many requests). A test holds the two equal.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api_auth import active_token_user, header_token_key
from accounts.http import api_user
from api.parsers import MAX_JSON_DEPTH, json_depth_exceeds
from api.shared_serializers import Shared
from api.throttling import CountingRateThrottle
from core.exceptions import DomainError
from events import checkin
from events.models import CheckIn
from events.tickets import ticket_url

# The largest id a database column holds: past it, a 400 rather than the database's overflow.
MAX_ID = 2**63 - 1


class CheckInRequestSerializer(serializers.Serializer):
    """Either ``token`` (the QR code read) or ``ticket`` (the id of a ticket the door search
    found, for a person without their QR code): exactly one."""

    # A CharField with no length limit: a bad token is a logged "invalid" scan, not a 400.
    token = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=True, max_length=10_000
    )
    ticket = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    event = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    client_id = serializers.UUIDField(required=False, allow_null=True)
    scanned_at = serializers.DateTimeField(required=False, allow_null=True)
    offline = serializers.BooleanField(required=False, default=False)
    device = serializers.CharField(required=False, allow_blank=True, max_length=120, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("token" in attrs) == ("ticket" in attrs):
            raise serializers.ValidationError(
                _("Send either the ticket's token or its id, not both."), code="token_or_ticket"
            )
        return attrs


class TicketOnDoorSerializer(serializers.Serializer):
    number = serializers.CharField()
    label = serializers.CharField(source="holder_label")  # type: ignore[assignment]
    category = serializers.CharField(source="registration.category")
    adjustments = serializers.ListField(
        child=serializers.CharField(), source="registration.adjustments"
    )


class CheckInResponseSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=CheckIn.Result.choices)
    code = serializers.CharField()
    detail = serializers.CharField()
    scan_id = serializers.IntegerField(allow_null=True)
    ticket = TicketOnDoorSerializer(allow_null=True)
    first_checked_in_at = serializers.DateTimeField(allow_null=True)
    reentry = serializers.BooleanField()
    conflict = serializers.BooleanField()
    ticket_url = serializers.URLField(
        required=False, help_text="Walk-ins only: their new ticket's page, to show or print."
    )


# One bound instance checks every scan (``api.shared_serializers``).
_CHECK_IN_REQUEST = Shared(CheckInRequestSerializer)


def check_in_data(data: Any) -> dict[str, Any]:
    """The scan's fields, checked as ``CheckInRequestSerializer`` checks them."""
    return _CHECK_IN_REQUEST.validated(data)


_JSON = JSONRenderer()
_MOMENT = serializers.DateTimeField()  # as the response serializer writes a time


def scan_device(request: HttpRequest | Request, given: str) -> str:
    # META, not ``headers``: the same header without building every header's name.
    return given or request.META.get("HTTP_USER_AGENT", "")[:120]


def check_in_body(
    outcome: checkin.CheckInResult, *, with_ticket_url: bool = False
) -> dict[str, Any]:
    """``CheckInResponseSerializer``'s answer, written by hand (a test holds them equal)."""
    ticket = outcome.ticket if outcome.result != CheckIn.Result.INVALID else None
    if outcome.result == CheckIn.Result.WRONG_EVENT:
        ticket = None  # a ticket for another event shows only that: not whose it is
    registration = ticket.registration if ticket is not None else None
    first = outcome.first_checked_in_at
    body: dict[str, Any] = {
        "result": str(outcome.result),
        "code": str(outcome.result),
        "detail": outcome.message,
        "scan_id": outcome.scan_id,
        "ticket": None
        if ticket is None or registration is None
        else {
            "number": str(ticket.number),
            "label": str(ticket.holder_label),
            "category": str(registration.category),
            "adjustments": [str(item) for item in registration.adjustments],
        },
        "first_checked_in_at": None if first is None else _MOMENT.to_representation(first),
        "reentry": bool(outcome.reentry),
        "conflict": bool(outcome.conflict),
    }
    if with_ticket_url and outcome.ticket is not None:
        body["ticket_url"] = ticket_url(outcome.ticket)
    return body


def check_in_response(outcome: checkin.CheckInResult, *, with_ticket_url: bool = False) -> Response:
    return Response(
        check_in_body(outcome, with_ticket_url=with_ticket_url), status=outcome.http_status
    )


class CheckInView(APIView):
    """Redeem a ticket at the door: 201 ok; 200 already_checked_in (or the same
    scan resent with its client_id); 404 invalid, 409 wrong_event, 410 cancelled. Only the
    event's organisers and the scanners they authorised for that event may scan there."""

    permission_classes = [IsAuthenticated]
    throttle_classes = [CountingRateThrottle]
    throttle_scope = "checkins"
    # Scanners read JSON: no content negotiation on every scan.
    renderer_classes = [JSONRenderer]

    def perform_content_negotiation(
        self, request: Request, force: bool = False
    ) -> tuple[BaseRenderer, str]:
        return _JSON, _JSON.media_type

    def check_throttles(self, request: Request) -> None:
        # Counted already by ``check_in_endpoint``, which sent the refusal here: not twice.
        wait = getattr(request._request, THROTTLED_WAIT, None)
        if wait is not None:
            self.throttled(request, wait)
            return
        super().check_throttles(request)

    @extend_schema(
        request=CheckInRequestSerializer,
        responses={
            201: CheckInResponseSerializer,
            200: CheckInResponseSerializer,
            404: CheckInResponseSerializer,
            409: CheckInResponseSerializer,
            410: CheckInResponseSerializer,
        },
    )
    def post(self, request: Request) -> Response:
        data = check_in_data(request.data)
        outcome = checkin.ticket_check_in(
            token=data.get("token", ""),
            ticket_id=data.get("ticket"),
            event_id=data["event"],
            by=api_user(request),
            client_id=data.get("client_id"),
            scanned_at=data.get("scanned_at"),
            offline=data["offline"],
            device=scan_device(request, data["device"]),
        )
        return check_in_response(outcome)

    @classmethod
    def as_view(cls, **initkwargs: Any) -> Any:  # a plain view function, csrf_exempt like DRF's
        """``token_scan``, falling back to this view; the function keeps ``cls`` and
        ``initkwargs``, by which the OpenAPI schema documents this view's operation."""
        drf_view = super().as_view(**initkwargs)

        def endpoint(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            answer = token_scan(request)
            if answer is not None:
                return answer
            return drf_view(request, *args, **kwargs)

        for name in ("cls", "initkwargs", "view_class", "view_initkwargs", "login_required"):
            if hasattr(drf_view, name):
                setattr(endpoint, name, getattr(drf_view, name))
        # CSRF as DRF checks it: in its session authentication (token scans have no session).
        return csrf_exempt(endpoint)


# Set on the request when ``token_scan`` counted it and found it over the limit: the seconds
# to wait, for ``CheckInView`` to refuse with.
THROTTLED_WAIT = "check_in_throttled_wait"
_ALLOW = ", ".join(CheckInView().allowed_methods)


class _Caller:
    """What ``CountingRateThrottle`` reads of a request: who is calling."""

    def __init__(self, user: Any) -> None:
        self.user = user


def _json_object(request: HttpRequest) -> dict[str, Any] | None:
    """The body as DRF's (depth-limited) JSON parser reads a JSON object; None for anything
    else, which DRF then answers."""
    charset = (request.content_params or {}).get("charset", "utf-8").lower()
    if request.content_type != "application/json" or charset not in {"utf-8", "utf8"}:
        return None
    try:
        data = json.loads(request.body.decode("utf-8"), parse_constant=_refuse_constant)
    except Exception:  # any failure (bad JSON, too big, too deep) is DRF's to answer
        return None
    if not isinstance(data, dict) or json_depth_exceeds(data, MAX_JSON_DEPTH):
        return None
    return data


def _refuse_constant(name: str) -> Any:
    raise ValueError(name)  # NaN and Infinity: DRF's strict parser refuses them


def _json_response(body: dict[str, Any], status: int) -> HttpResponse:
    response = HttpResponse(_JSON.render(body), status=status, content_type=_JSON.media_type)
    response["Allow"] = _ALLOW
    return response


def token_scan(request: HttpRequest) -> HttpResponse | None:
    """A scan from a phone with a valid token and a valid JSON body, answered as
    ``CheckInView`` answers it; None for any other request (``CheckInView`` answers it)."""
    if request.method != "POST":
        return None
    key = header_token_key(request.META.get("HTTP_AUTHORIZATION", ""))
    if key is None:
        return None
    data = _json_object(request)
    if data is None:
        return None
    user = active_token_user(key)
    if user is None:
        return None
    data = _CHECK_IN_REQUEST.valid_or_none(data)
    if data is None:
        return None
    request.user = user
    throttle = CountingRateThrottle()
    if not throttle.allow_request(_Caller(user), CheckInView):
        setattr(request, THROTTLED_WAIT, throttle.wait())
        return None
    try:
        outcome = checkin.ticket_check_in(
            token=data.get("token", ""),
            ticket_id=data.get("ticket"),
            event_id=data["event"],
            by=user,
            client_id=data.get("client_id"),
            scanned_at=data.get("scanned_at"),
            offline=data["offline"],
            device=scan_device(request, data["device"]),
        )
    except DomainError as error:
        # As ``api.exceptions.api_exception_handler`` answers it.
        body = {"code": error.code, "detail": str(error.detail), **error.extra}
        return _json_response(body, error.http_status)
    return _json_response(check_in_body(outcome), outcome.http_status)
