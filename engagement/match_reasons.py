"""Why the matching engine proposed, scored or left out a pair, as data rendered when shown.

A round stores each reason as ``{"code": ..., "params": {...}}`` (plain JSON: numbers, names,
ISO dates), never as a sentence, so a coordinator reading in Polish sees Polish whoever ran the
round. ``reason_text`` renders one in the active language; a reason stored as a sentence by an
older version of the service is shown as it was stored.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

# The score's parts, as the round's table and weights show them.
PART_LABELS = {
    "distance": gettext_lazy("Distance"),
    "benchmarks": gettext_lazy("Expertise for the school's weakest benchmarks"),
    "sector": gettext_lazy("Sector the school asked for"),
    "preferred_district": gettext_lazy("Adviser's preferred districts"),
    "continuity": gettext_lazy("Continuity with an earlier match"),
}

# The expertise tags the engine knows (adviser records may hold others, shown as written).
EXPERTISE_LABELS = {
    "careers strategy": gettext_lazy("careers strategy"),
    "STEM": gettext_lazy("STEM"),
    "apprenticeships": gettext_lazy("apprenticeships"),
    "SEND": gettext_lazy("SEND"),
    "employer networks": gettext_lazy("employer networks"),
    "enterprise": gettext_lazy("enterprise"),
    "digital": gettext_lazy("digital"),
}


@dataclass(frozen=True)
class Reason:
    """An explanation: a code and its facts; ``str()`` words it in the active language."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return reason_text(self.as_dict())

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "params": dict(self.params)}


def part_label(part: str) -> str:
    label = PART_LABELS.get(part)
    return str(label) if label is not None else part


def _number(value: Any, places: int = 1) -> str:
    return number_format(float(value), decimal_pos=places)


def _limit(value: Any) -> str:
    value = float(value)
    return number_format(value, decimal_pos=0 if value.is_integer() else 1)


def _day(value: Any) -> str:
    return date_format(date.fromisoformat(str(value)), "j E Y") if value else ""


def _sector(name: str) -> str:
    # A sector's stored name; the strategy's names are in the catalogue (as Sector's str).
    return _(name) if name else name


def _expertise(tags: list[str]) -> str:
    return f" {_('and')} ".join(str(EXPERTISE_LABELS.get(tag, tag)) for tag in tags)


def _weakest(pairs: list[list[int]]) -> str:
    return ", ".join(f"B{n} ({percent}%)" for n, percent in pairs)


def _hard_rule(code: str, params: Mapping[str, Any]) -> str:
    return reason_text({"code": code, "params": params})


def _outscored(p: Mapping[str, Any]) -> str:
    if p.get("school"):
        school = p["school"]
    else:
        school = _("another school") if p.get("taken") else _("no school")
    return ngettext(
        "its %(count)s eligible adviser gave more to the total at other schools; "
        "its best, %(adviser)s (%(points)s points), went to %(school)s",
        "its %(count)s eligible advisers gave more to the total at other schools; "
        "its best, %(adviser)s (%(points)s points), went to %(school)s",
        p["count"],
    ) % {
        "count": p["count"],
        "adviser": p["adviser"],
        "points": _number(p["points"]),
        "school": school,
    }


