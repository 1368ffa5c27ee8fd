"""The messages benchmark still runs, in quick mode: every message sent once, none refused by
the fake Notify; its times are read, never judged here (they depend on the machine)."""

from __future__ import annotations

import pytest

from benchmarks import messages, report

pytestmark = pytest.mark.slow


def test_the_messages_benchmark_sends_each_message_once(monkeypatch, tmp_path, django_db_blocker):
    monkeypatch.setenv("BENCH_QUICK", "1")
    monkeypatch.setattr(report, "RESULTS", tmp_path)
    with django_db_blocker.unblock():
        _, figures = messages.run()
    named = {figure.name: figure for figure in figures}
    assert named["messages Notify accepted"].value == 100
    assert named["rows sent (each once)"].value == 100
    assert named["requests Notify refused"].value == 0
    assert "queue a message to 100 people" in named
    assert "sending rate at Notify's limit" in named
