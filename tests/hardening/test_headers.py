"""Issue 7: security headers. Every response carries a Content-Security-Policy that allows no
inline script (so an injected <script> or onclick= does not run), a Permissions-Policy that gives
the camera to our own pages only, and Django's Referrer-Policy and nosniff; production adds HSTS
and secure cookies. No template of ours needs an inline script or style to work under it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from accounts.models import Role
from tests.factories import EventFactory, member

REPO_DIR = Path(__file__).resolve().parents[2]
STRONG_KEY = "k3Jq9vTn2Lx8Wp4Zr7Yb1Hs6Dm0Fc5Ga9Ue3Oi2Pl8Kj7Mn4Bv6Cx1Qw5Er9Ty2Ui7Op3"

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parsed = {}
    for part in header.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


def assert_strict(policy: dict[str, list[str]]) -> None:
    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert "data:" not in policy["script-src"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]


@pytest.fixture
def event():
    return EventFactory()


def test_public_pages_carry_a_policy_that_runs_no_inline_script(client, event):
    for path in ("/", "/events/", f"/events/{event.public_id}/", "/accessibility/", "/nowhere/"):
        response = client.get(path)
        policy = directives(response)

        assert_strict(policy)
        assert policy["script-src"] == ["'self'"], path
        assert policy["style-src"] == ["'self'"], path
        # allauth draws the authenticator app's QR code as a data: image; nothing else is allowed.
        assert policy["img-src"] == ["'self'", "data:"], path
        assert policy["connect-src"] == ["'self'"], path


def test_the_api_answers_carry_the_policy_too(client, event):
    anonymous = client.get("/api/v1/events/")
    client.force_login(member(Role.JOBCENTRE_ORGANISER, event.organiser))
    listed = client.get("/api/v1/events/")

    assert anonymous.status_code in (401, 403)
    assert listed.status_code == 200
    for response in (anonymous, listed):
        assert_strict(directives(response))
        assert directives(response)["script-src"] == ["'self'"]


def test_only_the_scanner_pages_may_compile_the_qr_readers_webassembly(client, event):
    client.force_login(member(Role.JOBCENTRE_ORGANISER, event.organiser))
    scanner = client.get(reverse("door:scanner", args=[event.pk]))
    scanners_list = client.get(reverse("door:scanners", args=[event.pk]))

    assert scanner.status_code == 200
    assert_strict(directives(scanner))
    assert directives(scanner)["script-src"] == ["'self'", "'wasm-unsafe-eval'"]
    assert directives(scanners_list)["script-src"] == ["'self'"]


def test_the_api_docs_page_needs_no_other_origin_and_no_inline_code(client, event):
    client.force_login(member(Role.JOBCENTRE_ORGANISER, event.organiser))
    response = client.get("/api/v1/docs/")
    policy = directives(response)
    page = response.content.decode()

    assert response.status_code == 200
    assert_strict(policy)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert "<script>" not in page and "<style>" not in page  # Swagger UI starts from a file
    assert "https://" not in page  # its scripts and styles are our own static files


def test_the_camera_is_ours_only_and_nothing_else_powerful_is_allowed(client):
    response = client.get("/")
    features = dict(
        item.strip().split("=", 1) for item in response["Permissions-Policy"].split(",")
    )

    assert features.pop("camera") == "(self)"
    assert features and set(features.values()) == {"()"}
    assert "microphone" in features and "geolocation" in features


def test_referrer_and_content_type_sniffing_are_locked_down(client):
    response = client.get("/")

    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_a_view_that_sets_its_own_policy_keeps_it(rf):
    from django.http import HttpResponse

    from config.security import SecurityHeadersMiddleware

    def view(request):
        response = HttpResponse("embedded")
        response["Content-Security-Policy"] = "default-src 'none'"
        return response

    response = SecurityHeadersMiddleware(view)(rf.get("/"))

    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["Permissions-Policy"].startswith("camera=(self)")


# --- Templates: nothing inline that the policy would block --------------------------------------

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
INLINE_STYLE = re.compile(r"<style\b|<[^>]+\sstyle\s*=", re.I)
JAVASCRIPT_URL = re.compile(r"""(?:href|action|src)\s*=\s*["']?\s*javascript:""", re.I)


@pytest.mark.parametrize(
    "template",
    sorted(str(p.relative_to(REPO_DIR)) for p in (REPO_DIR / "templates").rglob("*.html")),
)
def test_no_template_has_inline_script_handler_or_style(template):
    text = (REPO_DIR / template).read_text()

    assert not INLINE_SCRIPT.search(text), "an inline <script>: move it into static_src/js/"
    assert not EVENT_HANDLER.search(text), "an inline event handler: use addEventListener"
    assert not INLINE_STYLE.search(text), "an inline style: use a class in static_src/*.scss"
    assert not JAVASCRIPT_URL.search(text), "a javascript: URL"


# --- Production: HSTS, HTTPS only, secure cookies ----------------------------------------------

PRODUCTION_PROBE = """
import json
from django.test import Client
from django.test.utils import override_settings
# Nothing is collected here: static URLs without the manifest (the headers are the point).
storages = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
client = Client()
with override_settings(STORAGES=storages):
    plain = client.get("/accessibility/")
    secure = client.get("/accessibility/", secure=True)
print(json.dumps({
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location", ""),
    "secure_status": secure.status_code,
    "hsts": secure.get("Strict-Transport-Security", ""),
    "csp": secure.get("Content-Security-Policy", ""),
    "csrf_cookie_secure": bool(secure.cookies["csrftoken"]["secure"]),
}))
"""


def test_production_sends_hsts_redirects_to_https_and_marks_cookies_secure(tmp_path):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env = {
        **clean,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": STRONG_KEY,
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'probe.sqlite3'}",
        "CACHE_URL": "redis://127.0.0.1:6379/15",  # required; never used here
    }
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "shell", "-c", PRODUCTION_PROBE],
        cwd=REPO_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])

    assert probe["plain_status"] == 301
    assert probe["plain_location"] == "https://testserver/accessibility/"
    assert probe["secure_status"] == 200
    assert probe["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert "script-src 'self';" in probe["csp"]
    assert probe["csrf_cookie_secure"] is True
