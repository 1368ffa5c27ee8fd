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
   and the registration one (30 a minute per address: the rush comes from one address) are
   raised out of the way: the throttle still runs on every request, it just never refuses,
   because the benchmark measures the server, not the limit.
"""

import os

# Production refuses to start without DATABASE_URL and CACHE_URL. The benchmark names its own
# before the environment is read: its SQLite file when no PostgreSQL is given (set up below as
# the embedded one), and a cache replaced below by each worker's memory, as it always used.
_SQLITE = not os.environ.get("DATABASE_URL")
if _SQLITE:
    if not os.environ.get("BENCH_SQLITE_PATH"):
        raise RuntimeError("BENCH_SQLITE_PATH is not set: the benchmark never serves db.sqlite3.")
    os.environ["DATABASE_URL"] = f"sqlite:///{os.environ['BENCH_SQLITE_PATH']}"
os.environ["CACHE_URL"] = os.environ.get("CACHE_URL") or "redis://127.0.0.1:6379/0"

from config.settings.base import embedded_sqlite_database  # noqa: E402
from config.settings.production import *  # noqa: E402, F403
from config.settings.production import DATABASES, REST_FRAMEWORK  # noqa: E402

if _SQLITE:
    DATABASES["default"] = embedded_sqlite_database(os.environ["BENCH_SQLITE_PATH"])
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {
        **REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],  # type: ignore[dict-item]
        "checkins": "1000000/min",
        # The registration rush comes from one address (the load generator's): one limit per
        # client would refuse all but 30 of it.
        "registrations": "1000000/min",
    },
}
