"""Dated snapshots of the measures ("as at 31 March") and their comparison with today.

31 December, 31 March and 31 July are the national reporting dates: a scheduled task freezes
the figures on each (config/settings/base.py), and a lead can freeze them on any day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.exceptions import NotAllowed
from core.periods import Period, PeriodKind, period_containing
from engagement.measures import (
    RULES,
    MeasureFigure,
    Rag,
    ScopeKind,
    ScopeObject,
    format_figure,
    jobcentres_in,
    may_change_targets,
    measure_figure,
)
from engagement.models import Measure, MeasureSnapshot
from schools.models import Hub

# Day and month of the national reporting dates.
REPORTING_DATES = ((12, 31), (3, 31), (7, 31))


def is_reporting_date(day: date) -> bool:
    return (day.month, day.day) in REPORTING_DATES


def _scopes_for(measure: Measure, jobcentres: list[Any], hubs: list[Any]) -> list[ScopeObject]:
    spec = RULES[measure.code]
    scopes: list[ScopeObject] = [None]
    if ScopeKind.JOBCENTRE in spec.scopes:
        scopes += jobcentres
    if ScopeKind.HUB in spec.scopes:
        scopes += hubs
    return scopes


@transaction.atomic
def measures_freeze(*, by: User | None, taken_on: date | None = None) -> int:
    """Freeze every measure's figure today: for the county, and for each Jobcentre and Careers
    Hub where the measure is counted at that level. Freezing twice on one day replaces the first
    (one snapshot per measure, day and scope). ``by`` is None for the scheduled task."""
    if by is not None and not may_change_targets(by):
        raise NotAllowed(_("Only a strategy lead can freeze the figures."))
    taken_on = taken_on or timezone.localdate()
    jobcentres = list(jobcentres_in(None))
    hubs = list(Hub.objects.order_by("name"))
    frozen = 0
    for measure in Measure.objects.order_by("position"):
        if measure.code not in RULES:
            continue
        period = period_containing(PeriodKind(measure.period_kind), taken_on)
        for scope in _scopes_for(measure, jobcentres, hubs):
            figure = measure_figure(measure, scope=scope, period=period)
            MeasureSnapshot.objects.update_or_create(
                measure=measure,
                taken_on=taken_on,
                scope=figure.scope_kind,
                scope_id=None if scope is None else scope.pk,
                defaults={
                    "period_label": period.label,
                    "scope_label": figure.scope_label,
                    "actual": figure.actual if figure.actual is not None else Decimal(0),
                    "target": figure.target if figure.target is not None else Decimal(0),
                    "rag": figure.rag.value,
                    "detail": {
                        "period_kind": period.kind.value,
                        "period_start": period.start.isoformat(),
                        "no_data": figure.actual is None,
                        "no_target": figure.target is None,
                        "so_far": figure.result.detail,
                    },
                    "created_by": by,
                },
            )
            frozen += 1
    return frozen


def snapshot_dates() -> QuerySet[Any]:
    """The days figures were frozen on, newest first, with how many figures each."""
    return (
        MeasureSnapshot.objects.order_by()
        .values("taken_on")
        .annotate(figures=Count("pk"))
        .order_by("-taken_on")
    )


@dataclass
class Comparison:
    snapshot: MeasureSnapshot
    then_display: str
    then_rag: Rag
    now: MeasureFigure
    change: Decimal | None

    @property
    def change_display(self) -> str:
        if self.change is None:
            return "–"
        sign = "+" if self.change > 0 else ""
        return sign + format_figure(self.change, self.snapshot.measure.unit)


def snapshot_period(snapshot: MeasureSnapshot) -> Period:
    detail = snapshot.detail or {}
    kind = PeriodKind(detail.get("period_kind", snapshot.measure.period_kind))
    start = date.fromisoformat(detail["period_start"]) if "period_start" in detail else None
    return period_containing(kind, start or snapshot.taken_on)


def snapshot_compare(*, taken_on: date) -> list[Comparison]:
    """The county's figures as frozen on ``taken_on`` beside today's figures for the same
    periods, so the change is progress within the period, not a new period starting."""
    snapshots = MeasureSnapshot.objects.filter(
        taken_on=taken_on, scope=ScopeKind.COUNTY
    ).select_related("measure")
    comparisons = []
    for snapshot in sorted(snapshots, key=lambda s: (s.measure.position, s.measure.code)):
        measure = snapshot.measure
        now = measure_figure(measure, period=snapshot_period(snapshot))
        no_data = bool((snapshot.detail or {}).get("no_data"))
        then = None if no_data else snapshot.actual
        change = None if then is None or now.actual is None else now.actual - then
        comparisons.append(
            Comparison(
                snapshot=snapshot,
                then_display=format_figure(then, measure.unit),
                then_rag=Rag(snapshot.rag),
                now=now,
                change=change,
            )
        )
    return comparisons
