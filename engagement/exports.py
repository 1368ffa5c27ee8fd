"""CSV and XLSX exports of the engagement figures, shared by the dashboards, the API and
``manage.py export_engagement``.

Two exports: the summary (``rollups.summary`` rows and a totals row) and every encounter as a
flat row (``rollups.encounter_rows``). Both stream: CSV is written in chunks of rows read with
``iterator(chunk_size)``, XLSX through openpyxl's write-only workbook (rows go to a temporary
file, not memory), so a million encounter rows leave with flat memory. The XLSX has a second
sheet, "Definitions", that defines every column and says what the file covers, when it was made
and by whom. Every export is logged (``ExportLog``): who, what, when, from where.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from django.apps import apps
from django.db import connections
from django.db.models import DateField, F, Func, QuerySet
from django.http import FileResponse, HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from accounts.audit import client_ip as audit_client_ip
from accounts.permissions import is_admin, is_lead, visible
from core.exceptions import DomainError
from core.periods import Period, academic_year_of, parse_academic_year
from employers.models import Employer
from engagement.models import Encounter, ExportLog
from engagement.rollups import (
    COLUMNS,
    GroupBy,
    SummaryRow,
    encounters_in,
    summary,
    total_over_encounters,
)

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A worksheet holds 1,048,576 rows; one is the header.
XLSX_MAX_ROWS = 1_048_575
# Rows per chunk of a streamed CSV: big enough that the per-chunk cost vanishes, small enough
# that a chunk is a few hundred kilobytes.
CSV_ROWS_PER_CHUNK = 2000
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# The encounter-rows export: (column, the ``encounter_rows`` field it comes from, definition).
ENCOUNTER_COLUMNS: list[tuple[str, str, Any]] = [
    ("date", "occurred_on", gettext_lazy("The day the encounter happened")),
    (
        "kind",
        "kind",
        gettext_lazy("Fair, jobs fair, talk, workplace visit, mock interviews, mentoring..."),
    ),
    (
        "source",
        "source",
        gettext_lazy("event: derived from a fair's check-ins; recorded; imported"),
    ),
    (
        "employer",
        "employer__name",
        gettext_lazy("The employer met (empty for a provider encounter)"),
    ),
    ("employer_size", "employer__size_band", gettext_lazy("micro, small, medium (SMEs) or large")),
    (
        "provider",
        "provider_name",
        gettext_lazy("The college or training provider, for provider encounters"),
    ),
    ("school_urn", "school__urn", gettext_lazy("The school's unique reference number")),
    ("school", "school__name", gettext_lazy("The school or college whose pupils met the employer")),
    ("year_group", "year_group", gettext_lazy("School year group, 7 to 13")),
    (
        "audience",
        "audience",
        gettext_lazy("Pupils, jobseekers, people aged 50+, parents and carers..."),
    ),
    ("people", "people", gettext_lazy("People in the audience")),
    (
        "meaningful",
        "meaningful",
        gettext_lazy(
            "yes when all four facts of a meaningful encounter were recorded (Gatsby Benchmark 5)"
        ),
    ),
    ("district", "district__name", gettext_lazy("The district where it counts")),
    ("hub", "hub__name", gettext_lazy("The Careers Hub of the school")),
    ("event", "event__title", gettext_lazy("The fair it happened at, if any")),
]


class ExportError(DomainError):
    code = "invalid_export"


@dataclass(frozen=True)
class ExportSpec:
    """What an export covers: the period, the grouping, the content and the format."""

    period: Period
    group_by: GroupBy
    content: str = ExportLog.Content.SUMMARY
    format: str = ExportLog.Format.CSV
    # Extra narrowing beyond what the viewer may see, for the Definitions sheet and the log.
    filters: dict[str, str] = field(default_factory=dict)

    @property
    def filename(self) -> str:
        what = "encounters" if self.content == ExportLog.Content.ENCOUNTERS else self.group_by
        return f"engagement-{self.period.label}-{what}.{self.format}"

    def params(self) -> dict[str, Any]:
        return {
            "academic_year": self.period.label,
            "group_by": str(self.group_by),
            "filters": dict(self.filters),
        }


def export_spec_parse(
    *,
    academic_year: str | None,
    group_by: str | None,
    format: str | None = ExportLog.Format.CSV,  # noqa: A002  (the word every caller uses)
    rows: bool = False,
    filters: dict[str, str] | None = None,
    today: date | None = None,
) -> ExportSpec:
    """Check an export's options; a bad one raises ``ExportError`` with a plain message.

    The academic year defaults to the current one, the grouping to ``school``.
    """
    if academic_year:
        try:
            period = parse_academic_year(academic_year)
        except ValueError:
            raise ExportError(
                _("An academic year looks like 2025-26 (two years in a row), not “%(value)s”.")
                % {"value": academic_year},
                code="invalid_academic_year",
            ) from None
    else:
        period = academic_year_of(today or timezone.localdate())
    try:
        grouping = GroupBy(group_by or GroupBy.SCHOOL)
    except ValueError:
        raise ExportError(
            _("Group by one of %(choices)s, not “%(value)s”.")
            % {"choices": ", ".join(GroupBy), "value": group_by},
            code="invalid_group_by",
        ) from None
    if format not in ExportLog.Format.values:
        raise ExportError(
            _("The format is csv or xlsx, not “%(value)s”.") % {"value": format},
            code="invalid_format",
        )
    content = ExportLog.Content.ENCOUNTERS if rows else ExportLog.Content.SUMMARY
    return ExportSpec(
        period=period, group_by=grouping, content=content, format=format, filters=filters or {}
    )


# --- The figures ------------------------------------------------------------------------------


@dataclass
class SummaryTable:
    rows: list[SummaryRow]
    totals: SummaryRow


def summary_table(
    *, period: Period, group_by: GroupBy | str, queryset: QuerySet[Encounter] | None = None
) -> SummaryTable:
    """The summary and its totals line (``rollups.total_over_encounters``: taken over the
    encounters themselves, never the rows added up)."""
    rows = summary(period=period, group_by=group_by, queryset=queryset)
    totals = total_over_encounters(period=period, queryset=queryset)
    return SummaryTable(rows=rows, totals=totals)


def summary_header() -> list[str]:
    return [name for name, _definition in COLUMNS]


def summary_values(row: SummaryRow) -> list[object]:
    return list(row.as_dict().values())


def encounter_header() -> list[str]:
    return [name for name, _source, _definition in ENCOUNTER_COLUMNS]


# The ledger's own columns an encounter row is made from (names come from ``_Names``).
_SCAN_FIELDS = (
    "occurred_on",
    "kind",
    "source",
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
    text = str(value)
    if text[0] in FORMULA_STARTS:
        text = "'" + text
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
    year_group = {None: "", **{year: str(year) for year in range(7, 14)}}
    yes_no = ("no", "yes")
    for batch in _ledger_scan(period, queryset):
        yield (
            len(batch),
            "".join(
                [
                    f"{day},{kind},{source},{employer[e]},{provider[p]},{school[s]},"
                    f"{year_group[y]},{audience},{people},{yes_no[m]},{district[d]},{hub[h]},"
                    f"{event[ev]}\r\n"
                    for day, kind, source, e, p, s, y, audience, people, m, d, h, ev in batch
                ]
            ),
        )


def _safe_text(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def definitions(spec: ExportSpec, *, generated_by: str, scope: str) -> list[tuple[str, str]]:
    """The "Definitions" sheet: every column, then what the file covers and who made it."""
    if spec.content == ExportLog.Content.ENCOUNTERS:
        columns = [(name, str(definition)) for name, _source, definition in ENCOUNTER_COLUMNS]
    else:
        columns = [(name, str(definition)) for name, definition in COLUMNS]
        columns.append(
            (
                str(_("Total")),
                str(
                    _(
                        "The last row: every encounter counted once (an employer in two sectors "
                        "shows in both sector rows but once here; different employers counted "
                        "over all rows)"
                    )
                ),
            )
        )
    period = spec.period
    filters = "; ".join(f"{name}: {value}" for name, value in spec.filters.items())
    return [
        (str(_("Column")), str(_("Definition"))),
        *columns,
        ("", ""),
        (
            str(_("Academic year")),
            f"{period.label} ({period.start.day} {period.start:%B %Y} – "
            f"{period.last_day.day} {period.last_day:%B %Y})",
        ),
        (str(_("Grouped by")), str(spec.group_by).replace("_", " ")),
        (str(_("Filters")), filters or str(_("None"))),
        (str(_("Encounters included")), scope),
        (str(_("Generated at")), timezone.localtime().strftime("%Y-%m-%d %H:%M:%S %Z")),
        (str(_("Generated by")), generated_by),
    ]


# --- Writers ----------------------------------------------------------------------------------


class _Line:
    """A file-like object that hands back what ``csv.writer`` writes to it."""

    def __init__(self) -> None:
        self.buffer = io.StringIO()

    def write(self, text: str) -> int:
        return self.buffer.write(text)

    def take(self) -> str:
        text = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        return text


def _csv_lines(rows: Iterable[Sequence[object]]) -> str:
    """Rows as CSV text, texts a spreadsheet would run as formulas guarded."""
    line = _Line()
    csv.writer(line, lineterminator="\r\n").writerows(
        [[_safe_text(value) for value in row] for row in rows]
    )
    return line.take()


def _xlsx_row(sheet: WriteOnlyWorksheet, row: Sequence[object]) -> list[object]:
    """openpyxl takes a text starting with "=" for a formula: such texts are written as text."""
    cells: list[object] = []
    for value in row:
        if isinstance(value, str) and value.startswith("="):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            cells.append(cell)
        else:
            cells.append(value)
    return cells


def xlsx_write(
    out: IO[bytes],
    *,
    title: str,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    definitions: Sequence[tuple[str, str]],
) -> int:
    """A write-only workbook: the figures' sheet and "Definitions". Returns the rows written."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    sheet.append(list(header))
    written = 0
    for row in rows:
        written += 1
        if written > XLSX_MAX_ROWS:
            raise ExportError(
                _("More than %(max)s rows do not fit in a spreadsheet: export CSV instead.")
                % {"max": f"{XLSX_MAX_ROWS:,}"},
                code="too_many_rows",
            )
        sheet.append(_xlsx_row(sheet, row))
    notes = workbook.create_sheet(str(_("Definitions")))
    notes.column_dimensions["A"].width = 28
    notes.column_dimensions["B"].width = 110
    for line in definitions:
        notes.append(_xlsx_row(notes, line))
    workbook.save(out)
    return written


