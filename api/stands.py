"""Employers' stand applications in the REST API: the applications a caller may see, and the
organisers' decisions on them (applying for a stand is an event's action, in ``api.events``)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.http import api_user
from accounts.models import User
from api.event_serializers import (
    ERRORS,
    StandApplicationSerializer,
    StandDecisionSerializer,
)
from api.vacancy_serializers import VacancyInputSerializer
from events.models import (
    Event,
    StandApplication,
    StandPresence,
)
from events.presence import stand_presence_mark
from events.selectors import (
    stand_application_list,
)
from events.services import stands
from events.services import vacancies as vacancy_services

# --- Lists and their filters ----------------------------------------------------------------------


# Each application's vacancies with their sector and district: two queries for a whole page.
STAND_PREFETCH = ("sectors", "vacancies__sector", "vacancies__district")


def stand_queryset(viewer: User, event: Event | None = None) -> QuerySet[StandApplication]:
    return (
        stand_application_list(viewer=viewer, event=event)
        .select_related("employer")
        .prefetch_related(*STAND_PREFETCH)
    )


class StandApplicationViewSet(viewsets.ReadOnlyModelViewSet):
    """Stand applications the caller may see (an employer's contacts: their own; organisers:
    their events'), and the decisions on them."""

    serializer_class = StandApplicationSerializer

    def get_queryset(self) -> QuerySet[StandApplication]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator, signed out
            return StandApplication.objects.none()
        return stand_queryset(api_user(self.request))

    def _decision_out(self, application: StandApplication) -> Response:
        return Response(StandApplicationSerializer(_stand_queryset_any(application.pk)).data)

    @extend_schema(
        request=StandDecisionSerializer, responses={200: StandApplicationSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        """The organiser approves: the lowest free stand number is given."""
        given = StandDecisionSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        application = stands.stand_approve(
            application=self.get_object(),
            by=api_user(request),
            note=given.validated_data["note"],
        )
        return self._decision_out(application)

    @extend_schema(
        request=StandDecisionSerializer, responses={200: StandApplicationSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str | None = None) -> Response:
        """The organiser declines; a stand it held goes to the first waitlisted employer."""
        given = StandDecisionSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        application = stands.stand_decline(
            application=self.get_object(),
            by=api_user(request),
            note=given.validated_data["note"],
        )
        return self._decision_out(application)

    @extend_schema(
        request=VacancyInputSerializer(many=True),
        responses={200: StandApplicationSerializer, **ERRORS},
    )
    @action(detail=True, methods=["put"])
    def vacancies(self, request: Request, pk: str | None = None) -> Response:
        """The employer's contacts replace the vacancies of a live application: an item with a
        vacancy's ``id`` changes it (``filled: true`` takes it off the public lists), one
        without adds a vacancy, a vacancy left out is removed. All or nothing."""
        application = self.get_object()  # an application the caller may not see is a 404 first
        # A closing date already saved may stay though passed: the service knows which it is.
        given = VacancyInputSerializer(data=request.data, many=True, context={"check_rules": False})
        given.is_valid(raise_exception=True)
        vacancy_services.stand_vacancies_update(
            application=application, by=api_user(request), vacancies=given.validated_data
        )
        return self._decision_out(application)

    @extend_schema(request=None, responses={200: StandApplicationSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        """The employer withdraws its application."""
        application = stands.stand_withdraw(application=self.get_object(), by=api_user(request))
        return self._decision_out(application)

    @extend_schema(
        request=inline_serializer(
            "StandPresenceIn",
            {"presence": serializers.ChoiceField(choices=StandPresence.choices)},
        ),
        responses={
            200: inline_serializer(
                "StandPresence",
                {
                    "id": serializers.IntegerField(),
                    "presence": serializers.CharField(),
                    "presence_marked_at": serializers.DateTimeField(allow_null=True),
                },
            ),
            **ERRORS,
        },
    )
    @action(detail=True, methods=["post"])
    def presence(self, request: Request, pk: str | None = None) -> Response:
        """The door marks whether the employer came: present, no_show (or expected again).
        Anyone who may scan at the fair may mark it; every mark is audited."""
        application = get_object_or_404(StandApplication.objects.select_related("event"), pk=pk)
        given = _PresenceSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        application = stand_presence_mark(
            application=application,
            presence=given.validated_data["presence"],
            by=api_user(request),
        )
        return Response(
            {
                "id": application.pk,
                "presence": application.presence,
                "presence_marked_at": application.presence_marked_at,
            }
        )


class _PresenceSerializer(serializers.Serializer):
    presence = serializers.ChoiceField(choices=StandPresence.choices)


def _stand_queryset_any(pk: int) -> StandApplication:
    return (
        StandApplication.objects.select_related("event", "employer")
        .prefetch_related(*STAND_PREFETCH)
        .get(pk=pk)
    )
