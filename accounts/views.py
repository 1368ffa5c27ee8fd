"""Account pages of our own around django-allauth's: the sign-in and security overview."""

from __future__ import annotations

from typing import Any

from allauth.account import views as allauth_views
from allauth.mfa.totp.views import ActivateTOTPView
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.two_factor import record_second_factor


@login_required
def account_security(request: HttpRequest) -> HttpResponse:
    """Links to change the password, the e-mail addresses and two-step sign-in."""
    return render(
        request,
        "account/security.html",
        {"two_factor_enabled": is_mfa_enabled(request.user)},
    )


class ConfirmLoginCodeView(allauth_views.ConfirmLoginCodeView):
    """allauth's page for the e-mailed sign-in code, saying so when the code has expired.

    allauth silently sends the person back to "get a sign-in code"; they need to know why.
    """

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().dispatch(request, *args, **kwargs)
        # allauth sets _process to None when the code's time ran out (see its dispatch).
        if getattr(self, "_process", False) is None:
            messages.error(request, _("Your sign-in code has expired. Ask for a new code."))
        return response


confirm_login_code = ConfirmLoginCodeView.as_view()


class ActivateTwoFactorView(ActivateTOTPView):
    """allauth's authenticator set-up, recording that this session has passed the second factor.

    Setting the app up means entering one of its codes; without the record the person would be
    asked for a code again straight away.
    """

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        record_second_factor(self.request, self.request.user, type="totp", activated=True)
        return response


activate_totp = ActivateTwoFactorView.as_view()
