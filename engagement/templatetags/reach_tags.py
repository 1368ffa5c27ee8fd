"""The lead dashboard's panel on who we reach and what people said after events: it computes
its own figures from the period the page chose, so the dashboard view stays as it is."""

from __future__ import annotations

from typing import Any

from django import template

from engagement.dashboards import jobcentre_year
from engagement.reach import REACH_DEFINITION, reach_tables
from events.adjustments import ADJUSTMENTS_MET_DEFINITION, adjustments_met
from events.barriers import BarrierTheme
from events.feedback_figures import (
    DEFINITIONS,
    barrier_theme_totals,
    feedback_barrier_counts,
    feedback_overview,
)
from events.models import Event
from events.selectors import financial_year_bounds

register = template.Library()


@register.inclusion_tag("engagement/dashboard/includes/reach.html", takes_context=True)
def reach_and_feedback(context: Any) -> dict[str, Any]:
    start_year = jobcentre_year(context.get("chosen"))
    start, end = financial_year_bounds(start_year)
    events = Event.objects.filter(starts_at__gte=start, starts_at__lt=end)
    themes, suppressed_themes = barrier_theme_totals(feedback_barrier_counts(events=events))
    labels = dict(BarrierTheme.choices)
    overview = feedback_overview(start=start, end=end)  # one query for the four tables
    return {
        "start_year": start_year,
        "tables": reach_tables(start_year=start_year),
        "reach_definition": REACH_DEFINITION,
        "feedback": overview.figures,
        "by_kind": overview.by_kind,
        "by_organiser": overview.by_organiser,
        "by_year": overview.by_year,
        "definitions": DEFINITIONS,
        "adjustments_met": adjustments_met(events=events),
        "adjustments_met_definition": ADJUSTMENTS_MET_DEFINITION,
        "themes": [(labels[theme], n) for theme, n in themes],
        "suppressed_themes": suppressed_themes,
    }
