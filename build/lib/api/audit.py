"""``GET /api/v1/audit/``: the audit log, read-only, for administrators (the /audit/ page's data).

Included from ``api/urls.py`` as ``path("audit/", include("api.audit"))``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from accounts.audit import audit_entries
from accounts.models import AuditAction, AuditEntry
from accounts.permissions import is_admin
from api.event_serializers import ErrorSerializer


class IsAdministrator(BasePermission):
    message = "Only administrators read the audit log."

    def has_permission(self, request: Request, view: Any) -> bool:
        return is_admin(request.user)


class AuditEntrySerializer(serializers.ModelSerializer):
    actor = serializers.IntegerField(
        source="actor_id", allow_null=True, help_text="The user's id; null for the system."
    )
    actor_email = serializers.CharField(help_text="The actor's e-mail address at the time.")
    action = serializers.ChoiceField(choices=AuditAction.choices)
    target_type = serializers.CharField(help_text='The object\'s kind, e.g. "events.ticket".')
    target_id = serializers.CharField(help_text="The object's id, as text.")
    target_label = serializers.CharField(help_text="A short readable name for the object.")
    details = serializers.JSONField(help_text="What changed, as the action records it.")
    created_at = serializers.DateTimeField(help_text="When, ISO 8601 in Europe/London.")
    ip = serializers.IPAddressField(allow_null=True, help_text="The client's IP address.")

    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "created_at",
            "actor",
            "actor_email",
            "action",
            "target_type",
            "target_id",
            "target_label",
            "details",
            "ip",
        ]
        read_only_fields = fields


class AuditFilterSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=AuditAction.choices, required=False)
    actor = serializers.CharField(required=False, max_length=254)
    date_from = serializers.DateField(required=False, source="from")
    date_to = serializers.DateField(required=False, source="to")

    def to_internal_value(self, data: Any) -> Any:
        # ``from`` and ``to`` are the query's names (Python keywords, so not field names).
        data = {
            "action": data.get("action"),
            "actor": data.get("actor"),
            "date_from": data.get("from"),
            "date_to": data.get("to"),
        }
        return super().to_internal_value({k: v for k, v in data.items() if v not in (None, "")})

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs.get("from"), attrs.get("to")
        if start and end and start > end:
            raise serializers.ValidationError({"to": "The end date must be on or after the start."})
        return attrs


class AuditEntryListView(generics.ListAPIView):
    """The audit log, newest first: who did what to which object, when and from where.
    Administrators only (403 for every other user). Entries are never changed or deleted."""

    serializer_class = AuditEntrySerializer
    permission_classes = [IsAdministrator]

    @extend_schema(
        operation_id="audit_list",
        parameters=[
            OpenApiParameter("action", str, enum=AuditAction.values, description="One action."),
            OpenApiParameter("actor", str, description="Part of the actor's e-mail address."),
            OpenApiParameter("from", str, description="From this day (YYYY-MM-DD), included."),
            OpenApiParameter("to", str, description="To this day (YYYY-MM-DD), included."),
        ],
        responses={
            200: AuditEntrySerializer(many=True),
            400: OpenApiResponse(ErrorSerializer, description="A filter is not valid."),
            403: OpenApiResponse(ErrorSerializer, description="Not an administrator."),
        },
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[AuditEntry]:
        filters = AuditFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        return audit_entries(
            action=data.get("action"),
            actor_email=data.get("actor"),
            date_from=data.get("from"),
            date_to=data.get("to"),
        )


urlpatterns = [
    path("", AuditEntryListView.as_view(), name="api-audit"),
]
