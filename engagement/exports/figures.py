"""The rows an export writes: the summary and its totals line, and every encounter as flat
rows in batches (with the CSV text of each batch made in one pass)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import connections
from django.db.models import DateField, F, Func, QuerySet

from core.periods import Period
from core.tabular import spreadsheet_text
from employers.models import Employer
from engagement.exports.spec import CSV_ROWS_PER_CHUNK, ENCOUNTER_COLUMNS
from engagement.models import Encounter
from engagement.outcomes import summary_outcomes_add
from engagement.rollups import encounters_in, summary, total_over_encounters
from engagement.summary_columns import COLUMNS, GroupBy, SummaryRow
from events.models import StandApplication, Ticket

# --- The figures ------------------------------------------------------------------------------


@dataclass
class SummaryTable:
    rows: list[SummaryRow]
    totals: SummaryRow


def summary_table(
    *,
    period: Period,
    group_by: GroupBy | str,
    queryset: QuerySet[Encounter] | None = None,
    attendance: QuerySet[Ticket] | None = None,
    outcomes: QuerySet[StandApplication] | None = None,
) -> SummaryTable:
    """The summary and its totals line (``rollups.total_over_encounters``: taken over the
    encounters themselves, never the rows added up). ``attendance``: the admitted tickets the
    viewer may count (by default, those matching ``queryset``'s place or employer);
    ``outcomes``: the stands whose outcomes the viewer may count (by default, every stand)."""
    rows = summary(period=period, group_by=group_by, queryset=queryset, attendance=attendance)
    totals = total_over_encounters(period=period, queryset=queryset, attendance=attendance)
    summary_outcomes_add(rows, totals, period=period, group_by=str(group_by), stands=outcomes)
    return SummaryTable(rows=rows, totals=totals)


def summary_header() -> list[str]:
    return [name for name, _definition in COLUMNS]


def summary_values(row: SummaryRow, *, blank: Collection[str] = ()) -> list[object]:
    """The row's cells in ``COLUMNS`` order; the columns in ``blank`` empty (not counted for
    this row, which is not the same as none)."""
    return ["" if name in blank else value for name, value in row.as_dict().items()]


def encounter_header() -> list[str]:
    return [name for name, _source, _definition in ENCOUNTER_COLUMNS]


# The ledger's own columns an encounter row is made from (names come from ``_Names``).
_SCAN_FIELDS = (
    "occurred_on",
    "kind",
    "source",
    "method",
    "employer_id",
    "provider_name",
    "school_id",
    "year_group",
    "audience",
    "people",
    "meaningful",
    "district_id",
    "hub_id",
    "event_id",
)


def _ledger_scan(
    period: Period, queryset: QuerySet[Encounter] | None
) -> Iterator[list[tuple[Any, ...]]]:
    """The encounters of ``period`` in the order they were recorded, as the database gives
    them, in batches of ``CSV_ROWS_PER_CHUNK``: one table, no joins (the names are looked up in
    ``_Names``), read through a chunked (server-side on PostgreSQL) cursor. Django's per-value
    conversion of a million rows would cost more than reading them."""
    base = Encounter.objects.all() if queryset is None else queryset
    rows: QuerySet[Encounter]
    if connections[base.db].vendor == "sqlite":
        # Read the table front to back rather than through the date index, which would cost
        # a random read per row: SQLite's unary "+" keeps the index out of the plan.
        day = Func(F("occurred_on"), template="+%(expressions)s", output_field=DateField())
        rows = base.alias(day=day).filter(day__gte=period.start, day__lt=period.end)
    else:
        rows = encounters_in(period, queryset=base)
    sql, params = rows.order_by("pk").values_list(*_SCAN_FIELDS).query.sql_with_params()
    with connections[rows.db].chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(CSV_ROWS_PER_CHUNK):
            yield batch


class _Names:
    """The names an encounter row shows, read once per export from the small tables."""

    def __init__(self, text: Callable[[Any], str]) -> None:
        self.employer: dict[Any, tuple[str, str]] = {
            pk: (text(name), size)
            for pk, name, size in Employer.objects.values_list("pk", "name", "size_band")
        }
        self.employer[None] = ("", "")
        self.school: dict[Any, tuple[str, str]] = {
            pk: (urn, text(name))
            for pk, urn, name in apps.get_model("schools", "School").objects.values_list(
                "pk", "urn", "name"
            )
        }
        self.school[None] = ("", "")
        self.district = self._by_pk(apps.get_model("accounts", "District"), "name", text)
        self.hub = self._by_pk(apps.get_model("schools", "Hub"), "name", text)
        self.event = self._by_pk(apps.get_model("events", "Event"), "title", text)

    @staticmethod
    def _by_pk(model: Any, field_name: str, text: Callable[[Any], str]) -> dict[Any, str]:
        names = {pk: text(name) for pk, name in model.objects.values_list("pk", field_name)}
        names[None] = ""
        return names


def encounter_batches(
    *, period: Period, queryset: QuerySet[Encounter] | None = None
) -> Iterator[list[tuple[Any, ...]]]:
    """Every encounter of ``period`` as rows of cells (``ENCOUNTER_COLUMNS``), in batches."""
    names = _Names(lambda name: name)
    yes_no = ("no", "yes")
    for batch in _ledger_scan(period, queryset):
        yield [
            (
                day,
                kind,
                source,
                method,
                *names.employer[employer],
                provider,
                *names.school[school],
                year,
                audience,
                people,
                yes_no[meaningful],
                names.district[district],
                names.hub[hub],
                names.event[event],
            )
            for (
                day,
                kind,
                source,
                method,
                employer,
                provider,
                school,
                year,
                audience,
                people,
                meaningful,
                district,
                hub,
                event,
            ) in batch
        ]


def _csv_text(value: Any) -> str:
    """One CSV field as ``csv.writer`` would write it, after the formula guard."""
    if value is None or value == "":
        return ""
    text = spreadsheet_text(str(value))
    if any(mark in text for mark in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


class _Memo(dict[Any, str]):
    """Free texts (provider names) repeat: each is made CSV-safe once."""

    def __missing__(self, value: Any) -> str:
        self[value] = text = _csv_text(value)
        return text


def encounter_csv_batches(
    *, period: Period, queryset: QuerySet[Encounter] | None = None
) -> Iterator[tuple[int, str]]:
    """Every encounter of ``period`` as CSV text, a batch at a time: (rows, text).

    The same cells as ``encounter_batches``, written straight to text: names are made CSV-safe
    (quoted where needed, with the formula guard) once per export, not once per row, and the
    other columns are codes, numbers and dates that never need quoting. This is what lets a
    million rows go at over 100,000 a second.
    """
    names = _Names(_csv_text)
    employer = {pk: f"{name},{size}" for pk, (name, size) in names.employer.items()}
    school = {pk: f"{urn},{name}" for pk, (urn, name) in names.school.items()}
    district, hub, event = names.district, names.hub, names.event
    provider = _Memo()
    year_group: dict[int | None, str] = {None: "", **{year: str(year) for year in range(7, 14)}}
    yes_no = ("no", "yes")
    for batch in _ledger_scan(period, queryset):
        yield (
            len(batch),
            "".join(
                [
                    f"{day},{kind},{source},{how},{employer[e]},{provider[p]},{school[s]},"
                    f"{year_group[y]},{audience},{people},{yes_no[m]},{district[d]},{hub[h]},"
                    f"{event[ev]}\r\n"
                    for day, kind, source, how, e, p, s, y, audience, people, m, d, h, ev in batch
                ]
            ),
        )
