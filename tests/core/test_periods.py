from __future__ import annotations

from datetime import date

import pytest

from core.periods import (
    academic_year_of,
    financial_quarter,
    financial_quarter_of,
    financial_year_of,
    parse_academic_year,
)


@pytest.mark.parametrize(
    ("day", "label"),
    [(date(2025, 9, 1), "2025-26"), (date(2026, 8, 31), "2025-26"), (date(2026, 9, 1), "2026-27")],
)
def test_academic_year_runs_from_1_september_to_31_august(day, label):
    assert academic_year_of(day).label == label


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (date(2026, 4, 1), "2026-27 Q1"),
        (date(2026, 6, 30), "2026-27 Q1"),
        (date(2026, 7, 1), "2026-27 Q2"),
        (date(2026, 12, 31), "2026-27 Q3"),
        (date(2027, 1, 1), "2026-27 Q4"),
        (date(2027, 3, 31), "2026-27 Q4"),
        (date(2027, 4, 1), "2027-28 Q1"),
    ],
)
def test_financial_quarters_start_in_april(day, label):
    assert financial_quarter_of(day).label == label
    assert day in financial_quarter_of(day)


def test_quarter_four_ends_where_the_next_year_begins():
    q4 = financial_quarter(2026, 4)

    assert (q4.start, q4.last_day) == (date(2027, 1, 1), date(2027, 3, 31))
    assert q4.end == financial_year_of(date(2027, 4, 1)).start


@pytest.mark.parametrize("bad", ["2025", "2025-27", "25-26", "2025/26", ""])
def test_a_badly_written_academic_year_is_refused_plainly(bad):
    with pytest.raises(ValueError, match="looks like 2025-26"):
        parse_academic_year(bad)
