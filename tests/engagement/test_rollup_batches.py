"""The county's hubs and districts read together (``summaries``) give exactly the figures of
``summary`` for each grouping and of ``total_over_encounters``, every column, people and fair
attendance included, on a small random county."""

from __future__ import annotations

from dataclasses import replace

import pytest

from core.periods import academic_year, financial_quarter
from engagement.models import Encounter
from engagement.rollup_batches import summaries
from engagement.rollups import summary, total_over_encounters
from engagement.summary_columns import COLUMNS, GroupBy
from tests.engagement.test_tallies import county  # noqa: F401 - the random county fixture

pytestmark = pytest.mark.django_db

NAMES = ["key", *(name for name, _help in COLUMNS)]


def _rows(rows):
    return [tuple(getattr(row, name) for name in NAMES) for row in rows]


@pytest.mark.parametrize("period", [academic_year(2025), financial_quarter(2025, 4)])
@pytest.mark.parametrize(
    "group_bys",
    [[GroupBy.HUB, GroupBy.DISTRICT], [GroupBy.DISTRICT], [GroupBy.SCHOOL, GroupBy.YEAR_GROUP]],
)
def test_read_together_is_the_same_as_one_by_one(county, period, group_bys):  # noqa: F811
    encounters = Encounter.objects.all()

    tables, total = summaries(period=period, group_bys=group_bys, queryset=encounters)

    for group_by, rows in zip(group_bys, tables, strict=True):
        expected = summary(period=period, group_by=group_by, queryset=encounters)
        assert _rows(rows) == _rows(expected), group_by
    assert _rows([total]) == _rows([total_over_encounters(period=period, queryset=encounters)])
    assert total.employer_encounters > 0


def test_a_period_the_tallies_cannot_answer_reads_one_by_one(county):  # noqa: F811
    period = academic_year(2025)
    odd = replace(period, start=period.start.replace(day=2))  # not whole months
    encounters = Encounter.objects.all()

    tables, total = summaries(period=odd, group_bys=[GroupBy.HUB], queryset=encounters)

    assert _rows(tables[0]) == _rows(summary(period=odd, group_by=GroupBy.HUB, queryset=encounters))
    assert _rows([total]) == _rows([total_over_encounters(period=odd, queryset=encounters)])
