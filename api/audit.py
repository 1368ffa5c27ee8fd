"""``GET /api/v1/audit/``: the audit log, read-only, for administrators (the /audit/ page's data).

Included from ``api/urls.py`` as ``path("audit/", include("api.audit"))``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import path
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from accounts.audit import audit_entries
from accounts.models import AuditAction, AuditEntry
from accounts.permissions import is_admin
from api.event_serializers import ErrorSerializer
from api.filters import AuditListFilter


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


class AuditEntryListView(generics.ListAPIView):
    """The audit log, newest first: who did what to which object, when and from where.
    Administrators only (403 for every other user). Entries are never changed or deleted."""

    serializer_class = AuditEntrySerializer
    permission_classes = [IsAdministrator]
    filterset_class = AuditListFilter  # action, actor, from, to

    @extend_schema(
        operation_id="audit_list",
        responses={
            200: AuditEntrySerializer(many=True),
            400: OpenApiResponse(ErrorSerializer, description="A filter is not valid."),
            403: OpenApiResponse(ErrorSerializer, description="Not an administrator."),
        },
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[AuditEntry]:
        return audit_entries()


urlpatterns = [
    path("", AuditEntryListView.as_view(), name="api-audit"),
]
