"""Our API against Django's own floor: every API figure as a ratio to a bare one-row view.

Two servers run side by side under the same gunicorn command (``loadgen.gunicorn``: the
README's production line, ``os.cpu_count()`` sync workers, 127.0.0.1 only): the bare reference
(``benchmarks.bare``, ``CommonMiddleware`` only, DEBUG off: a view reading a row by key, and
views doing the least our endpoints' kinds of work can: a row inserted, an audited admission's
writes, a page of ten rows as the event list's) and our project with production settings
(``benchmarks.settings``). Each has its own database of the same kind: SQLite in WAL, then
PostgreSQL when one is given (``make bench`` brings one up).

The same keep-alive clients (``loadgen.Client``) then load them alternately, in several
rounds, at 4 and 8 clients: the bare views, our ``GET /api/v1/me/``, our event list and a
check-in, each token-authenticated as a scanner phone is; odd rounds run in the reverse order
so that drift on a shared machine falls on both sides. A ratio is our requests/s over the bare
view's in the same round; the figure is the median over the rounds. Without a target, each
bare view is also shown over the one-row read, the event list over the bare list and the
check-in over the bare write and the bare admission (``FLOORS``): what Django itself pays for
the same kind of work. Every load is bounded by a number of requests and by seconds, and stops
by itself.

The queries a request makes are counted in-process on the same database, with the test
settings' middleware (the production list) and a token already used once (a token is read from
the database on its first request, then from the cache), as the server sees it: SQL
statements, not the transaction's BEGIN and COMMIT.

Run: .venv/bin/python -m benchmarks.api_floor   (BENCH_QUICK=1: tiny sizes, SQLite only)
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.checkin_load import Door, door_build, quick
from benchmarks.databases import (
    BASE_DIR,
    migrate,
    postgres_settings,
    postgres_url,
    sqlite_settings,
    throwaway_postgres,
    throwaway_sqlite,
    use_database,
)
from benchmarks.loadgen import Client, Load, drive, gunicorn, server_env, wait_until_serving
from benchmarks.report import Figure, report

# The README's production line: gunicorn's default sync workers, one per core.
WORKER_CLASS = "sync"
BARE_ROWS = 1000
EXTRA_EVENTS = 9  # the event list answers a page of ten events
TARGET_CHECK_IN_RATIO = 0.6
TARGET_READ_RATIO = 0.7
TARGET_P99_MS = 50
TARGET_CHECK_IN_QUERIES = 4

BARE = "bare view"
BARE_WRITE = "bare write view"
BARE_ADMISSION = "bare admission view"
BARE_LIST = "bare list view"
ME = "GET /me/"
EVENTS = "GET /events/"
CHECK_IN = "POST /checkins/"
ENDPOINTS = (BARE, BARE_WRITE, BARE_ADMISSION, BARE_LIST, ME, EVENTS, CHECK_IN)
BARE_ENDPOINTS = (BARE, BARE_WRITE, BARE_ADMISSION, BARE_LIST)
CREATED = (BARE_WRITE, BARE_ADMISSION, CHECK_IN)  # answer 201
TARGETS = {ME: TARGET_READ_RATIO, EVENTS: TARGET_READ_RATIO, CHECK_IN: TARGET_CHECK_IN_RATIO}
# Ratios shown without a target: each of the bare project's other views over its one-row read,
# and our requests over the bare view doing the same kind of work. The bare write reads a row
# and commits one insert: the least any request that records something can cost. The bare
# admission makes the writes an audited scan makes (the row marked, a scan and a log entry
# inserted, one transaction). The bare list reads the event list's page: ten rows of as many
# columns with a joined row each, and their tags in a second statement.
FLOORS: dict[str, tuple[str, ...]] = {
    BARE_WRITE: (BARE,),
    BARE_ADMISSION: (BARE,),
    BARE_LIST: (BARE,),
    EVENTS: (BARE_LIST,),
    CHECK_IN: (BARE_WRITE, BARE_ADMISSION),
}


@dataclass(frozen=True)
class Sizes:
    levels: tuple[int, ...]
    rounds: int
    requests: int  # per endpoint, level and round, shared between the clients
    seconds: float  # per endpoint, level and round, whichever comes first
    warm_up: int


FULL = Sizes(levels=(4, 8), rounds=5, requests=1000, seconds=4.0, warm_up=64)
QUICK = Sizes(levels=(4,), rounds=2, requests=16, seconds=5.0, warm_up=8)


def tickets_needed(sizes: Sizes) -> int:
    per_round = sum((sizes.requests // level) * level for level in sizes.levels)
    return sizes.warm_up + sizes.rounds * per_round + 1  # one more for the query count


# --- the two servers --------------------------------------------------------------------------


@contextmanager
def bare_database(label: str, postgres: str | None) -> Iterator[dict[str, Any]]:
    """The bare reference's own database, built and filled by its own settings in a child
    process; yields the keyword arguments ``gunicorn`` needs to serve it."""
    if postgres is None:
        path = Path(tempfile.gettempdir()) / f"herts-fairs-bench-bare-{label}-{os.getpid()}.sqlite3"
        try:
            _build_bare(sqlite_path=path)
            yield {"sqlite_path": path}
        finally:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        with throwaway_postgres(postgres, "bare") as url:
            _build_bare(database_url=url)
            yield {"database_url": url}


def _build_bare(**database: Any) -> None:
    env = server_env(settings="benchmarks.bare.settings", **database)
    subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-m", "benchmarks.bare.build", str(BARE_ROWS)],
        env=env,
        cwd=BASE_DIR,
        check=True,
        timeout=120,
    )


@dataclass
class Ours:
    door: Door
    tickets: Iterator[str]


def ours_build(sizes: Sizes) -> Ours:
    """The check-in benchmark's fair (one door volunteer with a token per client) and a page of
    published events for the list."""
    from tests.factories import EventFactory

    door = door_build(tickets=tickets_needed(sizes), volunteers=max(sizes.levels))
    EventFactory.create_batch(EXTRA_EVENTS)
    return Ours(door=door, tickets=iter(door.tokens))


def queries_per_request(ours: Ours) -> dict[str, int]:
    """Queries each API request makes, counted in-process on the connected database."""
    from django.db import connection
    from django.test import Client as TestClient
    from django.test.utils import CaptureQueriesContext

    client = TestClient(HTTP_AUTHORIZATION=f"Token {ours.door.keys[0]}")
    # A phone's token is read once and then cached: count what every later request costs.
    client.get("/api/v1/me/")
    asks: dict[str, Callable[[], Any]] = {
        ME: lambda: client.get("/api/v1/me/"),
        EVENTS: lambda: client.get("/api/v1/events/"),
        CHECK_IN: lambda: client.post(
            "/api/v1/checkins/",
            {"token": next(ours.tickets), "event": ours.door.event_id},
            content_type="application/json",
        ),
    }
    counts = {}
    for name, ask in asks.items():
        with CaptureQueriesContext(connection) as captured:
            response = ask()
        if response.status_code >= 300:
            raise RuntimeError(f"{name} answered {response.status_code} in-process")
        counts[name] = statements(captured.captured_queries)
    connection.close()
    return counts


def statements(captured: list[dict[str, str]]) -> int:
    """SQL statements run, without transaction control: SQLite's BEGIN IMMEDIATE and COMMIT
    are logged, PostgreSQL's are not, and the commit is timed in the load anyway."""
    control = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")
    return sum(1 for query in captured if not query["sql"].upper().startswith(control))


