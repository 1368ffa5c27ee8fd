"""The organiser's registrations list for a 2,000-person fair, and one registration's page.

Builds its own throwaway SQLite database (a jobs fair with 2,000 people registered and
ticketed, some with adjustments: ``benchmarks.pages.fair_build``) and a 20-person fair, then asks,
as the fair's organiser, through Django's test Client:

- the list's first page (100 rows), a later page, and a search by name;
- one registration's own page (where its actions are).

Each page is asked for once to warm up, then N times; the figure is the median, against the
target of 100 ms. The query count is the same page's; the list's must equal the 20-person
fair's (it does not grow with the number of people).

Run: .venv/bin/python -m benchmarks.registration_list   (BENCH_QUICK=1: tiny sizes)
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from typing import Any
from urllib.parse import urlencode

from benchmarks.checkin_load import quick
from benchmarks.databases import throwaway_sqlite
from benchmarks.measures import bench_database
from benchmarks.pages import SMALL_FAIR, fair_build, measured
from benchmarks.report import Figure, report

TARGET_MS = 100.0
FULL_PEOPLE, QUICK_PEOPLE = 2_000, 40
FULL_REQUESTS, QUICK_REQUESTS = 20, 2


def cpu_median(client: Any, url: str, requests: int) -> float:
    """Median CPU seconds of this process for ``requests`` GETs of ``url`` (after one)."""
    client.get(url)
    runs = []
    for _ in range(requests):
        started = time.process_time()
        client.get(url)
        runs.append(time.process_time() - started)
    return statistics.median(runs)


def run(*, people: int | None = None, requests: int | None = None) -> tuple[bool, list[Figure]]:
    from django.test import Client

    from events.models import Registration

    people = people or (QUICK_PEOPLE if quick() else FULL_PEOPLE)
    requests = requests or (QUICK_REQUESTS if quick() else FULL_REQUESTS)
    with throwaway_sqlite("registration-list") as path, bench_database(path):
        fair, organiser = fair_build(people)
        small_fair, small_organiser = fair_build(SMALL_FAIR)
        as_organiser, as_small_organiser = Client(), Client()
        as_organiser.force_login(organiser)
        as_small_organiser.force_login(small_organiser)
        someone = Registration.objects.filter(event_id=fair).order_by("pk")[people // 2]
        base = f"/events/manage/{fair}/registrations/"
        pages = [
            ("list, first page", base),
            ("list, page 3", f"{base}?page=3"),
            ("list, search by name", f"{base}?{urlencode({'q': someone.name})}"),
            ("one registration's page", f"{base}{someone.pk}/"),
        ]
        figures, counts = [], {}
        for name, url in pages:
            median, queries = measured(as_organiser, url, requests)
            cpu = cpu_median(as_organiser, url, requests)
            counts[name] = queries
            figures += [
                Figure(f"{name} ({people:,} people): wall", median * 1000, "ms", "", None),
                Figure(
                    f"{name}: CPU",
                    cpu * 1000,
                    "ms",
                    f"< {TARGET_MS:.0f} ms",
                    cpu * 1000 < TARGET_MS,
                ),
                Figure(f"{name}: queries", queries, "", "", None),
            ]
        _, small_queries = measured(
            as_small_organiser, f"/events/manage/{small_fair}/registrations/", 1
        )
    figures.append(
        Figure(
            f"list queries, {SMALL_FAIR} people",
            small_queries,
            "",
            f"= {people:,} people's",
            small_queries == counts["list, first page"],
        )
    )
    return report("registration_list", figures), figures


def main() -> bool:
    return run()[0]


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    sys.exit(0 if main() else 1)
