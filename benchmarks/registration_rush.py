"""A registration rush on PostgreSQL: 500 people register at the same moment for 100 places.

Served as in production (``benchmarks.settings``: production settings, gunicorn's gthread
workers, one per core, on 127.0.0.1, PostgreSQL with durable commits), against a throwaway
database ``herts_bench_<pid>_rush`` on the server ``make bench`` brings up (or
BENCH_DATABASE_URL). As in production, each confirmation e-mail is queued for a worker (an
in-memory broker nothing reads), not sent inside the request.

500 clients, each with its own connection, are released together by a barrier and each
``POST /api/v1/events/{id}/registrations/`` once, without an account, as the public form does.
The script asserts exactly 100 confirmed (each with one valid ticket) and 400 waitlisted, every
answer a 201, and prints the p50 and p99 of the answers against the 200 ms target. The server's
listen backlog is raised above 500 so that no connection waits for a SYN retry.

Where the time goes: the CPU the app server's processes, their PostgreSQL sessions and this
load generator used during the rush (from /proc, so on Linux with the database on this
machine), per registration. On a machine of N cores, ``people × CPU per registration / N`` is
the least time the last answer can take, whatever the locking.

The floor, measured in the same run: the same number of clients, released the same way, each
send one request to the bare reference (``benchmarks.bare``: a row read and one row inserted
and committed, ``CommonMiddleware`` only) under the same gunicorn command on its own database
on the same server. Its p99 is the least any Django view that records something answers such a
burst in on this machine; the rush's p99 is also shown as a multiple of it.

Run: .venv/bin/python -m benchmarks.registration_rush   (BENCH_QUICK=1: 40 people, 8 places,
on SQLite)
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.api_floor import BARE_ROWS, bare_database
from benchmarks.checkin_load import quick
from benchmarks.databases import (
    migrate,
    postgres_settings,
    postgres_url,
    sqlite_settings,
    throwaway_postgres,
    throwaway_sqlite,
    use_database,
)
from benchmarks.loadgen import Client, Load, drive, gunicorn, wait_until_serving
from benchmarks.report import Figure, report

TARGET_P99_MS = 200


# --- where the CPU goes: the server's workers and their database sessions (Linux /proc) ------


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of one process (all its threads), 0 if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _descendants(pid: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            child = int(stat.parent.name)
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        parents.setdefault(parent, []).append(child)
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _session_pids(database_url: str) -> list[int]:
    """The server processes of the database sessions open on the benchmark's database."""
    if not database_url:
        return []
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as admin:
        rows = admin.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid()"
        ).fetchall()
    return [pid for (pid,) in rows]


@dataclass
class CpuUse:
    """CPU seconds so far of the app server's processes, its database sessions, and this
    process (the load generator, which shares the machine)."""

    app: float
    database: float
    client: float

    @classmethod
    def now(cls, database_url: str) -> CpuUse:
        return cls(
            app=sum(_cpu_seconds(pid) for pid in _descendants(os.getpid())),
            database=sum(_cpu_seconds(pid) for pid in _session_pids(database_url)),
            client=time.process_time(),
        )


@dataclass(frozen=True)
class Sizes:
    people: int
    places: int


FULL = Sizes(people=500, places=100)
QUICK = Sizes(people=40, places=8)


def burst(port: int, people: int, ask: Callable[[Client, int, int], tuple[int, bytes]]) -> Load:
    """``people`` clients, each with its own connection, released together; one request each."""
    clients = [Client(port, None, timeout=120) for _ in range(people)]
    try:
        return drive(clients, ask, requests=people, seconds=600)
    finally:
        for client in clients:
            client.close()


def rush(port: int, event_id: int, people: int) -> Load:
    path = f"/api/v1/events/{event_id}/registrations/"

    def register(client: Client, number: int, _n: int) -> tuple[int, bytes]:
        body = {
            "name": f"Rush person {number}",
            "email": f"rush{number}@example.net",
            "category": "jobseeker",
            "privacy_consent": True,
        }
        return client.ask("POST", path, json.dumps(body).encode())

    return burst(port, people, register)


def floor_burst(people: int, postgres: str | None) -> Load:
    """The same burst against the bare reference's write, served the same way."""
    with (
        bare_database("rush", postgres) as bare_server,
        gunicorn(
            app="benchmarks.bare.wsgi:application",
            settings="benchmarks.bare.settings",
            worker_class="gthread",
            backlog=max(1024, 2 * people),
            **bare_server,
        ) as port,
    ):
        wait_until_serving(port, "", path="/rows/1/")
        return burst(port, people, lambda client, number, _n: client.visit(number % BARE_ROWS + 1))


