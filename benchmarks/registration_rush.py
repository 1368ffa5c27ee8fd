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

Run: .venv/bin/python -m benchmarks.registration_rush   (BENCH_QUICK=1: 40 people, 8 places,
on SQLite)
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from dataclasses import dataclass

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
from benchmarks.loadgen import Client, drive, gunicorn, wait_until_serving
from benchmarks.report import Figure, report

TARGET_P99_MS = 200


@dataclass(frozen=True)
class Sizes:
    people: int
    places: int


FULL = Sizes(people=500, places=100)
QUICK = Sizes(people=40, places=8)


def rush(port: int, event_id: int, people: int) -> tuple[Counter[int], list[float], float]:
    clients = [Client(port, None, timeout=120) for _ in range(people)]
    path = f"/api/v1/events/{event_id}/registrations/"

    def register(client: Client, number: int, _n: int) -> tuple[int, bytes]:
        body = {
            "name": f"Rush person {number}",
            "email": f"rush{number}@example.net",
            "category": "jobseeker",
            "privacy_consent": True,
        }
        return client.ask("POST", path, json.dumps(body).encode())

    try:
        load = drive(clients, register, requests=people, seconds=600)
    finally:
        for client in clients:
            client.close()
    return load.statuses, load.latencies_ms, load.seconds


def figures_for(label: str, sizes: Sizes, **server: object) -> list[Figure]:
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
        statuses, latencies, seconds = rush(port, event.pk, sizes.people)
    counted = Counter(
        Registration.objects.filter(event=event).values_list("status", flat=True)
    )
    tickets = Ticket.objects.filter(event=event, status=Ticket.Status.VALID).count()
    ordered = sorted(latencies)

    def percentile(share: float) -> float:
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0

    waitlisted = sizes.people - sizes.places
    p99 = percentile(0.99)
    return [
        Figure(f"{label}: {sizes.people} at once for {sizes.places} places: confirmed",
               counted[Registration.Status.CONFIRMED], "", f"= {sizes.places}",
               counted[Registration.Status.CONFIRMED] == sizes.places),
        Figure("  waitlisted", counted[Registration.Status.WAITLISTED], "", f"= {waitlisted}",
               counted[Registration.Status.WAITLISTED] == waitlisted),
        Figure("  valid tickets", tickets, "", f"= {sizes.places}", tickets == sizes.places),
        Figure("  answers not 201", sum(n for s, n in statuses.items() if s != 201), "", "= 0",
               set(statuses) == {201}),
        Figure("  p50", percentile(0.50), "ms", "", None),
        Figure("  p99", p99, "ms", f"< {TARGET_P99_MS} ms", p99 < TARGET_P99_MS),
        Figure("  all answered in", seconds, "s", "", None),
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
        figures = figures_for("PostgreSQL", FULL, database_url=bench_url)
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
