"""Reported measures: figures published elsewhere that a strategy lead enters for a period and
a place (the county or a district), with their source. They go through the same targets,
red/amber/green, snapshots, dashboards, exports and API as the figures counted here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.models import AuditAction, District, User
from accounts.permissions import is_admin, is_lead
from core.exceptions import NotAllowed
from core.numbers import grouped
from core.periods import (
    Period,
    PeriodKind,
    academic_year,
    calendar_year,
    financial_quarter,
    financial_year,
)
from engagement.measures.core import HUNDRED, MeasureError, MeasureResult
from engagement.models import Measure, ReportedValue

# The largest figure ReportedValue.value holds (12 digits, 2 of them after the point).
REPORTED_LIMIT = Decimal("9999999999.99")
_YEAR = re.compile(r"^(\d{4})\s*[-/]\s*(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})\s*[-/]\s*(\d{2})\s*Q(\d)$", re.IGNORECASE)


def period_parse(kind: str, label: str) -> Period:
    """The period of ``kind`` a label names ("2025-26", "2025/26", "2025-26 Q1", "2025");
    a label that names no such period is a ``MeasureError`` saying what one looks like."""
    text = (label or "").strip()
    kind = PeriodKind(kind)
    if kind == PeriodKind.CALENDAR_YEAR:
        if re.fullmatch(r"\d{4}", text) and 1990 <= int(text) <= 2100:
            return calendar_year(int(text))
        example = "2025"
    elif kind == PeriodKind.FINANCIAL_QUARTER:
        match = _QUARTER.match(text)
        if match and _consecutive(match) and 1 <= int(match.group(3)) <= 4:
            return financial_quarter(int(match.group(1)), int(match.group(3)))
        example = "2025-26 Q1"
    else:
        match = _YEAR.match(text)
        if match and _consecutive(match):
            start = int(match.group(1))
            return (
                academic_year(start) if kind == PeriodKind.ACADEMIC_YEAR else financial_year(start)
            )
        example = "2025-26"
    raise MeasureError(
        _("There is no period %(label)s: this measure's periods look like %(example)s.")
        % {"label": text or "–", "example": example},
        code="invalid_period",
    )


def _consecutive(match: re.Match[str]) -> bool:
    start = int(match.group(1))
    return 1990 <= start <= 2100 and (start + 1) % 100 == int(match.group(2))


def may_report(user: Any) -> bool:
    return is_admin(user) or is_lead(user)


def value_check(measure: Measure, value: Any) -> Decimal:
    """``value`` as a number in the measure's range: a percentage 0–100, a count a whole
    number of 0 or more."""
    try:
        number = Decimal(str(value).strip().replace(",", "").rstrip("%"))
    except (InvalidOperation, ValueError) as error:
        raise MeasureError(
            _("%(value)s is not a number.") % {"value": value or "–"}, code="invalid_value"
        ) from error
    if not number.is_finite():
        raise MeasureError(_("%(value)s is not a number.") % {"value": value}, code="invalid_value")
    if abs(number) > REPORTED_LIMIT:
        # Beyond what the column holds: quantize would raise, the database would overflow.
        raise MeasureError(
            _("%(value)s is too large: a figure is at most %(limit)s.")
            % {"value": str(value).strip(), "limit": grouped(REPORTED_LIMIT)},
            code="invalid_value",
        )
    if measure.unit == Measure.Unit.PERCENT:
        if not Decimal(0) <= number <= HUNDRED:
            raise MeasureError(
                _("A percentage is between 0 and 100, not %(value)s.") % {"value": number},
                code="invalid_value",
            )
    else:
        if number < 0:
            raise MeasureError(
                _("A count cannot be negative (%(value)s).") % {"value": number},
                code="invalid_value",
            )
        if number != number.to_integral():
            raise MeasureError(
                _("A count is a whole number, not %(value)s.") % {"value": number},
                code="invalid_value",
            )
    return number.quantize(Decimal("0.01"))


@dataclass(frozen=True)
class ReportedEntry:
    """One figure as a lead gives it, before it is checked."""

    measure: Measure
    period_label: str
    value: Any
    source: str
    published_on: date | None = None
    note: str = ""
    district: District | None = None


def entry_check(entry: ReportedEntry, *, today: date | None = None) -> tuple[Period, Decimal]:
    """Every rule a reported figure must meet; the first broken one is a ``MeasureError``."""
    today = today or timezone.localdate()
    if entry.measure.kind != Measure.Kind.REPORTED:
        raise MeasureError(
            _("%(name)s is counted from our records: it cannot be reported by hand.")
            % {"name": _(entry.measure.name)},
            code="not_reported",
        )
    period = period_parse(entry.measure.period_kind, entry.period_label)
    if period.start > today:
        raise MeasureError(
            _("The period %(label)s has not started yet.") % {"label": period.label},
            code="invalid_period",
        )
    value = value_check(entry.measure, entry.value)
    if not (entry.source or "").strip():
        raise MeasureError(_("Say where the figure comes from (its source)."), code="no_source")
    if entry.published_on is not None and entry.published_on > today:
        raise MeasureError(
            _("The publication date cannot be in the future."), code="invalid_published_on"
        )
    return period, value


def _as_record(value: ReportedValue) -> dict[str, Any]:
    return {
        "value": str(value.value),
        "source": value.source,
        "published_on": value.published_on.isoformat() if value.published_on else None,
        "note": value.note,
    }


@transaction.atomic
def reported_value_record(
    *, entry: ReportedEntry, by: User, today: date | None = None
) -> tuple[ReportedValue, str]:
    """Enter or correct a reported figure (one per measure, period and place). Returns the
    figure and "created", "updated" or "unchanged"; a change is audited with before and after,
    so a frozen period shows what changed since it was reported."""
    if not may_report(by):
        raise NotAllowed(_("Only a strategy lead can report a figure."))
    period, value = entry_check(entry, today=today)
    scope_kind = (
        ReportedValue.ScopeKind.DISTRICT if entry.district else ReportedValue.ScopeKind.COUNTY
    )
    current = (
        ReportedValue.objects.select_for_update(of=("self",))
        .order_by("pk")
        .filter(
            measure=entry.measure,
            period_start=period.start,
            scope_kind=scope_kind,
            district=entry.district,
        )
        .first()
    )
    fields = {
        "value": value,
        "source": entry.source.strip(),
        "published_on": entry.published_on,
        "note": (entry.note or "").strip(),
    }
    before = None if current is None else _as_record(current)
    if current is not None and all(getattr(current, k) == v for k, v in fields.items()):
        return current, "unchanged"
    record = current or ReportedValue(
        measure=entry.measure,
        period_label=period.label,
        period_start=period.start,
        period_end=period.end,
        scope_kind=scope_kind,
        district=entry.district,
    )
    for name, new in fields.items():
        setattr(record, name, new)
    record.reported_by = by
    record.reported_at = timezone.now()
    record.save()
    audit_record(
        actor=by,
        action=AuditAction.MEASURE_REPORTED_VALUE,
        target=record,
        label=f"{entry.measure.code} {period.label}"[:200],
        details={
            "measure": entry.measure.code,
            "period": period.label,
            "scope": entry.district.name if entry.district else scope_kind,
            "before": before,
            "after": _as_record(record),
        },
    )
    return record, "created" if current is None else "updated"


def provenance(value: ReportedValue) -> str:
    """ "Reported by <who> on <date> from <source>" (and when the source was published)."""
    text = _("Reported by %(who)s on %(day)s from %(source)s") % {
        "who": value.reported_by.get_full_name() or value.reported_by.email,
        "day": date_format(timezone.localtime(value.reported_at).date(), "j M Y"),
        "source": value.source,
    }
    if value.published_on:
        text += " " + _("(published %(day)s)") % {"day": date_format(value.published_on, "j M Y")}
    return text + "."


def reported_values_at(scope: Any) -> dict[tuple[int, date], ReportedValue]:
    """Every reported value for the county (or a district), by measure and period start: one
    query for a whole dashboard."""
    district = scope if isinstance(scope, District) else None
    values = ReportedValue.objects.select_related("reported_by").filter(district=district)
    return {(value.measure_id, value.period_start): value for value in values}


def reported_result(
    measure: Measure,
    period: Period,
    scope: Any,
    *,
    known: dict[tuple[int, date], ReportedValue] | None = None,
) -> MeasureResult:
    """A reported measure's figure for a period: the value a lead entered for the county (or
    the district), with where it came from; no data until one is entered. ``known`` is
    ``reported_values_at(scope)`` when the caller shows many measures."""
    if known is None:
        known = reported_values_at(scope)
    value = known.get((measure.pk, period.start))
    if value is None:
        return MeasureResult(
            actual=None,
            detail=_("Not reported yet for %(period)s.") % {"period": period.label},
        )
    return MeasureResult(actual=value.value, detail=value.note, reported=provenance(value))
