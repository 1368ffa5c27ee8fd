"""Charts drawn on the server as inline SVG: no JavaScript, no charting library.

Each chart is an image with a title and a description (``role="img"``, ``<title>``, ``<desc>``)
and every figure in it is printed as text beside its bar, so colour is never the only signal.
The page always shows the same figures as a table as well (the accessible alternative).
This module computes the geometry; ``templates/engagement/includes/*_chart.html`` draw it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.text import slugify

from core.charts import CHART_FONT_FAMILY

# GOV.UK colours dark enough for white text (and for a bar to stand out on white).
BAR_COLOUR = "#1d70b8"
TEXT_COLOUR = "#0b0c0c"
STATE_COLOURS = {"held": "#005a30", "planned": "#003078", "missing": "#942514"}

ROW_HEIGHT = 30
BAR_HEIGHT = 20
LABEL_WIDTH = 240
BAR_AREA = 420
VALUE_WIDTH = 120


@dataclass
class ChartBar:
    label: str
    value: float
    display: str
    y: int = 0
    width: float = 0.0

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT - 5

    @property
    def value_x(self) -> float:
        return LABEL_WIDTH + self.width + 8


@dataclass
class BarChart:
    id: str
    title: str
    description: str
    bars: list[ChartBar]
    label_width: int = LABEL_WIDTH
    bar_start: int = LABEL_WIDTH
    width: int = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH
    height: int = 0
    colour: str = BAR_COLOUR
    text_colour: str = TEXT_COLOUR
    font_family: str = CHART_FONT_FAMILY

    @property
    def label_x(self) -> int:
        return LABEL_WIDTH - 8


def bar_chart(
    *,
    title: str,
    description: str,
    bars: Sequence[tuple[str, float, str]],
    max_value: float | None = None,
) -> BarChart:
    """Horizontal bars: (label, value, value as shown) each. ``max_value`` fixes the scale (100
    for percentages), else the largest value fills the width."""
    top = max_value or max((value for _label, value, _shown in bars), default=0) or 1
    drawn = [
        ChartBar(
            label=label,
            value=value,
            display=shown,
            y=index * ROW_HEIGHT + 5,
            width=round(BAR_AREA * min(value, top) / top, 1),
        )
        for index, (label, value, shown) in enumerate(bars)
    ]
    return BarChart(
        id=f"chart-{slugify(title)}",
        title=title,
        description=description,
        bars=drawn,
        height=max(len(drawn), 1) * ROW_HEIGHT + 10,
    )


@dataclass
class GridMark:
    x: int
    y: int
    state: str
    text: str

    @property
    def fill(self) -> str:
        return STATE_COLOURS.get(self.state, STATE_COLOURS["missing"])

    @property
    def text_x(self) -> int:
        return self.x + GRID_CELL_WIDTH // 2

    @property
    def text_y(self) -> int:
        return self.y + 20


GRID_CELL_WIDTH = 110
GRID_LABEL_WIDTH = 240


@dataclass
class GridChart:
    id: str
    title: str
    description: str
    columns: list[tuple[str, int]]
    rows: list[tuple[str, int]]
    marks: list[GridMark] = field(default_factory=list)
    width: int = 0
    height: int = 0
    cell_width: int = GRID_CELL_WIDTH - 6
    cell_height: int = 26
    text_colour: str = TEXT_COLOUR
    font_family: str = CHART_FONT_FAMILY

    @property
    def label_x(self) -> int:
        return GRID_LABEL_WIDTH - 8


def grid_chart(
    *,
    title: str,
    description: str,
    columns: Sequence[str],
    rows: Sequence[tuple[str, Sequence[tuple[str, str]]]],
) -> GridChart:
    """A row per Jobcentre, a column per quarter; each cell (state, text) coloured by state."""
    header = 30
    chart = GridChart(
        id=f"chart-{slugify(title)}",
        title=title,
        description=description,
        columns=[
            (name, GRID_LABEL_WIDTH + index * GRID_CELL_WIDTH + GRID_CELL_WIDTH // 2)
            for index, name in enumerate(columns)
        ],
        rows=[
            (label, header + index * ROW_HEIGHT + 19) for index, (label, _cells) in enumerate(rows)
        ],
        width=GRID_LABEL_WIDTH + len(columns) * GRID_CELL_WIDTH,
        height=header + max(len(rows), 1) * ROW_HEIGHT + 6,
    )
    for row_index, (_label, cells) in enumerate(rows):
        for column_index, (state, text) in enumerate(cells):
            chart.marks.append(
                GridMark(
                    x=GRID_LABEL_WIDTH + column_index * GRID_CELL_WIDTH,
                    y=header + row_index * ROW_HEIGHT,
                    state=state,
                    text=text,
                )
            )
    return chart
