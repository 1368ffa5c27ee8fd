"""Prints a table of figures against targets and writes the same as JSON in benchmarks/results."""

from __future__ import annotations

import json
import os
import platform
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    target: str
    passed: bool | None  # None: a figure to read, not a target to meet


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def report(benchmark: str, figures: list[Figure]) -> bool:
    width = max(len(f.name) for f in figures)
    print(f"\n{benchmark} — {machine()}")
    print(f"{'figure'.ljust(width)}  {'value':>14}  {'target':<22} result")
    for f in figures:
        verdict = "-" if f.passed is None else ("PASS" if f.passed else "MISS")
        print(f"{f.name.ljust(width)}  {f.value:>10.3f} {f.unit:<3}  {f.target:<22} {verdict}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{benchmark}.json").write_text(
        json.dumps(
            {
                "benchmark": benchmark,
                "machine": machine(),
                "taken_at": datetime.now(UTC).isoformat(),
                "figures": [asdict(f) for f in figures],
            },
            indent=2,
        )
    )
    return all(f.passed is not False for f in figures)
