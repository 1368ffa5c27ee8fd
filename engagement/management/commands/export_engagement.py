"""``python manage.py export_engagement --academic-year 2025-26 --format csv|xlsx --output PATH``.

The engagement summary (or, with ``--rows``, every encounter) for an academic year, as CSV or
XLSX. Runs as the system: it sees every encounter and is logged with no user. The file is
written beside ``PATH`` under a temporary name and moved into place only when complete, so a
failure leaves nothing behind (and never half a file where an old one was).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from engagement.exports import ExportError, export_spec_parse, export_start
from engagement.models import Encounter, ExportLog
from engagement.summary_columns import GroupBy


class Command(BaseCommand):
    help = (
        "Export the engagement summary for an academic year (or every encounter, with --rows) "
        "as CSV or XLSX. The XLSX has a Definitions sheet. The export is logged."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--academic-year", required=True, help="The academic year, e.g. 2025-26."
        )
        parser.add_argument("--format", required=True, help="csv or xlsx.")
        parser.add_argument("--output", required=True, help="The file to write.")
        parser.add_argument(
            "--group-by",
            default=GroupBy.SCHOOL.value,
            help=f"One of {', '.join(GroupBy)} (default school).",
        )
        parser.add_argument(
            "--rows",
            action="store_true",
            help="Every encounter as a row, instead of the summary.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            spec = export_spec_parse(
                academic_year=options["academic_year"],
                group_by=options["group_by"],
                format=(options["format"] or "").lower(),
                rows=options["rows"],
            )
        except ExportError as error:
            raise CommandError(error.detail) from None
        output = Path(options["output"]).expanduser()
        folder = output.parent.resolve()
        if output.is_dir():
            raise CommandError(f"{output} is a folder: give a file name to write.")
        if not folder.is_dir():
            raise CommandError(f"Cannot write {output}: the folder {folder} does not exist.")
        try:
            handle, temporary = tempfile.mkstemp(
                dir=folder, prefix=f".{output.name}.", suffix=".part"
            )
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
        try:
            with os.fdopen(handle, "wb") as out:
                export = export_start(
                    spec=spec,
                    queryset=Encounter.objects.all(),
                    user=None,
                    kind=ExportLog.Kind.COMMAND,
                )
                written = export.write(out)
            # mkstemp makes the file private; give it the permissions any new file would get.
            mask = os.umask(0)
            os.umask(mask)
            os.chmod(temporary, 0o666 & ~mask)
            os.replace(temporary, output)
        except ExportError as error:
            raise CommandError(error.detail) from None
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        what = "encounters" if spec.content == ExportLog.Content.ENCOUNTERS else "rows"
        self.stdout.write(
            f"Wrote {written} {what} for {spec.period.label} "
            f"(grouped by {spec.group_by}) to {output}."
        )
