"""Project-wide pages: the health check and the error pages."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import RequestDataTooBig
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database (and the broker, when one is configured) answers; 503 otherwise."""
    report: dict[str, str] = {}
    healthy = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        report["database"] = "ok"
    except Exception as error:  # noqa: BLE001 - any failure is reported, not raised
        report["database"] = f"error: {error.__class__.__name__}"
        healthy = False
    if settings.CELERY_TASK_ALWAYS_EAGER:
        report["broker"] = "not configured (tasks run in-process)"
    else:
        from config.celery import app

        try:
            with app.connection_for_write() as conn:
                conn.ensure_connection(max_retries=1, timeout=2)
            report["broker"] = "ok"
        except Exception as error:  # noqa: BLE001
            report["broker"] = f"error: {error.__class__.__name__}"
            healthy = False
    report["status"] = "ok" if healthy else "unhealthy"
    return JsonResponse(report, status=200 if healthy else 503)


# --- Error pages: the service's own GOV.UK pages, or JSON with code and detail for the API ------


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def _api_error(code: str, detail: str, status: int) -> JsonResponse:
    return JsonResponse({"code": code, "detail": detail}, status=status)


def _bare_page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    """A page rendered without the context processors: the request may be too broken for them
    (a host we do not serve, a body too large to read)."""
    context = {"request": request, "user": AnonymousUser(), "csrf_token": get_token(request)}
    return HttpResponse(render_to_string(template, context), status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """``handler400``: a body over DATA_UPLOAD_MAX_MEMORY_SIZE is a 413, anything else a 400."""
    if isinstance(exception, RequestDataTooBig):
        if _is_api(request):
            return _api_error(
                "request_too_large",
                _("The request is too large. Send less data at once."),
                413,
            )
        return _bare_page(request, "413.html", 413)
    if _is_api(request):
        return _api_error("bad_request", _("The request could not be understood."), 400)
    return _bare_page(request, "400.html", 400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return _api_error(
            "permission_denied", _("You do not have permission to perform this action."), 403
        )
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return _api_error("not_found", _("Not found."), 404)
    return render(request, "404.html", status=404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: the form was stale or came from elsewhere; say what to do."""
    if _is_api(request):
        return _api_error("csrf_failed", _("The request's CSRF check failed."), 403)
    return render(request, "403_csrf.html", status=403)
