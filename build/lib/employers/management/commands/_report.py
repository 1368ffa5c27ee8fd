"""What the import commands share: reading the file and reporting the result."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.exceptions import DomainError
from core.tabular import ImportInvalid, ImportResult


def report(command: BaseCommand, run: Callable[[], ImportResult]) -> None:
    """Run an import, print what it did row by row, or every bad row and fail (exit code 1)."""
    try:
        result = run()
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
