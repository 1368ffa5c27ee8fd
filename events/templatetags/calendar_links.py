"""``{% load calendar_links %}``: ``event|google_calendar_url`` and ``event|outlook_calendar_url``
(events.calendar_links), for pages and message templates alike."""

from __future__ import annotations

from django import template

from events import calendar_links
from events.models import Event

register = template.Library()


@register.filter
def google_calendar_url(event: Event) -> str:
    return calendar_links.google_calendar_url(event)


@register.filter
def outlook_calendar_url(event: Event) -> str:
    return calendar_links.outlook_calendar_url(event)
