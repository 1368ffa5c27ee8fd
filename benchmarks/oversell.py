"""No overselling on PostgreSQL: 200 registrations for 50 places, 100 scans of 10 tickets.

Real concurrency on a throwaway database (``herts_bench_<pid>_oversell``, created on the server
BENCH_DATABASE_URL or a PostgreSQL DATABASE_URL names, dropped afterwards; skipped, saying why,
without one). Threads, each with its own database connection, call the real services
(``events.services.registration_create``, ``events.checkin.ticket_check_in``), all released
together by a barrier. Exactly 50 must be confirmed (with 50 tickets) and 150 waitlisted; of 100
scans of 10 tickets exactly 10 admit someone and 90 say "already checked in".

As in production, a registration's confirmation e-mail is queued for a worker, not sent inside
the request: the tasks go to an in-memory broker that no worker reads (the embedded set-up would
otherwise send each e-mail, QR code and calendar file in-process, and time that instead).

A server's ``max_connections`` (100 by default) is below 200, so the attempts are shared
between at most half that many threads (one connection each): with the default, 50 threads of
4 registrations each, all queued on the event's row lock at once.

Run: .venv/bin/python -m benchmarks.oversell   (BENCH_QUICK=1: tiny sizes on SQLite)
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from benchmarks.checkin_load import door_build, quick
from benchmarks.databases import (
    migrate,
    postgres_settings,
    postgres_url,
    sqlite_settings,
    throwaway_postgres,
    throwaway_sqlite,
    use_database,
)
from benchmarks.report import Figure, report


@dataclass(frozen=True)
class Sizes:
    places: int
    registrations: int
    tickets: int
    scans: int


FULL = Sizes(places=50, registrations=200, tickets=10, scans=100)
QUICK = Sizes(places=5, registrations=20, tickets=4, scans=20)


def thread_count(wanted: int) -> int:
    """One connection per thread, within what the server allows."""
    from django.db import connection

    if connection.vendor != "postgresql":
        # One writer at a time: more threads only add busy-waiting on the write lock.
        return min(wanted, 4)
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_connections")
        allowed = int(cursor.fetchone()[0])
    connection.close()
    return max(1, min(wanted, allowed // 2))


@contextmanager
def tasks_queued() -> Iterator[None]:
    """Tasks are queued (to an in-memory broker nothing reads), never run in-process."""
    from config.celery import app

    saved = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager, app.conf.broker_url = False, "memory://"
    try:
        yield
    finally:
        app.conf.task_always_eager, app.conf.broker_url = saved


def together(calls: list[Callable[[], Any]], threads: int) -> tuple[list[Any], float]:
    """Share ``calls`` between ``threads`` threads (own connection each), start them at once.
    Returns each call's result or exception, in order, and the seconds until the last ended."""
    from django.db import close_old_connections, connections

    results: list[Any] = [None] * len(calls)
    barrier = threading.Barrier(threads + 1)

    def work(first: int) -> None:
        close_old_connections()
        try:
            barrier.wait(timeout=60)
            for index in range(first, len(calls), threads):
                try:
                    results[index] = calls[index]()
                except Exception as error:  # noqa: BLE001 - counted and shown, not hidden
                    results[index] = error
        finally:
            connections.close_all()

    workers = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    barrier.wait(timeout=60)
    started = time.perf_counter()
    for worker in workers:
        worker.join(timeout=300)
    return results, time.perf_counter() - started


def registrations_race(sizes: Sizes, threads: int) -> dict[str, float]:
    from events.models import Registration, Ticket
    from events.services import registration_create
    from tests.factories import EventFactory

    event = EventFactory(title="Benchmark fair, 50 places", capacity=sizes.places)
    calls = [
        (
            lambda n=n: registration_create(
                event=event,
                name=f"Person {n}",
                email=f"person{n}@example.net",
                category="jobseeker",
                privacy_consent=True,
            )
        )
        for n in range(sizes.registrations)
    ]
    with tasks_queued():
        results, seconds = together(calls, threads)
    statuses = Counter(Registration.objects.filter(event=event).values_list("status", flat=True))
    return {
        "confirmed": statuses[Registration.Status.CONFIRMED],
        "waitlisted": statuses[Registration.Status.WAITLISTED],
        "tickets": Ticket.objects.filter(event=event, status=Ticket.Status.VALID).count(),
        "errors": sum(isinstance(r, Exception) for r in results),
        "seconds": seconds,
    }


