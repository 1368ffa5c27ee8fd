"""The seeded measures: codes, names, how each is computed, periods and first targets."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext_noop

from core.periods import PeriodKind
from engagement.models import Measure

# --- Seed data --------------------------------------------------------------------------------

STRATEGY = "Hertfordshire Skills and Employment Strategy, 'Our performance measures'"
LOCAL = "Local target: the strategy gives no number; a strategy lead sets it here"

# The measures and their first targets. Codes are stable: snapshots, exports and tests use them.
# Names and sentences are stored as data; gettext_noop marks them for translation, and the
# pages translate the stored text (a lead's own wording simply has no translation).
MEASURE_SEEDS: list[dict[str, Any]] = [
    {
        "code": "jobs-fair-every-jobcentre-quarterly",
        "name": gettext_noop("A jobs fair every quarter in every Hertfordshire Jobcentre"),
        "how_computed": gettext_noop(
            "Jobcentres that held a jobs fair in the financial-year quarter "
            "(completed, or published and over) divided by all Hertfordshire Jobcentres."
        ),
        "period_kind": PeriodKind.FINANCIAL_QUARTER,
        "scope": Measure.Scope.JOBCENTRE,
        "target": Decimal(100),
        "unit": Measure.Unit.PERCENT,
        "amber_from": Decimal("0.75"),
        "source": STRATEGY + ": one Jobs Fair per quarter in all Hertfordshire Jobcentres",
    },
    {
        "code": "voice-of-the-customer-every-jobcentre",
        "name": gettext_noop("An annual Voice of the Customer forum in every Jobcentre"),
        "how_computed": gettext_noop(
            "Jobcentres that held a Voice of the Customer forum in the financial "
            "year divided by all Hertfordshire Jobcentres."
        ),
        "period_kind": PeriodKind.FINANCIAL_YEAR,
        "scope": Measure.Scope.JOBCENTRE,
        "target": Decimal(100),
        "unit": Measure.Unit.PERCENT,
        "amber_from": Decimal("0.75"),
        "source": STRATEGY + ": annual 'Voice of the Customer' forums within Jobcentres",
    },
    {
        "code": "fifty-plus-jobs-fairs",
        "name": gettext_noop("50+ jobs fairs held"),
        "how_computed": gettext_noop(
            "50+ jobs fairs in the financial year that took place (completed, "
            "or published and over); cancelled fairs and drafts do not count."
        ),
        "period_kind": PeriodKind.FINANCIAL_YEAR,
        "scope": Measure.Scope.JOBCENTRE,
        "target": Decimal(4),
        "unit": Measure.Unit.COUNT,
        "amber_from": Decimal("0.75"),
        "source": LOCAL + " (the strategy asks for 50+ jobs fairs without a number)",
    },
    {
        "code": "fifty-plus-employer-workshop",
        "name": gettext_noop(
            "Joint LEP/DWP employer workshop on recruiting and retaining 50+ workers"
        ),
        "how_computed": gettext_noop(
            "Employer workshops for people aged 50 and over held in the financial "
            "year (the event's audiences include people aged 50 and over)."
        ),
        "period_kind": PeriodKind.FINANCIAL_YEAR,
        "scope": Measure.Scope.COUNTY,
        "target": Decimal(1),
        "unit": Measure.Unit.COUNT,
        "amber_from": Decimal("0.8"),
        "source": STRATEGY + ": a joint LEP/DWP employer's workshop on 50+ workers",
    },
    {
        "code": "sector-skills-events",
        "name": gettext_noop("Two sector skills events a year"),
        "how_computed": gettext_noop(
            "Sector skills events (employers and skills providers together) held "
            "in the financial year."
        ),
        "period_kind": PeriodKind.FINANCIAL_YEAR,
        "scope": Measure.Scope.DISTRICT,
        "target": Decimal(2),
        "unit": Measure.Unit.COUNT,
        "amber_from": Decimal("0.5"),
        "source": STRATEGY + ": 2 sector based skills events per year",
    },
    {
        "code": "sbwa-placements-year-on-year",
        "name": gettext_noop("Sector-based work academy placements up year on year"),
        "how_computed": gettext_noop(
            "Placements starting in this financial year, against last financial "
            "year's placements plus one."
        ),
        "period_kind": PeriodKind.FINANCIAL_YEAR,
        "scope": Measure.Scope.JOBCENTRE,
        "target": Decimal(0),
        "unit": Measure.Unit.COUNT,
        "amber_from": Decimal("0.8"),
        "source": STRATEGY + ": SBWA placements up year on year (target = last year + 1)",
    },
    {
        "code": "sbwa-placements-fifty-plus",
        "name": gettext_noop("Sector-based work academy placements for people aged 50+"),
        "how_computed": gettext_noop(
            "Placements starting in the financial year for people aged 50 or over, "
            "as a percentage of all placements starting in it."
        ),
        "period_kind": PeriodKind.FINANCIAL_YEAR,
        "scope": Measure.Scope.JOBCENTRE,
        "target": Decimal(25),
        "unit": Measure.Unit.PERCENT,
        "amber_from": Decimal("0.8"),
        "source": STRATEGY + ": 25% of SBWA placements for those aged 50+",
    },
    {
        "code": "complex-barriers-residents",
        "name": gettext_noop("Residents aged 19+ with complex barriers engaged"),
        "how_computed": gettext_noop(
            "People at the county's events (not school encounters) who said they "
            "face complex barriers and were checked in, once per person per event, in the "
            "financial year; pupils and under-19s are left out."
        ),
        "period_kind": PeriodKind.FINANCIAL_YEAR,
        "scope": Measure.Scope.JOBCENTRE,
        "target": Decimal(7000),
        "unit": Measure.Unit.COUNT,
        "amber_from": Decimal("0.8"),
        "source": STRATEGY + ": engage with 7000 19+ residents per year with complex barriers",
    },
    {
        "code": "benchmark-5-coverage",
        "name": gettext_noop("Gatsby Benchmark 5: pupils with a meaningful employer encounter"),
        "how_computed": gettext_noop(
            "Pupils in years 7 to 13 with at least one meaningful employer "
            "encounter in the academic year, as a percentage of pupils on roll (each pupil once)."
        ),
        "period_kind": PeriodKind.ACADEMIC_YEAR,
        "scope": Measure.Scope.SCHOOL,
        "target": Decimal(100),
        "unit": Measure.Unit.PERCENT,
        "amber_from": Decimal("0.8"),
        "source": "Gatsby Benchmark 5 (statutory careers guidance): every pupil, every year",
    },
    {
        "code": "unique-employers-per-school",
        "name": gettext_noop("Different employers met per school"),
        "how_computed": gettext_noop(
            "Different employers each school's pupils met in the academic year, "
            "averaged over the schools (schools that met none count as 0)."
        ),
        "period_kind": PeriodKind.ACADEMIC_YEAR,
        "scope": Measure.Scope.SCHOOL,
        "target": Decimal(7),
        "unit": Measure.Unit.COUNT,
        "amber_from": Decimal("0.7"),
        "source": LOCAL + " (7: one employer for each year group 7 to 13)",
    },
    {
        "code": "employer-encounters",
        "name": gettext_noop("Employer encounters, by sector"),
        "how_computed": gettext_noop(
            "Encounters between an employer and an audience in the academic year "
            "(one employer meeting one audience on one occasion), shown by the employer's sector."
        ),
        "period_kind": PeriodKind.ACADEMIC_YEAR,
        "scope": Measure.Scope.SCHOOL,
        "target": Decimal(2000),
        "unit": Measure.Unit.COUNT,
        "amber_from": Decimal("0.8"),
        "source": LOCAL,
    },
    {
        "code": "priority-sector-encounters",
        "name": gettext_noop("Employer encounters in the priority growth sectors"),
        "how_computed": gettext_noop(
            "Encounters with employers in the strategy's priority growth sectors "
            "as a percentage of all employer encounters in the academic year."
        ),
        "period_kind": PeriodKind.ACADEMIC_YEAR,
        "scope": Measure.Scope.SCHOOL,
        "target": Decimal(50),
        "unit": Measure.Unit.PERCENT,
        "amber_from": Decimal("0.8"),
        "source": LOCAL + " (priority sectors are the LEP's)",
    },
    {
        "code": "sme-encounters",
        "name": gettext_noop("Employer encounters with small and medium-sized employers (SMEs)"),
        "how_computed": gettext_noop(
            "Encounters with employers of fewer than 250 staff as a percentage of "
            "all employer encounters in the academic year."
        ),
        "period_kind": PeriodKind.ACADEMIC_YEAR,
        "scope": Measure.Scope.SCHOOL,
        "target": Decimal(40),
        "unit": Measure.Unit.PERCENT,
        "amber_from": Decimal("0.8"),
        "source": LOCAL + " (the strategy's SME focus)",
    },
]


def measures_seed(*, model: type[Model] | None = None) -> int:
    """Create the seeded measures that are missing; never touch one that exists (a lead may
    have changed its target). Safe to run any number of times. Returns how many it created.

    ``model`` is the historical ``Measure`` when a migration calls it."""
    measure_model: Any = model or Measure
    created = 0
    for position, seed in enumerate(MEASURE_SEEDS, start=1):
        defaults = {key: value for key, value in seed.items() if key != "code"}
        defaults["period_kind"] = str(defaults["period_kind"])
        defaults["position"] = position * 10
        _measure, was_created = measure_model.objects.get_or_create(
            code=seed["code"], defaults=defaults
        )
        created += was_created
    return created