# --- One export, from request to file, logged --------------------------------------------------


@dataclass
class Export:
    """An export ready to write: the spec, the encounters it may read, and who asked."""

    spec: ExportSpec
    queryset: QuerySet[Encounter]
    generated_by: str
    scope: str
    log: ExportLog

    @property
    def title(self) -> str:
        if self.spec.content == ExportLog.Content.ENCOUNTERS:
            return str(_("Encounters"))
        return str(_("Summary"))

    @property
    def header(self) -> list[str]:
        if self.spec.content == ExportLog.Content.ENCOUNTERS:
            return encounter_header()
        return summary_header()

    def batches(self) -> Iterator[Sequence[Sequence[object]]]:
        """The rows, in batches (the summary is one batch: it is a few hundred rows at most)."""
        spec = self.spec
        if spec.content == ExportLog.Content.ENCOUNTERS:
            yield from encounter_batches(period=spec.period, queryset=self.queryset)
            return
        table = summary_table(period=spec.period, group_by=spec.group_by, queryset=self.queryset)
        yield [summary_values(row) for row in [*table.rows, table.totals]]

    def rows(self) -> Iterator[Sequence[object]]:
        for batch in self.batches():
            yield from batch

    def _counted(self, batches: Iterable[tuple[int, str]]) -> Iterator[str]:
        """The text of each batch; once the last has gone, the log records how many rows."""
        count = 0
        for rows, text in batches:
            count += rows
            yield text
        self.log.row_count = count
        self.log.save(update_fields=["row_count"])

    def csv_chunks(self) -> Iterator[str]:
        """The CSV file in chunks: a header with a byte-order mark (for Excel), then a chunk per
        batch of rows, read as the client reads."""
        line = _Line()
        csv.writer(line, lineterminator="\r\n").writerow(self.header)
        yield "\ufeff" + line.take()
        if self.spec.content == ExportLog.Content.ENCOUNTERS:
            batches = encounter_csv_batches(period=self.spec.period, queryset=self.queryset)
        else:
            batches = ((len(batch), _csv_lines(batch)) for batch in self.batches())
        yield from self._counted(batches)

    def write(self, out: IO[bytes]) -> int:
        """Write the whole file to ``out`` (binary); returns the data rows written."""
        if self.spec.format == ExportLog.Format.CSV:
            for chunk in self.csv_chunks():
                out.write(chunk.encode("utf-8"))
            return self.log.row_count or 0
        written = xlsx_write(
            out,
            title=self.title,
            header=self.header,
            rows=self.rows(),
            definitions=definitions(self.spec, generated_by=self.generated_by, scope=self.scope),
        )
        self.log.row_count = written
        self.log.save(update_fields=["row_count"])
        return written


