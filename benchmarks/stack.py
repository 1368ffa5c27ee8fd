"""The PostgreSQL server `make bench` needs, brought up by the benchmark itself.

``postgres_for_bench()`` yields a URL for the PostgreSQL benchmarks (checkin_load, oversell):

* the server BENCH_DATABASE_URL (or a PostgreSQL DATABASE_URL) names, when one is given;
* otherwise, when PostgreSQL's server programs are installed (Debian's ``postgresql`` package:
  ``/usr/lib/postgresql/<version>/bin``; elsewhere ``pg_config --bindir``), a throwaway cluster
  of its own: ``initdb`` in a new temporary folder, listening on 127.0.0.1 only (a free port
  found by binding port 0; its unix socket in the same folder, never /var/run), one database
  ``herts_bench``. Trust authentication for 127.0.0.1 and the socket: there is no password to
  leak, the cluster holds made-up data and lives only as long as the run. It is stopped and its
  folder deleted on the way out, also after an error, Ctrl-C or SIGTERM;
* ``None`` when there is neither, after printing why the PostgreSQL benchmarks are skipped.

Durability stays as deployed: ``fsync``, ``synchronous_commit`` and ``full_page_writes`` keep
their defaults (on), because the time a commit takes to reach the disk is part of what the
check-in benchmark measures; a cluster tuned for speed (as the CI one is) would flatter it.
Only initdb's own final flush of the template files is skipped (``--no-sync``): the cluster is
deleted after the run, and that flush is not something the benchmarks time.

PostgreSQL refuses to run as root, so as root the cluster belongs to the ``postgres`` user
(``runuser -u postgres --``, as ``.ci/run`` does) and so does the temporary folder.

Run: .venv/bin/python -m benchmarks.stack   (starts a cluster, says where, stops it)
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from benchmarks.databases import postgres_url

DATABASE = "herts_bench"
SUPERUSER = "postgres"
SKIPPED = (
    "PostgreSQL benchmarks skipped: no PostgreSQL server installed — "
    "`apt-get install postgresql` or set BENCH_DATABASE_URL"
)


class StackError(RuntimeError):
    """The PostgreSQL server programs are there but the throwaway cluster would not run."""


def _version_key(path: str) -> tuple[int, ...]:
    version = Path(path).parent.parent.name  # /usr/lib/postgresql/<version>/bin/initdb
    return tuple(int(part) for part in version.split(".") if part.isdigit())


def server_bindir() -> Path | None:
    """The folder holding initdb, pg_ctl and postgres, the newest version first; else None."""
    installed = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version_key)
    candidates = [Path(path).parent for path in reversed(installed)]
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            bindir = subprocess.run(  # noqa: S603 - the pg_config on PATH, fixed arguments
                [pg_config, "--bindir"], capture_output=True, text=True, check=True, timeout=10
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            bindir = ""
        if bindir:
            candidates.append(Path(bindir))
    for folder in candidates:
        if all(os.access(folder / name, os.X_OK) for name in ("initdb", "pg_ctl", "postgres")):
            return folder
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _conf_value(value: str | int) -> str:
    return str(value) if isinstance(value, int) else "'" + value.replace("'", "''") + "'"


class Cluster:
    """A PostgreSQL cluster in ``folder``: data, socket and server log all inside it."""

    def __init__(self, bindir: Path, folder: Path) -> None:
        self.bindir = bindir
        self.folder = folder
        self.data = folder / "data"
        self.log = folder / "server.log"
        self.port = 0
        self.as_root = os.geteuid() == 0

    def _run(self, program: str, *args: str, timeout: float = 120) -> None:
        command = [str(self.bindir / program), *args]
        if self.as_root:
            runuser = shutil.which("runuser") or "/usr/sbin/runuser"
            command = [runuser, "-u", SUPERUSER, "--", *command]
        done = subprocess.run(  # noqa: S603 - PostgreSQL's own programs, fixed arguments
            command,
            cwd=self.folder,  # as postgres, the caller's folder may be unreadable
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode != 0:
            said = (done.stderr or done.stdout).strip()
            what = f"pg_ctl {args[-1]}" if program == "pg_ctl" else program
            raise StackError(f"{what} failed (exit {done.returncode}): {said[-1500:]}")

    def create(self) -> None:
        if self.as_root:
            try:
                shutil.chown(self.folder, user=SUPERUSER, group=SUPERUSER)
            except LookupError as error:
                raise StackError(
                    "running as root, and there is no 'postgres' user to run PostgreSQL as "
                    "(PostgreSQL refuses to run as root)"
                ) from error
        self._run(
            "initdb",
            "--pgdata", str(self.data),
            "--username", SUPERUSER,
            "--auth-local", "trust",
            "--auth-host", "trust",
            "--encoding", "UTF8",
            "--locale", "C.UTF-8",
            "--no-sync",
            "--no-instructions",
        )  # fmt: skip
        # Append to postgresql.conf (still the cluster owner's file): no shell quoting needed.
        settings: dict[str, str | int] = {
            "listen_addresses": "127.0.0.1",
            "unix_socket_directories": str(self.folder),
            "fsync": "on",
            "synchronous_commit": "on",
            "full_page_writes": "on",
        }
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write("\n# benchmarks.stack: a throwaway cluster for `make bench`\n")
            conf.writelines(f"{key} = {_conf_value(value)}\n" for key, value in settings.items())

    def start(self, attempts: int = 3) -> None:
        """Start on a free port; another port if someone took it between the probe and now."""
        for attempt in range(1, attempts + 1):
            self.port = free_port()
            try:
                self._run(
                    "pg_ctl", "--pgdata", str(self.data), "--log", str(self.log),
                    "-o", f"-p {self.port}", "-w", "-t", "60", "start",
                )  # fmt: skip
                return
            except StackError as error:
                if attempt == attempts:
                    raise StackError(f"{error}\nserver log:\n{self.log_tail()}") from None

    def log_tail(self) -> str:
        try:
            return self.log.read_text(errors="replace")[-2000:]
        except OSError:
            return "(no server log)"

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def stop(self) -> None:
        for mode in ("fast", "immediate"):
            if not self.running():
                return
            try:
                self._run("pg_ctl", "--pgdata", str(self.data), "-m", mode, "-w", "-t", "60",
                          "stop")  # fmt: skip
            except (StackError, subprocess.TimeoutExpired) as error:
                print(f"benchmarks.stack: pg_ctl stop -m {mode}: {error}", file=sys.stderr)

    @property
    def url(self) -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{DATABASE}"

    def create_database(self) -> None:
        import psycopg

        admin = f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/postgres"
        with psycopg.connect(admin, autocommit=True, connect_timeout=10) as connection:
            connection.execute(f'CREATE DATABASE "{DATABASE}"')


@contextmanager
def _sigterm_as_exit() -> Iterator[None]:
    """SIGTERM ends the run like Ctrl-C does, through the ``finally`` that stops the cluster."""

    def stop(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def throwaway_cluster(bindir: Path) -> Iterator[str]:
    """A new cluster in a temporary folder, with database ``herts_bench``; yields its URL."""
    folder = Path(tempfile.mkdtemp(prefix="herts-bench-pg-"))
    cluster = Cluster(bindir, folder)
    try:
        with _sigterm_as_exit():
            cluster.create()
            cluster.start()
            try:
                cluster.create_database()
                yield cluster.url
            finally:
                cluster.stop()
    finally:
        if cluster.running():
            # Never delete the folder from under a server that would not stop: say where it is.
            print(f"benchmarks.stack: PostgreSQL still running in {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def postgres_for_bench() -> Iterator[str | None]:
    """The PostgreSQL server the benchmarks use: the one given, else a throwaway one of their
    own, else ``None`` (after printing why the PostgreSQL benchmarks are skipped)."""
    given = postgres_url()
    if given is not None:
        yield given
        return
    bindir = server_bindir()
    if bindir is None:
        print(SKIPPED)
        yield None
        return
    started = time.perf_counter()
    with throwaway_cluster(bindir) as url:
        print(
            f"PostgreSQL for the benchmarks: a throwaway cluster ({bindir}) on {url}, "
            f"ready in {time.perf_counter() - started:.1f} s, deleted afterwards"
        )
        yield url


if __name__ == "__main__":
    with postgres_for_bench() as found:
        if found is not None:
            import psycopg

            with psycopg.connect(found) as check:
                row = check.execute("SELECT version(), current_setting('fsync')").fetchone()
            print(f"{row[0]}\nfsync = {row[1]}" if row else "no answer")
