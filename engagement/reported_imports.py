"""Import reported figures from a CSV or XLSX file: every row good, or nothing imported.

One row a figure: ``measure`` (its code), ``period`` ("2025-26"), ``district`` (blank for the
county), ``value``, ``source``, ``published_on`` and ``note``.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import District, User
from core.exceptions import DomainError, NotAllowed
from core.tabular import ImportInvalid, ImportResult, RowError, Table, parse_date, table_read
from engagement.measures import ReportedEntry, entry_check, may_report, reported_value_record
from engagement.models import Measure

MEASURE, PERIOD, DISTRICT, VALUE, SOURCE, PUBLISHED_ON, NOTE = (
    "measure",
    "period",
    "district",
    "value",
    "source",
    "published_on",
    "note",
)
REQUIRED_COLUMNS = (MEASURE, PERIOD, VALUE, SOURCE)
TEMPLATE_COLUMNS = (MEASURE, PERIOD, DISTRICT, VALUE, SOURCE, PUBLISHED_ON, NOTE)
TEMPLATE_EXAMPLE = (
    "participation-16-17",
    "2025-26",
    "",
    "98.1",
    "DfE participation table",
    "2026-03-12",
    "",
)


def reported_values_template_csv() -> str:
    return ",".join(TEMPLATE_COLUMNS) + "\r\n" + ",".join(TEMPLATE_EXAMPLE) + "\r\n"


def reported_values_import_file(*, content: bytes, filename: str, by: User) -> ImportResult:
    """Read an uploaded file and import its figures (see ``reported_values_import``)."""
    table = table_read(content=content, filename=filename, required=REQUIRED_COLUMNS)
    return reported_values_import(table=table, by=by)


def _entries(table: Table, today: date) -> tuple[list[tuple[int, ReportedEntry]], list[RowError]]:
    measures = {m.code: m for m in Measure.objects.filter(kind=Measure.Kind.REPORTED)}
    districts = {
        key: district
        for district in District.objects.all()
        for key in (district.name.casefold(), district.slug.casefold())
    }
    entries: list[tuple[int, ReportedEntry]] = []
    errors: list[RowError] = []
    for row in table.rows:
        problems: list[str] = []
        measure = measures.get(row.get(MEASURE).strip().lower())
        if measure is None:
            problems.append(
                _("There is no reported measure %(code)s.") % {"code": row.get(MEASURE) or "–"}
            )
        district = None
        if row.get(DISTRICT):
            district = districts.get(row.get(DISTRICT).casefold())
            if district is None:
                problems.append(_("There is no district %(name)s.") % {"name": row.get(DISTRICT)})
        published_on = None
        if row.get(PUBLISHED_ON):
            published_on = parse_date(row.get(PUBLISHED_ON))
            if published_on is None:
                problems.append(
                    _("%(value)s is not a date: write it as 2026-03-12.")
                    % {"value": row.get(PUBLISHED_ON)}
                )
        if measure is not None:
            entry = ReportedEntry(
                measure=measure,
                period_label=row.get(PERIOD),
                value=row.get(VALUE),
                source=row.get(SOURCE),
                published_on=published_on,
                note=row.get(NOTE),
                district=district,
            )
            try:
                entry_check(entry, today=today)
            except DomainError as refused:
                problems.append(refused.detail)
            else:
                if not problems:
                    entries.append((row.line, entry))
        if problems:
            errors.append(RowError(line=row.line, message=" ".join(problems)))
    return entries, errors


def reported_values_import(*, table: Table, by: User) -> ImportResult:
    """Enter or correct every row's figure, all or nothing. Raises ``ImportInvalid`` listing
    every bad row (a measure, period or district that does not exist, a value out of range);
    then nothing has changed."""
    if not may_report(by):
        raise NotAllowed(_("Only a strategy lead can report a figure."))
    today = timezone.localdate()
    entries, errors = _entries(table, today)
    if errors:
        raise ImportInvalid(errors)
    result = ImportResult()
    seen: set[tuple[int, str, int | None]] = set()
    with transaction.atomic():
        for line, entry in entries:
            key = (
                entry.measure.pk,
                entry.period_label.strip(),
                getattr(entry.district, "pk", None),
            )
            if key in seen:
                errors.append(RowError(line=line, message=_("This figure is in the file twice.")))
                continue
            seen.add(key)
            value, outcome = reported_value_record(entry=entry, by=by, today=today)
            result.record(outcome, f"{entry.measure.code} {value.period_label}")
        if errors:
            raise ImportInvalid(errors)  # leaving the block rolls every row back
    return result
