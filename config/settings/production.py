"""Production: PostgreSQL, Redis, real Celery workers, HTTPS. Refuses to start half-configured."""

from config.env import ENV, ImproperlyConfiguredEnvironment

from .base import *  # noqa: F401,F403

WEAK_SECRET_MARKERS = ("insecure", "secret", "changeme", "password", "not-a-secret", "example")


def _require_strong_secret(value: str) -> str:
    if not value:
        raise ImproperlyConfiguredEnvironment(
            "DJANGO_SECRET_KEY is not set: production needs a random key of 50+ characters."
        )
    if (
        len(value) < 50
        or len(set(value)) < 5
        or any(m in value.lower() for m in WEAK_SECRET_MARKERS)
    ):
        raise ImproperlyConfiguredEnvironment(
            "DJANGO_SECRET_KEY is weak: use 50+ random characters, e.g. from "
            "`python -c 'import secrets; print(secrets.token_urlsafe(64))'`."
        )
    return value


def _require(name: str, value: object) -> None:
    if not value:
        raise ImproperlyConfiguredEnvironment(
            f"{name} is not set: production cannot start without it."
        )


# The demo data and its loader never ship to a live site.
INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "demo"]

SECRET_KEY = _require_strong_secret(ENV.secret_key)
DEBUG = False
_require("DJANGO_ALLOWED_HOSTS", ENV.allowed_hosts)
ALLOWED_HOSTS = ENV.allowed_hosts
# Sessions, rate limits and sign-in lock-outs must be shared by every worker and machine: never
# the embedded SQLite file or each process's own memory.
_require("DATABASE_URL", ENV.database_url)
_require("CACHE_URL", ENV.cache_url)
if not ENV.cache_url.startswith(("redis://", "rediss://")):
    raise ImproperlyConfiguredEnvironment(
        "CACHE_URL must name a Redis server (redis:// or rediss://): rate limits and lock-outs "
        "are counted there for every worker."
    )
if not ENV.require_staff_two_factor:
    raise ImproperlyConfiguredEnvironment(
        "REQUIRE_STAFF_TWO_FACTOR cannot be turned off in production: staff roles see "
        "personal data."
    )
REQUIRE_STAFF_TWO_FACTOR = True

# Behind the one TLS-terminating proxy the README describes, unless told otherwise: the client
# is the address that proxy put in X-Forwarded-For (rate limits and the audit log use it).
TRUSTED_PROXY_COUNT = 1 if ENV.trusted_proxy_count is None else ENV.trusted_proxy_count
REST_FRAMEWORK = {**REST_FRAMEWORK, "NUM_PROXIES": TRUSTED_PROXY_COUNT}  # noqa: F405
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
