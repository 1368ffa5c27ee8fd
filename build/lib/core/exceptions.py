"""The domain error every service raises for a broken rule.

It carries a machine-readable ``code`` and a translatable human ``detail``: the API turns it into
a 4xx with both, an HTML view into a form error or a message.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    code = "invalid"
    http_status = 400

    def __init__(self, detail: str, *, code: str | None = None, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        if code:
            self.code = code
        self.extra = extra


class NotAllowed(DomainError):
    """The user may not do this to this object."""

    code = "permission_denied"
    http_status = 403


class Conflict(DomainError):
    """The object is not in a state that allows this (already decided, already full...)."""

    code = "conflict"
    http_status = 409
