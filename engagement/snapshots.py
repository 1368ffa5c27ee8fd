"""Dated snapshots of the measures ("as at 31 March") and their comparison with today.

31 December, 31 March and 31 July are the national reporting dates, and 31 August ends the
academic year: a scheduled task freezes the figures on each (config/settings/base.py), and a
lead can freeze them on any day. A snapshot taken on or after its period's last day is the
period's closed figure: a later change to that period is shown as a restatement beside it,
with the audited changes between the two.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import AuditAction, AuditEntry, User
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
from events.models import Event
from schools.models import Hub

# Day and month of the national reporting dates.
REPORTING_DATES = ((12, 31), (3, 31), (7, 31), (8, 31))


def is_reporting_date(day: date) -> bool:
    return (day.month, day.day) in REPORTING_DATES


def _scopes_for(measure: Measure, jobcentres: list[Any], hubs: list[Any]) -> list[ScopeObject]:
    scopes: list[ScopeObject] = [None]
    if measure.kind == Measure.Kind.REPORTED:
        return scopes
    spec = RULES[measure.code]
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
        if measure.kind != Measure.Kind.REPORTED and measure.code not in RULES:
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
                        "held": figure.result.held,
                        "booked": figure.result.booked,
                        "reported": figure.result.reported,
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
    # A closed period whose figure has changed since it was frozen, and the audited changes
    # that touch it since then.
    restated: bool = False
    changes: list[AuditEntry] = field(default_factory=list)

    @property
    def change_display(self) -> str:
        if self.change is None:
            return "–"
        sign = "+" if self.change > 0 else ""
        return sign + format_figure(self.change, self.snapshot.measure.unit)

    @property
    def closed(self) -> bool:
        return self.snapshot.taken_on >= snapshot_period(self.snapshot).last_day

    @property
    def status_display(self) -> str:
        """ "As reported on <date>" or "Restated on <date>", as exports and pages say it."""
        if self.restated:
            when = self.changes[-1].created_at if self.changes else timezone.now()
            return _("Restated on %(day)s") % {
                "day": date_format(timezone.localtime(when).date(), "j M Y")
            }
        return _("As reported on %(day)s") % {"day": date_format(self.snapshot.taken_on, "j M Y")}


def snapshot_period(snapshot: MeasureSnapshot) -> Period:
    detail = snapshot.detail or {}
    kind = PeriodKind(detail.get("period_kind", snapshot.measure.period_kind))
    start = date.fromisoformat(detail["period_start"]) if "period_start" in detail else None
    return period_containing(kind, start or snapshot.taken_on)


def changes_since(snapshot: MeasureSnapshot, *, limit: int = 50) -> list[AuditEntry]:
    """The audited changes made after ``snapshot`` was frozen that touch its measure and
    period: a reported figure entered or corrected, the measure's target changed, or, for a
    measure of events, a scan or decision on one of the period's events of that kind."""
    measure = snapshot.measure
    entries = AuditEntry.objects.filter(created_at__gt=snapshot.created_at).order_by("created_at")
    touching = Q(
        action=AuditAction.MEASURE_TARGET_CHANGE,
        target_type="engagement.measure",
        target_id=str(measure.pk),
    )
    if measure.kind == Measure.Kind.REPORTED:
        touching |= Q(
            action=AuditAction.MEASURE_REPORTED_VALUE,
            details__measure=measure.code,
            details__period=snapshot.period_label,
        )
    elif (spec := RULES.get(measure.code)) is not None and spec.event_kind:
        period = snapshot_period(snapshot)
        event_ids = list(
            Event.objects.filter(
                kind=spec.event_kind,
                starts_at__gte=period.starts_at,
                starts_at__lt=period.ends_at,
            ).values_list("pk", flat=True)
        )
        if event_ids:
            touching |= Q(details__event_id__in=event_ids)
    return list(entries.filter(touching)[:limit])


def _compare(snapshot: MeasureSnapshot, now: MeasureFigure) -> Comparison:
    measure = snapshot.measure
    no_data = bool((snapshot.detail or {}).get("no_data"))
    then = None if no_data else snapshot.actual
    change = None if then is None or now.actual is None else now.actual - then
    changes = changes_since(snapshot)
    closed = snapshot.taken_on >= snapshot_period(snapshot).last_day
    differs = then != now.actual
    return Comparison(
        snapshot=snapshot,
        then_display=format_figure(then, measure.unit),
        then_rag=Rag(snapshot.rag),
        now=now,
        change=change,
        restated=(closed and differs) or (differs and bool(changes)),
        changes=changes,
    )


def snapshot_compare(*, taken_on: date) -> list[Comparison]:
    """The county's figures as frozen on ``taken_on`` beside today's figures for the same
    periods, so the change is progress within the period, not a new period starting. A closed
    period whose figure differs now, or that was changed by an audited correction since, is a
    restatement."""
    snapshots = MeasureSnapshot.objects.filter(
        taken_on=taken_on, scope=ScopeKind.COUNTY
    ).select_related("measure")
    return [
        _compare(snapshot, measure_figure(snapshot.measure, period=snapshot_period(snapshot)))
        for snapshot in sorted(snapshots, key=lambda s: (s.measure.position, s.measure.code))
    ]


def closed_comparisons(figures: list[MeasureFigure]) -> dict[int, Comparison]:
    """For county figures whose period a snapshot closed (taken on or after its last day):
    measure id → the latest closing snapshot compared with the figure now. One query when no
    period is closed."""
    wanted = {
        (figure.measure.pk, figure.period.label): figure
        for figure in figures
        if figure.scope_kind == ScopeKind.COUNTY
    }
    if not wanted:
        return {}
    snapshots = MeasureSnapshot.objects.filter(
        scope=ScopeKind.COUNTY,
        measure_id__in={pk for pk, _label in wanted},
        period_label__in={label for _pk, label in wanted},
    ).select_related("measure")
    closing: dict[int, MeasureSnapshot] = {}
    for snapshot in snapshots.order_by("taken_on"):
        figure = wanted.get((snapshot.measure_id, snapshot.period_label))
        if figure is not None and snapshot.taken_on >= figure.period.last_day:
            closing[snapshot.measure_id] = snapshot  # the latest wins
    return {
        pk: _compare(snapshot, wanted[(pk, snapshot.period_label)])
        for pk, snapshot in closing.items()
    }


def with_closing(figures: list[MeasureFigure]) -> list[MeasureFigure]:
    """``figures`` with each closed period's snapshot comparison attached as ``closing``."""
    for pk, comparison in closed_comparisons(figures).items():
        for figure in figures:
            if figure.measure.pk == pk and figure.scope_kind == ScopeKind.COUNTY:
                figure.closing = comparison
    return figures
