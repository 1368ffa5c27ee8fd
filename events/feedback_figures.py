"""Feedback figures for organisers and leads: counts and percentages only, comments with
personal data removed, and any group of fewer than ``MIN_ANSWERS`` answers suppressed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Case, Count, F, Q, QuerySet, When
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.periods import financial_year, financial_year_of
from events.calendars import LONDON
from events.feedback import comment_scrub
from events.models import (
    AdjustmentsMetAnswer,
    Event,
    EventKind,
    FeedbackBarrier,
    FeedbackRequest,
    YesNoNotSure,
)
from events.models.feedback import SATISFIED, SATISFIED_EMPLOYER

# Fewer answers than this in any group: the figure is not shown ("fewer than 5 answers").
MIN_ANSWERS = 5

DEFINITIONS = {
    "satisfaction": _(
        "Satisfaction: of the attendees who answered the feedback after the event, the share "
        "who said it was very or quite useful."
    ),
    "met_employer": _(
        "Met an employer: of the attendees who answered, the share who said they met an employer "
        "they would like to work for."
    ),
    "adjustments_met_said": _(
        "Adjustments in place (their words): of the attendees who had asked for adjustments and "
        "answered that question, the share who said yes."
    ),
    "employer_satisfaction": _(
        "Candidate quality: of the employers present who answered, the share who rated the "
        "candidates good or very good."
    ),
    "come_again": _(
        "Would come again: of the employers present who answered, the share who said yes."
    ),
    "suppressed": _(
        "A group with fewer than 5 answers is not shown, so that nobody can be recognised."
    ),
}


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass(frozen=True)
class FeedbackFigures:
    answers: int
    satisfied: int
    met_employer: int
    adjustments_answers: int
    adjustments_yes: int
    employer_answers: int
    employer_satisfied: int
    come_again: int
    comments: list[str] = field(default_factory=list)

    @property
    def suppressed(self) -> bool:
        return self.answers < MIN_ANSWERS

    @property
    def employer_suppressed(self) -> bool:
        return self.employer_answers < MIN_ANSWERS

    @property
    def satisfaction(self) -> float | None:
        return None if self.suppressed else _share(self.satisfied, self.answers)

    @property
    def met_employer_share(self) -> float | None:
        return None if self.suppressed else _share(self.met_employer, self.answers)

    @property
    def adjustments_met_share(self) -> float | None:
        if self.adjustments_answers < MIN_ANSWERS:
            return None
        return _share(self.adjustments_yes, self.adjustments_answers)

    @property
    def employer_satisfaction(self) -> float | None:
        if self.employer_suppressed:
            return None
        return _share(self.employer_satisfied, self.employer_answers)

    @property
    def come_again_share(self) -> float | None:
        return None if self.employer_suppressed else _share(self.come_again, self.employer_answers)


_ATTENDEE = Q(registration__isnull=False)
_EMPLOYER = Q(stand_application__isnull=False)


def _counts() -> dict[str, Count]:
    return {
        "answers": Count("pk", filter=_ATTENDEE),
        "satisfied": Count("pk", filter=_ATTENDEE & Q(usefulness__in=SATISFIED)),
        "met_employer": Count("pk", filter=_ATTENDEE & Q(met_employer=YesNoNotSure.YES)),
        "adjustments_answers": Count("pk", filter=_ATTENDEE & ~Q(adjustments_met="")),
        "adjustments_yes": Count(
            "pk", filter=_ATTENDEE & Q(adjustments_met=AdjustmentsMetAnswer.YES)
        ),
        "employer_answers": Count("pk", filter=_EMPLOYER),
        "employer_satisfied": Count(
            "pk", filter=_EMPLOYER & Q(candidate_quality__in=SATISFIED_EMPLOYER)
        ),
        "come_again": Count("pk", filter=_EMPLOYER & Q(come_again=YesNoNotSure.YES)),
    }


def _aggregate(answered: QuerySet[FeedbackRequest]) -> dict[str, int]:
    return answered.aggregate(**_counts())


def answered_feedback(*, events: QuerySet[Event] | None = None) -> QuerySet[FeedbackRequest]:
    answered = FeedbackRequest.objects.filter(answered_at__isnull=False)
    return answered if events is None else answered.filter(event__in=events)


def feedback_figures(
    *, answered: QuerySet[FeedbackRequest], with_comments: bool = False
) -> FeedbackFigures:
    """The figures over these answers; comments (scrubbed once more) only when the attendee
    answers are enough not to be suppressed."""
    counts = _aggregate(answered)
    comments: list[str] = []
    if with_comments and counts["answers"] + counts["employer_answers"] >= MIN_ANSWERS:
        comments = [
            comment_scrub(text)
            for text in answered.exclude(comment="").order_by("?").values_list("comment", flat=True)
        ]
    return FeedbackFigures(**counts, comments=comments)


def event_feedback(*, event: Event) -> FeedbackFigures:
    return feedback_figures(answered=answered_feedback().filter(event=event), with_comments=True)


@dataclass(frozen=True)
class FeedbackRow:
    label: str
    figures: FeedbackFigures


# The financial year (April to March, in London) an event started in, as SQL.
_FINANCIAL_YEAR = Case(
    When(
        event__starts_at__month__lt=4,
        then=ExtractYear("event__starts_at", tzinfo=LONDON) - 1,
    ),
    default=ExtractYear("event__starts_at", tzinfo=LONDON),
)


def feedback_breakdown(*, by: str, answered: QuerySet[FeedbackRequest]) -> list[FeedbackRow]:
    """Satisfaction per event kind (``kind``), per Jobcentre or hub that organised the event
    (``organiser``) or per financial year (``year``), in one grouped query; a group with too
    few answers is flagged suppressed."""
    key: Any = {
        "kind": F("event__kind"),
        "organiser": F("event__organiser__name"),
        "year": _FINANCIAL_YEAR,
    }[by]
    rows: Any = answered.values(group=key).annotate(**_counts()).order_by("group")
    kinds = dict(EventKind.choices)
    choices: dict[str, Callable[[Any], str]] = {
        "kind": lambda value: str(kinds.get(value, value)),
        "organiser": str,
        "year": lambda value: financial_year(value).label,
    }
    labels = choices[by]
    return [
        FeedbackRow(
            labels(row.pop("group")),
            FeedbackFigures(**{name: row[name] for name in _counts()}),
        )
        for row in rows
    ]


@dataclass(frozen=True)
class FeedbackOverview:
    figures: FeedbackFigures
    by_kind: list[FeedbackRow]
    by_organiser: list[FeedbackRow]
    by_year: list[FeedbackRow]


def feedback_overview(*, start: datetime, end: datetime) -> FeedbackOverview:
    """``feedback_figures`` and ``feedback_breakdown`` by kind and by organiser over the events
    starting in [``start``, ``end``), and by financial year over every event, from one query
    grouped by event: the figures are counts, so each group is the sum of its events'."""
    names = list(_counts())
    rows: Any = (
        answered_feedback()
        .order_by()
        .values("event_id", "event__kind", "event__organiser__name", "event__starts_at")
        .annotate(**_counts())
    )
    total: dict[str, Any] = dict.fromkeys(names, 0)
    groups: dict[str, dict[Any, dict[str, Any]]] = {"kind": {}, "organiser": {}, "year": {}}

    def add(into: dict[str, Any], row: dict[str, Any]) -> None:
        for name in names:
            into[name] += row[name] or 0

    for row in rows:
        starts_at = row["event__starts_at"]
        if start <= starts_at < end:
            add(total, row)
            add(groups["kind"].setdefault(row["event__kind"], dict.fromkeys(names, 0)), row)
            organiser = row["event__organiser__name"]
            add(groups["organiser"].setdefault(organiser, dict.fromkeys(names, 0)), row)
        local = timezone.localtime(starts_at, LONDON)  # as _FINANCIAL_YEAR reads it
        year = local.year - 1 if local.month < 4 else local.year
        add(groups["year"].setdefault(year, dict.fromkeys(names, 0)), row)
    kinds = dict(EventKind.choices)
    labels: dict[str, Callable[[Any], str]] = {
        "kind": lambda value: str(kinds.get(value, value)),
        "organiser": str,
        "year": lambda value: financial_year(value).label,
    }
    breakdowns = {
        by: [
            FeedbackRow(labels[by](key), FeedbackFigures(**counts))
            for key, counts in sorted(found.items(), key=lambda item: item[0])
        ]
        for by, found in groups.items()
    }
    return FeedbackOverview(
        figures=FeedbackFigures(**total),
        by_kind=breakdowns["kind"],
        by_organiser=breakdowns["organiser"],
        by_year=breakdowns["year"],
    )


