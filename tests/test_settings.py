"""Production refuses to start half-configured; a full configuration passes check --deploy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATABASE = {"DATABASE_URL": "postgres://fairs:secret@db.internal:5432/fairs"}
CACHE = {"CACHE_URL": "redis://redis.internal:6379/1"}
STRONG_KEY = "k3Jq9vTn2Lx8Wp4Zr7Yb1Hs6Dm0Fc5Ga9Ue3Oi2Pl8Kj7Mn4Bv6Cx1Qw5Er9Ty2Ui7Op3"


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "CACHE_URL", "REQUIRE_STAFF_TWO_FACTOR"))
    }
    clean.update({"DJANGO_SETTINGS_MODULE": "config.settings.production", **env})
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"DJANGO_ALLOWED_HOSTS": "fairs.example.org"}, "DJANGO_SECRET_KEY is not set"),
        (
            {"DJANGO_SECRET_KEY": "changeme", "DJANGO_ALLOWED_HOSTS": "fairs.example.org"},
            "DJANGO_SECRET_KEY is weak",
        ),
        (
            {"DJANGO_SECRET_KEY": "insecure-" + "a" * 60, "DJANGO_ALLOWED_HOSTS": "x.org"},
            "DJANGO_SECRET_KEY is weak",
        ),
        ({"DJANGO_SECRET_KEY": STRONG_KEY}, "DJANGO_ALLOWED_HOSTS is not set"),
        (
            {"DJANGO_SECRET_KEY": STRONG_KEY, "DJANGO_ALLOWED_HOSTS": "x.org", **CACHE},
            "DATABASE_URL is not set",
        ),
        (
            {"DJANGO_SECRET_KEY": STRONG_KEY, "DJANGO_ALLOWED_HOSTS": "x.org", **DATABASE},
            "CACHE_URL is not set",
        ),
        (
            {
                "DJANGO_SECRET_KEY": STRONG_KEY,
                "DJANGO_ALLOWED_HOSTS": "x.org",
                **DATABASE,
                "CACHE_URL": "locmem://",
            },
            "CACHE_URL must name a Redis server",
        ),
        (
            {
                "DJANGO_SECRET_KEY": STRONG_KEY,
                "DJANGO_ALLOWED_HOSTS": "x.org",
                **DATABASE,
                **CACHE,
                "REQUIRE_STAFF_TWO_FACTOR": "0",
            },
            "REQUIRE_STAFF_TWO_FACTOR cannot be turned off in production",
        ),
    ],
)
def test_production_refuses_to_start_and_names_the_variable(env, named):
    result = _manage("check", **env)

    assert result.returncode != 0
    assert named in result.stderr


def test_production_with_a_full_configuration_passes_check_deploy():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_ALLOWED_HOSTS="fairs.example.org",
        # The rest of the README's production set (nothing here connects to them).
        DATABASE_URL="postgres://fairs:secret@db.internal:5432/fairs",
        CELERY_BROKER_URL="redis://redis.internal:6379/0",
        CACHE_URL="redis://redis.internal:6379/1",
        EMAIL_URL="smtp://mailer:secret@smtp.internal:587?tls=1",
        SITE_URL="https://fairs.example.org",
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_marks_the_language_cookie_like_the_session_cookie():
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.LANGUAGE_COOKIE_SECURE, "
        "s.LANGUAGE_COOKIE_HTTPONLY, s.LANGUAGE_COOKIE_SAMESITE, s.REQUIRE_STAFF_TWO_FACTOR)",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_ALLOWED_HOSTS="fairs.example.org",
        **DATABASE,
        **CACHE,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == ["True", "True", "Lax", "True"]
