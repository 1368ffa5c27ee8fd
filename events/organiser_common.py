"""What the organisers' pages share: the event as the signed-in user may open it, and the file
downloads (CSV streamed, XLSX whole) their lists offer."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedRequest
from accounts.permissions import can_change, can_view, is_lead
from events import exports
from events.models import Event

EXPORT_FORMATS = ("csv", "xlsx")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def organiser_event_or_404(
    request: AuthenticatedRequest, pk: int, *, change: bool = False
) -> Event:
    """The event for an organiser's page: 404 if the user may not see it, 403 if they may see it
    but neither run it nor (for reading) lead the strategy."""
    event = get_object_or_404(
        Event.objects.select_related("venue", "venue__district", "organiser"), pk=pk
    )
    user = request.user
    if not can_view(user, event):
        raise Http404
    if can_change(user, event):
        return event
    if change or not is_lead(user):
        raise PermissionDenied(_("Only the event's organisers can do this."))
    return event


def export_filename(event: Event, what: str, extension: str) -> str:
    return f"{slugify(event.title)[:50] or 'event'}-{what}.{extension}"


def csv_response(
    columns: list[exports.Column], queryset: QuerySet[Any], filename: str
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        exports.csv_lines(columns, queryset), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
