"""``{% fair_funnel event %}``: a fair's funnel from the door to job starts, as a table with a
bar per step (the numbers are in the table: the bars only repeat them)."""

from __future__ import annotations

from typing import Any

from django import template

from engagement.outcomes import fair_funnel

register = template.Library()


@register.inclusion_tag("engagement/includes/fair_funnel.html")
def fair_funnel_table(event: Any) -> dict[str, Any]:
    steps = fair_funnel(event)
    widest = max((step.value for step in steps), default=0) or 1
    return {
        "event": event,
        "steps": [(step, round(100 * step.value / widest)) for step in steps],
    }
