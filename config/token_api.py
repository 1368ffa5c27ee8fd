"""A shorter middleware chain for API requests that carry a token.

A scanner phone's request (``Authorization: Token …`` under ``/api/``) is authenticated by its
token alone (Django REST framework tries the token first and, once a token is given, never the
session), so the browser's middleware has nothing to do for it: no session to load or save, no
CSRF (DRF enforces CSRF for session authentication only), no messages, no allauth state, no
staff session clock or two-factor redirect (both apply to session sign-ins and staff pages).
``TokenApiMiddleware``, first in ``MIDDLEWARE``, sends such a request through the same chain
without those (``TOKEN_API_SKIPPED_MIDDLEWARE``): the security headers, the database-error
answer, the language and ``CommonMiddleware`` still apply. Every other request, including a
browser's session-authenticated API call, goes through the whole chain.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import MiddlewareNotUsed
from django.core.handlers.base import BaseHandler
from django.core.handlers.exception import convert_exception_to_response
from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string

API_PREFIX = "/api/"


def carries_api_token(request: HttpRequest) -> bool:
    """An API request whose Authorization header names a token (any case, as DRF reads it)."""
    if not request.path_info.startswith(API_PREFIX):
        return False
    header = request.META.get("HTTP_AUTHORIZATION", "")
    return header[:6].lower() == "token " or header.lower() == "token"


class _ChainHandler(BaseHandler):
    """Django's own request handling (URL resolution, views, process_view, exceptions) under
    the middleware named, loaded as ``BaseHandler.load_middleware`` loads ``MIDDLEWARE``."""

    def __init__(self, middleware: list[str]) -> None:
        super().__init__()
        self._view_middleware: list[Any] = []
        self._template_response_middleware: list[Any] = []
        self._exception_middleware: list[Any] = []
        handler = convert_exception_to_response(self._get_response)  # type: ignore[attr-defined]
        for path in reversed(middleware):
            try:
                instance = import_string(path)(handler)
            except MiddlewareNotUsed:
                continue
            if hasattr(instance, "process_view"):
                self._view_middleware.insert(0, instance.process_view)
            if hasattr(instance, "process_template_response"):
                self._template_response_middleware.append(instance.process_template_response)
            if hasattr(instance, "process_exception"):
                self._exception_middleware.append(instance.process_exception)
            handler = convert_exception_to_response(instance)
        self._middleware_chain = handler


def token_api_middleware() -> list[str]:
    """``MIDDLEWARE`` after this one, without what a token request has no use for."""
    skipped = set(settings.TOKEN_API_SKIPPED_MIDDLEWARE)
    chain = list(settings.MIDDLEWARE)
    after = chain[chain.index(f"{__name__}.TokenApiMiddleware") + 1 :]
    return [path for path in after if path not in skipped]


class TokenApiMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.token_chain = _ChainHandler(token_api_middleware())._middleware_chain

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if carries_api_token(request):
            # No session: until the token is checked, nobody is signed in.
            request.user = AnonymousUser()
            return self.token_chain(request)  # type: ignore[return-value]
        return self.get_response(request)
