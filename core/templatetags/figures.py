"""``{{ value|figure }}``: a count as people read it, grouped in thousands the way the page's
language writes them (12,345 in English, 12 345 in Polish); nothing for a figure that does not
apply (None)."""

from __future__ import annotations

from django import template

from core.numbers import grouped

register = template.Library()


@register.filter
def figure(value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return grouped(value)
