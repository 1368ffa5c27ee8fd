"""Settings for the app servers that tests/integration/test_two_app_servers.py starts.

The test settings (the cache comes from CACHE_URL, the database from DATABASE_URL, as in
production), with a cache key prefix of the test's own so counts never leak between runs.
"""

import os

from config.settings.test import *  # noqa: F401,F403

CACHES["default"]["KEY_PREFIX"] = os.environ["HERTS_TEST_CACHE_PREFIX"]  # noqa: F405
# The host name the proxy in front of both servers passes on.
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "fairs.test"]  # noqa: F405
