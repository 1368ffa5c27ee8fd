"""Reads for the dashboards: the period a page shows, the drill-down tables, the charts' data.

Every function here runs a fixed number of queries whatever the number of schools, hubs or
Jobcentres (GROUP BY in the database, then dictionaries): the dashboards' query counts are
pinned in tests/engagement/test_dashboards.py.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, Role, User
from accounts.permissions import is_admin, is_lead
from core.numbers import grouped
from core.periods import (
    FIGURE_YEARS,
    Period,
    PeriodKind,
    academic_year,
    academic_year_of,
    financial_quarter,
    financial_year,
    financial_year_of,
)
from employers.models import Employer
from engagement.charts import BarChart, GridChart, bar_chart, grid_chart
from engagement.coverage import benchmark5_coverage, unique_employers_by_school
from engagement.measures import format_figure, share
from engagement.models import Encounter, Measure, SbwaPlacement
from engagement.rollup_batches import summaries
from engagement.rollups import area_names, encounters_in, summary, total_over_encounters
from engagement.sbwa import sbwa_figures
from engagement.summary_columns import COLUMNS, GroupBy, SummaryRow
from events.models import EventKind
from events.programme_grid import CELL_STATE_LABELS, GridRow, programme_grids
from schools.models import Hub, School

PERIOD_PARAMETER = "period"
_PERIOD_VALUE = re.compile(r"^(ay|fy)-([0-9]{4})$|^q-([0-9]{4})-([1-4])$")


def period_value(period: Period) -> str:
    """The ``?period=`` value of a period: ay-2025, fy-2025, q-2025-1."""
    if period.kind == PeriodKind.ACADEMIC_YEAR:
        return f"ay-{period.start.year}"
    if period.kind == PeriodKind.FINANCIAL_YEAR:
        return f"fy-{period.start.year}"
    if period.kind == PeriodKind.FINANCIAL_QUARTER:
        return f"q-{financial_year_of(period.start).start.year}-{period.label[-1]}"
    return ""


def period_parse(value: str | None) -> Period | None:
    """A ``?period=`` value back to its period; None (today's periods) for anything else."""
    match = _PERIOD_VALUE.match((value or "").strip())
    if not match:
        return None
    kind, year, quarter_year, quarter = match.groups()
    if int(year or quarter_year) not in FIGURE_YEARS:
        return None  # a typed URL's slip: today's periods
    if kind == "ay":
        return academic_year(int(year))
    if kind == "fy":
        return financial_year(int(year))
    return financial_quarter(int(quarter_year), int(quarter))


def period_name(period: Period) -> str:
    if period.kind == PeriodKind.ACADEMIC_YEAR:
        return _("Academic year %(label)s") % {"label": period.label}
    if period.kind == PeriodKind.FINANCIAL_YEAR:
        return _("Financial year %(label)s") % {"label": period.label}
    return _("%(label)s (%(start)s to %(end)s)") % {
        "label": period.label,
        "start": formats.date_format(period.start, "F"),
        "end": formats.date_format(period.last_day, "F"),
    }


def period_options(*, today: date | None = None) -> list[tuple[str, str]]:
    """What the period selector offers: this year's and the two before, and the quarters of
    this financial year and the last."""
    today = today or timezone.localdate()
    academic = academic_year_of(today).start.year
    financial = financial_year_of(today).start.year
    options = [("", _("Today: each measure's current period"))]
    options += [
        (period_value(p), period_name(p))
        for p in [academic_year(academic - n) for n in range(3)]
        + [financial_year(financial - n) for n in range(3)]
        + [financial_quarter(year, q) for year in (financial, financial - 1) for q in (4, 3, 2, 1)]
        if p.start <= today
    ]
    return options


def encounter_period(chosen: Period | None, *, today: date | None = None) -> Period:
    """Encounter tables count by academic year: the chosen one, or the one holding the end of
    the chosen period (today for a period still running)."""
    today = today or timezone.localdate()
    if chosen is None:
        return academic_year_of(today)
    if chosen.kind == PeriodKind.ACADEMIC_YEAR:
        return chosen
    return academic_year_of(max(chosen.start, min(chosen.last_day, today)))


def jobcentre_year(chosen: Period | None, *, today: date | None = None) -> int:
    """The financial year (its first calendar year) the Jobcentre grids show."""
    today = today or timezone.localdate()
    if chosen is None:
        return financial_year_of(today).start.year
    return financial_year_of(max(chosen.start, min(chosen.last_day, today))).start.year


# --- Drill-down tables ------------------------------------------------------------------------


@dataclass
class ChildRow:
    label: str
    url: str | None
    figures: SummaryRow
    coverage: str = ""
    employers_met: int | None = None


@dataclass
class DrillTable:
    caption: str
    first_heading: str
    rows: list[ChildRow]
    total: SummaryRow
    show_coverage: bool = True
    show_employers_met: bool = False

    @property
    def definitions(self) -> list[tuple[str, str]]:
        """What each figure in the table means, in words, shown under it."""
        return [(name, str(meaning)) for name, meaning in COLUMNS if name in SHOWN_FIGURES]


# The figures a drill-down table shows, each defined under it.
SHOWN_FIGURES = (
    "employer_encounters",
    "scanned_employer_encounters",
    "recorded_employer_encounters",
    "provider_encounters",
    "meaningful_employer_encounters",
    "people",
    "pupils_reached",
    "fair_attendance",
)


def _coverage_by(
    key_of_school: dict[int, object], coverage: list[Any]
) -> dict[object, tuple[int, int]]:
    totals: dict[object, list[int]] = {}
    for row in coverage:
        key = key_of_school.get(row.school_id)
        pair = totals.setdefault(key, [0, 0])
        pair[0] += row.covered
        pair[1] += row.on_roll
    return {key: (covered, on_roll) for key, (covered, on_roll) in totals.items()}


def _coverage_text(pair: tuple[int, int] | None) -> str:
    if not pair or not pair[1]:
        return str(_("No pupils on roll"))
    return format_figure(share(*pair), Measure.Unit.PERCENT)


@dataclass(frozen=True)
class TableSpec:
    """One drill-down table of a page that shows several (the county: hubs and districts)."""

    group_by: GroupBy
    url_name: str
    caption: str
    first_heading: str


def group_tables(
    *,
    period: Period,
    encounters: QuerySet[Encounter],
    schools: QuerySet[School],
    specs: list[TableSpec],
    query: str = "",
) -> list[DrillTable]:
    """``group_table`` for each of ``specs``, their figures read together (``summaries``): the
    same rows, in a number of queries that does not grow with the number of tables."""
    found_by, total = summaries(
        period=period, group_bys=[spec.group_by for spec in specs], queryset=encounters
    )
    fields = [{GroupBy.HUB: "hub_id", GroupBy.DISTRICT: "district_id"}[s.group_by] for s in specs]
    places = list(schools.values_list("pk", *fields))
    coverage_rows = benchmark5_coverage(period=period, schools=schools)
    tables = []
    for index, (spec, found_rows) in enumerate(zip(specs, found_by, strict=True)):
        found = {row.key: row for row in found_rows}
        key_of_school = {place[0]: place[index + 1] for place in places}
        coverage = _coverage_by(key_of_school, coverage_rows)
        rows = [
            ChildRow(
                label=name,
                url=reverse(spec.url_name, args=[pk]) + query,
                figures=found.pop(pk) if pk in found else SummaryRow(key=pk, group=name),
                coverage=_coverage_text(coverage.get(pk)),
            )
            for pk, name in area_names(spec.group_by)
        ]
        rows += [ChildRow(label=row.group, url=None, figures=row) for row in found.values()]
        tables.append(
            DrillTable(
                caption=spec.caption, first_heading=spec.first_heading, rows=rows, total=total
            )
        )
    return tables


def school_table(
    *,
    period: Period,
    encounters: QuerySet[Encounter],
    schools: QuerySet[School],
    caption: str,
    query: str = "",
) -> DrillTable:
    """Every school in ``schools`` (those without an encounter too), then encounters that belong
    to no school (a jobs fair's visitors), so the total is every encounter in the scope."""
    rows = {
        row.key: row for row in summary(period=period, group_by=GroupBy.SCHOOL, queryset=encounters)
    }
    coverage = _coverage_by(
        {pk: pk for pk in schools.values_list("pk", flat=True)},
        benchmark5_coverage(period=period, schools=schools),
    )
    met = unique_employers_by_school(period=period, schools=schools)
    children = []
    for pk, name in schools.order_by("name").values_list("pk", "name"):
        children.append(
            ChildRow(
                label=name,
                url=reverse("dashboard:school", args=[pk]) + query,
                figures=rows.pop(pk) if pk in rows else SummaryRow(key=pk, group=name),
                coverage=_coverage_text(coverage.get(pk)),
                employers_met=met.get(pk, 0),
            )
        )
    for row in rows.values():  # encounters outside these schools: no school, or a visiting one
        children.append(ChildRow(label=row.group, url=None, figures=row))
    return DrillTable(
        caption=caption,
        first_heading=_("School or college"),
        rows=children,
        total=total_over_encounters(period=period, queryset=encounters),
        show_employers_met=True,
    )


# --- Charts' data -----------------------------------------------------------------------------


def sector_chart(
    *, period: Period, encounters: QuerySet[Encounter]
) -> tuple[BarChart, list[SummaryRow]]:
    rows = sorted(
        summary(
            period=period,
            group_by=GroupBy.SECTOR,
            queryset=encounters.filter(employer__isnull=False),
            people_too=False,  # the chart and its table show employer encounters only
        ),
        key=lambda row: (-row.employer_encounters, row.group),
    )
    chart = bar_chart(
        title=_("Employer encounters by sector, %(period)s") % {"period": period.label},
        description=_(
            "A bar for each sector; an employer in two sectors counts in both. The table below "
            "has the same figures."
        ),
        bars=[(row.group, row.encounters, grouped(row.encounters)) for row in rows],
    )
    return chart, rows


@dataclass
class YearGroupCoverage:
    year_group: int
    covered: int
    on_roll: int

    @property
    def share_display(self) -> str:
        return format_figure(share(self.covered, self.on_roll), Measure.Unit.PERCENT)


def coverage_by_year_group(
    *, period: Period, schools: QuerySet[School]
) -> tuple[BarChart, list[YearGroupCoverage]]:
    totals = {year: YearGroupCoverage(year, 0, 0) for year in range(7, 14)}
    for row in benchmark5_coverage(period=period, schools=schools):
        totals[row.year_group].covered += row.covered
        totals[row.year_group].on_roll += row.on_roll
    rows = list(totals.values())
    chart = bar_chart(
        title=_("Gatsby Benchmark 5 coverage by year group, %(period)s") % {"period": period.label},
        description=_(
            "The percentage of pupils on roll in each year group, 7 to 13, with at least one "
            "meaningful employer encounter. The table below has the same figures."
        ),
        bars=[
            (
                _("Year %(n)d") % {"n": row.year_group},
                float(share(row.covered, row.on_roll) or 0),
                row.share_display if row.on_roll else _("No pupils on roll"),
            )
            for row in rows
        ],
        max_value=100,
    )
    return chart, rows


def _year_label(row: GridRow | None) -> str:
    return str(CELL_STATE_LABELS[row.year_state]) if row else ""


@dataclass
class JobcentreGrids:
    financial_year: int
    label: str
    rows: list[tuple[GridRow, str, str]]
    chart: GridChart
    held: int = 0
    cells: int = 0


def jobcentre_grids(*, start_year: int, jobcentre: Organisation | None = None) -> JobcentreGrids:
    """The Jobcentre × quarter grid of jobs fairs, with each Jobcentre's 50+ jobs fairs and Voice
    of the Customer forum for the year (two queries, events.programme_grid.programme_grids)."""
    grids = programme_grids(
        financial_year=start_year,
        kinds=[
            EventKind.JOBS_FAIR,
            EventKind.VOICE_OF_THE_CUSTOMER_FORUM,
            EventKind.FIFTY_PLUS_JOBS_FAIR,
        ],
    )
    fairs = grids[EventKind.JOBS_FAIR]
    forums = {row.venue.pk: row for row in grids[EventKind.VOICE_OF_THE_CUSTOMER_FORUM].rows}
    fifty = {row.venue.pk: row for row in grids[EventKind.FIFTY_PLUS_JOBS_FAIR].rows}
    rows = [
        (row, _year_label(forums.get(row.venue.pk)), _year_label(fifty.get(row.venue.pk)))
        for row in fairs.rows
        if jobcentre is None or row.venue.organisation_id == jobcentre.pk
    ]
    label = financial_year(start_year).label
    chart = grid_chart(
        title=_("Jobs fairs by Jobcentre and quarter, %(year)s") % {"year": label},
        description=_(
            "A row for each Jobcentre and a column for each quarter, each cell saying whether "
            "a jobs fair was held, is planned or is missing. The table below has the same facts."
        ),
        columns=[_("Q%(n)d") % {"n": quarter} for quarter in range(1, 5)],
        rows=[
            (
                row.venue.name,
                [(cell.state, str(CELL_STATE_LABELS[cell.state])) for cell in row.cells],
            )
            for row, _forum, _fifty in rows
        ],
    )
    states = [cell.state for row, _forum, _fifty in rows for cell in row.cells]
    return JobcentreGrids(
        financial_year=start_year,
        label=label,
        rows=rows,
        chart=chart,
        held=states.count("held"),
        cells=len(states),
    )


def placements_of(*, jobcentre: Organisation, period: Period) -> dict[str, object]:
    """A Jobcentre's academy placements in ``period`` (as its measures count them) and its
    latest placements."""
    figures = sbwa_figures(period=period, jobcentre=jobcentre)
    return {
        "count": figures.placements,
        "fifty_plus": figures.fifty_plus,
        "recent": list(
            SbwaPlacement.objects.filter(jobcentre=jobcentre)
            .select_related("sector", "employer")
            .order_by("-started_on", "-pk")[:20]
        ),
    }


# --- Employer's own view ----------------------------------------------------------------------


@dataclass
class EmployerReach:
    totals: SummaryRow
    schools: list[SummaryRow]
    events: Sequence[Mapping[str, object]] = field(default_factory=list)


def employer_reach(*, period: Period, encounters: QuerySet[Encounter]) -> EmployerReach:
    """The schools and events an employer's encounters reached in ``period``."""
    scoped = encounters_in(period, queryset=encounters)
    schools = [
        row
        for row in summary(period=period, group_by=GroupBy.SCHOOL, queryset=encounters)
        if row.key
    ]
    events = list(
        scoped.filter(event__isnull=False)
        .order_by()
        .values("event_id", "event__title", "occurred_on")
        .annotate(people=Sum("people"), groups=Count("pk"))
        .order_by("-occurred_on", "event__title")
    )
    totals = total_over_encounters(period=period, queryset=encounters)
    return EmployerReach(totals=totals, schools=schools, events=events)


# --- Which dashboard is a user's own ----------------------------------------------------------


def own_dashboard_url(user: User) -> str | None:
    """Where "Dashboard" in the navigation leads: the county for leads and administrators, the
    user's own hub, school, Jobcentre or employer otherwise."""
    if is_admin(user) or is_lead(user):
        return reverse("dashboard:county")
    if ids := user.organisation_ids(Role.COORDINATOR):
        hub = Hub.objects.filter(organisation_id__in=ids).order_by("name").first()
        if hub:
            return reverse("dashboard:hub", args=[hub.pk])
    if ids := user.organisation_ids(Role.CAREERS_LEADER):
        school = School.objects.filter(organisation_id__in=ids).order_by("name").first()
        if school:
            return reverse("dashboard:school", args=[school.pk])
    if ids := user.organisation_ids(Role.JOBCENTRE_ORGANISER):
        return reverse("dashboard:jobcentre", args=[min(ids)])
    if ids := user.organisation_ids(Role.EMPLOYER_CONTACT, Role.ENTERPRISE_ADVISER):
        employer = Employer.objects.filter(organisation_id__in=ids).order_by("name").first()
        if employer:
            return reverse("dashboard:employer", args=[employer.pk])
    return None
