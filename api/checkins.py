"""The door over the API: check-ins, scans, the offline ticket list, walk-ins,
door search and stand visits. Every rule lives in events.checkin, shared with the scanner page.
"""

from __future__ import annotations

import hashlib
import json

from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views.decorators.gzip import gzip_page
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from accounts.audit import audit_record
from accounts.http import api_user
from accounts.models import AuditAction
from api.checkin_view import (  # noqa: F401 - the check-in's names, where they always were
    CheckInRequestSerializer,
    CheckInResponseSerializer,
    CheckInView,
    check_in_response,
    scan_device,
)
from events import checkin, door
from events.message_deliveries import delivery_warning, undelivered_registration_ids
from events.models import AttendeeCategory, CheckIn, Event, StandApplication, Ticket
from events.permissions import may_scan_at
from events.stand_visits import stand_visit_record


def _scannable_event(request: Request, event_id: int) -> Event:
    event = get_object_or_404(Event, pk=event_id)
    if not may_scan_at(request.user, event):
        raise PermissionDenied("You are not a scanner at this event.")
    return event


class ScanSerializer(serializers.ModelSerializer):
    ticket_number = serializers.CharField(source="ticket.number", allow_null=True, default=None)

    class Meta:
        model = CheckIn
        fields = [
            "id",
            "result",
            "ticket_number",
            "scanned_value",
            "device",
            "scanned_at",
            "received_at",
            "offline",
            "walk_in",
            "conflict",
        ]


class EventScansView(APIView):
    """Every scan at an event, newest first (the organiser's log; conflicts flagged)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=ScanSerializer(many=True))
    def get(self, request: Request, event_id: int) -> Response:
        event = _scannable_event(request, event_id)
        scans = CheckIn.objects.filter(event=event).select_related("ticket")
        if request.query_params.get("conflicts") == "1":
            scans = scans.filter(conflict=True)
        return Response(ScanSerializer(scans[:1000], many=True).data)


class OfflineTicketSerializer(serializers.Serializer):
    token_sha256 = serializers.CharField()
    number = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    category = serializers.CharField()
    adjustments = serializers.ListField(child=serializers.CharField())
    valid = serializers.BooleanField()
    checked_in_at = serializers.DateTimeField(allow_null=True)


class DoorCountsSerializer(serializers.Serializer):
    registered = serializers.IntegerField()
    checked_in = serializers.IntegerField()
    walk_ins = serializers.IntegerField()
    adjustments_present = serializers.IntegerField()
    conflicts = serializers.IntegerField()


class OfflineTicketListView(APIView):
    """The event's tickets for a scanner to work offline: hashes of tokens, the green screen's
    facts, no contact details."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses=inline_serializer(
            "OfflineTicketList",
            {
                "event": serializers.IntegerField(),
                "allow_reentry": serializers.BooleanField(),
                "counts": DoorCountsSerializer(),
                "tickets": OfflineTicketSerializer(many=True),
            },
        )
    )
    def get(self, request: Request, event_id: int) -> Response:
        event = _scannable_event(request, event_id)
        return Response(
            {
                "event": event.pk,
                "allow_reentry": event.allow_reentry,
                "counts": DoorCountsSerializer(door.door_counts(event=event)).data,
                "tickets": door.offline_ticket_list(event=event),
            }
        )


