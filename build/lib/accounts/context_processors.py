from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from accounts.navigation import navigation_for


def navigation(request: HttpRequest) -> dict[str, object]:
    items = [
        {"label": item.label, "url": reverse(item.url_name)}
        for item in navigation_for(getattr(request, "user", None))
    ]
    # The current section is the longest link the path starts with ("/" only for itself), so
    # /employers/advisers/ marks "Enterprise Advisers", not "Employers".
    matching = [
        item["url"]
        for item in items
        if request.path == item["url"]
        or (item["url"] != "/" and request.path.startswith(item["url"]))
    ]
    current = max(matching, key=len, default=None)
    for item in items:
        item["current"] = item["url"] == current
    return {"service_navigation": items, "site_url": settings.SITE_URL}