# --- the rounds -------------------------------------------------------------------------------


@dataclass
class Servers:
    bare: int  # ports
    ours: int


def load_once(
    endpoint: str, servers: Servers, ours: Ours, clients: int, sizes: Sizes, keys: list[str]
) -> Load:
    """One bounded load of ``endpoint`` by ``clients`` new keep-alive clients."""
    port = servers.bare if endpoint in BARE_ENDPOINTS else servers.ours
    connected = [Client(port, key) for key in keys[:clients]]
    ask: Callable[[Client, int, int], tuple[int, bytes]]
    if endpoint == BARE:
        ask = lambda c, i, n: c.get(f"/rows/{(i * 997 + n) % BARE_ROWS + 1}/")  # noqa: E731
    elif endpoint == BARE_WRITE:
        ask = lambda c, i, n: c.visit((i * 997 + n) % BARE_ROWS + 1)  # noqa: E731
    elif endpoint == BARE_ADMISSION:
        ask = lambda c, i, n: c.admit((i * 997 + n) % BARE_ROWS + 1)  # noqa: E731
    elif endpoint == BARE_LIST:
        ask = lambda c, _i, _n: c.get("/items/")  # noqa: E731
    elif endpoint == ME:
        ask = lambda c, _i, _n: c.me()  # noqa: E731
    elif endpoint == EVENTS:
        ask = lambda c, _i, _n: c.get("/api/v1/events/")  # noqa: E731
    else:
        share = max(1, sizes.requests // clients)
        mine = [[next(ours.tickets) for _ in range(share)] for _ in range(clients)]
        event = ours.door.event_id
        ask = lambda c, i, n: c.check_in(mine[i][n], event)  # noqa: E731
    try:
        return drive(connected, ask, requests=sizes.requests, seconds=sizes.seconds)
    finally:
        for client in connected:
            client.close()


def measure(servers: Servers, ours: Ours, sizes: Sizes) -> dict[int, dict[str, list[Load]]]:
    """``{clients: {endpoint: [load per round]}}``, the endpoints alternating in each round."""
    keys = ours.door.keys
    # Every worker connects to its database and loads its code before anything counts.
    warm = Sizes(levels=sizes.levels, rounds=1, requests=sizes.warm_up, seconds=10.0, warm_up=0)
    for endpoint in ENDPOINTS:
        load_once(endpoint, servers, ours, max(sizes.levels), warm, keys)
    loads: dict[int, dict[str, list[Load]]] = {
        level: {endpoint: [] for endpoint in ENDPOINTS} for level in sizes.levels
    }
    for round_number in range(sizes.rounds):
        order = ENDPOINTS if round_number % 2 == 0 else tuple(reversed(ENDPOINTS))
        for level in sizes.levels:
            for endpoint in order:
                loads[level][endpoint].append(
                    load_once(endpoint, servers, ours, level, sizes, keys)
                )
    return loads


def same_page(servers: Servers, key: str) -> None:
    """The bare list and our event list answer pages of as many rows, or the one is no floor
    for the other."""
    sizes = []
    for port, path, token in (
        (servers.bare, "/items/", ""),
        (servers.ours, "/api/v1/events/", key),
    ):
        client = Client(port, token)
        try:
            status, body = client.get(path)
        finally:
            client.close()
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status} instead of 200")
        sizes.append(len(json.loads(body)["results"]))
    if sizes[0] != sizes[1]:
        raise RuntimeError(f"the bare list shows {sizes[0]} rows, our event list {sizes[1]}")


