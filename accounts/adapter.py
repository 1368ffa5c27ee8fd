"""How allauth treats our sign-in, where its defaults do not fit."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # allauth counts failed sign-ins per host name and address; a guesser could then send
        # each allowed host name in turn for more attempts. One address is one count.
        login = credentials.get("email", credentials.get("username", "")) or ""
        return f"login:{login.strip().lower()}"
