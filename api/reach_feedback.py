"""``GET /api/v1/engagement/reach/`` and ``GET /api/v1/engagement/feedback/``: the county
dashboard's "who we reach" and "what people said after events" figures for a financial year,
read through the same functions as the dashboard's panel (engagement.templatetags.reach_tags),
each figure with its definition sentence. Strategy leads and administrators only, as the panel
and ``/dashboard/reach.csv``."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import is_admin, is_lead
from api.event_serializers import ErrorSerializer
from core.exceptions import DomainError
from core.periods import FIGURE_YEARS, financial_year, financial_year_of
from engagement.reach import (
    DIMENSIONS,
    MIN_PEOPLE,
    REACH_DEFINITION,
    SPLITS,
    ReachCell,
    reach_cells,
    reach_tables,
)
from events.adjustments import ADJUSTMENTS_MET_DEFINITION, adjustments_met
from events.barriers import BarrierTheme
from events.feedback_figures import (
    DEFINITIONS,
    MIN_ANSWERS,
    FeedbackFigures,
    FeedbackRow,
    barrier_theme_totals,
    feedback_barrier_counts,
    feedback_overview,
)
from events.models import Event
from events.selectors import financial_year_bounds

FIRST_YEAR, LAST_YEAR = FIGURE_YEARS[0], FIGURE_YEARS[-1]
_YEAR = re.compile(r"[0-9]{4}", re.ASCII)

# The panel's own sentences about barrier themes (the same words, so the same translations).
THEMES_DEFINITION = gettext_lazy(
    "Barrier themes: how many attendees who answered the feedback ticked each theme (one person "
    "can tick several)."
)
THEMES_SUPPRESSED = gettext_lazy(
    "Answers from Jobcentres or venues with fewer than 5 answers in the year are left out."
)


class FiguresQueryError(DomainError):
    code = "invalid_query"


class IsLeadOrAdministrator(BasePermission):
    """Who sees the county dashboard's panel and ``reach.csv``: leads and administrators."""

    message = gettext_lazy("Only strategy leads and administrators read these figures.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return is_lead(request.user) or is_admin(request.user)


def financial_year_parse(value: str | None, *, today: date | None = None) -> int:
    """``?financial_year=`` (the year its April falls in) → that year; the current one if left
    out; anything but four digits from ``FIRST_YEAR`` to ``LAST_YEAR`` is a 400."""
    if value is None or value == "":
        return financial_year_of(today or timezone.localdate()).start.year
    if not _YEAR.fullmatch(value) or not FIRST_YEAR <= int(value) <= LAST_YEAR:
        raise FiguresQueryError(
            _(
                "The financial year is the year it starts in April, as four digits from "
                "%(first)s to %(last)s, e.g. 2026."
            )
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
            code="invalid_financial_year",
        )
    return int(value)


def split_parse(value: str | None) -> str:
    if value is None or value == "":
        return "total"
    if value not in SPLITS:
        raise FiguresQueryError(
            _("Split by one of %(choices)s.") % {"choices": ", ".join(SPLITS)},
            code="invalid_split",
        )
    return value


FINANCIAL_YEAR_PARAMETER = OpenApiParameter(
    "financial_year",
    int,
    description=f"The financial year by the year its April falls in (2026 is April 2026 to "
    f"March 2027), {FIRST_YEAR}–{LAST_YEAR}; the current one if left out.",
)


ERROR_RESPONSES = {
    400: OpenApiResponse(ErrorSerializer, description="A parameter is not valid."),
    403: OpenApiResponse(ErrorSerializer, description="Not a lead or administrator."),
}


class JsonOnlyView(APIView):
    """JSON whatever ``format`` or ``Accept`` says: these figures have no other form here."""

    permission_classes = [IsLeadOrAdministrator]
    renderer_classes = [JSONRenderer]

    def perform_content_negotiation(
        self, request: Request, force: bool = False
    ) -> tuple[BaseRenderer, str]:
        renderer = JSONRenderer()
        return renderer, renderer.media_type


# --- Who we reach ---------------------------------------------------------------------------


class ReachCellSerializer(serializers.Serializer):
    answer = serializers.CharField(help_text="The answer's code, e.g. `50_64`.")
    answer_label = serializers.CharField(help_text="The answer as the dashboard words it.")
    split_value = serializers.CharField(
        help_text="The event kind or the organising Jobcentre (or hub); empty for `total`."
    )
    people = serializers.IntegerField(
        allow_null=True, help_text=f"Distinct people; null when fewer than {MIN_PEOPLE}."
    )
    suppressed = serializers.BooleanField(help_text=f"Fewer than {MIN_PEOPLE} people.")


class ReachTableSerializer(serializers.Serializer):
    dimension = serializers.ChoiceField(choices=list(DIMENSIONS))
    title = serializers.CharField()
    rows = ReachCellSerializer(many=True)


class ReachSerializer(serializers.Serializer):
    financial_year = serializers.IntegerField(help_text="The year its April falls in.")
    period = serializers.CharField(help_text='e.g. "2026-27" (1 April to 31 March).')
    split = serializers.ChoiceField(choices=list(SPLITS))
    minimum = serializers.IntegerField(help_text="Fewer people than this are not shown.")
    definition = serializers.CharField(help_text="What a figure counts.")
    tables = ReachTableSerializer(many=True)


def reach_cell_data(cell: ReachCell) -> dict[str, Any]:
    return {
        "answer": cell.answer,
        "answer_label": cell.answer_label,
        "split_value": cell.split_value,
        "people": cell.people,
        "suppressed": cell.people is None,
    }


class ReachView(JsonOnlyView):
    """People reached in a financial year, one table per reach dimension (the dashboard's)."""

    @extend_schema(
        operation_id="engagement_reach",
        summary="Who we reach, for a financial year",
        parameters=[
            FINANCIAL_YEAR_PARAMETER,
            OpenApiParameter(
                "split",
                str,
                enum=list(SPLITS),
                default="total",
                description="Each answer per event kind or per organising Jobcentre (or hub).",
            ),
        ],
        responses={
            200: ReachSerializer,
            **ERROR_RESPONSES,
        },
        tags=["engagement"],
    )
    def get(self, request: Request) -> Response:
        start_year = financial_year_parse(request.query_params.get("financial_year"))
        split = split_parse(request.query_params.get("split"))
        period = financial_year(start_year)
        if split == "total":  # the dashboard's tables, all in one statement
            tables = [(t.dimension, t.title, t.rows) for t in reach_tables(start_year=start_year)]
        else:
            tables = [
                (name, str(label), reach_cells(period=period, dimension=name, split=split))
                for name, (_field, _choices, label) in DIMENSIONS.items()
            ]
        data = {
            "financial_year": start_year,
            "period": period.label,
            "split": split,
            "minimum": MIN_PEOPLE,
            "definition": str(REACH_DEFINITION),
            "tables": [
                {"dimension": name, "title": title, "rows": [reach_cell_data(c) for c in cells]}
                for name, title, cells in tables
            ],
        }
        return Response(ReachSerializer(data).data)


# --- Feedback after events ------------------------------------------------------------------


class FeedbackFiguresSerializer(serializers.Serializer):
    answers = serializers.IntegerField(
        allow_null=True, help_text=f"Attendees' answers; null when fewer than {MIN_ANSWERS}."
    )
    suppressed = serializers.BooleanField(help_text=f"Fewer than {MIN_ANSWERS} attendees' answers.")
    satisfaction = serializers.FloatField(allow_null=True, help_text="Percentage.")
    met_employer = serializers.FloatField(allow_null=True, help_text="Percentage.")
    adjustments_met_said = serializers.FloatField(
        allow_null=True,
        help_text=f"Percentage; null when fewer than {MIN_ANSWERS} answered that question.",
    )
    employer_answers = serializers.IntegerField(
        allow_null=True, help_text=f"Employers' answers; null when fewer than {MIN_ANSWERS}."
    )
    employer_suppressed = serializers.BooleanField()
    employer_satisfaction = serializers.FloatField(allow_null=True, help_text="Percentage.")
    come_again = serializers.FloatField(allow_null=True, help_text="Percentage.")


class FeedbackRowSerializer(FeedbackFiguresSerializer):
    # Named as the panel's rows are; DRF's Field declares a "label" attribute too.
    label = serializers.CharField(help_text="The event kind, organiser or financial year.")  # type: ignore[assignment]


class FeedbackSerializer(serializers.Serializer):
    definitions = serializers.DictField(
        child=serializers.CharField(),
        help_text="One sentence per figure, by the figure's name; `suppressed` for the rule.",
    )
    totals = FeedbackFiguresSerializer(help_text="Events that started in the financial year.")
    by_kind = FeedbackRowSerializer(many=True)
    by_organiser = FeedbackRowSerializer(many=True)
    by_year = FeedbackRowSerializer(many=True, help_text="Every financial year, not only this.")


class ThemeSerializer(serializers.Serializer):
    theme = serializers.ChoiceField(choices=BarrierTheme.choices)
    theme_label = serializers.CharField()
    count = serializers.IntegerField()


class ThemeGroupSerializer(serializers.Serializer):
    organiser = serializers.CharField(help_text="The Jobcentre or hub that organised the events.")
    venue = serializers.CharField()
    theme = serializers.ChoiceField(
        choices=BarrierTheme.choices, allow_null=True, help_text="Null when suppressed."
    )
    theme_label = serializers.CharField(allow_null=True)
    count = serializers.IntegerField(allow_null=True, help_text="Null when suppressed.")
    suppressed = serializers.BooleanField(
        help_text=f"Fewer than {MIN_ANSWERS} answers at this organiser and venue in the year: "
        "one row for the group, its themes not shown."
    )


class BarrierThemesSerializer(serializers.Serializer):
    definition = serializers.CharField()
    suppressed_definition = serializers.CharField()
    suppressed = serializers.BooleanField(help_text="Some answers were left out.")
    themes = ThemeSerializer(many=True, help_text="The dashboard's list, most ticked first.")
    by_group = ThemeGroupSerializer(many=True)


class AdjustmentsMetSerializer(serializers.Serializer):
    definition = serializers.CharField()
    requested = serializers.IntegerField()
    met = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True, help_text="Percentage; null when none.")


