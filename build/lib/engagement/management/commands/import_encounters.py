"""``import_encounters PATH --by EMAIL``: import school encounters from CSV or XLSX, all or
nothing, as the named user (whose school or hub every row must belong to)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import User
from employers.management.commands._report import read, report
from engagement.imports import encounters_import_file


class Command(BaseCommand):
    help = (
        "Import school encounters from a CSV or XLSX file, all or nothing. Importing the same "
        "file again updates its encounters and adds none twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="CSV or XLSX file (see the template on the import page)")
        parser.add_argument(
            "--by",
            required=True,
            metavar="EMAIL",
            help="The Careers Leader, hub coordinator or administrator recording them",
        )

    def handle(self, *args: Any, path: str, by: str, **options: Any) -> None:
        user = User.objects.filter(email__iexact=by.strip(), is_active=True).first()
        if user is None:
            raise CommandError(f"No active user with the e-mail address {by!r}.")
        content = read(path)
        report(self, lambda: encounters_import_file(content=content, filename=path, by=user))
