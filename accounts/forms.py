"""Our versions of allauth's account forms."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from django.contrib.auth.hashers import make_password
from django.http import HttpRequest


class SignupForm(AllauthSignupForm):
    """allauth's sign-up, doing the same work whether or not the address has an account.

    For a known address allauth only sends an "you already have an account" e-mail; without the
    password hashing a new account costs, the answer came back measurably sooner and told a
    stranger the address was registered.
    """

    def try_save(self, request: HttpRequest) -> tuple[Any, Any]:
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))  # the cost a new account pays
        return super().try_save(request)
