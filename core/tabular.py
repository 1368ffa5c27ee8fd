"""Reading an uploaded CSV or XLSX file into rows, for the all-or-nothing imports.

Shared by the schools, employers and advisers imports (and the postcode centroids command), which
each validate the rows they get. The reader only answers "is this a table we can read?": the
file's kind, size, encoding and required columns. Every refusal is a ``FileRejected`` with a
sentence a coordinator can act on; nothing here ever raises anything else for a bad file.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.exceptions import DomainError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 200
# Lines of a spreadsheet read in all, blank ones included: blank rows are skipped, not counted
# as data, but a sheet of millions of empty rows is refused rather than walked through.
MAX_SHEET_LINES = 5 * MAX_ROWS
# An XLSX file is a zip: what counts is its size once unpacked, not the upload's. A real
# 20,000-row sheet unpacks to a few tens of MB at most, at 5-20 to 1.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
_RATIO_CHECKED_FROM_BYTES = 1024 * 1024  # small parts (styles, themes) may compress very well
MAX_ZIP_MEMBERS = 1000
_XLSX_MAGIC = b"PK\x03\x04"


class FileRejected(DomainError):
    """The file as a whole cannot be read: nothing in it was imported."""

    code = "file_rejected"


@dataclass(frozen=True)
class RowError:
    """One bad row: its spreadsheet line (the header is line 1) and why, in plain words."""

    line: int
    message: str


class ImportInvalid(DomainError):
    """At least one row is bad: nothing was imported; ``errors`` lists every bad row."""

    code = "import_invalid"

    def __init__(self, errors: Sequence[RowError]) -> None:
        self.errors = list(errors)
        super().__init__(
            ngettext(
                "%(count)d row has a problem. Nothing was imported.",
                "%(count)d rows have a problem. Nothing was imported.",
                len(self.errors),
            )
            % {"count": len(self.errors)}
        )


@dataclass(frozen=True)
class Row:
    """One data row: ``values`` keyed by lower-case column name, every value a stripped string."""

    line: int
    values: dict[str, str]

    def get(self, column: str) -> str:
        return self.values.get(column, "")


@dataclass
class Table:
    columns: list[str]
    rows: list[Row]

    def has(self, column: str) -> bool:
        return column in self.columns


@dataclass
class ImportResult:
    """What an import did, row by row, for the page and the command to report."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def record(self, outcome: str, label: str) -> None:
        getattr(self, outcome).append(label)

    @property
    def summary(self) -> str:
        text = _("%(created)d created, %(updated)d updated, %(unchanged)d unchanged") % {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
        }
        if self.skipped:
            text += _(", %(skipped)d skipped") % {"skipped": len(self.skipped)}
        return text