def figures_for(
    label: str, sizes: Sizes, postgres: str | None = None, **server: object
) -> list[Figure]:
    """The rush on the served database, then the floor's burst (the bare reference on its own
    database: ``postgres`` the server's URL, None for SQLite)."""
    from django.db import connections

    from events.models import Registration, Ticket
    from tests.factories import EventFactory

    event = EventFactory(title="Benchmark rush", capacity=sizes.places)
    connections.close_all()  # the server's workers are the only writers from here
    with gunicorn(
        worker_class="gthread",
        # Queued for a worker (an in-memory broker nothing reads), never sent in the request.
        extra_env={"CELERY_BROKER_URL": "memory://", "CELERY_RESULT_BACKEND": "cache+memory://"},
        backlog=max(1024, 2 * sizes.people),
        **server,  # type: ignore[arg-type]
    ) as port:
        wait_until_serving(port, "", path="/healthz")
        database_url = str(server.get("database_url", ""))
        before = CpuUse.now(database_url)
        load = rush(port, event.pk, sizes.people)
        after = CpuUse.now(database_url)  # before the workers and their sessions end
    counted = Counter(Registration.objects.filter(event=event).values_list("status", flat=True))
    tickets = Ticket.objects.filter(event=event, status=Ticket.Status.VALID).count()
    floor = floor_burst(sizes.people, postgres)
    floor_p99 = floor.percentile(0.99)

    def per_person(cpu_seconds: float) -> float:
        return 1000 * cpu_seconds / sizes.people

    waitlisted = sizes.people - sizes.places
    p99 = load.percentile(0.99)
    return [
        Figure(f"{label}: {sizes.people} at once for {sizes.places} places: confirmed",
               counted[Registration.Status.CONFIRMED], "", f"= {sizes.places}",
               counted[Registration.Status.CONFIRMED] == sizes.places),
        Figure("  waitlisted", counted[Registration.Status.WAITLISTED], "", f"= {waitlisted}",
               counted[Registration.Status.WAITLISTED] == waitlisted),
        Figure("  valid tickets", tickets, "", f"= {sizes.places}", tickets == sizes.places),
        Figure("  answers not 201", sum(n for s, n in load.statuses.items() if s != 201), "",
               "= 0", set(load.statuses) == {201}),
        Figure("  p50", load.percentile(0.50), "ms", "", None),
        Figure("  p99", p99, "ms", f"< {TARGET_P99_MS} ms", p99 < TARGET_P99_MS),
        Figure("  floor: bare write view, the same burst: p50",
               floor.percentile(0.50), "ms", "", None),
        Figure("  floor: p99", floor_p99, "ms", "", None),
        Figure("  floor: answers not 201", sum(n for s, n in floor.statuses.items() if s != 201),
               "", "= 0", set(floor.statuses) == {201}),
        Figure("  p99 × the floor's p99", p99 / floor_p99 if floor_p99 else 0.0, "", "", None),
        Figure("  all answered in", load.seconds, "s", "", None),
        Figure("  answered per second", load.per_second, "/s", "",
               None),
        Figure("  CPU per registration: app server", per_person(after.app - before.app), "ms",
               "", None),
        Figure("  CPU per registration: PostgreSQL sessions",
               per_person(after.database - before.database), "ms", "", None),
        Figure("  CPU per registration: load generator", per_person(after.client - before.client),
               "ms", "", None),
    ]  # fmt: skip


def run() -> tuple[bool, list[Figure]]:
    if quick():
        with throwaway_sqlite("rush") as path, use_database(sqlite_settings(path)):
            figures = figures_for("SQLite (quick)", QUICK, sqlite_path=path)
        return report("registration_rush", figures), figures
    url = postgres_url()
    if url is None:
        print("\nregistration_rush: skipped: it needs PostgreSQL (set BENCH_DATABASE_URL)")
        return True, []
    with throwaway_postgres(url, "rush") as bench_url, use_database(postgres_settings(bench_url)):
        migrate()
        figures = figures_for("PostgreSQL", FULL, url, database_url=bench_url)
    return report("registration_rush", figures), figures


def main() -> bool:
    ok, figures = run()
    if figures and not ok:
        print("registration_rush: a figure missed its target (see above)")
    return ok


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    sys.exit(0 if main() else 1)
