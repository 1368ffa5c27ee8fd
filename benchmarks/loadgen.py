"""Servers a benchmark starts and the load it sends them: gunicorn with production settings on
127.0.0.1, keep-alive clients with a scanner's API token, and bounded loads of threads."""

from __future__ import annotations

import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.databases import BASE_DIR

WORKER_CLASS = os.environ.get("BENCH_WORKER_CLASS", "gthread")
THREADS_PER_WORKER = 4


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_env(
    *,
    settings: str = "benchmarks.settings",
    database_url: str = "",
    sqlite_path: Path | None = None,
    extra: dict[str, str] | None = None,
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
    env.update(extra or {})
    return env


@contextmanager
def gunicorn(
    *,
    database_url: str = "",
    sqlite_path: Path | None = None,
    app: str = "config.wsgi:application",
    settings: str = "benchmarks.settings",
    worker_class: str = WORKER_CLASS,
    extra_env: dict[str, str] | None = None,
    backlog: int = 256,
) -> Iterator[int]:
    """gunicorn serving ``app`` with production settings on 127.0.0.1; yields the port.
    One command for every server a benchmark compares: only the application differs."""
    port = free_port()
    env = server_env(
        settings=settings, database_url=database_url, sqlite_path=sqlite_path, extra=extra_env
    )
    command = [
        sys.executable, "-m", "gunicorn", app,
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(os.cpu_count() or 1),
        "--worker-class", worker_class,
        "--threads", str(THREADS_PER_WORKER if worker_class == "gthread" else 1),
        "--keep-alive", "30",
        "--preload",  # Django is imported once, before the workers fork
        "--backlog", str(backlog),
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

    def __init__(self, port: int, key: str | None, *, timeout: float = 30) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        self.headers = {
            **({"Authorization": f"Token {key}"} if key else {}),
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

    def visit(self, row: int) -> tuple[int, bytes]:
        """The bare reference's write: one row read, one inserted (``benchmarks.bare``)."""
        body = {"client_id": str(uuid.uuid4())}
        return self.ask("POST", f"/rows/{row}/visits/", json.dumps(body).encode())

    def admit(self, row: int) -> tuple[int, bytes]:
        """The bare reference's admission: one row read, then one updated and two inserted in
        one transaction (``benchmarks.bare``)."""
        body = {"client_id": str(uuid.uuid4())}
        return self.ask("POST", f"/rows/{row}/admissions/", json.dumps(body).encode())

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
