"""CSV and XLSX exports of the engagement figures, shared by the dashboards, the API and
``manage.py export_engagement``.

Two exports: the summary (``rollups.summary`` rows and a totals row) and every encounter as a
flat row (``rollups.encounter_rows``). Both stream: CSV is written in chunks of rows read with
``iterator(chunk_size)``, XLSX through openpyxl's write-only workbook (rows go to a temporary
file, not memory), so a million encounter rows leave with flat memory. The XLSX has a second
sheet, "Definitions", that defines every column and says what the file covers, when it was made
and by whom. Every export is logged (``ExportLog``): who, what, when, from where.
"""

from engagement.exports.definitions import (
    DRILL_DOWNS,
    definitions,
    drill_down,
    scope_label,
)
from engagement.exports.export import (
    Export,
    client_ip,
    export_response,
    export_start,
)
from engagement.exports.figures import (
    SummaryTable,
    encounter_batches,
    encounter_csv_batches,
    encounter_header,
    summary_header,
    summary_table,
    summary_values,
)
from engagement.exports.spec import (
    CSV_CONTENT_TYPE,
    CSV_ROWS_PER_CHUNK,
    ENCOUNTER_COLUMNS,
    FORMULA_STARTS,
    XLSX_CONTENT_TYPE,
    XLSX_MAX_ROWS,
    ExportError,
    ExportSpec,
    export_spec_parse,
)
from engagement.exports.writers import (
    CsvLine,
    csv_lines,
    xlsx_write,
)

__all__ = [
    "CSV_CONTENT_TYPE",
    "CSV_ROWS_PER_CHUNK",
    "CsvLine",
    "DRILL_DOWNS",
    "ENCOUNTER_COLUMNS",
    "Export",
    "ExportError",
    "ExportSpec",
    "FORMULA_STARTS",
    "SummaryTable",
    "XLSX_CONTENT_TYPE",
    "XLSX_MAX_ROWS",
    "client_ip",
    "csv_lines",
    "definitions",
    "drill_down",
    "encounter_batches",
    "encounter_csv_batches",
    "encounter_header",
    "export_response",
    "export_spec_parse",
    "export_start",
    "scope_label",
    "summary_header",
    "summary_table",
    "summary_values",
    "xlsx_write",
]
