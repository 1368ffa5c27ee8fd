"""``POST /api/v1/events/{id}/attendance-corrections/``: an organiser corrects attendance (a
ticket admitted by mistake, a visit scanned at the wrong stand), with a reason, audited; every
figure follows in the same request."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.event_serializers import ERRORS
from core.exceptions import NotAllowed
from events.corrections import admission_undo, stand_visit_correct
from events.models import Event, StandApplication, StandInteraction, Ticket
from events.permissions import is_event_organiser


class CorrectionSerializer(serializers.Serializer):
    correction = serializers.ChoiceField(
        choices=[("admission", "admission"), ("stand_visit", "stand_visit")],
        help_text="admission: a ticket admitted by mistake; stand_visit: a visit at a stand.",
    )
    reason = serializers.CharField(
        allow_blank=True, max_length=500, help_text="Why: required, kept in the audit log."
    )
    ticket = serializers.IntegerField(required=False, help_text="The ticket (admission).")
    visit = serializers.IntegerField(required=False, help_text="The stand visit (stand_visit).")
    move_to = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="The stand it really was at (stand_visit); left out, the visit is removed.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # The record the chosen correction needs is required: leaving it out is a bad request.
        needed = "ticket" if attrs["correction"] == "admission" else "visit"
        if attrs.get(needed) is None:
            raise serializers.ValidationError(
                {needed: _("Say which record to correct.")}, code="required"
            )
        return attrs


class AttendanceCorrectionView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=CorrectionSerializer,
        responses={
            200: inline_serializer(
                "AttendanceCorrection",
                {
                    "correction": serializers.CharField(),
                    "ticket": serializers.IntegerField(required=False),
                    "admitted": serializers.BooleanField(required=False),
                    "visit": serializers.IntegerField(allow_null=True, required=False),
                    "employer": serializers.IntegerField(allow_null=True, required=False),
                },
            ),
            **ERRORS,
        },
        tags=["events"],
    )
    def post(self, request: Request, event_id: int) -> Response:
        event = get_object_or_404(Event, pk=event_id)
        by = request.user
        # Refused before anything is looked up, so an outsider learns nothing of ids; the
        # services check the right (and the reason) again for every other caller.
        if not is_event_organiser(by, event):
            raise NotAllowed(_("Only the event's organisers can correct attendance."))
        given = CorrectionSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        if data["correction"] == "admission":
            ticket = get_object_or_404(Ticket, pk=data["ticket"], event=event)
            admission_undo(ticket=ticket, reason=data["reason"], by=by)  # type: ignore[arg-type]
            return Response({"correction": "admission", "ticket": ticket.pk, "admitted": False})
        visit = get_object_or_404(
            StandInteraction.objects.select_related("application__event"),
            pk=data["visit"],
            application__event=event,
        )
        move_to = (
            get_object_or_404(StandApplication, pk=data["move_to"]) if data.get("move_to") else None
        )
        kept = stand_visit_correct(
            interaction=visit,
            reason=data["reason"],
            by=by,  # type: ignore[arg-type]
            move_to=move_to,
        )
        return Response(
            {
                "correction": "stand_visit",
                "visit": kept.pk if kept else None,
                "employer": kept.application.employer_id if kept else None,
            }
        )
