"""`make bench` brings up the PostgreSQL server its benchmarks need, and takes it down again."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import __main__ as bench
from benchmarks import stack

needs_server = pytest.mark.skipif(
    stack.server_bindir() is None, reason="no PostgreSQL server programs installed"
)


@pytest.fixture
def nothing_given(monkeypatch):
    monkeypatch.delenv("BENCH_DATABASE_URL", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)


@needs_server
def test_a_throwaway_cluster_answers_on_127_0_0_1_and_is_gone_afterwards(nothing_given):
    import psycopg

    with stack.postgres_for_bench() as url:
        assert url is not None
        assert url.startswith("postgresql://postgres@127.0.0.1:")
        with psycopg.connect(url, connect_timeout=10) as connection:
            one = connection.execute("SELECT 1").fetchone()
            database = connection.execute("SELECT current_database()").fetchone()
            settings = dict(
                connection.execute(
                    "SELECT name, setting FROM pg_settings WHERE name = ANY(%s)",
                    (["listen_addresses", "fsync", "synchronous_commit", "data_directory"],),
                ).fetchall()
            )
        folder = Path(settings["data_directory"]).parent
        assert folder.name.startswith("herts-bench-pg-")
        assert folder.is_dir()

    assert one == (1,)
    assert database == ("herts_bench",)
    assert settings["listen_addresses"] == "127.0.0.1"
    assert (settings["fsync"], settings["synchronous_commit"]) == ("on", "on")
    assert not folder.exists()


@needs_server
def test_the_cluster_is_stopped_and_deleted_when_the_run_fails(nothing_given):
    import psycopg

    with pytest.raises(RuntimeError, match="benchmark broke"):
        with stack.postgres_for_bench() as url:
            with psycopg.connect(url, connect_timeout=10) as connection:
                row = connection.execute("SHOW data_directory").fetchone()
            folder = Path(row[0]).parent
            raise RuntimeError("benchmark broke")

    assert not folder.exists()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(url, connect_timeout=2)


def test_a_given_server_is_used_and_nothing_is_started(monkeypatch):
    given = "postgresql://bench:secret@127.0.0.1:5432/fairs"
    monkeypatch.setenv("BENCH_DATABASE_URL", given)
    monkeypatch.setattr(stack, "server_bindir", lambda: pytest.fail("looked for a server"))

    with stack.postgres_for_bench() as url:
        assert url == given


def test_without_postgresql_installed_it_says_how_to_get_it(nothing_given, monkeypatch, capsys):
    monkeypatch.setattr(stack, "server_bindir", lambda: None)

    with stack.postgres_for_bench() as url:
        assert url is None

    printed = capsys.readouterr().out
    assert "PostgreSQL benchmarks skipped: no PostgreSQL server installed" in printed
    assert "apt-get install postgresql" in printed


def test_bench_only_runs_the_benchmarks_named_in_the_usual_order(monkeypatch):
    monkeypatch.setenv("BENCH_ONLY", " oversell, matching ")

    assert bench.chosen() == ["matching", "oversell"]


def test_bench_only_with_an_unknown_name_says_so_and_runs_nothing(monkeypatch, capsys):
    monkeypatch.setenv("BENCH_ONLY", "oversell,overcell")
    monkeypatch.setattr(stack, "postgres_for_bench", lambda: pytest.fail("started a server"))

    assert bench.main() == 2
    said = capsys.readouterr().err
    assert "no benchmark called overcell" in said
    assert "checkin_load, api_floor, oversell" in said
