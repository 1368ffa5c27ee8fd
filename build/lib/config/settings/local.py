"""The embedded default for `make run`: DEBUG on, SQLite, eager Celery, e-mail to the console."""

import os

from config.env import ENV

from .base import *  # noqa: F401,F403

DEBUG = ENV.debug if "DJANGO_DEBUG" in os.environ else True
SECRET_KEY = ENV.secret_key or "local-development-only-" + "not-a-secret-" * 4
ALLOWED_HOSTS = ENV.allowed_hosts or ["127.0.0.1", "localhost", "[::1]"]
# The demo logins have no authenticator app; a developer can turn the rule on to try it.
REQUIRE_STAFF_TWO_FACTOR = (
    ENV.require_staff_two_factor if "REQUIRE_STAFF_TWO_FACTOR" in os.environ else False
)
# Serve the built static files straight from STATICFILES_DIRS without collectstatic.
# Static files are served from the build folder through the finders; nothing is collected.
STATIC_ROOT = None  # type: ignore[assignment]
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
