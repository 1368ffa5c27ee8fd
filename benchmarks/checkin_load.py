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

import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from benchmarks.report import Figure, report

BASE_DIR = Path(__file__).resolve().parent.parent
TARGET_RATIO = 0.6
TARGET_P99_MS = 50
WORKER_CLASS = os.environ.get("BENCH_WORKER_CLASS", "gthread")
THREADS_PER_WORKER = 4


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


# --- databases of the benchmark's own ------------------------------------------------------


def postgres_url() -> str | None:
    """BENCH_DATABASE_URL, else DATABASE_URL, when it names a PostgreSQL server."""
    for name in ("BENCH_DATABASE_URL", "DATABASE_URL"):
        url = os.environ.get(name, "")
        if url.startswith(("postgres://", "postgresql://", "pgsql://")):
            return url.replace("pgsql://", "postgresql://", 1)
    return None


def sqlite_settings(path: Path) -> dict[str, Any]:
    """The embedded set-up of config.settings.base, on ``path``."""
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


SCHEMA = Path(tempfile.gettempdir()) / "herts-fairs-bench-schema.sqlite3"


def _migrations_signature() -> str:
    """Every migration file's name, size and time: the schema template is rebuilt on change."""
    files = sorted(BASE_DIR.glob("*/migrations/*.py"))
    return json.dumps(
        [(str(f.relative_to(BASE_DIR)), f.stat().st_size, f.stat().st_mtime) for f in files]
    )


def migrated_sqlite(path: Path) -> None:
    """Put an empty, fully migrated database at ``path``: a copy of a template migrated once
    and kept in the temporary folder while the migrations stay the same (migrating takes
    seconds; copying, milliseconds)."""
    marker = SCHEMA.with_suffix(".json")
    signature = _migrations_signature()
    if not (SCHEMA.exists() and marker.exists() and marker.read_text() == signature):
        building = SCHEMA.with_name(f"{SCHEMA.stem}-{os.getpid()}.sqlite3")
        with use_database(sqlite_settings(building)):
            migrate()
        for suffix in ("-wal", "-shm"):
            Path(f"{building}{suffix}").unlink(missing_ok=True)
        os.replace(building, SCHEMA)
        marker.write_text(signature)
    shutil.copyfile(SCHEMA, path)


@contextmanager
def throwaway_sqlite(label: str) -> Iterator[Path]:
    """A migrated SQLite file of the benchmark's own, deleted afterwards."""
    path = Path(tempfile.gettempdir()) / f"herts-fairs-bench-{label}-{os.getpid()}.sqlite3"
    try:
        migrated_sqlite(path)
        yield path
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


@contextmanager
def throwaway_postgres(url: str, label: str) -> Iterator[str]:
    """A new database ``herts_bench_<pid>_<label>`` on ``url``'s server, dropped afterwards.
    Yields its URL. The server's own databases are only connected to, never written."""
    import psycopg

    parts = urlsplit(url)
    name = f"herts_bench_{os.getpid()}_{label}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield parts._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def postgres_settings(url: str) -> dict[str, Any]:
    import dj_database_url

    return dict(dj_database_url.parse(url))


