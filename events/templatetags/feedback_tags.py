"""Panels for the organiser's event page: the adjustments checklist and the feedback figures,
each computing its own figures so the page's view stays as it is."""

from __future__ import annotations

from typing import Any

from django import template

from events.adjustments import (
    ADJUSTMENTS_MET_DEFINITION,
    adjustments_met,
    event_adjustment_counts,
    unarranged_soon_count,
)
from events.feedback_figures import DEFINITIONS, MIN_ANSWERS, event_feedback
from events.models import Event
from events.permissions import ORGANISER_ROLES

register = template.Library()


@register.inclusion_tag("events/feedback/event_panels.html")
def event_feedback_panels(event: Event) -> dict[str, Any]:
    return {
        "event": event,
        "counts": event_adjustment_counts(event=event),
        "adjustments_met": adjustments_met(events=Event.objects.filter(pk=event.pk)),
        "adjustments_met_definition": ADJUSTMENTS_MET_DEFINITION,
        "feedback": event_feedback(event=event),
        "definitions": DEFINITIONS,
        "min_answers": MIN_ANSWERS,
    }


@register.inclusion_tag("events/feedback/home_adjustments.html", takes_context=True)
def adjustments_to_arrange_soon(context: Any) -> dict[str, Any]:
    """On an organiser's home page: adjustments still to arrange at their events this week."""
    user = context["request"].user
    events = Event.objects.filter(organiser_id__in=user.organisation_ids(*ORGANISER_ROLES))
    return {"count": unarranged_soon_count(events=events)}