class FeedbackOverviewSerializer(serializers.Serializer):
    financial_year = serializers.IntegerField(help_text="The year its April falls in.")
    period = serializers.CharField(help_text='e.g. "2026-27" (1 April to 31 March).')
    minimum = serializers.IntegerField(help_text="Fewer answers than this are not shown.")
    feedback = FeedbackSerializer()
    barrier_themes = BarrierThemesSerializer()
    adjustments_met = AdjustmentsMetSerializer()


def figures_data(figures: FeedbackFigures) -> dict[str, Any]:
    return {
        "answers": None if figures.suppressed else figures.answers,
        "suppressed": figures.suppressed,
        "satisfaction": figures.satisfaction,
        "met_employer": figures.met_employer_share,
        "adjustments_met_said": figures.adjustments_met_share,
        "employer_answers": None if figures.employer_suppressed else figures.employer_answers,
        "employer_suppressed": figures.employer_suppressed,
        "employer_satisfaction": figures.employer_satisfaction,
        "come_again": figures.come_again_share,
    }


def rows_data(rows: list[FeedbackRow]) -> list[dict[str, Any]]:
    return [{"label": row.label, **figures_data(row.figures)} for row in rows]


def themes_data(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The panel's themes (counts of groups with enough answers, summed per theme) and the
    counts per organiser and venue, a group with too few answers as one row of nulls."""
    labels = dict(BarrierTheme.choices)
    totals, suppressed = barrier_theme_totals(rows)
    groups: list[dict[str, Any]] = []
    hidden: set[tuple[str, str]] = set()
    for row in rows:
        where = {"organiser": row["organiser"] or "", "venue": row["venue"] or ""}
        if row["count"] is None:
            if (where["organiser"], where["venue"]) not in hidden:
                hidden.add((where["organiser"], where["venue"]))
                groups.append(
                    {**where, "theme": None, "theme_label": None, "count": None, "suppressed": True}
                )
            continue
        groups.append(
            {
                **where,
                "theme": row["theme"],
                "theme_label": str(labels[row["theme"]]),
                "count": row["count"],
                "suppressed": False,
            }
        )
    themes = [
        {"theme": theme, "theme_label": str(labels[theme]), "count": count}
        for theme, count in totals
    ]
    return {
        "definition": str(THEMES_DEFINITION),
        "suppressed_definition": str(THEMES_SUPPRESSED),
        "suppressed": suppressed,
        "themes": themes,
        "by_group": groups,
    }


class FeedbackView(JsonOnlyView):
    """What people said after events in a financial year, barrier themes and adjustments met."""

    @extend_schema(
        operation_id="engagement_feedback",
        summary="Feedback after events, barrier themes and adjustments met, for a financial year",
        parameters=[FINANCIAL_YEAR_PARAMETER],
        responses={
            200: FeedbackOverviewSerializer,
            **ERROR_RESPONSES,
        },
        tags=["engagement"],
    )
    def get(self, request: Request) -> Response:
        start_year = financial_year_parse(request.query_params.get("financial_year"))
        start, end = financial_year_bounds(start_year)
        events = Event.objects.filter(starts_at__gte=start, starts_at__lt=end)
        overview = feedback_overview(start=start, end=end)
        met = adjustments_met(events=events)
        data = {
            "financial_year": start_year,
            "period": financial_year(start_year).label,
            "minimum": MIN_ANSWERS,
            "feedback": {
                "definitions": {name: str(text) for name, text in DEFINITIONS.items()},
                "totals": figures_data(overview.figures),
                "by_kind": rows_data(overview.by_kind),
                "by_organiser": rows_data(overview.by_organiser),
                "by_year": rows_data(overview.by_year),
            },
            "barrier_themes": themes_data(feedback_barrier_counts(events=events)),
            "adjustments_met": {
                "definition": str(ADJUSTMENTS_MET_DEFINITION),
                "requested": met.requested,
                "met": met.met,
                "share": met.share,
            },
        }
        return Response(FeedbackOverviewSerializer(data).data)
