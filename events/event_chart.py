"""The organiser's event page charts, drawn on the server as inline SVG (no JavaScript).

Registrations over time are two lines, solid (holding a place) and dashed (waiting), each named
at its end, so colour is never the only signal; admissions at the door are bars, an hour each,
with the figure printed beside every bar. The page shows the same figures as tables too.
This module computes the geometry; ``templates/events/manage/includes/*_chart.html`` draw it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext as _

from accounts.models import User
from core.charts import CHART_FONT_FAMILY
from events.event_page import DayRow, HourRow, event_page_figures
from events.models import Event
from events.permissions import may_organise_for

TEXT_COLOUR = "#0b0c0c"
AXIS_COLOUR = "#505a5f"
REGISTERED_COLOUR = "#1d70b8"
WAITING_COLOUR = "#d4351c"

WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 64, 170, 20, 48
PLOT_WIDTH, PLOT_HEIGHT = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM


def number(value: int) -> str:
    return formats.number_format(value, force_grouping=True)


def nice_top(value: int) -> int:
    """The top of the axis: four ticks of 1, 2 or 5 × 10ⁿ, the smallest reaching ``value``."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            if factor * magnitude * 4 >= value:
                return factor * magnitude * 4
        magnitude *= 10


@dataclass
class Tick:
    y: float
    text: str

    @property
    def text_y(self) -> float:
        return self.y + 5


@dataclass
class AxisLabel:
    x: float
    text: str
    anchor: str


@dataclass
class Series:
    name: str
    colour: str
    dash: str
    points: str
    end_x: float
    end_y: float
    end_text: str


@dataclass
class LineChart:
    id: str
    title: str
    description: str
    series: list[Series]
    ticks: list[Tick]
    x_labels: list[AxisLabel]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    tick_label_x: int = LEFT - 8
    right_edge: int = WIDTH - RIGHT
    bottom: int = HEIGHT - BOTTOM
    x_label_y: int = HEIGHT - BOTTOM + 20
    font_family: str = CHART_FONT_FAMILY
    text_colour: str = TEXT_COLOUR
    axis_colour: str = AXIS_COLOUR


def _x(index: int, count: int) -> float:
    if count <= 1:
        return LEFT + PLOT_WIDTH / 2
    return round(LEFT + PLOT_WIDTH * index / (count - 1), 1)


def registrations_chart(days: Sequence[DayRow]) -> LineChart:
    """Registrations holding a place, and waiting, at the end of every day."""
    top = nice_top(max((max(row.registered, row.waiting) for row in days), default=0) or 1)

    def y(value: int) -> float:
        return round(TOP + PLOT_HEIGHT * (1 - value / top), 1)

    series = []
    ends: list[float] = []
    for name, colour, dash, attribute, words in (
        ("registered", REGISTERED_COLOUR, "", "registered", _("%(count)s registered")),
        ("waiting", WAITING_COLOUR, "6 4", "waiting", _("%(count)s waiting")),
    ):
        values = [getattr(row, attribute) for row in days]
        if name == "waiting" and not any(values):
            continue
        end_y = y(values[-1]) if values else y(0)
        # Two lines ending close together: move the second name clear of the first.
        if ends and abs(end_y - ends[0]) < 16:
            end_y = ends[0] + (16 if end_y >= ends[0] else -16)
        ends.append(end_y)
        series.append(
            Series(
                name=name,
                colour=colour,
                dash=dash,
                points=" ".join(
                    f"{_x(i, len(values))},{y(value)}" for i, value in enumerate(values)
                ),
                end_x=_x(len(values) - 1, len(values)) + 8,
                end_y=end_y + 5,
                end_text=words % {"count": number(values[-1] if values else 0)},
            )
        )
    x_labels = []
    if days:
        x_labels.append(AxisLabel(x=_x(0, len(days)), text=days[0].label, anchor="start"))
        if len(days) > 1:
            x_labels.append(
                AxisLabel(x=_x(len(days) - 1, len(days)), text=days[-1].label, anchor="end")
            )
    return LineChart(
        id="chart-registrations-over-time",
        title=_("Registrations day by day"),
        description=_(
            "A line for registrations holding a place at the end of each day (solid) and one "
            "for registrations on the waiting list (dashed), from the first registration to "
            "the last day shown. The table below has the same figures with each day's new "
            "registrations and cancellations."
        ),
        series=series,
        ticks=[Tick(y=y(top * n // 4), text=number(top * n // 4)) for n in range(5)],
        x_labels=x_labels,
    )


BAR_ROW, BAR_HEIGHT, BAR_LABEL_WIDTH, BAR_AREA, BAR_VALUE_WIDTH = 30, 20, 170, 400, 80


@dataclass
class Bar:
    label: str
    display: str
    y: int
    width: float

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT - 5

    @property
    def value_x(self) -> float:
        return BAR_LABEL_WIDTH + self.width + 8


@dataclass
class HourBarChart:
    id: str
    title: str
    description: str
    bars: list[Bar] = field(default_factory=list)
    width: int = BAR_LABEL_WIDTH + BAR_AREA + BAR_VALUE_WIDTH
    height: int = 0
    label_x: int = BAR_LABEL_WIDTH - 8
    bar_start: int = BAR_LABEL_WIDTH
    bar_height: int = BAR_HEIGHT
    colour: str = REGISTERED_COLOUR
    font_family: str = CHART_FONT_FAMILY
    text_colour: str = TEXT_COLOUR


def admissions_chart(hours: Sequence[HourRow]) -> HourBarChart:
    """A bar for each hour of the event's days: the people admitted at the door in it."""
    top = max((row.admitted for row in hours), default=0) or 1
    return HourBarChart(
        id="chart-admissions-by-hour",
        title=_("People admitted at the door, hour by hour"),
        description=_(
            "A bar for each hour with the number of tickets admitted for the first time in it. "
            "The table below has the same figures with the running total."
        ),
        bars=[
            Bar(
                label=row.label,
                display=number(row.admitted),
                y=index * BAR_ROW + 5,
                width=round(BAR_AREA * row.admitted / top, 1),
            )
            for index, row in enumerate(hours)
        ],
        height=max(len(hours), 1) * BAR_ROW + 10,
    )


def event_page_context(*, event: Event, viewer: User) -> dict[str, object]:
    """What the organiser's event page adds to its headline figures: the figures over time with
    their charts, stands by status, and whether the viewer may copy the event."""
    figures = event_page_figures(event=event)
    return {
        "over_time": figures,
        "registrations_chart": registrations_chart(figures.days),
        "admissions_chart": admissions_chart(figures.hours),
        "may_copy": may_organise_for(viewer, event.organiser_id),
    }
