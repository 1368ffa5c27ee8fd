"""Reads over the encounter ledger: the summary every dashboard, export and the API share,
and Gatsby Benchmark 5 coverage. Rollups are SQL (GROUP BY), never Python loops over rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db.models import Count, F, Max, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from accounts.models import Sector
from accounts.periods import Period
from employers.models import SME_SIZE_BANDS, Employer
from engagement.models import Encounter
from schools.models import School, YearGroupRoll


class GroupBy(StrEnum):
    SCHOOL = "school"
    HUB = "hub"
    DISTRICT = "district"
    EMPLOYER = "employer"
    SECTOR = "sector"
    YEAR_GROUP = "year_group"


# What each grouping groups on, and the label shown for it.
GROUP_FIELDS: dict[GroupBy, tuple[str, str]] = {
    GroupBy.SCHOOL: ("school_id", "school__name"),
    GroupBy.HUB: ("hub_id", "hub__name"),
    GroupBy.DISTRICT: ("district_id", "district__name"),
    GroupBy.EMPLOYER: ("employer_id", "employer__name"),
    GroupBy.SECTOR: ("employer__sectors__id", "employer__sectors__name"),
    GroupBy.YEAR_GROUP: ("year_group", "year_group"),
}

# The columns of a summary row, in order, with what each means (the XLSX "Definitions" sheet).
COLUMNS: list[tuple[str, str]] = [
    ("group", str(_("The school, hub, district, employer, sector or year group"))),
    ("encounters", str(_("Encounters: one employer meeting one audience on one occasion"))),
    (
        "meaningful_encounters",
        str(
            _(
                "Encounters with all four facts of a meaningful encounter recorded (purpose "
                "shared, learning outcomes, two-way interaction, reflection afterwards)"
            )
        ),
    ),
    (
        "people_reached",
        str(_("People in those encounters' audiences (met by two employers: counted twice)")),
    ),
    ("pupils_reached", str(_("Of those, pupils"))),
    ("employers", str(_("Different employers met"))),
    (
        "sme_encounters",
        str(_("Encounters with small and medium-sized employers (under 250 staff)")),
    ),
    (
        "priority_sector_encounters",
        str(_("Encounters with employers in the strategy's priority growth sectors")),
    ),
    (
        "complex_barriers_people",
        str(_("People reached who said they face complex barriers to learning or work")),
    ),
]


@dataclass
class SummaryRow:
    key: object
    group: str
    encounters: int = 0
    meaningful_encounters: int = 0
    people_reached: int = 0
    pupils_reached: int = 0
    employers: int = 0
    sme_encounters: int = 0
    priority_sector_encounters: int = 0
    complex_barriers_people: int = 0
    extra: dict[str, object] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {name: getattr(self, name) for name, _help in COLUMNS}


def encounters_in(
    period: Period, *, queryset: QuerySet[Encounter] | None = None
) -> QuerySet[Encounter]:
    """Encounters on the days of ``period`` (dates, not times: an encounter is on a day)."""
    base = Encounter.objects.all() if queryset is None else queryset
    return base.filter(occurred_on__gte=period.start, occurred_on__lt=period.end)


def summary(
    *, period: Period, group_by: GroupBy | str, queryset: QuerySet[Encounter] | None = None
) -> list[SummaryRow]:
    """The ledger rolled up by ``group_by`` over ``period``: one GROUP BY query, then labels."""
    group_by = GroupBy(group_by)
    key_field, label_field = GROUP_FIELDS[group_by]
    # Priority sectors through a subquery: joining an employer's several sectors here would
    # count an encounter once per sector.
    priority_employers = Employer.objects.filter(sectors__group=Sector.Group.PRIORITY).values("pk")
    rows = (
        encounters_in(period, queryset=queryset)
        .order_by()
        .values(key=F(key_field), label=F(label_field))
        .annotate(
            encounters=Count("pk"),
            meaningful_encounters=Count("pk", filter=Q(meaningful=True)),
            people_reached=Sum("people"),
            pupils_reached=Sum("people", filter=Q(audience="pupils")),
            employers=Count("employer_id", distinct=True),
            sme_encounters=Count("pk", filter=Q(employer__size_band__in=SME_SIZE_BANDS)),
            priority_sector_encounters=Count("pk", filter=Q(employer_id__in=priority_employers)),
            complex_barriers_people=Sum("complex_barriers_people"),
        )
        .order_by("label")
    )
    result = []
    for row in rows:
        label = row["label"]
        if group_by == GroupBy.YEAR_GROUP:
            label = f"Year {label}" if label else str(_("Not a school year group"))
        result.append(
            SummaryRow(
                key=row["key"],
                group=str(label) if label is not None else str(_("Not recorded")),
                encounters=row["encounters"],
                meaningful_encounters=row["meaningful_encounters"],
                people_reached=row["people_reached"] or 0,
                pupils_reached=row["pupils_reached"] or 0,
                employers=row["employers"],
                sme_encounters=row["sme_encounters"],
                priority_sector_encounters=row["priority_sector_encounters"],
                complex_barriers_people=row["complex_barriers_people"] or 0,
            )
        )
    return result


def summary_totals(rows: list[SummaryRow]) -> SummaryRow:
    """The totals line of a summary (employers are not additive: counted again over all)."""
    total = SummaryRow(key=None, group=str(_("Total")))
    for row in rows:
        for name, _help in COLUMNS[1:]:
            if name != "employers":
                setattr(total, name, getattr(total, name) + getattr(row, name))
    return total


def encounter_rows(*, period: Period, queryset: QuerySet[Encounter] | None = None) -> Iterator[Any]:
    """Every encounter of ``period`` as a flat row, streamed (for exports of any size)."""
    return (
        encounters_in(period, queryset=queryset)
        .order_by("occurred_on", "pk")
        .values(
            "occurred_on",
            "kind",
            "source",
            "employer__name",
            "employer__size_band",
            "provider_name",
            "school__urn",
            "school__name",
            "year_group",
            "audience",
            "people",
            "meaningful",
            "district__name",
            "hub__name",
            "event__title",
        )
        .iterator(chunk_size=5000)
    )


@dataclass
class Coverage:
    school_id: int
    year_group: int
    on_roll: int
    covered: int

    @property
    def share(self) -> float:
        return self.covered / self.on_roll if self.on_roll else 0.0


def benchmark5_coverage(
    *, period: Period, schools: QuerySet[School] | None = None
) -> list[Coverage]:
    """Pupils in each school year group with at least one meaningful employer encounter.

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
    meaningful = encounters_in(period).filter(
        meaningful=True, school__in=schools, year_group__isnull=False, audience="pupils"
    )
    largest_group = {
        (r["school_id"], r["year_group"]): r["largest"]
        for r in meaningful.filter(pupil_refs=[])
        .order_by()
        .values("school_id", "year_group")
        .annotate(largest=Max("people"))
    }
    named: dict[tuple[int, int | None], set[str]] = defaultdict(set)
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


def unique_employers_by_school(
    *, period: Period, schools: QuerySet[School] | None = None
) -> dict[int, int]:
    """Different employers each school's pupils met in ``period``."""
    qs = encounters_in(period).filter(school__isnull=False, employer__isnull=False)
    if schools is not None:
        qs = qs.filter(school__in=schools)
    return dict(
        qs.order_by()
        .values("school_id")
        .annotate(n=Count("employer_id", distinct=True))
        .values_list("school_id", "n")
    )
