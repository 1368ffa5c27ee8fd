"""The measures as a file (CSV or XLSX): each figure with its target, on-track numbers,
baseline, where a reported figure came from, and for a closed period whether it stands as
reported or was restated. The XLSX "Definitions" sheet gives every measure's definition."""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext as _

from core.periods import Period
from engagement.exports import csv_lines, xlsx_write
from engagement.measures import MeasureFigure, ScopeObject, measure_figures
from engagement.snapshots import Comparison, closed_comparisons


def _header() -> list[str]:
    return [
        str(_("Code")),
        str(_("Measure")),
        str(_("Kind")),
        str(_("Period")),
        str(_("Scope")),
        str(_("Actual")),
        str(_("Target")),
        str(_("Status")),
        str(_("On track")),
        str(_("Baseline")),
        str(_("Detail")),
        str(_("Reported")),
        str(_("As reported or restated")),
    ]


def _row(figure: MeasureFigure, closed: Comparison | None) -> list[object]:
    measure = figure.measure
    standing = ""
    actual: object = figure.actual
    if closed is not None:
        standing = closed.status_display
        if closed.restated:
            standing += " — " + _("as reported: %(then)s; now: %(now)s") % {
                "then": closed.then_display,
                "now": closed.now.actual_display,
            }
    return [
        measure.code,
        _(measure.name),
        measure.get_kind_display(),
        figure.period.label,
        figure.scope_label,
        actual,
        figure.target,
        figure.rag.label,
        figure.on_track_display,
        figure.baseline_display,
        figure.result.detail,
        figure.result.reported,
        standing,
    ]


def measure_definitions(figures: Sequence[MeasureFigure], scope: str) -> list[tuple[str, str]]:
    """The "Definitions" sheet: each measure's one-sentence definition and the file's scope."""
    return [
        (str(_("Measure")), str(_("Definition"))),
        *[(str(_(f.measure.name)), str(_(f.measure.how_computed))) for f in figures],
        ("", ""),
        (
            str(_("On track")),
            str(
                _(
                    "For measures of events: the status weighs what is held and what is booked "
                    "(published, still to come) in the period against the target."
                )
            ),
        ),
        (
            str(_("As reported or restated")),
            str(
                _(
                    "A period closed by a snapshot shows its figure as reported on that date, or "
                    "that it was restated later, with the value as reported and the value now."
                )
            ),
        ),
        (str(_("Scope")), scope),
        (str(_("Generated at")), timezone.localtime().strftime("%Y-%m-%d %H:%M:%S %Z")),
    ]


def measures_file(
    *, scope: ScopeObject, scope_name: str, chosen: Period | None, file_format: str
) -> tuple[bytes, str]:
    """The file's bytes and its content type."""
    figures = measure_figures(scope=scope, chosen=chosen)
    closed = closed_comparisons(figures)
    rows = [_row(figure, closed.get(figure.measure.pk)) for figure in figures]
    if file_format == "csv":
        text = csv_lines([_header(), *rows])
        return text.encode("utf-8-sig"), "text/csv; charset=utf-8"
    out = io.BytesIO()
    xlsx_write(
        out,
        title=str(_("Measures")),
        header=_header(),
        rows=rows,
        definitions=measure_definitions(figures, scope_name),
    )
    return (
        out.getvalue(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
