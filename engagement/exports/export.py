"""One export, from request to file: logged before a byte goes out, then written as CSV
(streamed) or XLSX (built in a temporary file)."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, StreamingHttpResponse
from django.utils.translation import gettext as _

from accounts.audit import client_ip as audit_client_ip
from accounts.permissions import is_admin, is_lead
from engagement.encounter_scope import attendance_visible_to
from engagement.exports.definitions import definitions, drill_down_encounters
from engagement.exports.figures import (
    encounter_batches,
    encounter_csv_batches,
    encounter_header,
    summary_header,
    summary_table,
    summary_values,
)
from engagement.exports.spec import (
    CSV_CONTENT_TYPE,
    ENCOUNTER_HEADINGS,
    XLSX_CONTENT_TYPE,
    ExportSpec,
)
from engagement.exports.writers import CsvLine, csv_lines, xlsx_write
from engagement.models import Encounter, ExportLog
from engagement.outcomes import FIGURES as OUTCOME_FIGURES
from engagement.outcomes import SUMMARY_KEYS, outcome_stands_visible_to
from engagement.summary_columns import heading
from events.models import StandApplication, Ticket

# --- One export, from request to file, logged --------------------------------------------------


@dataclass
class Export:
    """An export ready to write: the spec, the encounters it may read, and who asked."""

    spec: ExportSpec
    queryset: QuerySet[Encounter]
    generated_by: str
    scope: str
    log: ExportLog
    # The admitted tickets the figures may count (None: those matching the queryset's filters).
    attendance: QuerySet[Ticket] | None = None
    # The stands whose outcomes the figures may count (None: every stand).
    outcomes: QuerySet[StandApplication] | None = None

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

    @property
    def headings(self) -> list[str]:
        """The header in words, for a spreadsheet a person reads."""
        if self.spec.content == ExportLog.Content.ENCOUNTERS:
            return [str(ENCOUNTER_HEADINGS.get(name, name)) for name in self.header]
        return [heading(name) for name in self.header]

    def batches(self) -> Iterator[Sequence[Sequence[object]]]:
        """The rows, in batches (the summary is one batch: it is a few hundred rows at most)."""
        spec = self.spec
        if spec.content == ExportLog.Content.ENCOUNTERS:
            yield from encounter_batches(period=spec.period, queryset=self.queryset)
            return
        table = summary_table(
            period=spec.period,
            group_by=spec.group_by,
            queryset=self.queryset,
            attendance=self.attendance,
            outcomes=self.outcomes,
        )
        rows_blank, totals_blank = self.blank_outcomes()
        yield [
            *(summary_values(row, blank=rows_blank) for row in table.rows),
            summary_values(table.totals, blank=totals_blank),
        ]

    def blank_outcomes(self) -> tuple[frozenset[str], frozenset[str]]:
        """The outcome columns left empty in the rows, and in the totals line. Outcomes belong
        to employers' stands at fairs: a row by school, hub or year group has none of its own,
        and a file narrowed to a school, hub or district does not count them at all (the totals
        line is empty too); one narrowed to an employer counts that employer's stands, as the
        county file counts every stand. Empty, not 0: a 0 would read as "none happened"."""
        outcomes = frozenset(OUTCOME_FIGURES)
        if not self.spec.outcomes_counted:
            return outcomes, outcomes
        if str(self.spec.group_by) not in SUMMARY_KEYS:
            return outcomes, frozenset()
        return frozenset(), frozenset()

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
        line = CsvLine()
        csv.writer(line, lineterminator="\r\n").writerow(self.header)
        yield "\ufeff" + line.take()
        if self.spec.content == ExportLog.Content.ENCOUNTERS:
            batches = encounter_csv_batches(period=self.spec.period, queryset=self.queryset)
        else:
            batches = ((len(batch), csv_lines(batch)) for batch in self.batches())
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
            header=self.headings,
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
        attendance=_attendance_for(user, spec),
        outcomes=_outcomes_for(user, spec),
    )


def _attendance_for(user: Any | None, spec: ExportSpec) -> QuerySet[Ticket] | None:
    """Fair attendance a file may count: leads and the system, by the queryset's own filters;
    anyone else, what they may see, and in a drill-down only those of them that match it too
    (a coordinator's school: that school's pupils; an employer contact's district: people at
    fairs there their employer was present at). The export's queryset carries the viewer's
    scope, which cannot be restated for tickets, so the drill-down is restated from the spec;
    one that cannot be restated at all (an audience) leaves the column blank."""
    if user is None or is_admin(user) or is_lead(user):
        return None
    if not spec.filters:
        return attendance_visible_to(user)
    drilled = drill_down_encounters(spec)
    if drilled is None:
        return Ticket.objects.none()
    return attendance_visible_to(user, queryset=drilled)


def _outcomes_for(user: Any | None, spec: ExportSpec) -> QuerySet[StandApplication] | None:
    """Stands whose outcomes a file may count: every stand for leads and the system; anyone
    else, the stands they may see; in a drill-down to an employer, only that employer's of
    those; none in any other drill-down (outcomes have no school, hub or year of their own)."""
    if not spec.outcomes_counted:
        return StandApplication.objects.none()
    stands = None if user is None else outcome_stands_visible_to(user)
    employer_id = spec.outcome_employer
    if employer_id is not None:
        stands = (StandApplication.objects.all() if stands is None else stands).filter(
            employer_id=employer_id
        )
    return stands


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
