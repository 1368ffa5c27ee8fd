"""``GET /api/v1/engagement/summary/``: the engagement summary the dashboards and exports show.

JSON by default; ``format=csv`` / ``format=xlsx`` (or an ``Accept`` header asking for either)
returns the same figures as a file, streamed and logged, through the same code as the
dashboards' export link and ``manage.py export_engagement``.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponseBase
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import BaseRenderer, BrowsableAPIRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.event_serializers import ErrorSerializer
from engagement.encounter_scope import attendance_visible_to, encounters_visible_to
from engagement.exports import (
    XLSX_CONTENT_TYPE,
    ExportError,
    client_ip,
    export_response,
    export_spec_parse,
    export_start,
    scope_label,
    summary_table,
)
from engagement.models import ExportLog
from engagement.outcome_definitions import ROWS_WITHOUT_OUTCOMES
from engagement.outcomes import outcome_stands_visible_to
from engagement.summary_columns import COLUMNS, GroupBy

HELP = dict(COLUMNS)


class CSVRenderer(BaseRenderer):
    """Lets ``format=csv`` / ``Accept: text/csv`` through negotiation; the view writes the file."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context=None):
        return b""


class XLSXRenderer(BaseRenderer):
    media_type = XLSX_CONTENT_TYPE
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context=None):
        return b""


class SummaryRowSerializer(serializers.Serializer):
    key = serializers.IntegerField(
        allow_null=True,
        help_text="The id of the school, hub, district, employer or sector; the year group; "
        "null for encounters with none (and for the totals).",
    )
    group = serializers.CharField(help_text=COLUMNS[0][1])
    employer_encounters = serializers.IntegerField(help_text=HELP["employer_encounters"])
    scanned_employer_encounters = serializers.IntegerField(
        help_text=HELP["scanned_employer_encounters"]
    )
    recorded_employer_encounters = serializers.IntegerField(
        help_text=HELP["recorded_employer_encounters"]
    )
    provider_encounters = serializers.IntegerField(help_text=HELP["provider_encounters"])
    meaningful_employer_encounters = serializers.IntegerField(
        help_text=HELP["meaningful_employer_encounters"]
    )
    people = serializers.IntegerField(help_text=HELP["people"])
    pupils_reached = serializers.IntegerField(help_text=HELP["pupils_reached"])
    contacts = serializers.IntegerField(help_text=HELP["contacts"])
    fair_attendance = serializers.IntegerField(allow_null=True, help_text=HELP["fair_attendance"])
    employers = serializers.IntegerField(help_text=HELP["employers"])
    sme_encounters = serializers.IntegerField(help_text=HELP["sme_encounters"])
    priority_sector_encounters = serializers.IntegerField(
        help_text=HELP["priority_sector_encounters"]
    )
    complex_barriers_people = serializers.IntegerField(help_text=HELP["complex_barriers_people"])
    interviews_offered = serializers.IntegerField(
        help_text=format_lazy("{}. {}.", HELP["interviews_offered"], ROWS_WITHOUT_OUTCOMES)
    )
    job_offers = serializers.IntegerField(
        help_text=format_lazy("{}. {}.", HELP["job_offers"], ROWS_WITHOUT_OUTCOMES)
    )
    job_starts = serializers.IntegerField(
        help_text=format_lazy("{}. {}.", HELP["job_starts"], ROWS_WITHOUT_OUTCOMES)
    )
    job_starts_within_13_weeks = serializers.IntegerField(
        help_text=HELP["job_starts_within_13_weeks"]
    )


class EngagementSummarySerializer(serializers.Serializer):
    academic_year = serializers.CharField(help_text="e.g. 2025-26 (1 September to 31 August).")
    group_by = serializers.ChoiceField(choices=[g.value for g in GroupBy])
    rows = SummaryRowSerializer(many=True)
    totals = SummaryRowSerializer(
        help_text="Every encounter counted once (different employers over all rows)."
    )


SUMMARY_PARAMETERS = [
    OpenApiParameter(
        "academic_year",
        str,
        description="The academic year, e.g. 2025-26; the current one if left out.",
        pattern=r"^\d{4}-\d{2}$",
    ),
    OpenApiParameter(
        "group_by",
        str,
        enum=[g.value for g in GroupBy],
        default=GroupBy.SCHOOL.value,
        description="What each row is.",
    ),
    OpenApiParameter(
        "format",
        str,
        enum=["json", "csv", "xlsx"],
        default="json",
        description="csv or xlsx returns the file (logged), with a totals row; xlsx adds a "
        "Definitions sheet.",
    ),
]


class EngagementSummaryView(APIView):
    """The summary over the encounters the caller may see (leads: the county)."""

    permission_classes = [IsAuthenticated]
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer, XLSXRenderer]

    @extend_schema(
        operation_id="engagement_summary",
        summary="Engagement summary for an academic year",
        parameters=SUMMARY_PARAMETERS,
        responses={
            (200, "application/json"): EngagementSummarySerializer,
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV file"),
            (200, XLSX_CONTENT_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="XLSX file"),
            (400, "application/json"): ErrorSerializer,
            (401, "application/json"): ErrorSerializer,
        },
        tags=["engagement"],
    )
    def get(self, request: Request) -> Response | HttpResponseBase:
        file_format = request.accepted_renderer.format
        if file_format not in ExportLog.Format.values:
            file_format = ExportLog.Format.CSV  # checked below, used only for files
        spec = export_spec_parse(
            academic_year=request.query_params.get("academic_year"),
            group_by=request.query_params.get("group_by"),
            format=file_format,
        )
        queryset = encounters_visible_to(request.user)
        if request.accepted_renderer.format in ExportLog.Format.values:
            export = export_start(
                spec=spec,
                queryset=queryset,
                user=request.user,
                kind=ExportLog.Kind.API,
                ip=client_ip(request),
                scope=scope_label(request.user),
            )
            return export_response(export)
        table = summary_table(
            period=spec.period,
            group_by=spec.group_by,
            queryset=queryset,
            attendance=attendance_visible_to(request.user),
            outcomes=outcome_stands_visible_to(request.user),
        )
        data = {
            "academic_year": spec.period.label,
            "group_by": str(spec.group_by),
            "rows": table.rows,
            "totals": table.totals,
        }
        return Response(EngagementSummarySerializer(data).data)

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        try:
            return super().perform_content_negotiation(request, force)
        except (Http404, exceptions.NotFound):
            # DRF answers an unknown ?format= with 404; it is a bad parameter.
            raise ExportError(
                _("The format is json, csv or xlsx, not “%(value)s”.")
                % {"value": request.query_params.get("format")},
                code="invalid_format",
            ) from None

    def handle_exception(self, exc: Exception) -> Response:
        # Errors are JSON ({code, detail}) whatever file format was asked for.
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = "application/json"
        return super().handle_exception(exc)
