"""Reporting periods as data: academic years (1 Sept–31 Aug), financial-year quarters
(Q1 = April–June) and calendar years, with labels people use ("2025-26", "2026-27 Q1").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")

# The years figures are shown for: a year outside them asked in a URL is a typing slip, not a
# period to count.
FIGURE_YEARS = range(2000, 2101)


class PeriodKind(StrEnum):
    ACADEMIC_YEAR = "academic_year"
    FINANCIAL_YEAR = "financial_year"
    FINANCIAL_QUARTER = "financial_quarter"
    CALENDAR_YEAR = "calendar_year"


@dataclass(frozen=True, order=True)
class Period:
    """A half-open span of days [start, end) with the label people know it by."""

    start: date
    end: date
    kind: PeriodKind
    label: str

    def __contains__(self, day: date) -> bool:
        return self.start <= day < self.end

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def starts_at(self) -> datetime:
        """Midnight in London at the start, for filtering aware datetimes."""
        return datetime.combine(self.start, time.min, tzinfo=LONDON)

    @property
    def ends_at(self) -> datetime:
        return datetime.combine(self.end, time.min, tzinfo=LONDON)


def academic_year(start_year: int) -> Period:
    """The academic year that starts on 1 September ``start_year`` ("2025-26")."""
    return Period(
        date(start_year, 9, 1),
        date(start_year + 1, 9, 1),
        PeriodKind.ACADEMIC_YEAR,
        f"{start_year}-{(start_year + 1) % 100:02d}",
    )


def academic_year_of(day: date) -> Period:
    return academic_year(day.year if day.month >= 9 else day.year - 1)


def financial_year(start_year: int) -> Period:
    """1 April ``start_year`` to 31 March the year after ("2026-27")."""
    return Period(
        date(start_year, 4, 1),
        date(start_year + 1, 4, 1),
        PeriodKind.FINANCIAL_YEAR,
        f"{start_year}-{(start_year + 1) % 100:02d}",
    )


def financial_year_of(day: date) -> Period:
    return financial_year(day.year if day.month >= 4 else day.year - 1)


def financial_quarter(start_year: int, quarter: int) -> Period:
    """Quarter 1–4 of the financial year starting in April ``start_year`` (Q1 = April–June)."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"A financial quarter is 1 to 4, not {quarter}.")
    month = 4 + 3 * (quarter - 1)
    year = start_year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    end_month = month + 3
    end = date(year + (end_month - 1) // 12, (end_month - 1) % 12 + 1, 1)
    label = f"{start_year}-{(start_year + 1) % 100:02d} Q{quarter}"
    return Period(date(year, month, 1), end, PeriodKind.FINANCIAL_QUARTER, label)


def financial_quarters(start_year: int) -> list[Period]:
    return [financial_quarter(start_year, q) for q in (1, 2, 3, 4)]


def financial_quarter_of(day: date) -> Period:
    year = financial_year_of(day).start.year
    quarter = ((day.month - 4) % 12) // 3 + 1
    return financial_quarter(year, quarter)


def calendar_year(year: int) -> Period:
    return Period(date(year, 1, 1), date(year + 1, 1, 1), PeriodKind.CALENDAR_YEAR, str(year))


_YEAR_LABEL = re.compile(r"^(\d{4})-(\d{2})$")


def parse_academic_year(label: str) -> Period:
    """'2025-26' → the academic year; anything else raises ValueError with a plain message."""
    match = _YEAR_LABEL.match(label.strip())
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise ValueError(f"An academic year looks like 2025-26, not {label!r}.")
    return academic_year(int(match.group(1)))


def period_containing(kind: PeriodKind, day: date) -> Period:
    return {
        PeriodKind.ACADEMIC_YEAR: academic_year_of,
        PeriodKind.FINANCIAL_YEAR: financial_year_of,
        PeriodKind.FINANCIAL_QUARTER: financial_quarter_of,
        PeriodKind.CALENDAR_YEAR: lambda d: calendar_year(d.year),
    }[kind](day)
