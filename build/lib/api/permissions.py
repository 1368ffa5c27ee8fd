"""DRF's side of accounts.permissions: the same answer for the API as for the pages."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from accounts.permissions import can_change, can_view


class ObjectPermission(BasePermission):
    """Signed in; reading needs can_view, anything else can_change (lists use visible())."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated)

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        if request.method in SAFE_METHODS:
            return can_view(request.user, obj)
        return can_change(request.user, obj)
