"""When the database is unreachable (restarted, failed over, out of connections) a request answers
503 — the GOV.UK "Sorry, there is a problem with the service" page, or ``{"code": "unavailable"}``
from the API — instead of a 500 with a traceback. Nothing is kept from the failed connection:
with ``CONN_HEALTH_CHECKS`` on, the next request checks its connection and opens a new one, so the
service recovers by itself when the database is back, without a restart.

Two ways in, one answer: ``DatabaseUnavailableMiddleware`` catches the error in a view (the
usual place: the first query of the request), ``server_error`` (``handler500``) catches it where
a middleware queried first (the session, the signed-in user).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views import defaults

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """The 503 answer: JSON for the API, the GOV.UK page for everything else.

    The page is rendered without the context processors: they would ask the database who is
    signed in, and it is the database that is gone."""
    if request.path_info.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {
                "code": "unavailable",
                "detail": _("The service is unavailable for a moment. Try again shortly."),
            },
            status=503,
        )
    else:
        context = {
            "request": request,
            "user": AnonymousUser(),
            "csrf_token": get_token(request),
        }
        response = HttpResponse(render_to_string("503.html", context), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """A database connection error in a view becomes a 503, logged with its traceback."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DATABASE_ERRORS):
            return None
        logger.error(
            "Database unavailable: %s %s answered 503",
            request.method,
            request.path,
            exc_info=exception,
        )
        return service_unavailable(request)


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: a database connection error raised outside a view (in a middleware that
    loaded the session or the user) is a 503 too; anything else is Django's own 500 page."""
    error = sys.exc_info()[1]  # Django calls the handler while handling the exception
    if isinstance(error, DATABASE_ERRORS):
        return service_unavailable(request)
    return defaults.server_error(request)
