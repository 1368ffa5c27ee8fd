"""``import_schools PATH [--hub NAME]``: import a Get Information about Schools CSV export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.exceptions import DomainError
from core.tabular import ImportInvalid, ImportResult
from schools.imports import schools_import_file
from schools.models import Hub


def report(command: BaseCommand, run: Any) -> None:
    """Run an import, print what it did row by row, or every bad row and fail (exit code 1)."""
    try:
        result: ImportResult = run()
    except ImportInvalid as invalid:
        for error in invalid.errors:
            command.stderr.write(f"Line {error.line}: {error.message}")
        raise CommandError(invalid.detail) from invalid
    except DomainError as rejected:
        raise CommandError(rejected.detail) from rejected
    for outcome in ("created", "updated", "unchanged", "skipped"):
        for label in getattr(result, outcome):
            command.stdout.write(f"{outcome}: {label}")
    command.stdout.write(command.style.SUCCESS(result.summary))


def read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}") from error


class Command(BaseCommand):
    help = "Import schools from a Get Information about Schools CSV export, all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="CSV file exported from Get Information about Schools")
        parser.add_argument(
            "--hub", help="Name of the Careers Hub to import into (needed if there are several)"
        )

    def handle(self, *args: Any, path: str, hub: str | None = None, **options: Any) -> None:
        hubs = Hub.objects.order_by("name")
        if hub:
            chosen = hubs.filter(name__iexact=hub).first()
            if chosen is None:
                names = ", ".join(hubs.values_list("name", flat=True)) or "none"
                raise CommandError(f"No Careers Hub called {hub!r}. Hubs: {names}.")
        elif hubs.count() == 1:
            chosen = hubs.get()
        else:
            names = ", ".join(hubs.values_list("name", flat=True)) or "none yet"
            raise CommandError(f"Say which Careers Hub with --hub. Hubs: {names}.")
        content = read(path)
        report(
            self,
            lambda: schools_import_file(content=content, filename=path, hub=chosen, by=None),
        )
