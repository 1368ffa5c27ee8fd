"""Security headers on every response: the Content-Security-Policy and the Permissions-Policy.

Django 5.2 has no CSP of its own (Django 6.0 adds one). The policy lives in settings
(``CONTENT_SECURITY_POLICY``); no page of ours has an inline script, an inline event handler or an
inline style, so script-src and style-src are 'self' alone. A few views need more and name it in
``CONTENT_SECURITY_POLICY_VIEW_SOURCES`` (view name → extra sources per directive): the door's and
the stand's scanners compile the QR reader's WebAssembly ('wasm-unsafe-eval', which allows
WebAssembly and never JavaScript eval). No page loads anything from another origin: even the API
docs' Swagger UI is our own static copy.
Referrer-Policy, X-Content-Type-Options and Cross-Origin-Opener-Policy come from Django's own
SecurityMiddleware (SECURE_REFERRER_POLICY, SECURE_CONTENT_TYPE_NOSNIFF); HSTS from production.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from django.conf import settings
from django.http import HttpRequest, HttpResponse

Directives = Mapping[str, Sequence[str]]


def policy_header(directives: Directives) -> str:
    """{"default-src": ["'self'"], "upgrade-insecure-requests": []} → the header's text."""
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


def with_extra_sources(directives: Directives, extra: Directives) -> dict[str, list[str]]:
    """The policy with ``extra`` sources added to its directives (new directives appended)."""
    merged = {name: list(sources) for name, sources in directives.items()}
    for name, sources in extra.items():
        merged.setdefault(name, [])
        merged[name].extend(source for source in sources if source not in merged[name])
    return merged


def permissions_policy_header(features: Mapping[str, Sequence[str]]) -> str:
    """{"camera": ["self"], "microphone": []} → 'camera=(self), microphone=()'."""
    return ", ".join(f"{feature}=({' '.join(origins)})" for feature, origins in features.items())


def content_security_policy(view_name: str | None) -> str:
    """The policy for a response of the view ``view_name`` (None: no view matched)."""
    base: Directives = settings.CONTENT_SECURITY_POLICY
    extra = settings.CONTENT_SECURITY_POLICY_VIEW_SOURCES.get(view_name or "")
    return policy_header(with_extra_sources(base, extra) if extra else base)


class SecurityHeadersMiddleware:
    """Adds the Content-Security-Policy and Permissions-Policy headers unless a view set them.

    Settings are read per response (a few dozen strings joined), so a test's settings apply."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        policy = content_security_policy(match.view_name if match else None)
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault(
            "Permissions-Policy", permissions_policy_header(settings.PERMISSIONS_POLICY)
        )
        return response
