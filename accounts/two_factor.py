"""Who must use two-factor sign-in, and whether this session has passed the second factor.

Having an authenticator is not enough: the session must show that its code was entered. allauth
records each way a session authenticated (password, e-mailed code, "mfa"); the "mfa" record is
the proof. Pages (the middleware) and the API (a session authentication class) use the same rule.
"""

from __future__ import annotations

from typing import Any

from allauth.account.authentication import get_authentication_records
from django.conf import settings
from django.http import HttpRequest

from accounts.models import User


def two_factor_required(user: User) -> bool:
    """Staff roles and admin-site users (when the rule is on), and members of an organisation
    that requires it."""
    if settings.REQUIRE_STAFF_TWO_FACTOR and (user.is_staff or user.is_staff_role):
        return True
    return user.organisation_requires_two_factor


def two_factor_passed(request: HttpRequest, user: User) -> bool:
    """True when this session entered an authenticator code (at sign-in, set-up or since)."""
    return any(
        record.get("method") == "mfa" for record in get_authentication_records(request, user)
    )


def two_factor_missing(request: HttpRequest, user: Any) -> bool:
    """True for a signed-in user who must use two-factor and has not passed it this session."""
    return (
        user is not None
        and user.is_authenticated
        and two_factor_required(user)
        and not two_factor_passed(request, user)
    )


def record_second_factor(request: HttpRequest, user: User, **extra: object) -> None:
    """Record in the session that ``user`` has just proved their authenticator (set it up)."""
    # allauth keeps its records through this function; its own sign-in step calls it the same way.
    from allauth.account.internal.flows.login import record_authentication

    record_authentication(request, user, "mfa", **extra)
