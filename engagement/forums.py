"""Barrier themes across forums and years, and the actions overdue: the lead's figures and files.

Counted from the records of every Voice of the Customer forum that took place (over, not
cancelled), published or not: the lead sees what the public page shows and what is still being
written up. ``barrier_theme_rows`` is where every source of barrier themes joins: today the
forums; feedback after events adds its rows (``ThemeRaised`` with ``source`` "feedback").
"""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from accounts.models import Organisation, OrganisationKind
from engagement.exports import csv_lines, xlsx_write
from engagement.measures.core import jobcentre_names
from events.barriers import BarrierTheme
from events.forums import (
    FORUM,
    ThemeRaised,
    forum_theme_counts,
    overdue_actions,
    took_place_q,
)
from events.models import ForumAction, ForumRecord
from events.programme_grid import event_jobcentre_id

DEFINITIONS = {
    "themes": gettext_lazy(
        "Barriers raised: each barrier recorded at a Voice of the Customer forum that took "
        "place (over, not cancelled), published or not, counted once under the one theme its "
        "organiser chose; by the Jobcentre that organised the forum and the financial year "
        "(April to March) it was held in."
    ),
    "overdue": gettext_lazy(
        "Overdue actions: actions agreed at those forums whose due date has passed and that "
        "are neither done nor found not possible."
    ),
}


def forum_records_counted(*, now: Any = None) -> QuerySet[ForumRecord]:
    """The records the lead's figures count: of every forum that took place."""
    now = now or timezone.now()
    return ForumRecord.objects.filter(event__kind=FORUM).filter(took_place_q(now, "event__"))


def barrier_theme_rows(*, now: Any = None) -> list[ThemeRaised]:
    """Every barrier theme raised, by Jobcentre and financial year: today the forums'."""
    return forum_theme_counts(forum_records_counted(now=now))


def year_label(year: int) -> str:
    return f"{year}-{(year + 1) % 100:02d}"


@dataclass(frozen=True)
class ThemeYears:
    """One theme: times raised in each year shown, and in all of them."""

    theme: str
    label: str
    counts: list[int]
    total: int


@dataclass(frozen=True)
class JobcentreThemes:
    """One Jobcentre: barriers raised, and each theme raised there with its count."""

    name: str
    total: int
    themes: list[tuple[str, int]]


@dataclass(frozen=True)
class OverdueAction:
    jobcentre: str
    forum_day: date
    description: str
    owner: str
    due_on: date
    status: str


@dataclass(frozen=True)
class ForumFigures:
    years: list[str]
    by_theme: list[ThemeYears]
    by_jobcentre: list[JobcentreThemes]
    overdue: list[OverdueAction]
    total: int

    @property
    def definitions(self) -> dict[str, Any]:
        return DEFINITIONS


def _by_theme(rows: list[ThemeRaised], years: list[int]) -> list[ThemeYears]:
    counts: dict[tuple[str, int], int] = defaultdict(int)
    for row in rows:
        counts[(row.theme, row.year)] += row.count
    table = []
    for theme in BarrierTheme:
        per_year = [counts[(theme.value, year)] for year in years]
        table.append(ThemeYears(theme.value, str(theme.label), per_year, sum(per_year)))
    return table


