"""Numbers as people read them: grouped in thousands, with the decimal mark, the way the page's
language writes them (12,345.6 in English, 12 345,6 in Polish)."""

from __future__ import annotations

from decimal import Decimal

from django.utils import formats


def grouped(value: int | float | Decimal) -> str:
    return formats.number_format(value, use_l10n=True, force_grouping=True)
