"""Encounters month by month: employer encounters (split by how they are known) and provider
encounters side by side, never added together."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import formats
from django.utils.translation import gettext as _

from core.numbers import grouped
from core.periods import Period
from engagement import tallies
from engagement.charts import BarChart, bar_chart
from engagement.models import Encounter, EncounterMethod
from engagement.rollups import encounters_in


@dataclass
class MonthRow:
    label: str
    employer_encounters: int = 0
    scanned_employer_encounters: int = 0
    recorded_employer_encounters: int = 0
    provider_encounters: int = 0


@dataclass
class MonthlyEncounters:
    """The chart (employer encounters) and its table (every figure, the chart's alternative)."""

    chart: BarChart
    rows: list[MonthRow]


def _months(period: Period) -> list[date]:
    months = []
    day = period.start.replace(day=1)
    while day < period.end:
        months.append(day)
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return months


def _counts_by_month(period: Period, encounters: QuerySet[Encounter]) -> dict[date, dict[str, Any]]:
    """Month → employer encounters (``employer_n``), of which scanned (``scanned_n``), and
    provider encounters (``provider_n``): summed from the monthly tallies where they can answer
    (as the rollups), else counted over the ledger."""
    months = tallies.months_in(period)
    filters = tallies.cell_filters(encounters)
    if months is not None and filters is not None:
        rows: Any = (
            tallies.cells(months, **filters)
            .order_by()
            .values("month")
            .annotate(
                employer_n=Sum("employer_encounters"),
                scanned_n=Sum("scanned_employer_encounters"),
                every_n=Sum("encounters"),
            )
        )
        return {
            row["month"]: {**row, "provider_n": row["every_n"] - row["employer_n"]} for row in rows
        }
    employer = Q(employer__isnull=False)
    scanned = employer & Q(method=EncounterMethod.SCANNED)
    return {
        row["month"]: dict(row)
        for row in encounters_in(period, queryset=encounters)
        .order_by()
        .annotate(month=TruncMonth("occurred_on"))
        .values("month")
        .annotate(
            employer_n=Count("pk", filter=employer),
            scanned_n=Count("pk", filter=scanned),
            provider_n=Count("pk", filter=~employer),
        )
    }


def encounters_by_month(*, period: Period, encounters: QuerySet[Encounter]) -> MonthlyEncounters:
    """Each month of ``period``: employer encounters, of which scanned and recorded, and
    provider encounters (one GROUP BY)."""
    counted = _counts_by_month(period, encounters)
    rows = []
    for month in _months(period):
        found = counted.get(month, {})
        row = MonthRow(label=formats.date_format(month, "F Y"))
        row.employer_encounters = found.get("employer_n", 0)
        row.scanned_employer_encounters = found.get("scanned_n", 0)
        row.recorded_employer_encounters = row.employer_encounters - row.scanned_employer_encounters
        row.provider_encounters = found.get("provider_n", 0)
        rows.append(row)
    chart = bar_chart(
        title=_("Employer encounters by month, %(period)s") % {"period": period.label},
        description=_(
            "A bar for each month of the academic year: employer encounters only (provider "
            "encounters are counted apart). The table below has the same figures, split by how "
            "each encounter is known, with provider encounters in their own column."
        ),
        bars=[
            (row.label, row.employer_encounters, grouped(row.employer_encounters)) for row in rows
        ],
    )
    return MonthlyEncounters(chart=chart, rows=rows)
