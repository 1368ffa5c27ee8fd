"""benchmarks/door_sync.py still runs, in its quick mode (500 tickets, no browser): it names its
figures as the README shows them and a delta after ten changes sends exactly those ten tickets.
It never judges a size or a time here; `make bench` does, at 10,000 tickets."""

from __future__ import annotations

import pytest

from benchmarks import door_sync, report

pytestmark = pytest.mark.slow


def test_door_sync_benchmark_sends_ten_tickets_after_ten_changes(
    monkeypatch, tmp_path, django_db_blocker
):
    monkeypatch.setenv("BENCH_QUICK", "1")
    monkeypatch.setenv("BENCH_NO_BROWSER", "1")
    monkeypatch.setattr(report, "RESULTS", tmp_path)
    with django_db_blocker.unblock():
        _, figures = door_sync.run()

    named = {figure.name: figure for figure in figures}
    assert named["sync after 10 changes: tickets sent"].value == 10
    assert named["sync with nothing new: status"].value == 304
    assert "first sync, 500 tickets: gzipped" in named
    assert (tmp_path / "door_sync.json").exists()
