"""The spreadsheet reader refuses files that only become huge once unpacked, and drops no rows."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook

from core.tabular import MAX_COLUMNS, MAX_ROWS, FileRejected, table_read


def _xlsx(header, rows, *, blank_rows_before: int = 0) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for _ in range(blank_rows_before):
        sheet.append([])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _with_sheet_xml(sheet_xml: bytes) -> bytes:
    """A real workbook whose first sheet's XML is replaced by ``sheet_xml``."""
    source = zipfile.ZipFile(io.BytesIO(_xlsx(["name"], [["x"]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml
            target.writestr(item.filename, data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def test_a_small_file_that_unpacks_to_a_huge_sheet_is_refused():
    row = b'<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row>'
    padding = b" " * (60 * 1024 * 1024)  # 60 MB of spaces deflate to a few tens of KB
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet '
        b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + row
        + padding
        + b"</sheetData></worksheet>"
    )
    content = _with_sheet_xml(sheet)
    assert len(content) < 1024 * 1024

    with pytest.raises(FileRejected) as error:
        table_read(content=content, filename="bomb.xlsx", required=["name"])

    assert "too large once unpacked" in str(error.value.detail)


def test_a_highly_compressed_member_is_refused_even_under_the_total():
    padding = b"<!---->" * (3 * 1024 * 1024)  # ~21 MB of one repeated comment: over 100 to 1
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet '
        b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + padding
        + b"</sheetData></worksheet>"
    )

    with pytest.raises(FileRejected) as error:
        table_read(content=_with_sheet_xml(sheet), filename="bomb.xlsx", required=["name"])

    assert "too large once unpacked" in str(error.value.detail)


def test_a_very_wide_sheet_is_refused_with_the_column_limit():
    header = [f"column {n}" for n in range(MAX_COLUMNS + 50)]

    with pytest.raises(FileRejected) as error:
        table_read(content=_xlsx(header, [["x"] * 3]), filename="wide.xlsx", required=[])

    assert f"more than {MAX_COLUMNS} columns" in str(error.value.detail)


def test_a_sheet_claiming_a_far_column_is_refused_without_padding_every_row():
    cells = '<c r="A1" t="inlineStr"><is><t>name</t></is></c><c r="XFD1"><v>1</v></c>'
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet '
        'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<dimension ref="A1:XFD5000"/><sheetData>'
        f'<row r="1">{cells}</row>'
        + "".join(f'<row r="{n}"><c r="XFD{n}"><v>1</v></c></row>' for n in range(2, 5000))
        + "</sheetData></worksheet>"
    ).encode()

    with pytest.raises(FileRejected) as error:
        table_read(content=_with_sheet_xml(sheet), filename="wide.xlsx", required=["name"])

    assert f"more than {MAX_COLUMNS} columns" in str(error.value.detail)


def test_blank_rows_are_skipped_and_the_rows_after_them_are_read():
    content = _xlsx(["name"], [["after the gap"]], blank_rows_before=MAX_ROWS + 10)

    table = table_read(content=content, filename="gap.xlsx", required=["name"])

    assert [row.get("name") for row in table.rows] == ["after the gap"]
    assert table.rows[0].line == MAX_ROWS + 12


def test_too_many_rows_is_a_clear_refusal_not_a_silent_cut():
    rows = [[f"person {n}"] for n in range(MAX_ROWS + 1)]

    with pytest.raises(FileRejected) as error:
        table_read(content=_xlsx(["name"], rows), filename="many.xlsx", required=["name"])

    assert f"more than {MAX_ROWS} rows" in str(error.value.detail)


def test_an_ordinary_workbook_still_reads():
    table = table_read(
        content=_xlsx(["Name", "Count"], [["a", 1], ["b", 2.0]]),
        filename="ok.xlsx",
        required=["name"],
    )

    assert [row.values for row in table.rows] == [
        {"name": "a", "count": "1"},
        {"name": "b", "count": "2"},
    ]
