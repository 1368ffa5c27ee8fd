"""Staff roles (and members of organisations that require it) must use two-factor sign-in.

The API answers for itself (accounts/api_auth.py): a session there meets the same rule, as JSON.
"""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from accounts.two_factor import two_factor_missing

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
