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
            "Jobcentres that organised a jobs fair held in the financial-year quarter (over, "
            "with at least one person admitted and one employer present), wherever it was held, "
            "divided by all Hertfordshire Jobcentres; on track counts fairs booked too."
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
            "Jobcentres that organised a Voice of the Customer forum held in the financial year "
            "(over and not cancelled, with people taking part: a participant in its record or "
            "a person admitted; and its record of barriers raised, or of none) divided by all "
            "Hertfordshire Jobcentres."
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
            "50+ jobs fairs held in the financial year: over, with at least one person admitted "
            "and one employer present, each counted for the Jobcentre that organised it."
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
            "Employer workshops on workers aged 50 and over held in the financial year: over, "
            "with at least one person admitted, and for an audience including people aged 50+."
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
            "Sector skills events (employers and skills providers together) held in the "
            "financial year: over, with at least one person admitted and one employer present."
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
            "Placements starting in the financial year whose participant's age band is 50 or "
            "over, as a percentage of all placements starting in it (a placement without an age "
            "band counts as not 50+)."
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
            "Distinct people admitted at any of the county's events in the financial year who "
            "stated an age band of 19 or over and said they face complex barriers (a blank age "
            "band is not 19+; without e-mail or phone, once per ticket)."
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


DFE = "DfE"
REPORTED = Measure.Kind.REPORTED


def _reported(
    code: str,
    name: str,
    how: str,
    *,
    unit: str,
    period_kind: PeriodKind,
    target: Decimal | None,
    baseline: Decimal | None,
    baseline_label: str,
    source: str,
    better: str = Measure.Better.HIGHER,
    amber_from: Decimal = Decimal("0.9"),
) -> dict[str, Any]:
    return {
        "code": code,
        "name": name,
        "how_computed": how,
        "kind": REPORTED,
        "period_kind": period_kind,
        "scope": Measure.Scope.DISTRICT,
        "target": target,
        "unit": unit,
        "better": better,
        "amber_from": amber_from,
        "baseline": baseline,
        "baseline_label": baseline_label,
        "source": source,
    }


PERCENT, COUNT = Measure.Unit.PERCENT, Measure.Unit.COUNT
ACADEMIC, FINANCIAL = PeriodKind.ACADEMIC_YEAR, PeriodKind.FINANCIAL_YEAR

