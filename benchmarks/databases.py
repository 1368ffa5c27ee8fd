"""Databases of a benchmark's own: a migrated SQLite file, a throwaway PostgreSQL database, and
pointing Django's default connection at one for a while."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent

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
