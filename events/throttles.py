"""The one rate limit on registering, shared by the public form and the API.

Both count in the same cache entry per client, so switching from the form to the API (or back)
gives no more registrations. "A client" is decided as everywhere else: the signed-in user, or
the connection's address by the framework's ``NUM_PROXIES`` rule (``TRUSTED_PROXY_COUNT``), never
a header a client could rotate.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from rest_framework.throttling import SimpleRateThrottle

# What the form shows, with a 429, when the limit is reached.
TOO_MANY_REGISTRATIONS = _("Too many registrations from your connection. Try again in a minute.")


class RegistrationRateThrottle(SimpleRateThrottle):
    """The ``registrations`` rate per client. Only registering (a POST) counts; organisers
    reading lists do not."""

    scope = "registrations"

    def allow_request(self, request: Any, view: Any) -> bool:
        if request.method != "POST":
            return True
        return super().allow_request(request, view)

    def get_cache_key(self, request: Any, view: Any) -> str:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            ident = str(user.pk)
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


def registration_allowed(request: HttpRequest) -> bool:
    """Count a registration attempt from the public form against the shared limit; False when
    the client has used it up (the attempt must then change nothing)."""
    return RegistrationRateThrottle().allow_request(request, None)


# "Find my ticket" sends messages to whatever address is typed: a tighter limit of its own, so
# nobody can use it to flood someone's inbox or phone, nor probe addresses quickly.
TICKET_LOOKUP_RATE = "10/hour"
TOO_MANY_LOOKUPS = _("Too many requests from your connection. Try again later.")


class TicketLookupRateThrottle(RegistrationRateThrottle):
    scope = "ticket_lookups"
    rate = TICKET_LOOKUP_RATE


def ticket_lookup_allowed(request: HttpRequest) -> bool:
    """Count a "find my ticket" request against its limit; False when it is used up."""
    return TicketLookupRateThrottle().allow_request(request, None)