@method_decorator(gzip_page, name="dispatch")
class DoorSyncView(APIView):
    """The ticket list a scanner phone keeps, by delta: without ``since`` every ticket, with the
    ``cursor`` of the previous answer only the tickets changed since (a cancelled one comes back
    with ``valid`` false). Each ticket is a list in the order of ``fields``; ``hash`` is the first
    16 hex digits of the SHA-256 of its token, never the token. An unchanged answer is a 304 to
    ``If-None-Match``; answers are gzipped when the phone accepts it."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "since", str, description="The cursor of the previous answer (omit: everything)"
            )
        ],
        responses={
            200: inline_serializer(
                "DoorSync",
                {
                    "event": serializers.IntegerField(),
                    "cursor": serializers.CharField(),
                    "full": serializers.BooleanField(),
                    "allow_reentry": serializers.BooleanField(),
                    "counts": DoorCountsSerializer(),
                    "fields": serializers.ListField(child=serializers.CharField()),
                    "tickets": serializers.ListField(child=serializers.ListField()),
                },
            ),
            304: OpenApiResponse(description="Nothing changed since the answer with this ETag"),
        },
    )
    def get(self, request: Request, event_id: int) -> Response:
        event = _scannable_event(request, event_id)
        since = request.query_params.get("since")
        changes = door.door_ticket_changes(
            event=event, since=door.cursor_decode(since) if since else None
        )
        body = {
            "allow_reentry": event.allow_reentry,
            "counts": DoorCountsSerializer(door.door_counts(event=event)).data,
            "fields": door.SYNC_FIELDS,
            "tickets": changes.tickets,
        }
        # Weak: the same tickets and counts under a newer cursor are the same answer.
        same = json.dumps([event.pk, changes.full, body], sort_keys=True, default=str)
        etag = f'W/"{hashlib.sha256(same.encode()).hexdigest()[:32]}"'
        if etag in request.headers.get("If-None-Match", ""):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
        answer = {"event": event.pk, "cursor": changes.cursor, "full": changes.full, **body}
        return Response(answer, headers={"ETag": etag, "Cache-Control": "private, no-cache"})


class WalkInSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    category = serializers.ChoiceField(choices=AttendeeCategory.choices)
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    phone = serializers.CharField(required=False, allow_blank=True, max_length=30, default="")
    adjustments = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, default=list, max_length=10
    )
    privacy_told = serializers.BooleanField()


class WalkInView(APIView):
    """Register a visitor who walked in and admit them at once (name and category suffice)."""

    permission_classes = [IsAuthenticated]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "walk_ins"

    @extend_schema(request=WalkInSerializer, responses={201: CheckInResponseSerializer})
    def post(self, request: Request, event_id: int) -> Response:
        event = get_object_or_404(Event, pk=event_id)
        given = WalkInSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        outcome = checkin.walk_in_check_in(
            event=event,
            by=api_user(request),
            device=scan_device(request, ""),
            **given.validated_data,
        )
        return check_in_response(outcome, with_ticket_url=True)


class DoorSearchResultSerializer(serializers.Serializer):
    # The ticket's id admits the person (POST /checkins/ with ``ticket``); never its token,
    # which would let whoever searched cancel the person's place.
    id = serializers.IntegerField()
    number = serializers.CharField()
    label = serializers.CharField(source="holder_label")  # type: ignore[assignment]
    category = serializers.CharField(source="registration.category")
    adjustments = serializers.ListField(
        child=serializers.CharField(), source="registration.adjustments"
    )
    valid = serializers.SerializerMethodField()
    checked_in_at = serializers.DateTimeField(allow_null=True)
    # Non-empty when a message to the person failed for good and none was delivered.
    delivery_warning = serializers.SerializerMethodField()

    def get_valid(self, ticket: Ticket) -> bool:
        return ticket.status == Ticket.Status.VALID

    def get_delivery_warning(self, ticket: Ticket) -> str:
        undelivered = self.context.get("undelivered", set())
        return delivery_warning() if ticket.registration_id in undelivered else ""


class DoorSearchView(APIView):
    """Find a ticket at the door by name, e-mail, phone or ticket number (then check it in)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=DoorSearchResultSerializer(many=True))
    def get(self, request: Request, event_id: int) -> Response:
        event = _scannable_event(request, event_id)
        query = request.query_params.get("q", "")
        found = door.ticket_search(event=event, query=query)
        # Who looked for whom at which event; the query itself may be a name, so only its size.
        audit_record(
            actor=request.user,
            action=AuditAction.DOOR_SEARCH,
            target=event,
            label=event.title,
            details={"query_length": len(query), "found": len(found)},
            request=request,
        )
        undelivered = undelivered_registration_ids(t.registration_id for t in found)
        return Response(
            DoorSearchResultSerializer(found, many=True, context={"undelivered": undelivered}).data
        )


class StandVisitSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=10_000, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")
    client_id = serializers.UUIDField(required=False, allow_null=True)


STAND_VISIT = inline_serializer(
    "StandVisit",
    {
        "id": serializers.IntegerField(),
        "visitor": serializers.CharField(),
        "category": serializers.CharField(),
        "note": serializers.CharField(),
        "contact": serializers.DictField(allow_null=True),
    },
)


class StandVisitView(APIView):
    """An employer's representative scans a visitor's QR at the stand: an employer encounter.
    The visitor's contact details come back only if they agreed to share them."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=StandVisitSerializer,
        responses={
            201: STAND_VISIT,
            200: OpenApiResponse(STAND_VISIT, description="A visit already recorded, repeated"),
            400: OpenApiResponse(description="Not a valid ticket for this fair"),
        },
    )
    def post(self, request: Request, application_id: int) -> Response:
        application = get_object_or_404(
            StandApplication.objects.select_related("employer"), pk=application_id
        )
        given = StandVisitSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        visit = stand_visit_record(
            application=application,
            by=api_user(request),
            **given.validated_data,
        )
        registration = visit.ticket.registration
        contact = (
            {"name": registration.name, "email": registration.email, "phone": registration.phone}
            if registration.consent_contact_employers
            else None
        )
        return Response(
            {
                "id": visit.pk,
                "visitor": visit.ticket.holder_label if contact else visit.ticket.number,
                "category": registration.category,
                "note": visit.note,
                "contact": contact,
            },
            # Like a check-in: 201 for a new visit, 200 when it repeats one already recorded.
            status=status.HTTP_200_OK
            if getattr(visit, "repeated", False)
            else status.HTTP_201_CREATED,
        )
