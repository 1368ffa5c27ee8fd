"""``/api/v1/engagement/reported-values/``: the reported figures (published elsewhere and
entered by a strategy lead). Anyone signed in reads them; leads and administrators write.

Included from ``api/urls.py`` as ``path("engagement/reported-values/", include("api.reported"))``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.http import api_user
from accounts.models import District
from api.event_serializers import ErrorSerializer
from engagement.measures import ReportedEntry, provenance, reported_value_record
from engagement.models import Measure, ReportedValue


class ReportedValueSerializer(serializers.ModelSerializer):
    measure = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Measure.objects.filter(kind=Measure.Kind.REPORTED),
        help_text="The reported measure's code.",
    )
    period = serializers.CharField(
        source="period_label", help_text='The measure\'s period, e.g. "2025-26".'
    )
    district = serializers.PrimaryKeyRelatedField(
        queryset=District.objects.all(),
        allow_null=True,
        required=False,
        help_text="The district's id; null for the county.",
    )
    value = serializers.CharField(help_text="A percentage 0–100, or a count of 0 or more.")
    # Named as the model's field is; DRF's Field declares a "source" attribute too.
    source = serializers.CharField(max_length=300, help_text="Its source.")  # type: ignore[assignment]
    published_on = serializers.DateField(allow_null=True, required=False)
    note = serializers.CharField(allow_blank=True, required=False, default="")
    reported = serializers.SerializerMethodField(
        help_text='"Reported by <who> on <date> from <source>".'
    )

    class Meta:
        model = ReportedValue
        fields = [
            "id",
            "measure",
            "period",
            "scope_kind",
            "district",
            "value",
            "source",
            "published_on",
            "note",
            "reported_at",
            "reported",
        ]
        read_only_fields = ["id", "scope_kind", "reported_at", "reported"]

    def get_reported(self, value: ReportedValue) -> str:
        return provenance(value)

    def to_representation(self, instance: ReportedValue) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["value"] = str(instance.value)
        return data


class ReportedValueListView(generics.ListCreateAPIView):
    """Reported figures, newest period first; ``measure`` and ``period`` narrow the list.
    POST enters a figure, or corrects the one for the same measure, period and place (200)."""

    serializer_class = ReportedValueSerializer
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="reported_values_list",
        parameters=[
            OpenApiParameter("measure", str, description="A reported measure's code."),
            OpenApiParameter("period", str, description='A period, e.g. "2025-26".'),
        ],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="reported_values_create",
        responses={
            201: ReportedValueSerializer,
            200: ReportedValueSerializer,
            400: OpenApiResponse(ErrorSerializer, description="The figure is refused."),
            403: OpenApiResponse(ErrorSerializer, description="Not a strategy lead."),
        },
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        value, outcome = reported_value_record(
            entry=ReportedEntry(
                measure=data["measure"],
                period_label=data["period_label"],
                value=data["value"],
                source=data["source"],
                published_on=data.get("published_on"),
                note=data.get("note", ""),
                district=data.get("district"),
            ),
            by=api_user(request),
        )
        code = status.HTTP_201_CREATED if outcome == "created" else status.HTTP_200_OK
        return Response(self.get_serializer(value).data, status=code)

    def get_queryset(self) -> QuerySet[ReportedValue]:
        values = ReportedValue.objects.select_related("measure", "reported_by").order_by(
            "measure__position", "-period_start", "district_id", "pk"
        )
        if code := self._query_value("measure"):
            values = values.filter(measure__code=code)
        if label := self._query_value("period"):
            values = values.filter(period_label=label)
        return values

    def _query_value(self, name: str) -> str:
        # A NUL byte is no code or label, and PostgreSQL refuses it in a query: a 400, not a 500.
        value = self.request.query_params.get(name, "")
        if "\x00" in value:
            raise serializers.ValidationError({name: _("Null characters are not allowed.")})
        return value


urlpatterns = [
    path("", ReportedValueListView.as_view(), name="api-reported-values"),
]
