"""Charts' text is set in the pages' sans-serif font, not whatever a renderer falls back to."""

from __future__ import annotations

import re

from django.template.loader import render_to_string

from core.charts import CHART_FONT_FAMILY
from engagement.charts import bar_chart, grid_chart


def svg_font(html: str) -> str | None:
    root = re.search(r"<svg [^>]*>", html)
    assert root is not None
    found = re.search(r'font-family="([^"]*)"', root.group(0))
    return found.group(1) if found else None


def test_bar_and_grid_charts_name_the_sans_serif_font_for_all_their_text():
    bars = bar_chart(title="Encounters", description="d", bars=[("Watford", 3, "3")])
    grid = grid_chart(title="Fairs", description="d", columns=["Q1"], rows=[("A", [("held", "1")])])

    for template, chart in (
        ("engagement/dashboard/includes/bar_chart.html", bars),
        ("engagement/dashboard/includes/grid_chart.html", grid),
    ):
        html = render_to_string(template, {"chart": chart})
        assert svg_font(html) == CHART_FONT_FAMILY == "arial, sans-serif"
        # Every <text> inherits it: none names a font of its own.
        assert "<text" in html
        assert all("font-family" not in tag for tag in re.findall(r"<text [^>]*>", html))
