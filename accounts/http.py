"""Requests typed with our ``User``, so views read ``request.user`` without casts.

A view behind ``login_required`` takes an ``AuthenticatedRequest``: Django has already refused
anyone signed out, so ``user`` is always one of ours. API views keep DRF's ``Request`` (their
methods override DRF's) and read the user with ``api_user``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from rest_framework.exceptions import NotAuthenticated
from rest_framework.request import Request

from accounts.models import User


class AuthenticatedRequest(HttpRequest):
    user: User


def api_user(request: Request) -> User:
    """The signed-in user of an API request whose view requires one (IsAuthenticated ran)."""
    user = request.user
    if not isinstance(user, User):
        raise NotAuthenticated
    return user


def request_user(request: HttpRequest) -> User:
    """The signed-in user of a page whose signature cannot say so (the admin's methods)."""
    user = signed_in_user(request)
    if user is None:
        raise PermissionDenied
    return user


def signed_in_user(request: HttpRequest | Request) -> User | None:
    """The person signed in, or None, for pages and API calls that everyone may make."""
    user = getattr(request, "user", None)
    return user if isinstance(user, User) and user.is_authenticated else None
