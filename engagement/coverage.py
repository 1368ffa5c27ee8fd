"""Gatsby Benchmark 5 coverage: pupils in each school year group with at least one meaningful
employer encounter, and the different employers each school's pupils met."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max, QuerySet

from core.periods import Period
from core.request_memo import memoized
from engagement import tallies
from engagement.rollups import encounters_in
from schools.models import School, YearGroupRoll


@dataclass
class Coverage:
    school_id: int
    year_group: int
    on_roll: int
    covered: int

    @property
    def share(self) -> float:
        return self.covered / self.on_roll if self.on_roll else 0.0


@memoized
def benchmark5_coverage(
    *, period: Period, schools: QuerySet[School] | None = None
) -> list[Coverage]:
    """Pupils in each school year group with at least one meaningful employer encounter
    (employers only: a college's or provider's encounter is not an employer encounter).

    A pupil is never counted twice: pupils a school names by reference are counted once
    however many encounters list them; where encounters give only a number, the largest single
    group counts (two fairs attended by the same class are not added up). The result is never
    more than the pupils on roll.
    """
    schools = School.objects.all() if schools is None else schools
    rolls = {
        (r["school_id"], r["year_group"]): r["pupils"]
        for r in YearGroupRoll.objects.filter(school__in=schools).values(
            "school_id", "year_group", "pupils"
        )
    }
    largest_group: dict[tuple[int, int | None], int] = {}
    named: dict[tuple[int, int | None], set[str]] = defaultdict(set)
    months = tallies.months_in(period)
    if months is not None:
        cells = tallies.cells(months).filter(
            meaningful_employer__gt=0,
            school__in=schools,
            year_group__isnull=False,
            audience="pupils",
        )
        largest_group = {
            (school_id, year_group): largest
            for school_id, year_group, largest in cells.order_by()
            .values_list("school_id", "year_group")
            .annotate(largest=Max("largest_meaningful_group"))
            .filter(largest__gt=0)
        }
        for school_id, year_group, refs in cells.exclude(pupil_refs=[]).values_list(
            "school_id", "year_group", "pupil_refs"
        ):
            named[(school_id, year_group)].update(refs)
    else:
        meaningful = encounters_in(period).filter(
            meaningful=True,
            employer__isnull=False,  # provider encounters are never employer encounters
            school__in=schools,
            year_group__isnull=False,
            audience="pupils",
        )
        largest_group = {
            (r["school_id"], r["year_group"]): r["largest"]
            for r in meaningful.filter(pupil_refs=[])
            .order_by()
            .values("school_id", "year_group")
            .annotate(largest=Max("people"))
        }
        for school_id, year_group, refs in meaningful.exclude(pupil_refs=[]).values_list(
            "school_id", "year_group", "pupil_refs"
        ):
            named[(school_id, year_group)].update(refs)
    return [
        Coverage(
            school_id=school_id,
            year_group=year_group,
            on_roll=on_roll,
            covered=min(
                on_roll,
                max(
                    largest_group.get((school_id, year_group), 0),
                    len(named[(school_id, year_group)]),
                )
                if (school_id, year_group) in named
                else largest_group.get((school_id, year_group), 0),
            ),
        )
        for (school_id, year_group), on_roll in sorted(rolls.items())
    ]


@memoized
def unique_employers_by_school(
    *, period: Period, schools: QuerySet[School] | None = None
) -> dict[int, int]:
    """Different employers each school's pupils met in ``period``."""
    months = tallies.months_in(period)
    if months is not None:
        cells = tallies.cells(months).filter(school__isnull=False)
        if schools is not None:
            cells = cells.filter(school__in=schools)
        return tallies.employers_by(tallies.bitmaps(cells, "school_id"))
    qs = encounters_in(period).filter(school__isnull=False, employer__isnull=False)
    if schools is not None:
        qs = qs.filter(school__in=schools)
    return dict(
        qs.order_by()
        .values("school_id")
        .annotate(n=Count("employer_id", distinct=True))
        .values_list("school_id", "n")
    )