def feedback_barrier_counts(
    *, events: QuerySet[Event] | None = None, now: datetime | None = None
) -> list[dict[str, Any]]:
    """Barrier themes attendees said got in the way, per theme, per organiser (the Jobcentre or
    hub), per venue and per financial year: ``{"theme", "organiser_id", "organiser",
    "venue_id", "venue", "financial_year", "count", "answers"}``; ``count`` is None (suppressed)
    when fewer than ``MIN_ANSWERS`` attendees answered in that organiser, venue and year."""
    answered = answered_feedback(events=events).filter(_ATTENDEE)
    # Each event's answers with what groups them, in one statement.
    event_rows = {
        row["event_id"]: row
        for row in answered.order_by()
        .values(
            "event_id",
            "event__starts_at",
            "event__organiser_id",
            "event__organiser__name",
            "event__venue_id",
            "event__venue__name",
        )
        .annotate(n=Count("pk"))
    }
    per_event_answers = {event_id: row["n"] for event_id, row in event_rows.items()}
    themes = (
        FeedbackBarrier.objects.filter(feedback__in=answered)
        .values_list("theme", "feedback__event_id")
        .annotate(n=Count("pk"))
    )

    def group_of(event_id: int) -> tuple[Any, ...]:
        row = event_rows[event_id]
        local = timezone.localtime(row["event__starts_at"], LONDON)
        return (
            row["event__organiser_id"],
            row["event__organiser__name"],
            row["event__venue_id"],
            row["event__venue__name"],
            financial_year_of(local.date()).start.year,
        )

    answers: dict[tuple[Any, ...], int] = defaultdict(int)
    for event_id, n in per_event_answers.items():
        answers[group_of(event_id)] += n
    counts: dict[tuple[Any, ...], int] = defaultdict(int)
    for theme, event_id, n in themes:
        counts[(theme, *group_of(event_id))] += n
    rows = []
    for (theme, organiser_id, organiser, venue_id, venue, year), n in sorted(
        counts.items(), key=lambda item: (item[0][5], str(item[0][2]), str(item[0][4]), item[0][0])
    ):
        group_answers = answers[(organiser_id, organiser, venue_id, venue, year)]
        rows.append(
            {
                "theme": theme,
                "organiser_id": organiser_id,
                "organiser": organiser,
                "venue_id": venue_id,
                "venue": venue,
                "financial_year": year,
                "answers": group_answers,
                "count": n if group_answers >= MIN_ANSWERS else None,
            }
        )
    return rows


def barrier_theme_totals(rows: Iterable[dict[str, Any]]) -> tuple[list[tuple[str, int]], bool]:
    """Each theme's count summed over the groups of ``feedback_barrier_counts`` with enough
    answers, the most ticked first; and whether any group was left out for too few."""
    totals: dict[str, int] = {}
    suppressed = False
    for row in rows:
        if row["count"] is None:
            suppressed = True
        else:
            totals[row["theme"]] = totals.get(row["theme"], 0) + row["count"]
    return sorted(totals.items(), key=lambda item: -item[1]), suppressed
