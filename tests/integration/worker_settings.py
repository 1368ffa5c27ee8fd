"""Settings for the Celery worker that tests/integration/test_celery_worker.py starts.

The test settings, plus e-mail written to files in the directory the test names, so the test
can see what the worker really sent. Only the test process sets HERTS_TEST_EMAIL_DIR.
"""

import os

from config.settings.test import *  # noqa: F401,F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["HERTS_TEST_EMAIL_DIR"]
