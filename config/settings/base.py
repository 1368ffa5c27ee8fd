"""Settings shared by every environment. Values that differ per machine come from config.env."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from config.env import BASE_DIR, ENV

SECRET_KEY = ENV.secret_key
DEBUG = ENV.debug
ALLOWED_HOSTS = ENV.allowed_hosts
CSRF_TRUSTED_ORIGINS = ENV.csrf_trusted_origins
SITE_URL = ENV.site_url

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # the API docs' Swagger UI from our static files, not a CDN
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "core",
    "notifications",
    "accounts",
    "schools",
    "employers",
    "events",
    "engagement",
    "api",
    # Demo data and `manage.py seed_demo`; production leaves it out.
    "demo",
]

MIDDLEWARE = [
    "config.token_api.TokenApiMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "config.security.SecurityHeadersMiddleware",
    "config.faults.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.StaffSessionTimeoutMiddleware",
    "accounts.middleware.StaffTwoFactorMiddleware",
]

# API requests carrying a token skip these (config/token_api.py): they serve browser sessions.
TOKEN_API_SKIPPED_MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.StaffSessionTimeoutMiddleware",
    "accounts.middleware.StaffTwoFactorMiddleware",
]

# --- Security headers (config/security.py): no inline script or style anywhere ----------------
CONTENT_SECURITY_POLICY: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],  # allauth shows the authenticator's QR code as a data: URI
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# Extra sources for a few views only, by URL name.
CONTENT_SECURITY_POLICY_VIEW_SOURCES: dict[str, dict[str, list[str]]] = {
    # The QR reader's fallback is ZXing compiled to WebAssembly: compiling it needs
    # 'wasm-unsafe-eval' (WebAssembly only; JavaScript eval stays blocked).
    "door:scanner": {"script-src": ["'wasm-unsafe-eval'"]},
    "door:stand_scanner": {"script-src": ["'wasm-unsafe-eval'"]},
}
# The door's scanner uses the camera; no page uses any other powerful feature.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "camera": ["self"],
    "microphone": [],
    "geolocation": [],
    "payment": [],
    "usb": [],
    "serial": [],
    "hid": [],
    "midi": [],
    "display-capture": [],
    "accelerometer": [],
    "gyroscope": [],
    "magnetometer": [],
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
CSRF_FAILURE_VIEW = "config.views.csrf_failure"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
            ],
        },
    },
]

# --- Database: SQLite in WAL mode unless DATABASE_URL names another server -----------------


def embedded_sqlite_database(name: str) -> dict[str, object]:
    """The embedded set-up's database: the SQLite file ``name``, tuned for several workers."""
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": name,
        # Keep each worker's connection: opening one (and its WAL checkpoint on close) per
        # request cost the door's check-in a sixth of its throughput.
        "CONN_MAX_AGE": 60,
        "OPTIONS": {
            # WAL lets readers and one writer work at once; IMMEDIATE takes the write lock
            # at BEGIN so concurrent writers queue instead of failing mid-transaction.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


DATABASES: dict[str, Any]
if ENV.database_url:
    DATABASES = {"default": dj_database_url.parse(ENV.database_url, conn_max_age=60)}
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    DATABASES = {"default": embedded_sqlite_database(str(BASE_DIR / "db.sqlite3"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: rate limits (sign-in, registration) are counted here ----------------------------
if ENV.cache_url:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": ENV.cache_url,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Users and sign-in ---------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 300
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PREVENT_ENUMERATION = True
# Sign-up does the same work for a known address as for a new one (its timing tells nothing).
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
# Sign-in failures count per address, whatever host name they were sent to.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Herts Careers & Jobs Fairs: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
# Sign-in attempts are rate-limited (allauth counts them in the cache above): after 5 failures
# for one e-mail address in 5 minutes, or 10 a minute from one IP address, sign-in is refused.
# allauth's sign-in limits count per client by the same rule as the API's throttles.
ALLAUTH_TRUSTED_PROXY_COUNT = ENV.trusted_proxy_count or 0
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Herts Careers & Jobs Fairs"
# Staff sessions end after 30 minutes without a request, and 12 hours after signing in.
STAFF_SESSION_IDLE_SECONDS = 30 * 60
STAFF_SESSION_MAX_SECONDS = 12 * 60 * 60
# Staff roles must set up TOTP before they reach staff pages (off for the demo and tests).
REQUIRE_STAFF_TWO_FACTOR = ENV.require_staff_two_factor

# --- Internationalisation --------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", _("English")), ("pl", _("Polish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static files: GOV.UK Frontend comes from npm (node_modules) and is built into static/build
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static" / "build"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"

# --- E-mail ----------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = ENV.default_from_email
SERVER_EMAIL = DEFAULT_FROM_EMAIL


def _email_settings(url: str) -> dict[str, object]:
    """smtp://user:password@host:587?tls=1 → Django's EMAIL_* settings."""
    if not url:
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parts = urlparse(url)
    query = parse_qs(parts.query)
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or 25,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": query.get("tls", ["0"])[0] in {"1", "true"},
        "EMAIL_USE_SSL": parts.scheme == "smtps",
    }


globals().update(_email_settings(ENV.email_url))

# --- Messages to people: the console and EMAIL_BACKEND unless NOTIFY_API_KEY names a service --
NOTIFY_API_KEY = ENV.notify_api_key
NOTIFY_BASE_URL = ENV.notify_base_url
NOTIFY_EMAIL_TEMPLATE_ID = ENV.notify_email_template_id
NOTIFY_SMS_TEMPLATE_ID = ENV.notify_sms_template_id
NOTIFY_CALLBACK_TOKEN = ENV.notify_callback_token
# Per worker process: Notify allows 3,000 messages a minute per service, so two workers at 25/s.
NOTIFY_RATE_LIMIT = ENV.notify_rate_limit

# --- Celery: eager in-process unless CELERY_BROKER_URL names a broker ------------------------
CELERY_BROKER_URL = ENV.celery_broker_url or "memory://"
CELERY_RESULT_BACKEND = ENV.celery_result_backend or ENV.celery_broker_url or None
CELERY_TASK_ALWAYS_EAGER = not ENV.celery_broker_url
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    # The day-before reminder; running twice sends nothing twice (reminder_sent_at).
    "events-reminders": {
        "task": "events.tasks.event_reminders_send_task",
        "schedule": crontab(hour=9, minute=0),
    },
    # E-mails still owed in the outbox (the broker or the mail server was down): sent once.
    "events-outbox-send": {
        "task": "events.tasks.outbox_pending_send_task",
        "schedule": crontab(minute="*"),
    },
    # Offered places not claimed in time pass to the next person on the waiting list.
    "events-place-offers-expire": {
        "task": "events.tasks.place_offers_expire_task",
        "schedule": crontab(minute="*/5"),
    },
    # Messages still pending (the broker or Notify was down, or a retry is due): sent once.
    "notifications-send": {
        "task": "notifications.tasks.notifications_pending_send_task",
        "schedule": crontab(minute="*"),
    },
    # The morning after an event: one feedback link to each person admitted and employer present.
    "events-feedback-invitations": {
        "task": "events.feedback_tasks.feedback_invitations_send_task",
        "schedule": crontab(hour=9, minute=30),
    },
    # Attendee personal data is forgotten ATTENDEE_RETENTION_DAYS after the event.
    "events-attendee-data-purge": {
        "task": "events.tasks.attendee_personal_data_purge_task",
        "schedule": crontab(hour=3, minute=30),
    },
    # Employers' returns after a fair: asked for after it, reminders at 4 and 13 weeks.
    "events-stand-return-requests": {
        "task": "events.tasks.stand_return_requests_task",
        "schedule": crontab(hour=10, minute=0),
    },
    # The measures frozen on the reporting dates: 31 December, 31 March, 31 July and 31 August
    # (the end of the academic year).
    "engagement-measures-freeze": {
        "task": "engagement.tasks.measures_freeze_task",
        "schedule": crontab(hour=23, minute=30, day_of_month=31, month_of_year="3,7,8,12"),
    },
}

# --- REST API --------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an API client without credentials gets 401 and a WWW-Authenticate.
        "accounts.api_auth.CachedTokenAuthentication",
        "accounts.api_auth.TwoFactorSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON nested past a few dozen levels is a 400 (api.parsers), not a RecursionError.
    "DEFAULT_PARSER_CLASSES": [
        "api.parsers.DepthLimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",  # documents the {code, detail} errors
    # A list view's filterset_class checks its query and documents it; other views take none.
    "DEFAULT_FILTER_BACKENDS": ["api.filters.ListFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "api.exceptions.api_exception_handler",
    # Who "a client" is: the address of the connection, unless TRUSTED_PROXY_COUNT proxies of
    # ours stand in front (then that many hops from the right of X-Forwarded-For). Never the
    # whole header: a client could rotate it to escape every rate limit.
    "NUM_PROXIES": ENV.trusted_proxy_count or 0,
    # Only views that name a scope are throttled: the public registration form, per client.
    # Per client. A phone syncing an offline queue sends a burst of check-ins at once.
    "DEFAULT_THROTTLE_RATES": {
        "registrations": "30/min",
        "checkins": "1200/min",
        "walk_ins": "60/min",
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Herts Careers & Jobs Fairs API",
    "DESCRIPTION": "Events, registrations, check-in, matching and engagement measures.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"MatchEndReasonEnum": "engagement.models.Match.EndReason"},
    # The docs pages' JavaScript from drf-spectacular-sidecar's static files: no third party.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Domain settings -------------------------------------------------------------------------
ATTENDEE_RETENTION_DAYS = ENV.attendee_retention_days
# The key of the hash that recognises one person across events (events.people); empty: the
# SECRET_KEY. Changing it makes everyone a new person from then on: set one and keep it.
PERSON_KEY_SECRET = ENV.person_key_secret

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": ENV.log_level},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # One line per task run in-process would bury what `make run` prints (the logins).
        "celery.app.trace": {"level": "WARNING"},
        "kombu.connection": {"level": "ERROR"},
    },
}
