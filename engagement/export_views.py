"""The dashboards' export link: ``/exports/engagement/?academic_year=2025-26&group_by=district
&format=xlsx`` (``rows=1`` for every encounter; ``hub``, ``district``, ``school``, ``employer``
ids to export a drill-down). The file holds only what the signed-in user may see."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.http import require_GET

from accounts.http import AuthenticatedRequest
from engagement.encounter_scope import encounters_visible_to
from engagement.exports import (
    ExportError,
    client_ip,
    drill_down,
    export_response,
    export_spec_parse,
    export_start,
    scope_label,
)
from engagement.models import ExportLog


@require_GET
@login_required
def engagement_export(request: AuthenticatedRequest) -> HttpResponse:
    params = request.GET
    try:
        queryset, filters, filter_ids = drill_down(
            user=request.user, queryset=encounters_visible_to(request.user), params=params
        )
        spec = export_spec_parse(
            academic_year=params.get("academic_year"),
            group_by=params.get("group_by"),
            format=params.get("format", ExportLog.Format.CSV),
            rows=params.get("rows") in {"1", "true", "yes"},
            filters=filters,
            filter_ids=filter_ids,
        )
    except ExportError as error:
        # A link from a dashboard is never wrong; a hand-edited one gets the reason in words.
        return HttpResponseBadRequest(error.detail, content_type="text/plain; charset=utf-8")
    export = export_start(
        spec=spec,
        queryset=queryset,
        user=request.user,
        kind=ExportLog.Kind.WEB,
        ip=client_ip(request),
        scope=scope_label(request.user),
    )
    return export_response(export)  # type: ignore[return-value]
