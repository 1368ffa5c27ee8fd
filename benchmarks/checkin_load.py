"""Check-in at the door: POST /api/v1/checkins/ under load, served by gunicorn on 127.0.0.1.

The API is served as in production (``benchmarks.settings``: production settings, DEBUG off,
HTTPS enforced, the load generator sending ``X-Forwarded-Proto: https`` as the TLS proxy does)
by ``os.cpu_count()`` gthread workers, against (a) SQLite, a throwaway file of its own under the
temporary folder, and (b) PostgreSQL when BENCH_DATABASE_URL (or a PostgreSQL DATABASE_URL)
names a server: a database ``herts_bench_<pid>_checkin`` is created there and dropped after.

Each run builds its own fair: one event, a ticket for every request the run can make (so every
check-in admits a different ticket), and one door volunteer per client, each with an API token
as a scanner phone has. Clients are threads with a keep-alive ``http.client`` connection each,
at 1, 8 and 32 at once, each level bounded by a number of requests and seconds. The same
clients, on the same stack, then ask ``GET /api/v1/me/``: the same authentication, one row read
(the volunteer has no memberships), the lightest request the API answers.

Why gthread: a sync worker closes the connection after every response (no keep-alive: a new
TCP connection per scan) and waits idle on the database; gthread workers keep connections
alive and overlap one request's database wait (a PostgreSQL commit) with another's Python.

Run: .venv/bin/python -m benchmarks.checkin_load   (BENCH_QUICK=1: tiny sizes, SQLite only)
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Any

from benchmarks.databases import (
    migrate,
    postgres_settings,
    postgres_url,
    sqlite_settings,
    throwaway_postgres,
    throwaway_sqlite,
    use_database,
)
from benchmarks.loadgen import (
    Client,
    Load,
    drive,
    gunicorn,
    wait_until_serving,
)
from benchmarks.report import Figure, report

TARGET_RATIO = 0.6
TARGET_P99_MS = 50


@dataclass(frozen=True)
class Sizes:
    levels: tuple[int, ...]
    requests: int  # per level and endpoint, shared between the clients
    seconds: float  # per level and endpoint, whichever comes first
    warm_up: int


FULL = Sizes(levels=(1, 8, 32), requests=1600, seconds=8.0, warm_up=64)
QUICK = Sizes(levels=(1, 4), requests=24, seconds=5.0, warm_up=8)


def quick() -> bool:
    return os.environ.get("BENCH_QUICK", "") not in ("", "0")


# --- the fair ---------------------------------------------------------------------------------


@dataclass
class Door:
    event_id: int
    tokens: list[str]  # ticket tokens, each scanned once
    keys: list[str]  # one API token per door volunteer (one per client)


def door_build(*, tickets: int, volunteers: int) -> Door:
    """An event with ``tickets`` valid tickets and ``volunteers`` authorised scanners."""
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from accounts.models import Role
    from events.models import Registration, Ticket
    from events.scanners import scanner_authorise
    from tests.factories import EventFactory, UserFactory, member

    event = EventFactory(title="Benchmark jobs fair", capacity=tickets + 100)
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)
    keys = []
    for n in range(volunteers):
        volunteer = UserFactory(email=f"door-volunteer-{n}@example.org")
        scanner_authorise(event=event, user=volunteer, by=organiser)
        keys.append(Token.objects.create(user=volunteer).key)
    now = timezone.now()
    registrations = Registration.objects.bulk_create(
        Registration(
            event=event,
            name=f"Visitor {n}",
            email=f"visitor{n}@example.net",
            category="jobseeker",
            privacy_consent_at=now,
            status=Registration.Status.CONFIRMED,
        )
        for n in range(tickets)
    )
    issued = Ticket.objects.bulk_create(
        Ticket(
            registration=registration,
            event=event,
            number=f"{event.ticket_prefix}-{n + 1:05d}",
            holder_label=registration.name,
        )
        for n, registration in enumerate(registrations)
    )
    event.tickets_issued = tickets
    event.save(update_fields=["tickets_issued"])
    return Door(event_id=event.pk, tokens=[t.token for t in issued], keys=keys)


# --- gunicorn ---------------------------------------------------------------------------------


@dataclass
class Level:
    trivial: Load
    check_in: Load

    @property
    def ratio(self) -> float:
        return self.check_in.per_second / self.trivial.per_second if self.trivial.per_second else 0


def measure(port: int, door: Door, sizes: Sizes) -> list[Level]:
    """The trivial read and the check-in at each level, on the same clients and server."""
    tickets = iter(door.tokens)
    results = []
    warm = [Client(port, key) for key in door.keys[: max(sizes.levels)]]
    # Every worker thread connects to the database and loads its code before anything counts.
    drive(warm, lambda c, _i, _n: c.me(), requests=sizes.warm_up, seconds=10)
    warm_tokens = [next(tickets) for _ in range(sizes.warm_up)]
    drive(
        warm,
        lambda c, i, n: c.check_in(
            warm_tokens[i * (sizes.warm_up // len(warm)) + n], door.event_id
        ),
        requests=sizes.warm_up,
        seconds=10,
    )
    for client in warm:
        client.close()
    for level in sizes.levels:
        clients = [Client(port, key) for key in door.keys[:level]]
        trivial = drive(
            clients, lambda c, _i, _n: c.me(), requests=sizes.requests, seconds=sizes.seconds
        )
        share = sizes.requests // level
        mine = [[next(tickets) for _ in range(share)] for _ in range(level)]
        check_in = drive(
            clients,
            lambda c, i, n, mine=mine: c.check_in(mine[i][n], door.event_id),
            requests=sizes.requests,
            seconds=sizes.seconds,
        )
        for client in clients:
            client.close()
        results.append(Level(trivial=trivial, check_in=check_in))
    return results


def tickets_needed(sizes: Sizes) -> int:
    return sizes.warm_up + sum((sizes.requests // level) * level for level in sizes.levels)


# --- one stack, the figures --------------------------------------------------------------------


def admitted_count(event_id: int) -> int:
    from events.models import CheckIn, Ticket

    tickets = Ticket.objects.filter(event_id=event_id, checked_in_at__isnull=False).count()
    scans = CheckIn.objects.filter(event_id=event_id, result=CheckIn.Result.OK).count()
    return tickets if tickets == scans else -1


def run_stack(label: str, sizes: Sizes, **server: Any) -> list[Figure]:
    """Build the fair on the connected database, serve it, load it, and say what happened."""
    door = door_build(tickets=tickets_needed(sizes), volunteers=max(sizes.levels))
    from django.db import connections

    connections.close_all()  # the server's workers are the only writers from here
    with gunicorn(**server) as port:
        wait_until_serving(port, door.keys[0])
        levels = measure(port, door, sizes)
    sent_ok = sum(level.check_in.statuses[201] for level in levels)
    sent = sum(len(level.check_in.latencies_ms) for level in levels)
    figures = []
    for size, level in zip(sizes.levels, levels, strict=True):
        for name, load in (("trivial read", level.trivial), ("check-in", level.check_in)):
            figures += [
                Figure(f"{label} {name} ×{size}: throughput", load.per_second, "/s", "", None),
                Figure(f"{label} {name} ×{size}: p50", load.percentile(0.50), "ms", "", None),
                Figure(f"{label} {name} ×{size}: p99", load.percentile(0.99), "ms", "", None),
            ]
        figures.append(
            Figure(
                f"{label} ×{size}: check-in / trivial",
                level.ratio,
                "",
                f">= {TARGET_RATIO}",
                level.ratio >= TARGET_RATIO,
            )
        )
        if size == 8:
            p99 = level.check_in.percentile(0.99)
            figures.append(
                Figure(
                    f"{label} check-in p99 at 8 clients",
                    p99,
                    "ms",
                    f"< {TARGET_P99_MS} ms",
                    p99 < TARGET_P99_MS,
                )
            )
    failed = sent - sent_ok
    figures.append(Figure(f"{label} check-ins not 201 ok", failed, "", "0", failed == 0))
    admitted = admitted_count(door.event_id)
    figures.append(
        Figure(
            f"{label} tickets admitted (incl. warm-up)",
            admitted,
            "",
            f"= 201s + {sizes.warm_up} warm-up",
            admitted == sent_ok + sizes.warm_up,
        )
    )
    return figures


def run(*, sizes: Sizes | None = None, postgres: bool = True) -> tuple[bool, list[Figure]]:
    sizes = sizes or (QUICK if quick() else FULL)
    figures: list[Figure] = []
    with throwaway_sqlite("checkin") as path, use_database(sqlite_settings(path)):
        figures += run_stack("SQLite", sizes, sqlite_path=path)
    url = postgres_url() if postgres and not quick() else None
    if url is None:
        reason = "quick mode" if quick() or not postgres else "no BENCH_DATABASE_URL"
        print(f"checkin_load: PostgreSQL skipped ({reason}; give a postgres:// URL to run it)")
    else:
        with throwaway_postgres(url, "checkin") as bench_url:
            with use_database(postgres_settings(bench_url)):
                migrate()
                figures += run_stack("PostgreSQL", sizes, database_url=bench_url)
    return report("checkin_load", figures), figures


def main() -> bool:
    return run()[0]


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    sys.exit(0 if main() else 1)
