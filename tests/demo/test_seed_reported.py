"""The demo's reported figures: every reported measure has its 2025-26 figure, with its
provenance, and a second run changes nothing."""

from __future__ import annotations

import pytest

from core.periods import academic_year, financial_year
from demo.seed import seed_demo
from engagement.measures import measure_figure
from engagement.models import Measure, ReportedValue

pytestmark = pytest.mark.django_db


def test_the_demo_reports_every_reported_measure_for_2025_26_once():
    first = seed_demo(with_passwords=False)
    second = seed_demo(with_passwords=False)

    assert first["reported_values"] == Measure.objects.filter(kind="reported").count() == 12
    assert (second["created"], second["updated"]) == (0, 0)
    assert ReportedValue.objects.filter(period_label="2025-26").count() == 12
    for measure in Measure.objects.filter(kind=Measure.Kind.REPORTED):
        period = (academic_year if measure.period_kind == "academic_year" else financial_year)(2025)
        figure = measure_figure(measure, period=period)
        assert figure.actual is not None, measure.code
        assert figure.result.reported.startswith("Reported by "), measure.code
