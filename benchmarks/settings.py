"""Production settings for the load benchmark (gunicorn on 127.0.0.1), with two overrides only.

Everything else is ``config.settings.production`` as deployed: DEBUG off, the secret key and
ALLOWED_HOSTS from the environment, HTTPS enforced. TLS ends at the proxy in production, so the
load generator sends ``X-Forwarded-Proto: https`` exactly as the proxy does and the SSL redirect
stays on.

1. The database: DATABASE_URL when the benchmark gives a PostgreSQL one; otherwise the embedded
   SQLite set-up of ``config.settings.base`` (WAL, BEGIN IMMEDIATE, 20 s timeout) on the
   benchmark's own file, BENCH_SQLITE_PATH. Never db.sqlite3: without that variable this
   refuses to start.
2. The check-in throttle (1,200 a minute per scanner, which a person at a door never reaches)
   is raised out of the way: the throttle still runs on every request, it just never refuses,
   because the benchmark measures the server, not the limit.
"""

import os

from config.env import ENV, ImproperlyConfiguredEnvironment
from config.settings.production import *  # noqa: F403
from config.settings.production import DATABASES, REST_FRAMEWORK

if not ENV.database_url:
    if not os.environ.get("BENCH_SQLITE_PATH"):
        raise ImproperlyConfiguredEnvironment(
            "BENCH_SQLITE_PATH is not set: the benchmark never serves db.sqlite3."
        )
    DATABASES["default"]["NAME"] = os.environ["BENCH_SQLITE_PATH"]

REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {
        **REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],  # type: ignore[dict-item]
        "checkins": "1000000/min",
    },
}
