"""The organiser's event page benchmark runs (quick sizes) and its query count holds."""

from __future__ import annotations

import pytest

from benchmarks import event_page, report

pytestmark = pytest.mark.slow  # builds two fairs: run by .ci/run (make test-slow), not make test


def test_event_page_benchmark_names_its_figures_and_its_queries_do_not_grow(
    monkeypatch, tmp_path, django_db_blocker
):
    monkeypatch.setenv("BENCH_QUICK", "1")
    monkeypatch.setattr(report, "RESULTS", tmp_path)
    with django_db_blocker.unblock():
        _, figures = event_page.run(people=40, requests=1)

    named = {figure.name: figure for figure in figures}
    assert named["organiser's event page (40 people): queries"].value > 0
    assert "organiser's event page (40 people): median" in named
    assert named["organiser's event page queries, 20 people"].passed
