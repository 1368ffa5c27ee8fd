"""Staff roles (coordinators, Jobcentre organisers, leads, admins) must use two-factor sign-in."""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

# Pages a staff user without two-factor may still reach: setting it up, signing out, the basics.
ALLOWED_PREFIXES = ("/accounts/", "/healthz", "/static/", "/i18n/", "/accessibility", "/privacy")


class StaffTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            settings.REQUIRE_STAFF_TWO_FACTOR
            and user is not None
            and user.is_authenticated
            and not request.path.startswith(ALLOWED_PREFIXES)
            and not request.path.startswith("/api/")
            and user.is_staff_role
            and not is_mfa_enabled(user)
        ):
            messages.info(
                request,
                _("Your role can see personal data: set up an authenticator app to continue."),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