# --- figures ----------------------------------------------------------------------------------


def pooled(rounds: list[Load]) -> Load:
    whole = Load(clients=rounds[0].clients)
    for load in rounds:
        whole.seconds += load.seconds
        whole.latencies_ms += load.latencies_ms
        whole.statuses.update(load.statuses)
    return whole


def median_ratio(ours: list[Load], bare: list[Load]) -> float:
    return statistics.median(
        mine.per_second / floor.per_second if floor.per_second else 0.0
        for mine, floor in zip(ours, bare, strict=True)
    )


def figures_for(
    label: str, loads: dict[int, dict[str, list[Load]]], queries: dict[str, int]
) -> list[Figure]:
    figures = []
    for level, by_endpoint in loads.items():
        for endpoint in ENDPOINTS:
            whole = pooled(by_endpoint[endpoint])
            name = f"{label} ×{level} {endpoint}"
            figures += [
                Figure(f"{name}: requests/s", whole.per_second, "/s", "", None),
                Figure(f"{name}: p50", whole.percentile(0.50), "ms", "", None),
                Figure(f"{name}: p99", whole.percentile(0.99), "ms", "", None),
            ]
            if endpoint in TARGETS:
                ratio = median_ratio(by_endpoint[endpoint], by_endpoint[BARE])
                figures.append(
                    Figure(
                        f"{name}: × bare view",
                        ratio,
                        "",
                        f">= {TARGETS[endpoint]}",
                        ratio >= TARGETS[endpoint],
                    )
                )
            for floor in FLOORS.get(endpoint, ()):
                ratio = median_ratio(by_endpoint[endpoint], by_endpoint[floor])
                figures.append(Figure(f"{name}: × {floor}", ratio, "", "", None))
            if endpoint == CHECK_IN and level == 8:
                p99 = whole.percentile(0.99)
                figures.append(
                    Figure(
                        f"{name}: p99 at 8 clients",
                        p99,
                        "ms",
                        f"< {TARGET_P99_MS} ms",
                        p99 < TARGET_P99_MS,
                    )
                )
    for endpoint in ENDPOINTS:
        ok = 201 if endpoint in CREATED else 200
        failed = sum(
            count
            for by_endpoint in loads.values()
            for load in by_endpoint[endpoint]
            for status, count in load.statuses.items()
            if status != ok
        )
        figures.append(Figure(f"{label} {endpoint}: not {ok}", failed, "", "0", failed == 0))
    for endpoint, count in queries.items():
        target = TARGET_CHECK_IN_QUERIES if endpoint == CHECK_IN else None
        figures.append(
            Figure(
                f"{label} {endpoint}: queries",
                count,
                "",
                f"<= {target}" if target else "",
                count <= target if target else None,
            )
        )
    return figures


