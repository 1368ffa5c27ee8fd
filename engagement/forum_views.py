"""The lead's download of barrier themes or forum actions (CSV or XLSX)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from accounts.http import AuthenticatedRequest
from accounts.permissions import is_admin, is_lead
from engagement.forums import forum_file


@login_required
@require_GET
def forum_export(request: AuthenticatedRequest, what: str) -> HttpResponse:
    if not (is_lead(request.user) or is_admin(request.user)):
        raise Http404
    if what not in ("themes", "actions"):
        raise Http404
    file_format = "csv" if request.GET.get("format") == "csv" else "xlsx"
    content, content_type = forum_file(what=what, file_format=file_format)
    response = HttpResponse(content, content_type=content_type)
    name = "barrier-themes" if what == "themes" else "forum-actions"
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response
