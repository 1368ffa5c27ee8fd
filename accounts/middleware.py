"""Staff roles (and members of organisations that require it) must use two-factor sign-in.

The API answers for itself (accounts/api_auth.py): a session there meets the same rule, as JSON.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from accounts.two_factor import two_factor_missing

SESSION_STARTED_KEY = "staff_session_started"
SESSION_SEEN_KEY = "staff_session_seen"
# The last-seen time is written at most this often, not on every request.
SEEN_RESOLUTION_SECONDS = 60

# Pages a staff user without two-factor may still reach: setting it up, signing out, the basics.
ALLOWED_PREFIXES = ("/accounts/", "/healthz", "/static/", "/i18n/", "/accessibility", "/privacy")


class StaffTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            not request.path.startswith(ALLOWED_PREFIXES)
            and not request.path.startswith("/api/")
            and two_factor_missing(request, user)
        ):
            if not is_mfa_enabled(user):
                messages.info(
                    request,
                    _("Your role can see personal data: set up an authenticator app to continue."),
                )
                return redirect(reverse("mfa_activate_totp"))
            # An authenticator, but a session from the password alone: ask for its code now.
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
        return self.get_response(request)


class StaffSessionTimeoutMiddleware:
    """A staff session (roles that see personal data, admin-site users) ends after
    STAFF_SESSION_IDLE_SECONDS without a request and STAFF_SESSION_MAX_SECONDS after it began:
    a computer left signed in at a fair does not stay open. Other roles keep allauth's session.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and (user.is_staff or user.is_staff_role):
            now = time.time()
            session = request.session
            started = session.get(SESSION_STARTED_KEY) or now
            seen = session.get(SESSION_SEEN_KEY) or now
            if (
                now - seen > settings.STAFF_SESSION_IDLE_SECONDS
                or now - started > settings.STAFF_SESSION_MAX_SECONDS
            ):
                logout(request)
                if request.path.startswith("/api/"):
                    return self.get_response(request)  # signed out: the API answers 401/403
                messages.info(request, _("You were signed out to keep personal data safe."))
                return redirect_to_login(request.get_full_path())
            if SESSION_STARTED_KEY not in session:
                session[SESSION_STARTED_KEY] = now
            if now - seen >= SEEN_RESOLUTION_SECONDS or SESSION_SEEN_KEY not in session:
                session[SESSION_SEEN_KEY] = now
        return self.get_response(request)


def staff_session_start(
    sender: object, request: HttpRequest | None, user: object, **kwargs: object
) -> None:
    """``user_logged_in``: the session's clock starts at sign-in, saved with the sign-in itself
    (so the first request after it writes nothing more)."""
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SESSION_STARTED_KEY] = now
        request.session[SESSION_SEEN_KEY] = now