def run_stack(label: str, sizes: Sizes, postgres: str | None, **server: Any) -> list[Figure]:
    """Build both databases, serve both projects, load them in turns, say what happened."""
    ours = ours_build(sizes)
    queries = queries_per_request(ours)
    from django.db import connections

    connections.close_all()  # the servers' workers are the only writers from here
    with (
        bare_database(label.lower(), postgres) as bare_server,
        gunicorn(
            app="benchmarks.bare.wsgi:application",
            settings="benchmarks.bare.settings",
            worker_class=WORKER_CLASS,
            **bare_server,
        ) as bare_port,
        gunicorn(worker_class=WORKER_CLASS, **server) as our_port,
    ):
        wait_until_serving(bare_port, "", path="/rows/1/")
        wait_until_serving(our_port, ours.door.keys[0])
        same_page(Servers(bare=bare_port, ours=our_port), ours.door.keys[0])
        loads = measure(Servers(bare=bare_port, ours=our_port), ours, sizes)
    return figures_for(label, loads, queries)


def run(*, sizes: Sizes | None = None, postgres: bool = True) -> tuple[bool, list[Figure]]:
    sizes = sizes or (QUICK if quick() else FULL)
    figures: list[Figure] = []
    with throwaway_sqlite("floor") as path, use_database(sqlite_settings(path)):
        figures += run_stack("SQLite", sizes, None, sqlite_path=path)
    url = postgres_url() if postgres and not quick() else None
    if url is None:
        reason = "quick mode" if quick() or not postgres else "no BENCH_DATABASE_URL"
        print(f"api_floor: PostgreSQL skipped ({reason}; give a postgres:// URL to run it)")
    else:
        with throwaway_postgres(url, "floor") as bench_url:
            with use_database(postgres_settings(bench_url)):
                migrate()
                figures += run_stack("PostgreSQL", sizes, url, database_url=bench_url)
    return report("api_floor", figures), figures


def main() -> bool:
    return run()[0]


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    sys.exit(0 if main() else 1)
