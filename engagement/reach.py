"""Who we reach: distinct people admitted to events, by the strategy's priority groups and the
equality answers given at registration (age band, disability, sex), per event kind, per
Jobcentre (or hub) that organised the event and per financial year. Numbers under 5 are
suppressed, and nothing here leads to a person: only counts leave this module."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from django.db.models import Count, F, IntegerField, Q, QuerySet, Value
from django.utils.translation import gettext_lazy as _

from core.periods import Period, financial_year
from engagement.people import TICKET_PERSON
from events.calendars import LONDON
from events.models import (
    AgeBand,
    Event,
    EventKind,
    PriorityGroup,
    Sex,
    Ticket,
    YesNoPreferNot,
)

MIN_PEOPLE = 5

REACH_DEFINITION = _(
    "People reached: distinct people admitted to an event that started in the period (school "
    "groups aside), each counted once per answer they gave at registration, however many events "
    "they came to; a person is their keyed e-mail address or phone number, and a walk-in who gave "
    "neither counts once per ticket. Priority groups count only answers given with consent. "
    "Fewer than 5 people is not shown."
)

DIMENSIONS = {
    "priority_group": ("registration__priority_groups__group", PriorityGroup, _("Priority group")),
    "age_band": ("registration__age_band", AgeBand, _("Age")),
    "disability": ("registration__disability", YesNoPreferNot, _("Disability")),
    "sex": ("registration__sex", Sex, _("Sex")),
}
SPLITS = {
    "total": None,
    "kind": "event__kind",
    "jobcentre": "event__organiser__name",
}


def _bounds(period: Period) -> tuple[datetime, datetime]:
    return (
        datetime.combine(period.start, time(), LONDON),
        datetime.combine(period.end, time(), LONDON),
    )


def admitted_adult_tickets(*, period: Period) -> QuerySet[Ticket]:
    start, end = _bounds(period)
    return Ticket.objects.filter(
        checked_in_at__isnull=False,
        registration__school__isnull=True,
        event__starts_at__gte=start,
        event__starts_at__lt=end,
    ).exclude(event__status=Event.Status.CANCELLED)


@dataclass(frozen=True)
class ReachCell:
    dimension: str
    answer: str
    answer_label: str
    split: str
    split_value: str
    people: int | None  # None: fewer than MIN_PEOPLE, suppressed


def reach_cells(*, period: Period, dimension: str, split: str = "total") -> list[ReachCell]:
    """Distinct people per answer of ``dimension`` (and per value of ``split``) in ``period``."""
    field, choices, _label = DIMENSIONS[dimension]
    tickets = admitted_adult_tickets(period=period).filter(
        ~Q(**{field: ""}), **{f"{field}__isnull": False}
    )
    split_field = SPLITS[split]
    keys = {"answer": F(field)}
    if split_field:
        keys["split_value"] = F(split_field)
    rows: Any = tickets.values(**keys).annotate(people=Count(TICKET_PERSON, distinct=True))
    return _cells(dimension, split, rows)


def _totals_query(period: Period, index: int, dimension: str) -> QuerySet[Any]:
    """``reach_cells``' query for one dimension's totals, tagged ``index`` for a UNION."""
    field = DIMENSIONS[dimension][0]
    tickets = admitted_adult_tickets(period=period).filter(
        ~Q(**{field: ""}), **{f"{field}__isnull": False}
    )
    return (
        tickets.order_by()
        .values(table=Value(index, output_field=IntegerField()), answer=F(field))
        .annotate(people=Count(TICKET_PERSON, distinct=True))
    )


def _cells(dimension: str, split: str, rows: Iterable[dict[str, Any]]) -> list[ReachCell]:
    _field, choices, _label = DIMENSIONS[dimension]
    labels: dict[str, Any] = dict(choices.choices)
    kinds: dict[str, Any] = dict(EventKind.choices)
    cells = []
    for row in rows:
        value = str(row.get("split_value") or "")
        cells.append(
            ReachCell(
                dimension=dimension,
                answer=row["answer"],
                answer_label=str(labels.get(row["answer"], row["answer"])),
                split=split,
                split_value=str(kinds.get(value, value)) if split == "kind" else value,
                people=row["people"] if row["people"] >= MIN_PEOPLE else None,
            )
        )
    order = {value: index for index, value in enumerate(choices.values)}
    return sorted(cells, key=lambda c: (c.split_value, order.get(c.answer, 99)))


@dataclass(frozen=True)
class ReachTable:
    dimension: str
    title: str
    rows: list[ReachCell]


def reach_tables(*, start_year: int) -> list[ReachTable]:
    """The dashboard's tables: one per dimension, people per answer for the financial year."""
    period = financial_year(start_year)
    dimensions = list(DIMENSIONS)
    parts = [_totals_query(period, index, name) for index, name in enumerate(dimensions)]
    rows: list[list[dict[str, Any]]] = [[] for _name in dimensions]
    for row in parts[0].union(*parts[1:], all=True):  # every table in one statement
        rows[row.pop("table")].append(row)
    return [
        ReachTable(name, str(DIMENSIONS[name][2]), _cells(name, "total", rows[index]))
        for index, name in enumerate(dimensions)
    ]


def reach_csv_rows(*, start_years: list[int]) -> Iterator[list[str]]:
    """Every cell for these financial years: dimension, answer, split, value, people."""
    yield ["financial_year", "dimension", "answer", "split", "split_value", "people"]
    for start_year in start_years:
        period = financial_year(start_year)
        for dimension in DIMENSIONS:
            for split in SPLITS:
                for cell in reach_cells(period=period, dimension=dimension, split=split):
                    yield [
                        period.label,
                        dimension,
                        cell.answer,
                        split,
                        cell.split_value,
                        "fewer than 5" if cell.people is None else str(cell.people),
                    ]
