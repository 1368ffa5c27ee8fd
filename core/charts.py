"""What every server-drawn SVG chart shares, whichever app draws it."""

from __future__ import annotations

# The pages' own font stack (``$govuk-font-family`` in static_src/application.scss). SVG text
# does not take the font GOV.UK Frontend sets on its classes, and some renderers (and a chart
# opened on its own) fall back to a serif font: every chart names the stack itself.
CHART_FONT_FAMILY = "arial, sans-serif"
