"""The door as an installable app: its service worker and its web app manifest.

The worker (static_src/js/scanner/sw.mjs, built into static/build/js/door-sw.js) is served from
/door/sw.js, so its scope is /door/: the door's scanner pages and the stands' both. This view
puts in front of it what only the server knows: the static files' addresses (hashed names in
production), a version that changes with them, and the offline page's words in the visitor's
language. Neither response holds anything personal, so neither needs a sign-in: a browser checks
the worker for updates without asking, and an expired session must not break that.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

WORKER = "js/door-sw.js"
# What a scanner page loads: kept by the worker when it installs, so the page opens offline.
PRECACHED = (
    "css/application.css",
    "css/scanner.css",
    "js/application.mjs",
    "js/scanner.js",
    "js/stand.js",
    "govuk/govuk-frontend.min.js",
    "govuk/assets/images/favicon.ico",
    "zxing/zxing_reader.wasm",
    "images/door-icon-192.png",
    "images/door-icon-512.png",
)
FONTS = "govuk/assets/fonts"


def _read_static(name: str) -> bytes:
    found = finders.find(name)
    if found:
        return Path(str(found)).read_bytes()
    with staticfiles_storage.open(name) as built:
        return built.read()


@cache
def _fonts() -> tuple[str, ...]:
    # The GOV.UK fonts' names carry a hash of their own; the ones the stylesheet loads (woff2).
    folder = finders.find(FONTS)
    if not folder:
        return ()
    return tuple(sorted(f"{FONTS}/{f.name}" for f in Path(str(folder)).glob("*.woff2")))


def precache_urls() -> list[str]:
    return [static(name) for name in (*PRECACHED, *_fonts())]


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    script = _read_static(WORKER)
    urls = precache_urls()
    version = hashlib.sha256(script + json.dumps(urls).encode()).hexdigest()[:12]
    prelude = {
        "version": version,
        "precache": urls,
        "offline": {
            "lang": get_language() or settings.LANGUAGE_CODE,
            "title": _("No connection"),
            "text": _(
                "This scanner page has not been opened on this phone before, so it cannot open "
                "without a connection. Open it once while online."
            ),
        },
    }
    body = b"self.DOOR = " + json.dumps(prelude).encode() + b";\n" + script
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    # Always asked again: a new version reaches phones on their next visit online.
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = reverse("door:service_worker").rsplit("/", 1)[0] + "/"
    return response


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    scope = reverse("door:service_worker").rsplit("/", 1)[0] + "/"
    start = request.GET.get("start", "")
    # Only a scanner page opens the installed app: anything else asked for opens the scope.
    start_url = start if start.startswith(scope) and start[len(scope) :].strip("/") else scope
    response = JsonResponse(
        {
            "name": _("Door scanner — Herts Careers & Jobs Fairs"),
            "short_name": _("Door scanner"),
            "description": _("Check tickets at the door and at stands, with or without a network."),
            "lang": get_language() or settings.LANGUAGE_CODE,
            "start_url": start_url,
            "scope": scope,
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#1d70b8",
            "icons": [
                {
                    "src": static(f"images/door-icon-{size}.png"),
                    "sizes": f"{size}x{size}",
                    "type": "image/png",
                    "purpose": "any maskable",
                }
                for size in (192, 512)
            ],
        },
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )
    response["Cache-Control"] = "no-cache"
    return response
