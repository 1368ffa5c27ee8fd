from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from accounts.navigation import navigation_for


def navigation(request: HttpRequest) -> dict[str, object]:
    items = []
    for item in navigation_for(getattr(request, "user", None)):
        url = reverse(item.url_name)
        # Home is current only on itself; other sections own their sub-pages.
        current = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"label": item.label, "url": url, "current": current})
    return {"service_navigation": items, "site_url": settings.SITE_URL}
