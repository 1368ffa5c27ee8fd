"""What fairs led to, through the API: a stand visit's outcome (with the visitor's agreement),
a stand's count of people not scanned, and the employer's return after the fair. The rules are
``events.services.outcomes`` and ``events.returns``, shared with the HTML pages."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.http import api_user
from api.event_serializers import ErrorSerializer
from events.models import StandApplication, StandInteraction, StandReturn
from events.returns import ReturnInput, may_make_return, stand_return_save
from events.services.outcomes import (
    OutcomeInput,
    may_see_visits,
    outcome_shown,
    stand_day_count_record,
    visit_outcome_record,
)

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}


def _names(serializer: type[serializers.Serializer]) -> list[str]:
    """The field names of ``serializer``, in order."""
    return [str(name) for name in serializer().fields]


class VisitOutcomeSerializer(serializers.Serializer):
    visitor_agreed = serializers.BooleanField(
        help_text="The visitor agreed to this being recorded; without it nothing about them is "
        "kept (false removes an outcome recorded before)."
    )
    interview_offered = serializers.BooleanField(required=False, default=False)
    application_started = serializers.BooleanField(required=False, default=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")
    rating = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="1 (weak) to 5 (strong)."
    )


class StandDayCountSerializer(serializers.Serializer):
    unscanned_visitors = serializers.IntegerField()
    unscanned_interviews_offered = serializers.IntegerField()


class StandReturnSerializer(serializers.Serializer):
    interviews_offered = serializers.IntegerField()
    interviews_held = serializers.IntegerField()
    job_offers = serializers.IntegerField()
    job_starts = serializers.IntegerField(help_text="Job starts, apprenticeships not included.")
    apprenticeship_starts = serializers.IntegerField()
    starts_aged_50_plus = serializers.IntegerField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


def _visit(application_id: int, visit_id: int, user: Any) -> StandInteraction:
    visit = get_object_or_404(
        StandInteraction.objects.select_related(
            "application__event", "application__employer", "outcome"
        ),
        pk=visit_id,
        application_id=application_id,
    )
    if not may_see_visits(user, visit.application):
        raise NotFound()  # nobody else learns that the visit exists
    return visit


def _outcome_data(visit: StandInteraction, user: Any) -> dict[str, Any]:
    outcome = outcome_shown(user, visit)
    if outcome is None:
        return {"visit": visit.pk, "visitor_agreed": False}
    return {
        "visit": visit.pk,
        **{name: getattr(outcome, name) for name in _names(VisitOutcomeSerializer)},
    }


class VisitOutcomeView(APIView):
    """One stand visit's outcome: the employer concerned and the fair's organisers only."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: VisitOutcomeSerializer, **ERRORS}, tags=["outcomes"])
    def get(self, request: Request, application_id: int, visit_id: int) -> Response:
        user = api_user(request)
        return Response(_outcome_data(_visit(application_id, visit_id, user), user))

    @extend_schema(
        request=VisitOutcomeSerializer,
        responses={200: VisitOutcomeSerializer, **ERRORS},
        tags=["outcomes"],
        summary="Record what a stand visit led to, with the visitor's agreement",
    )
    def put(self, request: Request, application_id: int, visit_id: int) -> Response:
        user = api_user(request)
        visit = _visit(application_id, visit_id, user)
        given = VisitOutcomeSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        visit_outcome_record(
            interaction=visit, by=user, outcome=OutcomeInput(**given.validated_data)
        )
        visit.refresh_from_db()
        return Response(_outcome_data(StandInteraction.objects.get(pk=visit.pk), user))


def _stand(application_id: int) -> StandApplication:
    return get_object_or_404(
        StandApplication.objects.select_related("event", "employer"), pk=application_id
    )


class StandDayCountView(APIView):
    """A stand's count, on the day, of people it did not scan (and interviews offered to them)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=StandDayCountSerializer,
        responses={200: StandDayCountSerializer, **ERRORS},
        tags=["outcomes"],
    )
    def put(self, request: Request, application_id: int) -> Response:
        given = StandDayCountSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        count = stand_day_count_record(
            application=_stand(application_id), by=api_user(request), **given.validated_data
        )
        return Response({name: getattr(count, name) for name in _names(StandDayCountSerializer)})


class StandReturnView(APIView):
    """The employer's return after the fair (the same as the e-mailed link's form); every
    figure 0 until one is saved."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: StandReturnSerializer, **ERRORS}, tags=["outcomes"])
    def get(self, request: Request, application_id: int) -> Response:
        application = _stand(application_id)
        if not may_make_return(api_user(request), application):
            raise PermissionDenied()
        found = StandReturn.objects.filter(application=application).first()
        # No return yet: the form's starting point, every figure 0.
        shown = found or StandReturn(application=application)
        return Response({name: getattr(shown, name) for name in _names(StandReturnSerializer)})

    @extend_schema(
        request=StandReturnSerializer,
        responses={200: StandReturnSerializer, **ERRORS},
        tags=["outcomes"],
        summary="Save the employer's return (interviews, offers, starts) for a stand",
    )
    def put(self, request: Request, application_id: int) -> Response:
        given = StandReturnSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        saved = stand_return_save(
            application=_stand(application_id),
            figures=ReturnInput(**given.validated_data),
            by=api_user(request),
        )
        return Response({name: getattr(saved, name) for name in _names(StandReturnSerializer)})
