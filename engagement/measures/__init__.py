"""The strategy's measures: a registry of rules that count them, their seed data, red/amber/green.

A measure is data (``engagement.models.Measure``): its code, name, one-sentence "how it is
computed", period kind, finest scope and target. The counting is a *rule*, a function registered
here with ``@rule("code")`` that takes a period and a scope object (``None`` for the county, a
``Hub``, a ``District``, a Jobcentre ``Organisation`` or a ``School``) and returns a
``MeasureResult``. Rules read only through SQL aggregates (``engagement.rollups`` for encounters):
none runs a query per school or per Jobcentre.
"""

from engagement.measures import rules  # noqa: F401  (registers the rules)
from engagement.measures.core import (
    RULES,
    BreakdownRow,
    MeasureError,
    MeasureResult,
    Rag,
    RuleSpec,
    ScopeKind,
    ScopeObject,
    booked_events,
    encounters_for,
    event_jobcentre_ids,
    events_of_jobcentre,
    format_figure,
    held_events,
    jobcentres_in,
    rag_for,
    rule,
    schools_in,
    scope_kind,
    scope_label,
    share,
)
from engagement.measures.figures import (
    MeasureFigure,
    counted_at,
    may_change_targets,
    measure_figure,
    measure_figures,
    measure_period,
    measure_target_update,
    measures_for,
)
from engagement.measures.reported import (
    ReportedEntry,
    entry_check,
    may_report,
    period_parse,
    provenance,
    reported_value_record,
    value_check,
)
from engagement.measures.seeds import MEASURE_SEEDS, REPORTED_SEEDS, measures_seed
from engagement.people import residents_with_complex_barriers

__all__ = [
    "MEASURE_SEEDS",
    "REPORTED_SEEDS",
    "ReportedEntry",
    "booked_events",
    "counted_at",
    "entry_check",
    "event_jobcentre_ids",
    "events_of_jobcentre",
    "may_report",
    "period_parse",
    "provenance",
    "reported_value_record",
    "residents_with_complex_barriers",
    "value_check",
    "RULES",
    "BreakdownRow",
    "MeasureError",
    "MeasureFigure",
    "MeasureResult",
    "Rag",
    "RuleSpec",
    "ScopeKind",
    "ScopeObject",
    "encounters_for",
    "format_figure",
    "held_events",
    "jobcentres_in",
    "may_change_targets",
    "measure_figure",
    "measure_figures",
    "measure_period",
    "measure_target_update",
    "measures_for",
    "measures_seed",
    "rag_for",
    "rule",
    "schools_in",
    "scope_kind",
    "scope_label",
    "share",
]