def _by_jobcentre(rows: list[ThemeRaised], names: dict[int, str]) -> list[JobcentreThemes]:
    counts: dict[int | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        counts[row.jobcentre_id][row.theme] += row.count
    table = []
    for pk, name in names.items():
        raised = [
            (str(theme.label), counts[pk][theme.value])
            for theme in BarrierTheme
            if counts[pk][theme.value]
        ]
        raised.sort(key=lambda pair: -pair[1])
        table.append(JobcentreThemes(name, sum(count for _label, count in raised), raised))
    return table


def _jobcentre_of(action: ForumAction) -> int | None:
    event = action.record.event
    return event_jobcentre_id(event)


def overdue_list(*, today: date, now: Any = None) -> list[OverdueAction]:
    names = dict(jobcentre_names(None))
    actions = (
        overdue_actions(forum_records_counted(now=now), today)
        .select_related("record__event__organiser", "record__event__venue", "owner_organisation")
        .order_by("due_on", "pk")
    )
    return [
        OverdueAction(
            jobcentre=names.get(_jobcentre_of(action) or 0, ""),
            forum_day=timezone.localtime(action.record.event.starts_at).date(),
            description=action.description,
            owner=action.owner_label,
            due_on=action.due_on,
            status=str(action.get_status_display()),
        )
        for action in actions
    ]


def forum_figures(
    *, today: date | None = None, rows: list[ThemeRaised] | None = None
) -> ForumFigures:
    """Themes per theme and year, per Jobcentre, and the actions overdue."""
    today = today or timezone.localdate()
    rows = barrier_theme_rows() if rows is None else rows
    names = dict(jobcentre_names(None))
    years = sorted({row.year for row in rows})
    return ForumFigures(
        years=[year_label(year) for year in years],
        by_theme=_by_theme(rows, years),
        by_jobcentre=_by_jobcentre(rows, names),
        overdue=overdue_list(today=today),
        total=sum(row.count for row in rows),
    )


# --- Files ------------------------------------------------------------------------------------


def _definitions() -> list[tuple[str, str]]:
    return [
        (str(_("Figure")), str(_("Definition"))),
        (str(_("Times raised")), str(DEFINITIONS["themes"])),
        (str(_("Overdue")), str(DEFINITIONS["overdue"])),
        (str(_("Generated at")), timezone.localtime().strftime("%Y-%m-%d %H:%M:%S %Z")),
    ]


def _theme_sheet() -> tuple[list[str], list[list[object]]]:
    names = dict(
        Organisation.objects.filter(kind=OrganisationKind.JOBCENTRE).values_list("pk", "name")
    )
    header = [
        str(_("Jobcentre")),
        str(_("Financial year")),
        str(_("Theme")),
        str(_("Source")),
        str(_("Times raised")),
    ]
    rows: list[list[object]] = [
        [
            names.get(row.jobcentre_id or 0, ""),
            year_label(row.year),
            str(BarrierTheme(row.theme).label),
            row.source,
            row.count,
        ]
        for row in barrier_theme_rows()
    ]
    return header, rows


def _action_sheet(today: date) -> tuple[list[str], list[list[object]]]:
    header = [
        str(_("Jobcentre")),
        str(_("Forum")),
        str(_("Theme")),
        str(_("Action")),
        str(_("Owner")),
        str(pgettext("forum action", "Due")),
        str(_("Status")),
        str(_("Overdue")),
        str(_("Why it is not possible")),
    ]
    names = dict(jobcentre_names(None))
    actions = (
        ForumAction.objects.filter(record__in=forum_records_counted())
        .select_related(
            "record__event__organiser", "record__event__venue", "owner_organisation", "barrier"
        )
        .order_by("record__event__starts_at", "due_on", "pk")
    )
    overdue = set(overdue_actions(forum_records_counted(), today).values_list("pk", flat=True))
    rows: list[list[object]] = [
        [
            names.get(_jobcentre_of(action) or 0, ""),
            timezone.localtime(action.record.event.starts_at).date(),
            str(action.barrier.get_theme_display()) if action.barrier else "",
            action.description,
            action.owner_label,
            action.due_on,
            str(action.get_status_display()),
            str(_("Yes")) if action.pk in overdue else str(_("No")),
            action.status_reason,
        ]
        for action in actions
    ]
    return header, rows


def forum_file(*, what: str, file_format: str, today: date | None = None) -> tuple[bytes, str]:
    """Barrier themes (``what`` "themes") or actions ("actions") as CSV or XLSX: bytes and
    content type. Texts a spreadsheet would run as formulas are guarded."""
    today = today or timezone.localdate()
    header, rows = _theme_sheet() if what == "themes" else _action_sheet(today)
    if file_format == "csv":
        return csv_lines([header, *rows]).encode("utf-8-sig"), "text/csv; charset=utf-8"
    out = io.BytesIO()
    title = str(_("Barrier themes")) if what == "themes" else str(_("Forum actions"))
    xlsx_write(out, title=title, header=header, rows=rows, definitions=_definitions())
    return out.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
