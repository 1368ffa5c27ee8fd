"""Several rollups of the same encounters read together, for a page that shows them side by
side (the county dashboard's hubs and districts): the same figures as ``summary`` and
``total_over_encounters``, in a number of queries that does not grow with the groupings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet

from core.periods import Period
from engagement import people, tallies
from engagement.models import Encounter
from engagement.rollups import (
    TALLY_GROUPS,
    encounters_in,
    from_tally_sums,
    people_fill,
    summary,
    tally_figures,
    tally_rows,
    total_over_encounters,
    total_row,
)
from engagement.summary_columns import GROUP_FIELDS, GroupBy, SummaryRow


def summaries(
    *, period: Period, group_bys: Sequence[GroupBy], queryset: QuerySet[Encounter]
) -> tuple[list[list[SummaryRow]], SummaryRow]:
    """``summary`` for each of ``group_bys`` and ``total_over_encounters``, the same figures
    read together for a page that shows them side by side (the county's hubs and districts):
    the tallies' sums and employer bitmaps once for every grouping (cells add up), distinct
    people in two statements and fair attendance in one for all of them."""
    months = tallies.months_in(period)
    filters = tallies.cell_filters(queryset)
    if months is None or filters is None or any(g not in TALLY_GROUPS for g in group_bys):
        return (
            [summary(period=period, group_by=g, queryset=queryset) for g in group_bys],
            total_over_encounters(period=period, queryset=queryset),
        )
    key_fields = [TALLY_GROUPS[g] for g in group_bys]
    cells = tallies.cells(months, **filters)
    sums = list(
        cells.order_by()
        .values_list(*key_fields)
        .annotate(**{f"n_{name}": figure for name, figure in tally_figures().items()})
    )
    bits = list(tallies.bitmap_rows(cells, *key_fields))
    names = list(tally_figures())
    tables = []
    for index, group_by in enumerate(group_bys):
        added: dict[Any, dict[str, int]] = {}
        for row in sums:
            into = added.setdefault(row[index], dict.fromkeys(names, 0))
            for at, name in enumerate(names, start=len(key_fields)):
                into[name] += row[at] or 0
        employers = tallies.employers_by((row[index], row[-1]) for row in bits)
        tables.append(tally_rows(group_by, added, employers))
    overall = dict.fromkeys(names, 0)
    for row in sums:
        for at, name in enumerate(names, start=len(key_fields)):
            overall[name] += row[at] or 0
    figures = from_tally_sums(overall)
    figures["employers"] = tallies.employers_by((None, row[-1]) for row in bits).get(None, 0)
    total = total_row(figures)
    tickets = people.attendance_of(queryset)
    groupings = [*group_bys, None]
    found = people.distinct_people_by(
        encounters_in(period, queryset=queryset),
        [GROUP_FIELDS[g][0] if g else None for g in groupings],
    )
    came = people.fair_attendance_by(period, tickets, [str(g) if g else None for g in groupings])
    for rows, grouping, counted, attended in zip(
        [*tables, [total]], groupings, found, came, strict=True
    ):
        people_fill(rows, grouping, counted, attended)
    return tables, total
