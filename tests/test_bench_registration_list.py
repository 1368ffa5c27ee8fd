"""The registrations-list benchmark runs, in quick mode, and its query count does not grow."""

from __future__ import annotations

import pytest

from benchmarks import registration_list, report


@pytest.fixture
def quick(monkeypatch, tmp_path, django_db_blocker):
    monkeypatch.setenv("BENCH_QUICK", "1")
    monkeypatch.setattr(report, "RESULTS", tmp_path)
    with django_db_blocker.unblock():
        yield tmp_path


def test_the_registrations_list_benchmark_names_its_figures_and_pins_its_queries(quick):
    _passed, figures = registration_list.run()

    named = {figure.name: figure for figure in figures}
    assert named["list, first page: queries"].value > 0
    assert "one registration's page: CPU" in named
    assert named["list queries, 20 people"].passed
