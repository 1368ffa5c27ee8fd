"""``/api/v1/forum-records/``: Voice of the Customer forum records, read-only — for the forum's
organisers (their own forums) and for leads and administrators (every forum). The public reads
the published ones on "you said, we did" (``/voice-of-the-customer/``).

Included from ``api/urls.py`` as ``path("forum-records/", include("api.forums"))``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request

from accounts.http import api_user
from api.event_serializers import MAX_ID, ErrorSerializer
from events.barriers import BarrierTheme
from events.forums import action_is_overdue, forum_records_for
from events.models import ForumAction, ForumActionStatus, ForumBarrier, ForumRecord
from events.programme_grid import event_jobcentre_id


class ForumBarrierSerializer(serializers.ModelSerializer):
    theme = serializers.ChoiceField(choices=BarrierTheme.choices)
    description = serializers.CharField(
        help_text="In the participants' words, contact details removed."
    )

    class Meta:
        model = ForumBarrier
        fields = ["id", "theme", "description"]
        read_only_fields = fields


class ForumActionSerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner_label", help_text="The owning organisation.")
    status = serializers.ChoiceField(choices=ForumActionStatus.choices)
    overdue = serializers.SerializerMethodField(
        help_text="Due date passed and neither done nor found not possible."
    )

    class Meta:
        model = ForumAction
        fields = [
            "id",
            "barrier",
            "description",
            "owner",
            "owner_organisation",
            "due_on",
            "status",
            "status_reason",
            "update_note",
            "overdue",
        ]
        read_only_fields = fields

    def get_overdue(self, action: ForumAction) -> bool:
        return action_is_overdue(action, timezone.localdate())


class ForumRecordSerializer(serializers.ModelSerializer):
    event = serializers.IntegerField(source="event_id", help_text="The forum's event id.")
    title = serializers.CharField(source="event.title")
    starts_at = serializers.DateTimeField(source="event.starts_at")
    jobcentre = serializers.SerializerMethodField(
        help_text="The Jobcentre the forum belongs to (its organiser, else its venue's)."
    )
    barriers = ForumBarrierSerializer(many=True, read_only=True)
    actions = ForumActionSerializer(many=True, read_only=True)

    class Meta:
        model = ForumRecord
        fields = [
            "event",
            "title",
            "starts_at",
            "jobcentre",
            "participants",
            "disabled_people",
            "health_conditions",
            "carers",
            "fifty_plus",
            "young_people",
            "no_barriers_raised",
            "published_at",
            "barriers",
            "actions",
        ]
        read_only_fields = fields

    def get_jobcentre(self, record: ForumRecord) -> int | None:
        event = record.event
        return event_jobcentre_id(event)


def _readable(request: Request) -> QuerySet[ForumRecord]:
    return (
        forum_records_for(viewer=api_user(request))
        .prefetch_related("barriers", "actions__owner_organisation")
        .order_by("-event__starts_at", "pk")
    )


class ForumRecordListView(generics.ListAPIView):
    """Forum records the caller may read, newest forum first."""

    serializer_class = ForumRecordSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self) -> QuerySet[ForumRecord]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator, signed out
            return ForumRecord.objects.none()
        return _readable(self.request)

    @extend_schema(
        operation_id="forum_records_list",
        responses={
            200: ForumRecordSerializer(many=True),
            403: OpenApiResponse(ErrorSerializer, description="Not signed in."),
        },
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        return super().get(request, *args, **kwargs)


class ForumRecordDetailView(generics.RetrieveAPIView):
    """One forum's record, by the forum's event id (404 if the caller may not read it)."""

    serializer_class = ForumRecordSerializer
    permission_classes = [IsAuthenticated]
    lookup_field = "event_id"

    def get_queryset(self) -> QuerySet[ForumRecord]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator, signed out
            return ForumRecord.objects.none()
        return _readable(self.request)

    def get_object(self) -> ForumRecord:
        # An id no column can hold matches nothing (a foreign key's lookup would overflow).
        if int(self.kwargs["event_id"]) > MAX_ID:
            raise NotFound
        return super().get_object()

    @extend_schema(
        operation_id="forum_records_retrieve",
        responses={
            200: ForumRecordSerializer,
            404: OpenApiResponse(ErrorSerializer, description="No record the caller may read."),
        },
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        return super().get(request, *args, **kwargs)


urlpatterns = [
    path("", ForumRecordListView.as_view(), name="api-forum-records"),
    path("<int:event_id>/", ForumRecordDetailView.as_view(), name="api-forum-record"),
]
