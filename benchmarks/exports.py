"""CSV export of 1,000,000 encounter rows: at least 100,000 rows/s, with flat memory.

Uses the database ``benchmarks.measures`` builds (its own SQLite file under the temporary
folder) and streams every 2025-26 encounter through the same code as the dashboards, the API
and ``manage.py export_engagement`` (``Export.write``) to /dev/null. Memory is the process's
resident set, sampled every 20 ms while the export runs: the figure is how far it grew above
where it started (tracemalloc would slow the export several times over).

Run: .venv/bin/python -m benchmarks.exports
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

from benchmarks.measures import ENCOUNTERS, bench_database, build
from benchmarks.report import Figure, report

TARGET_ROWS_PER_SECOND = 100_000
TARGET_MEMORY_MB = 200


def resident_mb() -> float:
    """The process's resident set size now, in MB (Linux /proc; 0 where there is none)."""
    status = Path("/proc/self/status")
    if not status.exists():
        return 0.0
    for line in status.read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class PeakMemory:
    """Samples the resident set in a thread; ``growth`` is the peak above the start."""

    def __init__(self, every: float = 0.02) -> None:
        self.every = every
        self.start = self.peak = resident_mb()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, resident_mb())
            time.sleep(self.every)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, resident_mb())

    @property
    def growth(self) -> float:
        return self.peak - self.start


def main() -> bool:
    from core.periods import academic_year
    from engagement.exports import ExportSpec, export_start
    from engagement.models import Encounter, ExportLog
    from engagement.summary_columns import GroupBy

    spec = ExportSpec(
        period=academic_year(2025),
        group_by=GroupBy.SCHOOL,
        content=ExportLog.Content.ENCOUNTERS,
        format=ExportLog.Format.CSV,
    )
    with bench_database():
        build()
        export = export_start(
            spec=spec, queryset=Encounter.objects.all(), user=None, kind=ExportLog.Kind.COMMAND
        )
        with open(os.devnull, "wb") as out, PeakMemory() as memory:
            started = time.perf_counter()
            rows = export.write(out)
            seconds = time.perf_counter() - started
    rate = rows / seconds if seconds else 0.0
    figures = [
        Figure("rows exported", rows, "", f"{ENCOUNTERS:,}", rows == ENCOUNTERS),
        Figure("export time", seconds, "s", "-", None),
        Figure(
            "rows per second",
            rate,
            "",
            f">= {TARGET_ROWS_PER_SECOND:,}",
            rate >= TARGET_ROWS_PER_SECOND,
        ),
        Figure("resident memory at start", memory.start, "MB", "-", None),
        Figure(
            "memory growth during export",
            memory.growth,
            "MB",
            f"< {TARGET_MEMORY_MB} MB",
            memory.growth < TARGET_MEMORY_MB,
        ),
    ]
    return report("exports", figures)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    sys.exit(0 if main() else 1)