def export_start(
    *,
    spec: ExportSpec,
    queryset: QuerySet[Encounter],
    user: Any | None,
    kind: str,
    ip: str | None = None,
    scope: str = "",
) -> Export:
    """Log the export (before a byte goes out) and return it ready to write.

    ``queryset`` must already be narrowed to what ``user`` may see. ``user`` None is the system.
    """
    log = ExportLog.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        kind=kind,
        content=spec.content,
        format=spec.format,
        params=spec.params(),
        ip=ip,
    )
    generated_by = (
        user.email
        if user is not None and user.is_authenticated
        else str(_("The system (manage.py export_engagement)"))
    )
    return Export(
        spec=spec,
        queryset=queryset,
        generated_by=generated_by,
        scope=scope or str(_("Every encounter")),
        log=log,
    )


def client_ip(request: HttpRequest) -> str | None:
    """The address the request came from, by the rule the rate limits and audit log use."""
    return audit_client_ip(request)


def export_response(export: Export) -> StreamingHttpResponse | FileResponse:
    """The HTTP answer: CSV streams row by row; XLSX is built in a temporary file on disk, then
    streamed from it (a zip cannot be streamed before it is complete)."""
    disposition = f'attachment; filename="{export.spec.filename}"'
    if export.spec.format == ExportLog.Format.CSV:
        response = StreamingHttpResponse(export.csv_chunks(), content_type=CSV_CONTENT_TYPE)
        response["Content-Disposition"] = disposition
        return response
    out = tempfile.TemporaryFile()  # noqa: SIM115  (FileResponse closes it when sent)
    export.write(out)
    out.seek(0)
    response = FileResponse(out, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = disposition
    return response


# Drill-down filters a dashboard may add to its export link: (query parameter, model, field).
DRILL_DOWNS: list[tuple[str, str, str]] = [
    ("hub", "schools.Hub", "hub_id"),
    ("district", "accounts.District", "district_id"),
    ("school", "schools.School", "school_id"),
    ("employer", "employers.Employer", "employer_id"),
]


def drill_down(
    *, user: Any, queryset: QuerySet[Encounter], params: dict[str, str]
) -> tuple[QuerySet[Encounter], dict[str, str]]:
    """Narrow ``queryset`` by the drill-down ids in ``params`` (``hub=3&district=5``...).

    Returns the narrowed queryset and the filters by name, for the Definitions sheet and the
    log. An id that is not a number, or names something ``user`` may not see, is an
    ``ExportError``: a name is never revealed to someone who may not see it.
    """
    filters: dict[str, str] = {}
    for parameter, model_label, field_name in DRILL_DOWNS:
        raw = params.get(parameter)
        if raw in (None, ""):
            continue
        model = apps.get_model(model_label)
        candidates = model._default_manager.all()
        if model_label != "accounts.District":  # districts are public reference data
            candidates = visible(user, candidates)
        found = candidates.filter(pk=raw).first() if str(raw).isdigit() else None
        if found is None:
            raise ExportError(
                _("There is no %(what)s %(value)s that you can see.")
                % {"what": parameter, "value": raw},
                code=f"invalid_{parameter}",
            )
        queryset = queryset.filter(**{field_name: found.pk})
        filters[parameter] = str(getattr(found, "name", found))
    return queryset, filters


def scope_label(user: Any) -> str:
    """What "Encounters included" says on the Definitions sheet."""
    if user is None or is_admin(user) or is_lead(user):
        return str(_("Every encounter in the county"))
    return str(
        _("The encounters %(email)s may see (their own hub, school, employer or Jobcentre)")
        % {"email": user.email}
    )
