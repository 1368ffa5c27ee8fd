"""Account pages of our own around django-allauth's: the sign-in and security overview."""

from __future__ import annotations

from typing import Any

from allauth.account import views as allauth_views
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


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
