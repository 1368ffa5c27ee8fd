"""``manage.py build_tallies``: build the monthly tallies of every month with encounters now.

Reads build them anyway (a month never built is built on its first read), but after a bulk load
or on a first deploy over a large ledger that first read would be slow: run this once instead.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db.models import Max, Min

from engagement import tallies
from engagement.models import Encounter, TallyMonth


class Command(BaseCommand):
    help = "Build the monthly tallies of every month that has encounters."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--again",
            action="store_true",
            help="Build every month from the ledger again, even months already built.",
        )

    def handle(self, *args: Any, again: bool = False, **options: Any) -> None:
        span = Encounter.objects.aggregate(first=Min("occurred_on"), last=Max("occurred_on"))
        if span["first"] is None:
            self.stdout.write("No encounters: nothing to build.")
            return
        months = []
        month = tallies.month_of(span["first"])
        while month <= span["last"]:
            months.append(month)
            month = tallies.next_month(month)
        if again:
            TallyMonth.objects.filter(month__in=months).delete()
        tallies.cells(months).exists()
        self.stdout.write(f"Tallies up to date for {len(months)} months.")
