"""The one place that reads the process environment.

Every setting that can change between machines is read here, with its default for the embedded
set-up (SQLite, eager Celery, console e-mail). The README's table of environment variables lists
exactly the names below.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}


class ImproperlyConfiguredEnvironment(Exception):
    """A required environment variable is missing or unusable; the message names it."""


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in _TRUE


def _list(name: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, "").split(",") if part.strip()]


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise ImproperlyConfiguredEnvironment(
            f"{name} must be a whole number, not {raw!r}."
        ) from error


@dataclass(frozen=True)
class Environment:
    secret_key: str
    debug: bool
    allowed_hosts: list[str]
    csrf_trusted_origins: list[str]
    database_url: str
    celery_broker_url: str
    celery_result_backend: str
    cache_url: str
    email_url: str
    default_from_email: str
    site_url: str
    require_staff_two_factor: bool
    attendee_retention_days: int
    trusted_proxy_count: int | None
    log_level: str
    person_key_secret: str
    notify_api_key: str
    notify_base_url: str
    notify_email_template_id: str
    notify_sms_template_id: str
    notify_callback_token: str
    notify_rate_limit: str


def read_environment() -> Environment:
    return Environment(
        secret_key=os.environ.get("DJANGO_SECRET_KEY", ""),
        debug=_bool("DJANGO_DEBUG", False),
        allowed_hosts=_list("DJANGO_ALLOWED_HOSTS"),
        csrf_trusted_origins=_list("DJANGO_CSRF_TRUSTED_ORIGINS"),
        database_url=os.environ.get("DATABASE_URL", ""),
        celery_broker_url=os.environ.get("CELERY_BROKER_URL", ""),
        celery_result_backend=os.environ.get("CELERY_RESULT_BACKEND", ""),
        cache_url=os.environ.get("CACHE_URL", ""),
        email_url=os.environ.get("EMAIL_URL", ""),
        default_from_email=os.environ.get(
            "DEFAULT_FROM_EMAIL", "Herts Careers & Jobs Fairs <no-reply@example.org>"
        ),
        site_url=os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/"),
        require_staff_two_factor=_bool("REQUIRE_STAFF_TWO_FACTOR", True),
        attendee_retention_days=_int("ATTENDEE_RETENTION_DAYS", 365),
        trusted_proxy_count=(
            _int("TRUSTED_PROXY_COUNT", 0) if os.environ.get("TRUSTED_PROXY_COUNT") else None
        ),
        log_level=os.environ.get("LOG_LEVEL", "INFO"),
        person_key_secret=os.environ.get("PERSON_KEY_SECRET", ""),
        notify_api_key=os.environ.get("NOTIFY_API_KEY", ""),
        notify_base_url=os.environ.get(
            "NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk"
        ).rstrip("/"),
        notify_email_template_id=os.environ.get("NOTIFY_EMAIL_TEMPLATE_ID", ""),
        notify_sms_template_id=os.environ.get("NOTIFY_SMS_TEMPLATE_ID", ""),
        notify_callback_token=os.environ.get("NOTIFY_CALLBACK_TOKEN", ""),
        notify_rate_limit=os.environ.get("NOTIFY_RATE_LIMIT", "25/s"),
    )


ENV = read_environment()