@contextmanager
def use_database(settings_dict: dict[str, Any]) -> Iterator[None]:
    """Point the default connection at ``settings_dict`` for the duration (every thread)."""
    from django.db import connections
    from django.db.utils import load_backend

    configured = connections.configure_settings({"default": settings_dict})["default"]
    backend = load_backend(configured["ENGINE"])
    previous = connections["default"]
    connections["default"] = backend.DatabaseWrapper(configured, alias="default")
    # Other threads get their own connection object from the same settings.
    previous_settings = connections.settings
    connections.settings = {**previous_settings, "default": configured}
    try:
        yield
    finally:
        connections.close_all()
        connections.settings = previous_settings
        connections["default"] = previous


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


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
    from events.checkin import scanner_authorise
    from events.models import Registration, Ticket
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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_env(
    *,
    settings: str = "benchmarks.settings",
    database_url: str = "",
    sqlite_path: Path | None = None,
) -> dict[str, str]:
    """The environment a benchmark's server (or a set-up step for it) runs in: production
    settings module ``settings``, a fresh secret key, 127.0.0.1 only, and the database given."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "CACHE_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE=settings,
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        BENCH_SQLITE_PATH=str(sqlite_path or ""),
        LOG_LEVEL="WARNING",
        # Production collects static files first; an API benchmark needs none of them.
        PYTHONWARNINGS="ignore:No directory at",
    )
    return env


@contextmanager
def gunicorn(
    *,
    database_url: str = "",
    sqlite_path: Path | None = None,
    app: str = "config.wsgi:application",
    settings: str = "benchmarks.settings",
    worker_class: str = WORKER_CLASS,
) -> Iterator[int]:
    """gunicorn serving ``app`` with production settings on 127.0.0.1; yields the port.
    One command for every server a benchmark compares: only the application differs."""
    port = free_port()
    env = server_env(settings=settings, database_url=database_url, sqlite_path=sqlite_path)
    command = [
        sys.executable, "-m", "gunicorn", app,
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(os.cpu_count() or 1),
        "--worker-class", worker_class,
        "--threads", str(THREADS_PER_WORKER if worker_class == "gthread" else 1),
        "--keep-alive", "30",
        "--preload",  # Django is imported once, before the workers fork
        "--backlog", "256",
        "--log-level", "warning",
        "--chdir", str(BASE_DIR),
    ]  # fmt: skip
    server = subprocess.Popen(  # noqa: S603 - our own interpreter, fixed arguments
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        yield port
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if server.stderr is not None:
            errors = server.stderr.read().strip()
            if errors:
                print(f"gunicorn said:\n{errors[-2000:]}", file=sys.stderr)


def wait_until_serving(
    port: int, key: str, *, seconds: float = 60, path: str = "/api/v1/me/"
) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            client = Client(port, key)
            status, _ = client.get(path)
            client.close()
            if status == 200:
                return
            raise RuntimeError(f"GET {path} answered {status} instead of 200")
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer on 127.0.0.1:{port} within {seconds:.0f} s")


# --- the load generator -----------------------------------------------------------------------


class Client:
    """One scanner phone: a keep-alive connection and its volunteer's API token."""

    def __init__(self, port: int, key: str) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.headers = {
            "Authorization": f"Token {key}",
            "Host": "127.0.0.1",
            # What the TLS-terminating proxy adds in production (SECURE_PROXY_SSL_HEADER).
            "X-Forwarded-Proto": "https",
            "Accept": "application/json",
        }

    def ask(self, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
        headers = dict(self.headers)
        if body is not None:
            headers["Content-Type"] = "application/json"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            return response.status, response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()  # reconnects on the next request
            raise

    def get(self, path: str) -> tuple[int, bytes]:
        return self.ask("GET", path)

    def me(self) -> tuple[int, bytes]:
        return self.get("/api/v1/me/")

    def check_in(self, token: str, event_id: int) -> tuple[int, bytes]:
        body = {"token": token, "event": event_id, "client_id": str(uuid.uuid4())}
        return self.ask("POST", "/api/v1/checkins/", json.dumps(body).encode())

    def close(self) -> None:
        self.connection.close()


@dataclass
class Load:
    clients: int
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)

    @property
    def per_second(self) -> float:
        return len(self.latencies_ms) / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies_ms)
        if not ordered:
            return 0.0
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def drive(
    clients: list[Client],
    ask: Callable[[Client, int, int], tuple[int, bytes]],
    *,
    requests: int,
    seconds: float,
) -> Load:
    """``len(clients)`` threads at once, ``requests`` in all (an equal share each) or until
    ``seconds`` have passed. ``ask(client, client_number, request_number)`` makes one request."""
    share = max(1, requests // len(clients))
    load = Load(clients=len(clients))
    barrier = threading.Barrier(len(clients) + 1)
    lock = threading.Lock()

    def run(number: int, client: Client) -> None:
        latencies, statuses = [], Counter[int]()
        barrier.wait()
        deadline = time.perf_counter() + seconds
        for n in range(share):
            if time.perf_counter() > deadline:
                break
            started = time.perf_counter()
            try:
                status, _ = ask(client, number, n)
            except (OSError, http.client.HTTPException):
                status = 0
            latencies.append((time.perf_counter() - started) * 1000)
            statuses[status] += 1
        with lock:
            load.latencies_ms.extend(latencies)
            load.statuses.update(statuses)

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    load.seconds = time.perf_counter() - started
    return load


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
