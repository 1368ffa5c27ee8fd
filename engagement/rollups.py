"""Reads over the encounter ledger: the summary every dashboard, export and the API share
(Gatsby Benchmark 5 coverage is in ``engagement.coverage``). Rollups are SQL (GROUP BY), never
Python loops over rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, Q, QuerySet, Sum, Value
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import District, Sector
from core.periods import Period
from core.request_memo import memoized
from employers.models import SME_SIZE_BANDS, Employer
from engagement import people, tallies
from engagement.models import Encounter, EncounterMethod
from engagement.summary_columns import (
    COLUMNS,
    GROUP_FIELDS,
    NOT_ADDITIVE,
    GroupBy,
    SummaryRow,
)
from events.models import Ticket
from schools.models import Hub, School

if TYPE_CHECKING:
    pass


def encounters_in(
    period: Period, *, queryset: QuerySet[Encounter] | None = None
) -> QuerySet[Encounter]:
    """Encounters on the days of ``period`` (dates, not times: an encounter is on a day)."""
    base = Encounter.objects.all() if queryset is None else queryset
    return base.filter(occurred_on__gte=period.start, occurred_on__lt=period.end)


# Groupings the monthly tallies answer (the rest read the ledger): the cell column for each.
TALLY_GROUPS: dict[GroupBy, str] = {
    GroupBy.SCHOOL: "school_id",
    GroupBy.HUB: "hub_id",
    GroupBy.DISTRICT: "district_id",
    GroupBy.YEAR_GROUP: "year_group",
}


@memoized  # several panels of a dashboard ask for the same rollup
def summary(
    *,
    period: Period,
    group_by: GroupBy | str,
    queryset: QuerySet[Encounter] | None = None,
    attendance: QuerySet[Ticket] | None = None,
    people_too: bool = True,
) -> list[SummaryRow]:
    """The ledger rolled up by ``group_by`` over ``period``, ordered by label.

    Sums are read from the monthly tallies where they can answer (a period of whole months,
    grouped by place or year group, filtered at most by place, year group or audience);
    otherwise one GROUP BY query over the ledger. Both give the same figures (tests hold them
    equal). Distinct people are counted from the ledger's rows, fair attendance from the
    admitted tickets: ``attendance`` narrows those to what the viewer may see (by default, the
    tickets matching ``queryset``'s place or employer). ``people_too=False`` leaves those
    figures out, for a reader that shows sums only (they cost three queries).
    """
    group_by = GroupBy(group_by)
    months = tallies.months_in(period)
    filters = tallies.cell_filters(queryset)
    if months is not None and filters is not None and group_by in TALLY_GROUPS:
        rows = _summary_from_tallies(months, group_by, filters)
    else:
        rows = _summary_from_ledger(period, group_by, queryset)
    if people_too:
        _add_people(rows, period, group_by, queryset, attendance)
    return rows


def _add_people(
    rows: list[SummaryRow],
    period: Period,
    group_by: GroupBy | None,
    queryset: QuerySet[Encounter] | None,
    attendance: QuerySet[Ticket] | None,
) -> None:
    """Fill in the figures that are not sums (distinct people, fair attendance); a group with
    attendance but no encounter gets a row of its own."""
    key_field = GROUP_FIELDS[group_by][0] if group_by else None
    found = people.distinct_people(encounters_in(period, queryset=queryset), key_field)
    tickets = attendance if attendance is not None else people.attendance_of(queryset)
    came = people.fair_attendance(period, tickets, str(group_by) if group_by else None)
    people_fill(rows, group_by, found, came)


def people_fill(
    rows: list[SummaryRow],
    group_by: GroupBy | None,
    found: dict[Any, people.People],
    came: dict[Any, int] | None,
) -> None:
    by_key = {row.key: row for row in rows}
    for key, counted in found.items():
        row = by_key.get(key)
        if row is not None:
            row.people, row.pupils_reached = counted.people, counted.pupils
            row.complex_barriers_people = counted.complex_barriers
    if came is None:
        return
    for row in rows:
        row.fair_attendance = came.get(row.key, 0)
    if group_by is None:
        return
    extra = [key for key, n in came.items() if n and key not in by_key]
    names = _labels(group_by, [key for key in extra if key is not None])
    for key in extra:
        rows.append(
            SummaryRow(
                key=key, group=_label(group_by, key, names.get(key)), fair_attendance=came[key]
            )
        )
    if extra:  # in the summary's order: by label (a year group by number), unlabelled last
        by_number = group_by == GroupBy.YEAR_GROUP
        rows.sort(
            key=lambda row: (
                row.key is None,
                (row.key or 0) if by_number else 0,
                "" if by_number else row.group,
                str(row.key),
            )
        )


# How an encounter is known: scanned at the stand, or else recorded (by hand or imported).
SCANNED = Q(method=EncounterMethod.SCANNED)


def _ledger_figures() -> dict[str, Any]:
    """A summary row's sums as aggregates over the ledger."""
    # Priority sectors through a subquery: joining an employer's several sectors here would
    # count an encounter once per sector.
    priority_employers = Employer.objects.filter(sectors__group=Sector.Group.PRIORITY).values("pk")
    employer = Q(employer__isnull=False)
    return {
        "employer_encounters": Count("pk", filter=employer),
        "scanned_employer_encounters": Count("pk", filter=employer & SCANNED),
        "recorded_employer_encounters": Count("pk", filter=employer & ~SCANNED),
        "provider_encounters": Count("pk", filter=Q(employer__isnull=True)),
        "meaningful_employer_encounters": Count("pk", filter=employer & Q(meaningful=True)),
        "contacts": Sum("people"),
        "employers": Count("employer_id", distinct=True),
        "sme_encounters": Count("pk", filter=Q(employer__size_band__in=SME_SIZE_BANDS)),
        "priority_sector_encounters": Count("pk", filter=Q(employer_id__in=priority_employers)),
    }


def _summary_from_ledger(
    period: Period, group_by: GroupBy, queryset: QuerySet[Encounter] | None
) -> list[SummaryRow]:
    key_field, label_field = GROUP_FIELDS[group_by]
    rows: Any = (  # the figures are keyword annotations: rows are plain dicts
        encounters_in(period, queryset=queryset)
        .order_by()
        .values(key=F(key_field), label=F(label_field))
        .annotate(**_ledger_figures())
        .order_by(F("label").asc(nulls_last=True), "key")
    )
    found = []
    for row in rows:
        key, label = row.pop("key"), row.pop("label")
        figures: dict[str, Any] = {name: value or 0 for name, value in row.items()}
        found.append(SummaryRow(key=key, group=_label(group_by, key, label), **figures))
    return found


def tally_figures() -> dict[str, Any]:
    """A summary row's sums (all but different employers) as sums over tally cells."""
    return {
        "encounters": Sum("encounters"),
        "employer_encounters": Sum("employer_encounters"),
        "scanned_employer_encounters": Sum("scanned_employer_encounters"),
        "meaningful_employer_encounters": Sum("meaningful_employer"),
        "contacts": Sum("people"),
        "sme_encounters": Sum("sme_encounters"),
        "priority_sector_encounters": Sum("priority_sector_encounters"),
    }


def from_tally_sums(figures: dict[str, Any]) -> dict[str, Any]:
    figures = {name: value or 0 for name, value in figures.items()}
    figures["provider_encounters"] = figures.pop("encounters") - figures["employer_encounters"]
    figures["recorded_employer_encounters"] = (
        figures["employer_encounters"] - figures["scanned_employer_encounters"]
    )
    return figures


def _summary_from_tallies(
    months: list[date], group_by: GroupBy, filters: dict[str, Any]
) -> list[SummaryRow]:
    key_field = TALLY_GROUPS[group_by]
    cells = tallies.cells(months, **filters)
    # Annotations may not share a name with a field of the cells: prefixed, then unprefixed.
    rows_by_key: Any = (
        cells.order_by()
        .values(key=F(key_field))
        .annotate(**{f"n_{name}": figure for name, figure in tally_figures().items()})
    )
    sums: dict[Any, dict[str, Any]] = {
        row["key"]: {name[2:]: value for name, value in row.items() if name != "key"}
        for row in rows_by_key
    }
    employers = tallies.employers_by(tallies.bitmaps(cells, key_field))
    return tally_rows(group_by, sums, employers)


def tally_rows(
    group_by: GroupBy, sums: dict[Any, dict[str, Any]], employers: dict[Any, int]
) -> list[SummaryRow]:
    """Summary rows from each key's tally sums and different employers, ordered by label."""
    totals = {key: from_tally_sums(figures) for key, figures in sums.items()}
    names = _labels(group_by, [key for key in totals if key is not None])
    rows = [
        SummaryRow(
            key=key,
            group=_label(group_by, key, names.get(key)),
            employers=employers.get(key, 0),
            **figures,
        )
        for key, figures in totals.items()
    ]
    # As the ledger query orders them: by label (a year group by number), the unlabelled last.
    labelled = sorted(
        (row for row in rows if row.key is not None), key=lambda r: (names[r.key], r.key)
    )
    return labelled + [row for row in rows if row.key is None]


def area_names(group_by: GroupBy) -> list[tuple[int, str]]:
    """(id, name) of every Careers Hub or every district, by name: a handful of rows."""
    return _every_area_name()[group_by]


@memoized  # a page's drill-down tables and its rollups name the same hubs and districts
def _every_area_name() -> dict[GroupBy, list[tuple[int, str]]]:
    """Every Careers Hub's and every district's (id, name), by name, in one statement."""
    tagged = [
        model.objects.order_by().values_list(Value(group_by.value), "pk", "name")
        for group_by, model in ((GroupBy.HUB, Hub), (GroupBy.DISTRICT, District))
    ]
    names: dict[GroupBy, list[tuple[int, str]]] = {GroupBy.HUB: [], GroupBy.DISTRICT: []}
    for group_by, pk, name in tagged[0].union(tagged[1], all=True).order_by("name", "pk"):
        names[GroupBy(group_by)].append((pk, name))
    return names


def _labels(group_by: GroupBy, keys: list[Any]) -> dict[Any, str]:
    if group_by == GroupBy.YEAR_GROUP:
        return {key: f"{key:02d}" for key in keys}
    if not keys:
        return {}
    if group_by in (GroupBy.HUB, GroupBy.DISTRICT):
        wanted = set(keys)
        return {pk: name for pk, name in area_names(group_by) if pk in wanted}
    model: Any = {
        GroupBy.SCHOOL: School,
        GroupBy.HUB: Hub,
        GroupBy.DISTRICT: District,
        GroupBy.EMPLOYER: Employer,
        GroupBy.SECTOR: Sector,
    }[group_by]
    return dict(model.objects.filter(pk__in=keys).values_list("pk", "name"))


def _label(group_by: GroupBy, key: Any, label: Any) -> str:
    if group_by == GroupBy.YEAR_GROUP:
        return str(_("Year %(year)d") % {"year": key}) if key else str(_("Not a school year group"))
    if label is None:
        return str(_("Not recorded"))
    # A sector's name is stored data; the strategy's names are in the catalogue (as Sector's str).
    return gettext(str(label)) if group_by == GroupBy.SECTOR and label else str(label)


@memoized
def total_over_encounters(
    *,
    period: Period,
    queryset: QuerySet[Encounter] | None = None,
    attendance: QuerySet[Ticket] | None = None,
) -> SummaryRow:
    """The totals over every encounter of ``period`` (not the rows added up: an employer in two
    sectors shows in both sector rows but is one employer, and one set of encounters, in the
    total; a person at three fairs is one person). Sums from the tallies where they can answer,
    else one query over the ledger; people and attendance counted over the raw rows."""
    months = tallies.months_in(period)
    filters = tallies.cell_filters(queryset)
    if months is None or filters is None:
        total = _total_from_ledger(period, queryset)
    else:
        cells = tallies.cells(months, **filters)
        figures = from_tally_sums(cells.aggregate(**tally_figures()))
        every_cell = ((None, bits) for _month, bits in tallies.bitmaps(cells, "month"))
        figures["employers"] = tallies.employers_by(every_cell).get(None, 0)
        total = total_row(figures)
    _add_people([total], period, None, queryset, attendance)
    return total


@dataclass(frozen=True)
class EmployerSums:
    """Encounters with an employer, and those with SMEs and in the priority growth sectors."""

    employer_encounters: int
    sme_encounters: int
    priority_sector_encounters: int


_EMPLOYER_SUMS = ("employer_encounters", "sme_encounters", "priority_sector_encounters")


@memoized  # several measures of a page read the same employer encounters
def employer_sums(*, period: Period, queryset: QuerySet[Encounter] | None = None) -> EmployerSums:
    """``EmployerSums`` over the encounters of ``period`` (of ``queryset``): from the tallies
    where they can answer, else one query over the ledger."""
    months = tallies.months_in(period)
    filters = tallies.cell_filters(queryset)
    if months is None or filters is None:
        figures = _ledger_figures()
        sums = encounters_in(period, queryset=queryset).aggregate(
            **{name: figures[name] for name in _EMPLOYER_SUMS}
        )
    else:
        figures = tally_figures()
        sums = tallies.cells(months, **filters).aggregate(
            **{f"n_{name}": figures[name] for name in _EMPLOYER_SUMS}
        )
        sums = {name[2:]: value for name, value in sums.items()}
    return EmployerSums(**{name: sums[name] or 0 for name in _EMPLOYER_SUMS})


def _total_from_ledger(period: Period, queryset: QuerySet[Encounter] | None) -> SummaryRow:
    return total_row(encounters_in(period, queryset=queryset).aggregate(**_ledger_figures()))


def total_row(figures: dict[str, Any]) -> SummaryRow:
    total = SummaryRow(key=None, group=str(_("Total")))
    for name, value in figures.items():
        setattr(total, name, value or 0)
    return total


def total_of_rows(rows: list[SummaryRow]) -> SummaryRow:
    """The rows' sums added up, for a totals line over rows already counted. Figures that are
    not sums (different employers, distinct people, attendance) stay 0 here:
    ``total_over_encounters`` counts them once over all."""
    total = SummaryRow(key=None, group=str(_("Total")))
    for row in rows:
        for name, _help in COLUMNS[1:]:
            if name not in NOT_ADDITIVE:
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
            "method",
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
