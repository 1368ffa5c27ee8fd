from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from engagement.selectors import home_summary


def home(request: HttpRequest) -> HttpResponse:
    """The service start page when signed out; the role's home page when signed in."""
    if not request.user.is_authenticated:
        return render(request, "engagement/start.html")
    summary = home_summary(user=request.user)  # type: ignore[arg-type]
    template = f"engagement/home_{summary.role or 'no_role'}.html"
    return render(request, [template, "engagement/home.html"], {"summary": summary})