def table_read(
    *,
    content: bytes,
    filename: str,
    required: Sequence[str],
    max_bytes: int = MAX_UPLOAD_BYTES,
) -> Table:
    """Read a CSV (UTF-8, with or without a BOM) or XLSX file whose first row names the columns.

    Column names are matched without regard to case or surrounding spaces (``Row.values`` is
    keyed by the lower-case name); ``required`` are given as the file should name them.
    Completely empty rows are skipped but still counted, so line numbers match what the
    coordinator sees in their spreadsheet.
    """
    name = (filename or "").lower()
    if not name.endswith((".csv", ".xlsx")):
        raise FileRejected(_("The file must be a CSV (.csv) or Excel (.xlsx) spreadsheet."))
    if not content:
        raise FileRejected(_("The file is empty."))
    if len(content) > max_bytes:
        raise FileRejected(
            _("The file must be smaller than %(size)d MB.") % {"size": max_bytes // (1024 * 1024)}
        )
    raw_rows = _xlsx_rows(content) if name.endswith(".xlsx") else _csv_rows(content)
    header = next(raw_rows, None)
    if header is None or not any(cell for cell in header):
        raise FileRejected(_("The file is empty: its first row must name the columns."))
    columns = [cell.strip().lower() for cell in header]
    missing = [column for column in required if column.lower() not in columns]
    if missing:
        raise FileRejected(
            ngettext(
                "The file is missing the column %(columns)s.",
                "The file is missing the columns %(columns)s.",
                len(missing),
            )
            % {"columns": ", ".join(missing)}
        )
    if len(columns) > MAX_COLUMNS:
        raise _too_wide()
    rows: list[Row] = []
    for line, cells in enumerate(raw_rows, start=2):
        if line > MAX_SHEET_LINES:
            raise FileRejected(
                _(
                    "The file has more than %(count)d lines, counting blank ones: delete the "
                    "empty rows at its end, or split it into smaller files."
                )
                % {"count": MAX_SHEET_LINES}
            )
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise FileRejected(
                _("The file has more than %(count)d rows: split it into smaller files.")
                % {"count": MAX_ROWS}
            )
        values = {
            column: cell.strip() for column, cell in zip(columns, cells, strict=False) if column
        }
        rows.append(Row(line=line, values=values))
    if not rows:
        raise FileRejected(_("The file has no rows under its header row."))
    return Table(columns=columns, rows=rows)


def _csv_rows(content: bytes) -> Iterator[list[str]]:
    try:
        # utf-8-sig drops the byte order mark Excel writes at the start of a "CSV UTF-8" file.
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileRejected(
            _(
                "The file is not saved as UTF-8. In Excel, choose Save As and then "
                "'CSV UTF-8 (Comma delimited)'."
            )
        ) from error
    if "\x00" in text:
        raise FileRejected(_("The file is not a CSV file: it contains binary data."))
    try:
        return iter(list(csv.reader(io.StringIO(text, newline=""))))
    except csv.Error as error:
        raise FileRejected(
            _("The CSV file could not be read: %(reason)s.") % {"reason": error}
        ) from error


def _too_wide() -> FileRejected:
    return FileRejected(
        _("The file has more than %(count)d columns: keep only the columns the import uses.")
        % {"count": MAX_COLUMNS}
    )


def _xlsx_check_unpacked_size(content: bytes) -> None:
    """Refuse a zip that would unpack to far more than it weighs, before anything unpacks it.

    The sizes checked are the ones the zip declares; Python's zip reader never returns more
    than a member declares, so a zip that under-declares fails to read instead.
    """
    too_large = FileRejected(
        _(
            "The file is too large once unpacked: an Excel file must unpack to less than "
            "%(size)d MB. Save only the sheet to import, or use a CSV file."
        )
        % {"size": MAX_UNPACKED_BYTES // (1024 * 1024)}
    )
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS:
        raise too_large
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > MAX_UNPACKED_BYTES or total > MAX_UNPACKED_BYTES:
            raise too_large
        if member.file_size > _RATIO_CHECKED_FROM_BYTES and (
            member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1)
        ):
            raise too_large


def _xlsx_rows(content: bytes) -> Iterator[list[str]]:
    """The first sheet's rows, read as they stream (read-only mode), at most MAX_COLUMNS wide.

    A row with anything beyond MAX_COLUMNS is refused; the sheet's declared size is never used
    to pad rows to a width the file only claims.
    """
    from openpyxl import load_workbook

    if not content.startswith(_XLSX_MAGIC):
        raise FileRejected(_("The file is not an Excel (.xlsx) spreadsheet."))
    unreadable = FileRejected(_("The file could not be read as an Excel (.xlsx) spreadsheet."))
    try:
        _xlsx_check_unpacked_size(content)
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, IndexError, OSError, ValueError, TypeError) as error:
        raise unreadable from error
    try:
        sheet = workbook.worksheets[0]
        # The width the sheet declares (Excel always writes it): refused before any row is read.
        if (sheet.max_column or 0) > MAX_COLUMNS:
            raise _too_wide()
        # One column more than allowed: a value there means the sheet is too wide.
        for cells in sheet.iter_rows(
            max_col=MAX_COLUMNS + 1, max_row=MAX_SHEET_LINES + 1, values_only=True
        ):
            if len(cells) > MAX_COLUMNS and cells[MAX_COLUMNS] not in (None, ""):
                raise _too_wide()
            yield [_cell_text(cell) for cell in cells[:MAX_COLUMNS]]
    except (zipfile.BadZipFile, KeyError, IndexError, OSError, ValueError, TypeError) as error:
        raise unreadable from error
    finally:
        workbook.close()


def _cell_text(value: Any) -> str:
    """An XLSX cell as the text a person would have typed into it."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def split_list(value: str) -> list[str]:
    """A semicolon-separated cell as a list, blanks and repeats dropped, order kept."""
    seen: dict[str, None] = {}
    for item in value.split(";"):
        item = item.strip()
        if item and item.lower() not in {key.lower() for key in seen}:
            seen[item] = None
    return list(seen)


_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0", ""}


def parse_yes_no(value: str) -> bool | None:
    """'yes'/'no' (and y/n, true/false, 1/0; blank is no) → bool; anything else → None."""
    lowered = value.strip().lower()
    if lowered in _YES:
        return True
    if lowered in _NO:
        return False
    return None


def parse_date(value: str) -> date | None:
    """YYYY-MM-DD or DD/MM/YYYY → date; anything else → None."""
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value.strip(), pattern).date()
        except ValueError:
            continue
    return None


# --- Writing: the one guard for every CSV and XLSX the service writes ---------------------------

# What a spreadsheet takes for the start of a formula, when a cell begins with it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?[\d .]+$")
# C0 control characters (and DEL) other than tab, newline and carriage return: openpyxl refuses
# them (IllegalCharacterError) and no reader needs them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def spreadsheet_clean(value: Any) -> Any:
    """Text without the control characters a workbook cannot hold; other values as they are."""
    if isinstance(value, str):
        return _CONTROL.sub("", value)
    return value


def spreadsheet_text(value: Any) -> Any:
    """A value safe for a CSV or XLSX cell: control characters removed, and text a spreadsheet
    would run as a formula (names and notes come from the public) prefixed with an apostrophe.
    Numbers written as text (phone numbers such as +447700900123) are left alone."""
    value = spreadsheet_clean(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.match(value):
        return "'" + value
    return value
