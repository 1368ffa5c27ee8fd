"""`make bench`: every benchmark, one table each, JSON in benchmarks/results/.

BENCH_ONLY=oversell,checkin_load runs only the benchmarks named. checkin_load, api_floor,
oversell and registration_rush run on a PostgreSQL server: the one BENCH_DATABASE_URL names,
else a throwaway cluster of their own (benchmarks/stack.py).
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


BENCHMARKS = (
    "matching",
    "measures",
    "exports",
    "checkin_load",
    "api_floor",
    "oversell",
    "registration_rush",
    "pages",
    "registration_list",
    "event_page",
    "door_sync",
    "messages",
)
ON_POSTGRESQL = {"checkin_load", "api_floor", "oversell", "registration_rush"}


def chosen() -> list[str] | None:
    """BENCH_ONLY=oversell,checkin_load runs only those (in the usual order); None if unknown."""
    only = {name.strip() for name in os.environ.get("BENCH_ONLY", "").split(",") if name.strip()}
    if unknown := sorted(only - set(BENCHMARKS)):
        print(
            f"BENCH_ONLY: no benchmark called {', '.join(unknown)}; "
            f"the benchmarks are {', '.join(BENCHMARKS)}",
            file=sys.stderr,
        )
        return None
    return [name for name in BENCHMARKS if not only or name in only]


def main() -> int:
    names = chosen()
    if names is None:
        return 2
    import django

    django.setup()
    from benchmarks.checkin_load import quick
    from benchmarks.stack import postgres_for_bench

    # A PostgreSQL server of their own for checkin_load and oversell (none in quick mode).
    wanted = not quick() and bool(ON_POSTGRESQL.intersection(names))
    with postgres_for_bench() if wanted else contextlib.nullcontext() as url:
        if url:
            os.environ["BENCH_DATABASE_URL"] = url
        results = [importlib.import_module(f"benchmarks.{name}").main() for name in names]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
