"""Settings for pytest. SQLite unless DATABASE_URL is set (CI also runs on PostgreSQL)."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F401,F403

DEBUG = False
SECRET_KEY = "test-only-" + "not-a-secret-" * 4
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
REQUIRE_STAFF_TWO_FACTOR = False
# Static files are served from the build folder through the finders; nothing is collected.
STATIC_ROOT = None  # type: ignore[assignment]
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# A file, not memory, on SQLite: concurrency tests need several connections to one database,
# as the embedded default has under several threads or processes.
# One file per test process (pytest-django removes it at the end), so runs side by side on one
# machine never share it.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"herts-fairs-test-{os.getpid()}.sqlite3")
    }
# A test that needs the real broker sets CELERY_BROKER_URL; the rest run tasks in-process.
CELERY_TASK_ALWAYS_EAGER = "CELERY_BROKER_URL" not in os.environ
