"""The API's session authentication meets the same two-factor rule as the pages.

A token (issued by an admin) is checked by TokenAuthentication first and never reaches here, so
token requests pay nothing for this.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.authentication import SessionScheme
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request

from accounts.two_factor import two_factor_missing


class TwoFactorSessionAuthentication(SessionAuthentication):
    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        result = super().authenticate(request)
        if result is not None and two_factor_missing(request._request, result[0]):
            raise exceptions.PermissionDenied(
                _(
                    "Your role must sign in with an authenticator app: enter its code in the "
                    "service, then try again."
                ),
                code="two_factor_required",
            )
        return result


class TwoFactorSessionScheme(SessionScheme):
    """Documented as the session cookie it is (drf-spectacular finds it by subclassing)."""

    target_class = "accounts.api_auth.TwoFactorSessionAuthentication"