RENDERERS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    # A pair the engine cannot propose.
    "excluded": lambda p: _("excluded by the hub: %(why)s") % {"why": p["why"]},
    "too_far": lambda p: (
        _("%(km)s km away, beyond the %(limit)s km %(adviser)s will travel")
        % {"km": _number(p["km"]), "limit": _limit(p["limit"]), "adviser": p["adviser"]}
    ),
    # Distance.
    "postcode_distance": lambda p: (
        _("%(km)s km between postcodes; %(adviser)s travels up to %(limit)s km")
        % {"km": _number(p["km"]), "adviser": p["adviser"], "limit": _limit(p["limit"])}
    ),
    "same_district": lambda p: (
        _("postcode unknown; both in %(district)s") % {"district": p["district"]}
    ),
    "neighbour_district": lambda p: _("postcode unknown; neighbouring districts"),
    "other_district": lambda p: _("postcode unknown; districts not neighbours"),
    # Expertise against the weakest benchmarks.
    "benchmarks_helped": lambda p: (
        _("weakest benchmarks %(weakest)s; adviser helps with %(helps)s")
        % {
            "weakest": _weakest(p["weakest"]),
            "helps": ", ".join(
                _("B%(benchmark)s through %(expertise)s")
                % {"benchmark": n, "expertise": _expertise(tags)}
                for n, tags in p["helps"]
            ),
        }
    ),
    "benchmarks_not_covered": lambda p: (
        _("weakest benchmarks %(weakest)s; adviser's expertise covers none of them")
        % {"weakest": _weakest(p["weakest"])}
    ),
    "no_benchmarks": lambda p: _("the school has no benchmark self-assessment yet"),
    # Sector.
    "sector_asked": lambda p: (
        _("the school asked for %(sectors)s")
        % {"sectors": ", ".join(sorted(_sector(name) for name in p["sectors"]))}
    ),
    "sector_not_asked": lambda p: _("not a sector the school asked for"),
    "no_sector_wish": lambda p: _("the school asked for no particular sector"),
    # Preferred districts and continuity.
    "preferred_district": lambda p: (
        _("%(district)s is one of the adviser's preferred districts") % {"district": p["district"]}
    ),
    "not_preferred_district": lambda p: _("not one of the adviser's preferred districts"),
    "worked_before": lambda p: _("worked with this school before"),
    "no_earlier_match": lambda p: _("no earlier match with this school"),
    # Why a school is left without an adviser.
    "no_adviser_passes": lambda p: _("no adviser with a free place passes the hard rules"),
    "no_eligible": lambda p: _("no eligible adviser with a free place"),
    "too_far_count": lambda p: (
        ngettext(
            "%(count)s adviser lives beyond the distance they will travel",
            "%(count)s advisers live beyond the distance they will travel",
            p["count"],
        )
        % {"count": p["count"]}
    ),
    "excluded_count": lambda p: (
        ngettext(
            "%(count)s adviser excluded for this school by the hub",
            "%(count)s advisers excluded for this school by the hub",
            p["count"],
        )
        % {"count": p["count"]}
    ),
    "outscored": _outscored,
    "pin_broken": lambda p: (
        _("its pinned adviser cannot take it: %(reason)s") % {"reason": _hard_rule(p["rule"], p)}
    ),
    # Hard rules an adviser fails (the round counts advisers left out by each).
    "paused_or_left": lambda p: _("paused or left the programme"),
    "induction_not_done": lambda p: _("induction not done"),
    "no_dbs": lambda p: _("no clear DBS check valid on %(day)s") % {"day": _day(p.get("day"))},
    "at_capacity": lambda p: _("already at capacity"),
    "no_free_place": lambda p: _("no free place"),
}


def reason_text(reason: Mapping[str, Any] | str) -> str:
    """One stored reason as a sentence in the active language (a stored sentence as it is)."""
    if isinstance(reason, str):
        return reason
    render = RENDERERS.get(str(reason.get("code")))
    if render is None:
        return str(reason.get("code", ""))
    try:
        return render(reason.get("params") or {})
    except (KeyError, TypeError, ValueError):
        return str(reason.get("code", ""))


def parts_shown(parts: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """A proposal's stored parts with their label and reason in the active language."""
    shown = []
    for part in parts:
        row = dict(part)
        row["label"] = part_label(str(part.get("part", "")))
        why = part.get("why")
        row["reason"] = reason_text(why) if why is not None else str(part.get("reason", ""))
        row["reason_code"] = why.get("code", "") if isinstance(why, Mapping) else ""
        shown.append(row)
    return shown


def unmatched_shown(rows: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Schools left unmatched, each with its reasons in the active language."""
    return [
        {**row, "reasons": [reason_text(reason) for reason in row.get("reasons", [])]}
        for row in rows
    ]


def left_out_shown(left_out: Mapping[str, int], *, starts_on: date) -> dict[str, int]:
    """{hard rule: advisers} with each rule as a sentence (a DBS check's day is the start)."""
    return {
        reason_text({"code": code, "params": {"day": starts_on.isoformat()}})
        if code in RENDERERS
        else code: count
        for code, count in left_out.items()
    }


def weights_shown(weights: Mapping[str, Any]) -> list[tuple[str, Any]]:
    return [(part_label(part), weight) for part, weight in weights.items()]
