"""Writers: CSV text with the formula guard, and a write-only XLSX workbook with its
Definitions sheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import IO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from core.numbers import grouped
from core.tabular import spreadsheet_clean, spreadsheet_text
from engagement.exports.spec import XLSX_MAX_ROWS, ExportError

# --- Writers ----------------------------------------------------------------------------------


class CsvLine:
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


def csv_lines(rows: Iterable[Sequence[object]]) -> str:
    """Rows as CSV text, texts a spreadsheet would run as formulas guarded."""
    line = CsvLine()
    csv.writer(line, lineterminator="\r\n").writerows(
        [[spreadsheet_text(value) for value in row] for row in rows]
    )
    return line.take()


def _xlsx_row(sheet: WriteOnlyWorksheet, row: Sequence[object]) -> list[object]:
    """openpyxl takes a text starting with "=" for a formula: such texts are written as text."""
    cells: list[object] = []
    for value in map(spreadsheet_clean, row):
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
    definitions: Sequence[tuple[str, ...]],
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
                % {"max": grouped(XLSX_MAX_ROWS)},
                code="too_many_rows",
            )
        sheet.append(_xlsx_row(sheet, row))
    notes = workbook.create_sheet(str(_("Definitions")))
    notes.column_dimensions["A"].width = 28
    notes.column_dimensions["B"].width = 110
    notes.column_dimensions["C"].width = 32
    for line in definitions:
        notes.append(_xlsx_row(notes, line))
    workbook.save(out)
    return written
