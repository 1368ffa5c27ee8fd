"""``import_employers PATH``: import employers from a CSV or XLSX file, all or nothing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from employers.imports import employers_import_file
from employers.management.commands._report import read, report


class Command(BaseCommand):
    help = "Import employers from a CSV or XLSX file, all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="CSV or XLSX file")

    def handle(self, *args: Any, path: str, **options: Any) -> None:
        content = read(path)
        report(self, lambda: employers_import_file(content=content, filename=path, by=None))
