"""Requests typed with our ``User``, so views read ``request.user`` without casts.

A view behind ``login_required`` (or an API view whose permission class requires a signed-in
user) takes an ``AuthenticatedRequest`` / ``AuthenticatedApiRequest``: Django has already
refused anyone signed out, so ``user`` is always one of ours.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest
from rest_framework.request import Request

if TYPE_CHECKING:
    from accounts.models import User


class AuthenticatedRequest(HttpRequest):
    user: User


class AuthenticatedApiRequest(Request):
    user: User
