"""Where an API request's time goes, in-process, with production settings on SQLite.

Not part of ``make bench`` (it prints tables for benchmarks/PROFILE.md, no target to meet):

    .venv/bin/python -m benchmarks.profile_api [REQUESTS]

The parent builds a migrated SQLite file of its own and runs a child under
``benchmarks.settings`` (DEBUG off, the production middleware, the server's environment from
``loadgen.server_env``). The child builds the check-in benchmark's fair and calls the real
WSGI handler (``config.wsgi``) in a loop, as gunicorn does, with the headers the TLS proxy adds
and a scanner's API token, for ``GET /api/v1/me/``, ``GET /api/v1/events/`` and
``POST /api/v1/checkins/`` (a new ticket each time). It prints:

1. the mean time per request, without a profiler;
2. each middleware's cost, by ablation: the same loop with that one middleware left out, the
   difference in mean time (no profiler distorting it; best of several alternating repeats);
3. a cProfile of each request: the cumulative share of the DRF steps (authentication,
   permissions, throttles with their cache round trips, content negotiation, parsing,
   serializers, rendering), URL resolution, our check-in logic and the database calls;
4. the SQL each request runs.
"""

from __future__ import annotations

import cProfile
import io
import json
import logging
import os
import pstats
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

REPEATS = 3

# (label, file path part, function name): cumulative time per request from the profile.
STEPS: tuple[tuple[str, str, str], ...] = (
    ("whole request (WSGIHandler)", "django/core/handlers/wsgi.py", "__call__"),
    ("URL resolution", "django/urls/resolvers.py", "resolve"),
    ("DRF dispatch (view, everything inside)", "rest_framework/views.py", "dispatch"),
    ("  DRF initialize_request", "rest_framework/views.py", "initialize_request"),
    ("  DRF authentication (token lookup)", "rest_framework/request.py", "_authenticate"),
    ("  DRF permissions", "rest_framework/views.py", "check_permissions"),
    ("  DRF throttles", "rest_framework/views.py", "check_throttles"),
    ("    cache get (throttle history)", "django/core/cache/backends/locmem.py", "get"),
    ("    cache set (throttle history)", "django/core/cache/backends/locmem.py", "set"),
    ("  DRF content negotiation", "rest_framework/views.py", "perform_content_negotiation"),
    ("  DRF request parsing", "rest_framework/request.py", "_parse"),
    ("  serializer is_valid", "rest_framework/serializers.py", "is_valid"),
    ("  serializer .data", "rest_framework/serializers.py", "data"),
    ("  handler (view method)", "api/views.py", "get"),
    ("  handler (view method)", "api/checkin_view.py", "post"),
    ("check-in plain view (token scans)", "api/checkin_view.py", "token_scan"),
    ("  event list page (fixed SQL)", "api/event_page.py", "count"),
    ("  handler (list)", "rest_framework/mixins.py", "list"),
    ("    check-in logic (ticket_check_in)", "events/checkin.py", "ticket_check_in"),
    ("      audit entry", "accounts/audit.py", "audit_record"),
    ("  DRF finalize_response", "rest_framework/views.py", "finalize_response"),
    ("response rendering (JSON)", "rest_framework/response.py", "rendered_content"),
    ("database: SQL executed", "django/db/backends/utils.py", "_execute"),
    ("database: transaction commit", "django/db/backends/base/base.py", "commit"),
    ("request_finished signal", "django/core/handlers/base.py", "reset_urlconf"),
    ("close_old_connections", "django/db/__init__.py", "close_old_connections"),
)


def parent(requests: int) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from benchmarks.databases import BASE_DIR, throwaway_sqlite
    from benchmarks.loadgen import server_env

    with throwaway_sqlite("profile") as path:
        env = server_env(sqlite_path=path)
        done = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
            [sys.executable, "-m", "benchmarks.profile_api", "--child", str(requests)],
            env=env,
            cwd=BASE_DIR,
            check=False,
            timeout=1800,
        )
    return done.returncode


