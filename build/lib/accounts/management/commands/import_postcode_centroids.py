"""``import_postcode_centroids PATH``: load outward-code centroids for distances in matching.

The CSV has either ``outward_code, latitude, longitude`` or the ONS postcode directory's
``pcds, lat, long`` (full postcodes, averaged per outward code). The ONS file is large, so it is
read row by row rather than through the 5 MB upload reader.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.services import postcode_centroids_import
from core.tabular import ImportInvalid, Row

COLUMN_SETS = ({"outward_code", "latitude", "longitude"}, {"pcds", "lat", "long"})


def _rows(handle: Any) -> Iterator[Row]:
    reader = csv.reader(handle)
    header = [cell.strip().lower() for cell in next(reader, [])]
    if not any(columns <= set(header) for columns in COLUMN_SETS):
        raise CommandError(
            "The file needs the columns outward_code, latitude, longitude "
            "(or the ONS postcode directory's pcds, lat, long)."
        )
    for line, cells in enumerate(reader, start=2):
        if any(cell.strip() for cell in cells):
            yield Row(line, {k: v.strip() for k, v in zip(header, cells, strict=False)})


class Command(BaseCommand):
    help = "Load postcode outward-code centroids from a CSV file, all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")

    def handle(self, *args: Any, path: str, **options: Any) -> None:
        try:
            with open(path, encoding="utf-8-sig", newline="") as handle:
                result = postcode_centroids_import(rows=_rows(handle))
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from error
        except UnicodeDecodeError as error:
            raise CommandError("The file is not saved as UTF-8.") from error
        except csv.Error as error:
            raise CommandError(f"The CSV file could not be read: {error}.") from error
        except ImportInvalid as invalid:
            for error in invalid.errors:
                self.stderr.write(f"Line {error.line}: {error.message}")
            raise CommandError(invalid.detail) from invalid
        for outcome in ("created", "updated"):
            for code in getattr(result, outcome):
                self.stdout.write(f"{outcome}: {code}")
        self.stdout.write(self.style.SUCCESS(result.summary))