# The strategy's measures that other bodies publish, and its overarching figures: a lead
# reports them with their source. The first figure is the strategy's baseline, the target its
# figure for 2020 (or the level to maintain).
REPORTED_SEEDS: list[dict[str, Any]] = [
    _reported(
        "participation-16-17",
        gettext_noop("16 and 17 year olds staying in education or training"),
        gettext_noop(
            "Reported: 16 and 17 year olds in education or training as a percentage of all "
            "16 and 17 year olds resident, as published by the DfE for the year."
        ),
        unit=PERCENT,
        period_kind=ACADEMIC,
        target=Decimal("98.3"),
        baseline=Decimal("97.9"),
        baseline_label="2017",
        source=STRATEGY + ": from 97.9% in 2017 to 98.3% in 2020",
        amber_from=Decimal("0.99"),
    ),
    _reported(
        "neet-not-known-16-17",
        gettext_noop("16 and 17 year olds NEET or whose activity is not known"),
        gettext_noop(
            "Reported: 16 and 17 year olds not in education, employment or training, or whose "
            "activity is not known, as a percentage, averaged over December to February."
        ),
        unit=PERCENT,
        period_kind=ACADEMIC,
        target=Decimal("3.0"),
        baseline=Decimal("3.39"),
        baseline_label=gettext_noop("December 2016 – February 2017"),
        source=STRATEGY + ": from 3.39% to 3.0% in 2020 (lower is better)",
        better=Measure.Better.LOWER,
    ),
    _reported(
        "apprenticeship-starts-16-18",
        gettext_noop("Apprenticeship starts by young people aged 16 to 18"),
        gettext_noop(
            "Reported: apprenticeship starts by Hertfordshire residents aged 16 to 18 in the "
            "academic year, as published by the DfE."
        ),
        unit=COUNT,
        period_kind=ACADEMIC,
        target=Decimal(2255),
        baseline=Decimal(1955),
        baseline_label="2016",
        source=STRATEGY + ": from 1,955 in 2016 to 2,255 in 2020",
    ),
    _reported(
        "apprenticeship-starts-higher",
        gettext_noop("Advanced, higher and degree apprenticeship starts"),
        gettext_noop(
            "Reported: apprenticeship starts at advanced, higher and degree level by "
            "Hertfordshire residents in the academic year, as published by the DfE."
        ),
        unit=COUNT,
        period_kind=ACADEMIC,
        target=Decimal(3697),
        baseline=Decimal(2757),
        baseline_label="2016",
        source=STRATEGY + ": from 2,757 in 2016 to 3,697 in 2020",
    ),
    _reported(
        "apprenticeship-starts-stem",
        gettext_noop("STEM apprenticeship starts"),
        gettext_noop(
            "Reported: apprenticeship starts in science, technology, engineering and maths "
            "by Hertfordshire residents in the academic year, as published by the DfE."
        ),
        unit=COUNT,
        period_kind=ACADEMIC,
        target=Decimal(1492),
        baseline=Decimal(1394),
        baseline_label="2019",
        source=STRATEGY + ": 1,394 starts in 2019 and 1,492 in 2020",
    ),
    _reported(
        "esfa-learning-unemployed-adults",
        gettext_noop("ESFA-funded learning taken up by unemployed or inactive adults aged 19-65"),
        gettext_noop(
            "Reported: learning opportunities (accredited or not) funded by the ESFA taken up "
            "in the academic year by unemployed or economically inactive residents aged 19-65."
        ),
        unit=COUNT,
        period_kind=ACADEMIC,
        target=Decimal(22000),
        baseline=Decimal(22000),
        baseline_label=gettext_noop("a year (the level to maintain)"),
        source=STRATEGY + ": maintained at 22,000 a year",
    ),
    _reported(
        "english-maths-digital-passes",
        gettext_noop("Residents aged 19-65 passing English, maths and digital skills provision"),
        gettext_noop(
            "Reported: residents aged 19-65 who passed English, maths or digital skills "
            "provision (accredited or not) in the academic year."
        ),
        unit=COUNT,
        period_kind=ACADEMIC,
        target=Decimal(9974),
        baseline=Decimal(9974),
        baseline_label="2015/16",
        source=STRATEGY + ": maintained at the 9,974 of 2015/16",
    ),
    _reported(
        "sme-formal-training",
        gettext_noop("SMEs that train their workforce formally"),
        gettext_noop(
            "Reported: small and medium-sized businesses that undertake formal training and "
            "development of their workforce, as a percentage of those surveyed in the year."
        ),
        unit=PERCENT,
        period_kind=FINANCIAL,
        target=Decimal(67),
        baseline=Decimal(65),
        baseline_label="2016",
        source=STRATEGY + ": from 65% in 2016 to 67% in 2020",
        amber_from=Decimal("0.97"),
    ),
    _reported(
        "growth-hub-sme-skills-support",
        gettext_noop("SMEs supported by the Herts Growth Hub's skills advisers"),
        gettext_noop(
            "Reported: small and medium-sized businesses the Skills Advisers at the Herts "
            "Growth Hub supported in the financial year."
        ),
        unit=COUNT,
        period_kind=FINANCIAL,
        target=Decimal(750),
        baseline=Decimal(229),
        baseline_label="2017",
        source=STRATEGY + ": from 229 in 2017 to 750",
    ),
    _reported(
        "unemployment-rate",
        gettext_noop("Unemployment rate"),
        gettext_noop(
            "Reported (an overarching figure, no target): unemployed residents aged 16 and over "
            "as a percentage of the economically active, as published by the ONS for the year."
        ),
        unit=PERCENT,
        period_kind=FINANCIAL,
        target=None,
        baseline=None,
        baseline_label="",
        source=STRATEGY + ": an overarching ambition it reports without a target",
        better=Measure.Better.LOWER,
    ),
    _reported(
        "qualified-level-4-plus",
        gettext_noop("Residents aged 16-64 qualified to level 4 or above"),
        gettext_noop(
            "Reported (an overarching figure, no target): residents aged 16-64 with a "
            "qualification at level 4 or above as a percentage of all, as published by the ONS."
        ),
        unit=PERCENT,
        period_kind=FINANCIAL,
        target=None,
        baseline=None,
        baseline_label="",
        source=STRATEGY + ": an overarching ambition it reports without a target",
    ),
    _reported(
        "skills-shortage-vacancies",
        gettext_noop("Hard-to-fill vacancies caused by skills shortages"),
        gettext_noop(
            "Reported (an overarching figure, no target): hard-to-fill vacancies that "
            "employers put down to skills shortages, as a percentage of all hard-to-fill ones."
        ),
        unit=PERCENT,
        period_kind=FINANCIAL,
        target=None,
        baseline=None,
        baseline_label="",
        source=STRATEGY + ": an overarching ambition it reports without a target",
        better=Measure.Better.LOWER,
    ),
]

MEASURE_SEEDS += REPORTED_SEEDS


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
