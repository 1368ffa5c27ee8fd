"""Counts on the dashboards are grouped in thousands as the page's language writes them."""

from __future__ import annotations

from django.template import Context, Template
from django.utils import translation


def render(value: object) -> str:
    return Template("{% load figures %}{{ value|figure }}").render(Context({"value": value}))


def test_a_large_count_is_grouped_in_thousands_in_each_language():
    with translation.override("en"):
        assert render(1234567) == "1,234,567"
        assert render(999) == "999"
    with translation.override("pl"):
        assert render(1234567).replace("\xa0", " ") == "1 234 567"


def test_a_figure_that_does_not_apply_shows_nothing_and_text_is_left_alone():
    assert render(None) == ""
    assert render("42%") == "42%"
