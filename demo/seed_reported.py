"""Demo reported figures for 2025-26, so a lead's first look shows every measure.

Entered through the same service a lead uses (checked, audited), as lead@example.org; a second
run finds every figure unchanged and writes nothing. The figures are invented but plausible.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from accounts.models import User
from engagement.measures import ReportedEntry, reported_value_record
from engagement.models import Measure

LEAD = "lead@example.org"
PERIOD = "2025-26"

# code → (value, source, published on, note)
FIGURES: dict[str, tuple[str, str, date, str]] = {
    "participation-16-17": (
        "98.0",
        "DfE participation in education and training, local authority table",
        date(2026, 3, 12),
        "",
    ),
    "neet-not-known-16-17": (
        "3.1",
        "DfE NEET and not known, December to February average",
        date(2026, 3, 26),
        "",
    ),
    "apprenticeship-starts-16-18": (
        "2104",
        "DfE apprenticeships and traineeships, local authority table",
        date(2026, 1, 29),
        "Provisional: August to January.",
    ),
    "apprenticeship-starts-higher": (
        "3410",
        "DfE apprenticeships and traineeships, local authority table",
        date(2026, 1, 29),
        "Provisional: August to January.",
    ),
    "apprenticeship-starts-stem": (
        "1455",
        "DfE apprenticeships by sector subject area",
        date(2026, 1, 29),
        "",
    ),
    "esfa-learning-unemployed-adults": (
        "21380",
        "ESFA further education and skills, adult learners by employment status",
        date(2026, 3, 19),
        "",
    ),
    "english-maths-digital-passes": (
        "9610",
        "ESFA further education and skills, English, maths and digital achievements",
        date(2026, 3, 19),
        "",
    ),
    "sme-formal-training": (
        "66",
        "Hertfordshire Businesses' Skills Gap Survey",
        date(2026, 2, 2),
        "",
    ),
    "growth-hub-sme-skills-support": (
        "512",
        "Herts Growth Hub skills advisers' quarterly returns",
        date(2026, 4, 20),
        "Up to the end of March.",
    ),
    "unemployment-rate": ("3.4", "ONS Annual Population Survey", date(2026, 4, 14), ""),
    "qualified-level-4-plus": ("47.8", "ONS Annual Population Survey", date(2026, 4, 14), ""),
    "skills-shortage-vacancies": (
        "31",
        "Employer Skills Survey, Hertfordshire",
        date(2026, 2, 2),
        "",
    ),
}


def seed_demo_reported(counts: dict[str, Any]) -> None:
    """Enter the demo figures (inside seed_demo's transaction) and add to ``counts``."""
    lead = User.objects.get(email=LEAD)
    measures = {m.code: m for m in Measure.objects.filter(code__in=FIGURES)}
    for code, (value, source, published_on, note) in FIGURES.items():
        entry = ReportedEntry(
            measure=measures[code],
            period_label=PERIOD,
            value=value,
            source=source,
            published_on=published_on,
            note=note,
        )
        _value, outcome = reported_value_record(entry=entry, by=lead)
        if outcome == "created":
            counts["created"] += 1
        elif outcome == "updated":
            counts["updated"] += 1
    counts["reported_values"] = len(FIGURES)
