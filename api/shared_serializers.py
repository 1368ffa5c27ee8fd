"""One bound serializer for every request of a hot endpoint.

A serializer made per request deep-copies all its declared fields before it checks or writes
anything, which on a busy endpoint (a scan at the door, a registration in a rush) costs as much
as a query. Checking and writing keep no state on the serializer (``run_validation`` and
``to_representation`` only read its bound fields), so one instance, bound once at import, can
serve every request and thread. A refusal is still answered by a serializer of its own, so the
error body is exactly what DRF gives.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from rest_framework import serializers

S = TypeVar("S", bound=serializers.Serializer)


class Shared(Generic[S]):
    def __init__(self, serializer_class: type[S]) -> None:
        self.serializer_class = serializer_class
        self.instance = serializer_class()
        # Bound here, not by two threads at the first request.
        self.instance.fields  # noqa: B018
        self.instance.validators  # noqa: B018

    def validated(self, data: Any) -> dict[str, Any]:
        """``data`` checked as ``serializer_class(data=data).is_valid(raise_exception=True)``
        checks it: its validated data, or the same ``ValidationError``."""
        try:
            validated: dict[str, Any] = self.instance.run_validation(data)
        except serializers.ValidationError:
            given = self.serializer_class(data=data)
            given.is_valid(raise_exception=True)
            validated = dict(given.validated_data)
        return validated

    def valid_or_none(self, data: Any) -> dict[str, Any] | None:
        """The validated data, or None when ``data`` would be refused."""
        try:
            return dict(self.instance.run_validation(data))
        except serializers.ValidationError:
            return None

    def represented(self, value: Any) -> dict[str, Any]:
        """``serializer_class(value).data``, as a plain dict."""
        return dict(self.instance.to_representation(value))
