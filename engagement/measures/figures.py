"""A measure's figure for a period and scope, with its target and status; target changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.models import AuditAction, User
from accounts.permissions import is_admin, is_lead
from core.exceptions import NotAllowed
from core.numbers import grouped
from core.periods import Period, PeriodKind, period_containing
from engagement.measures.core import (
    HUNDRED,
    RULES,
    MeasureError,
    MeasureResult,
    Rag,
    ScopeKind,
    ScopeObject,
    format_figure,
    rag_for,
    scope_kind,
    scope_label,
)
from engagement.measures.reported import reported_result, reported_values_at
from engagement.models import Measure, ReportedValue

# --- Computing figures ------------------------------------------------------------------------


@dataclass
class MeasureFigure:
    """One measure's figure for one period and scope, with its target and RAG status."""

    measure: Measure
    period: Period
    scope_kind: str
    scope_label: str
    result: MeasureResult
    target: Decimal | None
    rag: Rag
    # For a county figure of a period a snapshot closed: that snapshot compared with now
    # (``engagement.snapshots.closed_comparisons``), to show "as reported" or "restated".
    closing: Any = None

    @property
    def actual(self) -> Decimal | None:
        return self.result.actual

    @property
    def actual_display(self) -> str:
        return format_figure(self.result.actual, self.measure.unit)

    @property
    def target_display(self) -> str:
        if self.target is None:
            if self.measure.target is None:
                return str(_("No target: reported to follow the trend"))
            return str(_("No target at this level"))
        return format_figure(self.target, self.measure.unit)

    @property
    def baseline_display(self) -> str:
        if self.measure.baseline is None:
            return ""
        text = format_figure(self.measure.baseline, self.measure.unit)
        if self.measure.baseline_label:
            # Stored as the strategy states it; the catalogue has the words ("2016" stays).
            when = _(self.measure.baseline_label)
            return _("%(value)s in %(when)s") % {"value": text, "when": when}
        return text

    @property
    def on_track_display(self) -> str:
        """ "held 2, booked 2, target 4": the three numbers red/amber/green weighs."""
        result = self.result
        if result.held is None or result.booked is None:
            return ""
        numbers = {"held": result.held, "booked": result.booked}
        if self.target is None:
            return _("held %(held)d, booked %(booked)d") % numbers
        target = self.target
        if self.measure.unit == Measure.Unit.PERCENT and result.out_of is not None:
            # A share of Jobcentres said as a number of Jobcentres.
            target = (target * result.out_of / HUNDRED).to_integral_value(ROUND_CEILING)
        return _("held %(held)d, booked %(booked)d, target %(target)s") % {
            **numbers,
            "target": grouped(int(target)),
        }


def measure_period(measure: Measure, *, chosen: Period | None, today: date | None = None) -> Period:
    """The period a measure counts over when the page shows ``chosen`` (None: today's).

    A measure keeps its own kind of period (a quarterly measure counts a quarter): the one that
    holds the last day of ``chosen``, or today when ``chosen`` has not ended yet."""
    today = today or timezone.localdate()
    kind = PeriodKind(measure.period_kind)
    if chosen is None:
        return period_containing(kind, today)
    if chosen.kind == kind:
        return chosen
    day = max(chosen.start, min(chosen.last_day, today))
    return period_containing(kind, day)


def measure_figure(
    measure: Measure,
    *,
    scope: ScopeObject = None,
    period: Period | None = None,
    chosen: Period | None = None,
    known: dict[tuple[int, date], ReportedValue] | None = None,
) -> MeasureFigure:
    period = period or measure_period(measure, chosen=chosen)
    kind = scope_kind(scope)
    target: Decimal | None
    if measure.kind == Measure.Kind.REPORTED:
        result = reported_result(measure, period, scope, known=known)
        # A county count says nothing about one district; a percentage does.
        local = kind == ScopeKind.COUNTY or measure.unit == Measure.Unit.PERCENT
        target = measure.target if local else None
    else:
        spec = RULES.get(measure.code)
        if spec is None:
            result = MeasureResult(actual=None, detail=_("No rule counts this measure yet."))
            return MeasureFigure(measure, period, kind, scope_label(scope), result, None, Rag.NONE)
        result = spec.function(period, scope)
        if result.target is not None:
            target = result.target
        elif kind in spec.target_scopes:
            target = measure.target
        else:
            target = None
    # On track: what is held plus what is booked, where the rule counts both.
    basis = result.projected if result.projected is not None else result.actual
    rag = rag_for(
        actual=basis,
        target=target,
        amber_from=measure.amber_from,
        lower_is_better=measure.better == Measure.Better.LOWER,
    )
    return MeasureFigure(measure, period, kind, scope_label(scope), result, target, rag)


def counted_at(measure: Measure, kind: str) -> bool:
    """Whether ``measure`` has a figure at this kind of scope."""
    if measure.kind == Measure.Kind.REPORTED:
        return kind in (ScopeKind.COUNTY, ScopeKind.DISTRICT)
    return measure.code in RULES and kind in RULES[measure.code].scopes


def measures_for(scope: ScopeObject) -> list[Measure]:
    """The measures that can be counted at this scope, in their order."""
    kind = scope_kind(scope)
    return [
        measure
        for measure in Measure.objects.select_related("updated_by").order_by("position", "code")
        if counted_at(measure, kind)
    ]


def measure_figures(
    *, scope: ScopeObject = None, chosen: Period | None = None
) -> list[MeasureFigure]:
    measures = measures_for(scope)
    known = (
        reported_values_at(scope)
        if any(m.kind == Measure.Kind.REPORTED for m in measures)
        else None
    )
    return [measure_figure(m, scope=scope, chosen=chosen, known=known) for m in measures]


def may_change_targets(user: Any) -> bool:
    return is_admin(user) or is_lead(user)


@transaction.atomic
def measure_target_update(
    *, measure: Measure, target: Decimal, by: User, amber_from: Decimal | None = None
) -> Measure:
    """A strategy lead (or an administrator) sets a measure's target. A percentage target is
    0–100; a count is 0 or more; a target that follows the data (year on year) is not set."""
    if not may_change_targets(by):
        raise NotAllowed(_("Only a strategy lead can change a target."))
    spec = RULES.get(measure.code)
    if spec is not None and spec.computed_target:
        raise MeasureError(
            _("This target follows last year's figure: it cannot be set by hand."),
            code="target_computed",
        )
    target = Decimal(target)
    if target < 0:
        raise MeasureError(_("The target cannot be below 0."), code="invalid_target")
    if measure.unit == Measure.Unit.PERCENT and target > HUNDRED:
        raise MeasureError(_("A percentage target is 100 or less."), code="invalid_target")
    fields = ["target", "updated_by", "updated_at"]
    before = {"target": measure.target, "amber_from": measure.amber_from}
    measure.target = target
    if amber_from is not None:
        if not Decimal(0) < Decimal(amber_from) <= Decimal(1):
            raise MeasureError(
                _("Amber starts at a share of the target between 0.01 and 1."),
                code="invalid_amber_from",
            )
        measure.amber_from = Decimal(amber_from)
        fields.append("amber_from")
    measure.updated_by = by
    measure.save(update_fields=fields)
    audit_record(
        actor=by,
        action=AuditAction.MEASURE_TARGET_CHANGE,
        target=measure,
        label=measure.name,
        details={
            "before": before,
            "after": {"target": measure.target, "amber_from": measure.amber_from},
        },
    )
    return measure