def environ(method: str, path: str, key: str, body: bytes = b"") -> dict[str, Any]:
    """What gunicorn hands Django for a request through the TLS proxy."""
    return {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_AUTHORIZATION": f"Token {key}",
        "HTTP_ACCEPT": "application/json",
        "HTTP_X_FORWARDED_PROTO": "https",
        "HTTP_X_FORWARDED_FOR": "127.0.0.1",
        "CONTENT_TYPE": "application/json" if body else "",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


class Caller:
    """Calls one WSGI application as gunicorn's sync worker does; counts non-2xx answers."""

    def __init__(self, application: Callable[..., Any], key: str, event_id: int, tickets: Any):
        self.application = application
        self.key = key
        self.event_id = event_id
        self.tickets = tickets
        self.bad: list[str] = []

    def call(self, method: str, path: str, body: bytes = b"") -> None:
        status: list[str] = []
        result = self.application(
            environ(method, path, self.key, body), lambda s, _h, _e=None: status.append(s)
        )
        try:
            b"".join(result)
        finally:
            result.close()  # request_finished: what closes or keeps the connection
        if not status[0].startswith("2"):
            self.bad.append(f"{method} {path}: {status[0]}")

    def me(self) -> None:
        self.call("GET", "/api/v1/me/")

    def events(self) -> None:
        self.call("GET", "/api/v1/events/")

    def check_in(self) -> None:
        body = json.dumps({"token": next(self.tickets), "event": self.event_id}).encode()
        self.call("POST", "/api/v1/checkins/", body)


# What a token request could do without, as groups where one middleware needs another.
BROWSER_ONLY = (
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.StaffTwoFactorMiddleware",
)
NEEDS_SESSIONS = (
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
)


def ablation_groups(middleware: list[str]) -> dict[str, tuple[str, ...]]:
    """Each middleware alone (sessions with the auth and messages ones that need them), then every
    middleware a token request has no use for, at once."""
    groups: dict[str, tuple[str, ...]] = {}
    for name in middleware:
        short = name.rsplit(".", 1)[-1]
        if short == "SessionMiddleware":
            groups["`SessionMiddleware` + the auth and messages ones"] = (name, *NEEDS_SESSIONS)
        else:
            groups[f"`{short}`"] = (name,)
    browser_only = tuple(m for m in middleware if m in BROWSER_ONLY)
    groups["all browser-only middleware at once"] = browser_only
    return groups


class Errors(logging.Handler):
    """Keeps the last error django.request logged, for the table."""

    last = ""

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info and record.exc_info[1] is not None:
            self.last = repr(record.exc_info[1])[:200]


def mean_us(ask: Callable[[], None], requests: int) -> float:
    """CPU time of this process per request: the loop is single-threaded and SQLite runs in
    it, so other work on a shared machine does not count (wall-clock time would)."""
    started = time.process_time()
    for _ in range(requests):
        ask()
    return (time.process_time() - started) / requests * 1e6


Key = tuple[str, int, str]


def code_key(function: Any) -> Key:
    code = function.__code__
    return (code.co_filename, code.co_firstlineno, code.co_name)


def middleware_own_time(stats: dict[Key, Any], middleware: list[str]) -> dict[str, float]:
    """Seconds each middleware spent itself, the layers inside it left out: a mixin-style
    middleware's ``process_*`` methods; a callable one's ``__call__`` less the time of the
    next layer it calls (Django wraps every layer in ``exception.py``'s ``inner``)."""
    from django.utils.deprecation import MiddlewareMixin
    from django.utils.module_loading import import_string

    inner = next(
        (key for key in stats if key[2] == "inner" and key[0].endswith("handlers/exception.py")),
        None,
    )
    spent: dict[str, float] = {}
    for path in middleware:
        found = import_string(path)
        short = path.rsplit(".", 1)[-1]
        if isinstance(found, type) and "__call__" not in vars(found):
            methods = [
                getattr(found, name)
                for name in ("process_request", "process_view", "process_response")
                if getattr(found, name, None) is not None
                and getattr(found, name) is not getattr(MiddlewareMixin, name, None)
            ]
            keys = [code_key(method) for method in methods]
            spent[short] = sum(stats[key][3] for key in keys if key in stats)
            continue
        if isinstance(found, type):
            entry: Key | None = code_key(found.__call__)
        else:  # a factory (allauth's): the sync closure it returns is the layer
            filename = found.__code__.co_filename
            entry = next((k for k in stats if k[0] == filename and k[2] == "sync_middleware"), None)
        if entry is None or entry not in stats:
            continue
        nested = stats[inner][4].get(entry, (0, 0, 0.0, 0.0))[3] if inner in stats else 0.0
        spent[short] = stats[entry][3] - nested
    return spent


def child(requests: int) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    from benchmarks.checkin_load import door_build
    from tests.factories import EventFactory

    middleware = list(settings.MIDDLEWARE)
    groups = ablation_groups(middleware)
    # Check-ins needed: warm-up, the timings, every ablation, the profile, the SQL listing.
    tickets = requests * (REPEATS * (len(groups) + 1) + 4) + 100
    door = door_build(tickets=tickets, volunteers=1)
    EventFactory.create_batch(9)
    ticket_tokens = iter(door.tokens)
    print(
        f"settings: {os.environ['DJANGO_SETTINGS_MODULE']}, DEBUG={settings.DEBUG}, "
        f"database: {connection.vendor}, cache: {settings.CACHES['default']['BACKEND']}"
    )
    print(f"requests per measurement: {requests}; repeats: {REPEATS}\n")

    def caller(chain: list[str]) -> Caller:
        with override_settings(MIDDLEWARE=chain):
            handler = WSGIHandler()  # loads the middleware chain now
        return Caller(handler, door.keys[0], door.event_id, ticket_tokens)

    full = caller(middleware)
    kinds = ("me", "events", "check_in")
    for kind in kinds:  # warm: connection open, code loaded, caches filled
        for _ in range(20):
            getattr(full, kind)()

    # 1 and 2: mean time per request, full and with each middleware (or group) left out.
    chains: dict[str, Caller] = {"(full stack)": full}
    for name, left_out in groups.items():
        chains[name] = caller([m for m in middleware if m not in left_out])
    best: dict[str, dict[str, float]] = {name: {} for name in chains}
    # A chain that cannot run without what it left out is noted with the error, not logged.
    errors = Errors()
    logging.getLogger("django.request").handlers = [errors]
    logging.getLogger("django.request").propagate = False
    for _ in range(REPEATS):
        for name, chain in chains.items():
            for kind in kinds:
                if chain.bad:
                    continue
                took = mean_us(getattr(chain, kind), requests)
                best[name][kind] = min(best[name].get(kind, float("inf")), took)
    whole = best["(full stack)"]
    print("| left out | " + " | ".join(f"{k}: µs saved (share)" for k in kinds) + " |")
    print("| --- |" + " --- |" * len(kinds))
    print("| nothing: full stack, µs per request | " + " | ".join(f"{whole[k]:.0f}" for k in kinds))
    for name in groups:
        if chains[name].bad:
            print(f"| {name} | breaks: {chains[name].bad[0]}: {errors.last} |")
            continue
        cells = []
        for kind in kinds:
            saved = whole[kind] - best[name][kind]
            cells.append(f"{saved:.0f} ({saved / whole[kind]:.0%})")
        print(f"| {name} | " + " | ".join(cells) + " |")

    # 3: the profile, per request kind.
    for kind in kinds:
        profile = cProfile.Profile()
        ask = getattr(full, kind)
        profile.enable()
        for _ in range(requests):
            ask()
        profile.disable()
        stats = pstats.Stats(profile)
        by_step: dict[str, float] = {}
        for (filename, _line, function), row in stats.stats.items():  # type: ignore[attr-defined]
            for label, where, name in STEPS:
                if function == name and filename.endswith(where):
                    by_step[label] = by_step.get(label, 0.0) + row[3]
        total = by_step.get(STEPS[0][0], 0.0) or 1.0
        print(f"\n### cProfile: {kind} ({requests} requests; µs per request under the profiler)")
        print("| step | µs | share |\n| --- | --- | --- |")
        own = middleware_own_time(stats.stats, middleware)  # type: ignore[attr-defined]
        for name, seconds in own.items():
            each = seconds / requests * 1e6
            print(f"| middleware {name} (own) | {each:.0f} | {seconds / total:.0%} |")
        every = sum(own.values())
        print(f"| all middleware (own) | {every / requests * 1e6:.0f} | {every / total:.0%} |")
        for label, _where, _name in STEPS:
            if label in by_step:
                spent = by_step.pop(label)
                print(f"| {label} | {spent / requests * 1e6:.0f} | {spent / total:.0%} |")
        text = io.StringIO()
        pstats.Stats(profile, stream=text).sort_stats("tottime").print_stats(15)
        print("\ntop own-time functions:\n```")
        print("\n".join(line for line in text.getvalue().splitlines()[6:] if line.strip()))
        print("```")

    # 4: the SQL of each request.
    for kind in kinds:
        with CaptureQueriesContext(connection) as captured:
            getattr(full, kind)()
        print(f"\n### SQL: {kind}, {len(captured.captured_queries)} queries")
        for query in captured.captured_queries:
            print(f"- {query['sql'][:300]}")
    if full.bad:
        print(f"\nnon-2xx answers on the full stack: {len(full.bad)}, e.g. {full.bad[0]}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(int(sys.argv[2]))
    else:
        sys.exit(parent(int(sys.argv[1]) if len(sys.argv) > 1 else 100))
