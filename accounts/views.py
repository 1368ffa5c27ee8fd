"""Account pages of our own around django-allauth's: the sign-in and security overview."""

from __future__ import annotations

from typing import Any

from allauth.account import views as allauth_views
from allauth.mfa.totp.views import ActivateTOTPView
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedRequest
from accounts.models import Role, User
from accounts.two_factor import record_second_factor


@login_required
def account_security(request: AuthenticatedRequest) -> HttpResponse:
    """Links to change the password, the e-mail addresses and two-step sign-in."""
    user: User = request.user
    # Careers Leaders see pupils' names, employer contacts their visitors' contacts.
    sees_personal_data = user.is_staff_role or user.has_role(
        Role.CAREERS_LEADER, Role.EMPLOYER_CONTACT
    )
    return render(
        request,
        "account/security.html",
        {"two_factor_enabled": is_mfa_enabled(user), "sees_personal_data": sees_personal_data},
    )


class ConfirmLoginCodeView(allauth_views.ConfirmLoginCodeView):
    """allauth's page for the e-mailed sign-in code, saying so when the code has expired.

    allauth silently sends the person back to "get a sign-in code"; they need to know why.
    """

    def dispatch(self, request: AuthenticatedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
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


def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin site's sign-in: the service's own, with its rate limits and two-factor step.

    Django's admin login would check the password alone and never ask for the authenticator.
    """
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("admin:index")
    if request.user.is_authenticated:
        if request.user.is_active and request.user.is_staff:
            return redirect(next_url)
        raise PermissionDenied  # signed in without admin access: sending them on would loop
    return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")