def scans_race(sizes: Sizes, threads: int) -> dict[str, float]:
    from rest_framework.authtoken.models import Token

    from events.checkin import ticket_check_in
    from events.models import CheckIn, Ticket

    door = door_build(tickets=sizes.tickets, volunteers=1)
    volunteer = Token.objects.select_related("user").get(key=door.keys[0]).user
    calls = [
        (
            lambda n=n: ticket_check_in(
                token=door.tokens[n % sizes.tickets], event_id=door.event_id, by=volunteer
            )
        )
        for n in range(sizes.scans)
    ]
    results, seconds = together(calls, threads)
    answered = Counter(r.result for r in results if not isinstance(r, Exception))
    return {
        "ok": answered[CheckIn.Result.OK],
        "already": answered[CheckIn.Result.ALREADY_CHECKED_IN],
        "admitted": Ticket.objects.filter(
            event_id=door.event_id, checked_in_at__isnull=False
        ).count(),
        "logged_ok": CheckIn.objects.filter(
            event_id=door.event_id, result=CheckIn.Result.OK
        ).count(),
        "errors": sum(isinstance(r, Exception) for r in results),
        "seconds": seconds,
    }


def exact(name: str, value: float, wanted: int) -> Figure:
    return Figure(name, value, "", f"= {wanted}", value == wanted)


def figures_for(label: str, sizes: Sizes) -> list[Figure]:
    threads = thread_count(max(sizes.registrations, sizes.scans))
    places = registrations_race(sizes, threads)
    scans = scans_race(sizes, threads)
    extra = sizes.scans - sizes.tickets
    return [
        Figure(f"{label}: threads (own connection each)", threads, "", "", None),
        exact(f"{sizes.registrations} registrations, {sizes.places} places: confirmed",
              places["confirmed"], sizes.places),
        exact("  waitlisted", places["waitlisted"], sizes.registrations - sizes.places),
        exact("  valid tickets issued", places["tickets"], sizes.places),
        exact("  errors", places["errors"], 0),
        Figure("  time for all registrations", places["seconds"], "s", "", None),
        exact(f"{sizes.scans} scans of {sizes.tickets} tickets: ok", scans["ok"], sizes.tickets),
        exact("  already checked in", scans["already"], extra),
        exact("  tickets admitted", scans["admitted"], sizes.tickets),
        exact("  ok scans logged", scans["logged_ok"], sizes.tickets),
        exact("  errors", scans["errors"], 0),
        Figure("  time for all scans", scans["seconds"], "s", "", None),
    ]  # fmt: skip


def run(*, sqlite: bool | None = None) -> tuple[bool, list[Figure]]:
    """On PostgreSQL (full sizes); on SQLite in quick mode or when asked (``sqlite=True``)."""
    on_sqlite = quick() if sqlite is None else sqlite
    sizes = QUICK if quick() else FULL
    if on_sqlite:
        with throwaway_sqlite("oversell") as path, use_database(sqlite_settings(path)):
            figures = figures_for("SQLite", sizes)
        return report("oversell", figures), figures
    url = postgres_url()
    if url is None:
        print(
            "\noversell: skipped: it proves PostgreSQL's row locks, and no PostgreSQL server was "
            "given (set BENCH_DATABASE_URL=postgres://user:password@127.0.0.1:5432/db)"
        )
        return True, []
    with (
        throwaway_postgres(url, "oversell") as bench_url,
        use_database(postgres_settings(bench_url)),
    ):
        migrate()
        figures = figures_for("PostgreSQL", sizes)
    return report("oversell", figures), figures


def main() -> bool:
    return run()[0]


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    sys.exit(0 if main() else 1)
