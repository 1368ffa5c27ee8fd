"""Template helpers for the events pages: plain labels for adjustment codes, Europe/London times."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from events.calendars import LONDON
from events.forms import ADJUSTMENT_LABELS, CATEGORY_HINTS, SHORT_ADJUSTMENT_LABELS
from events.models import EventAudience, EventKind

register = template.Library()


@register.filter
def adjustment_label(code: str) -> str:
    return str(ADJUSTMENT_LABELS.get(code, code))  # type: ignore[call-overload]


@register.filter
def adjustment_short_label(code: str) -> str:
    return str(SHORT_ADJUSTMENT_LABELS.get(code, code))  # type: ignore[call-overload]


@register.filter
def when(starts_at: datetime | None, ends_at: datetime | None = None) -> str:
    """'Wednesday 10 June 2026, 10:00 to 14:00' in Europe/London, whatever the server's zone."""
    if starts_at is None:
        return ""
    starts = timezone.localtime(starts_at, LONDON)
    day = _day(starts)
    if ends_at is None:
        return f"{day}, {starts:%H:%M}"
    ends = timezone.localtime(ends_at, LONDON)
    if ends.date() == starts.date():
        return _("%(day)s, %(start)s to %(end)s") % {
            "day": day,
            "start": f"{starts:%H:%M}",
            "end": f"{ends:%H:%M}",
        }
    return _("%(start)s to %(end)s") % {
        "start": f"{day}, {starts:%H:%M}",
        "end": f"{_day(ends)}, {ends:%H:%M}",
    }


def _day(moment: datetime) -> str:
    """'Wednesday 10 June 2026'; in Polish 'środa 10 czerwca 2026' (the month in the genitive,
    the weekday in lower case, as Polish writes them inside a sentence)."""
    day = formats.date_format(moment, "l j E Y")
    if (translation.get_language() or "").startswith("pl"):
        day = day[:1].lower() + day[1:]
    return day


@register.filter
def kind_label(code: str) -> str:
    """An event kind's name, as ``get_kind_display`` gives it, without rebuilding its choices."""
    try:
        return str(EventKind(code).label)
    except ValueError:
        return code


@register.filter
def audience_label(code: str) -> str:
    try:
        return str(EventAudience(code).label)
    except ValueError:
        return code


@register.filter
def category_hint(code: str) -> str:
    return str(CATEGORY_HINTS.get(code, ""))  # type: ignore[call-overload]
