"""Seed the strategy's measures (idempotent: an existing measure, and its target, is kept).

The rows are frozen here as they stood when this migration was written, so a fresh database and
an old one end up the same; later changes to the seeded measures come as new data migrations.
"""

from decimal import Decimal

from django.db import migrations

MEASURES = [
    {
        "code": "jobs-fair-every-jobcentre-quarterly",
        "name": "A jobs fair every quarter in every Hertfordshire Jobcentre",
        "how_computed": "Jobcentres that held a jobs fair in the financial-year quarter (completed, "
        "or published and over) divided by all Hertfordshire Jobcentres.",
        "rule": "jobs_fair_every_jobcentre_quarterly",
        "period_kind": "financial_quarter",
        "scope": "jobcentre",
        "target": Decimal("100"),
        "unit": "percent",
        "amber_from": Decimal("0.75"),
        "source": "Hertfordshire Skills and Employment Strategy, 'Our performance measures': one "
        "Jobs Fair per quarter in all Hertfordshire Jobcentres",
        "position": 10,
    },
    {
        "code": "voice-of-the-customer-every-jobcentre",
        "name": "An annual Voice of the Customer forum in every Jobcentre",
        "how_computed": "Jobcentres that held a Voice of the Customer forum in the financial year "
        "divided by all Hertfordshire Jobcentres.",
        "rule": "voice_of_the_customer_every_jobcentre",
        "period_kind": "financial_year",
        "scope": "jobcentre",
        "target": Decimal("100"),
        "unit": "percent",
        "amber_from": Decimal("0.75"),
        "source": "Hertfordshire Skills and Employment Strategy, 'Our performance measures': annual "
        "'Voice of the Customer' forums within Jobcentres",
        "position": 20,
    },
    {
        "code": "fifty-plus-jobs-fairs",
        "name": "50+ jobs fairs held",
        "how_computed": "50+ jobs fairs in the financial year that took place (completed, or "
        "published and over); cancelled fairs and drafts do not count.",
        "rule": "fifty_plus_jobs_fairs_held",
        "period_kind": "financial_year",
        "scope": "jobcentre",
        "target": Decimal("4"),
        "unit": "count",
        "amber_from": Decimal("0.75"),
        "source": "Local target: the strategy gives no number; a strategy lead sets it here (the "
        "strategy asks for 50+ jobs fairs without a number)",
        "position": 30,
    },
    {
        "code": "fifty-plus-employer-workshop",
        "name": "Joint LEP/DWP employer workshop on recruiting and retaining 50+ workers",
        "how_computed": "Employer workshops for people aged 50 and over held in the financial year "
        "(the event's audiences include people aged 50 and over).",
        "rule": "fifty_plus_employer_workshop_held",
        "period_kind": "financial_year",
        "scope": "county",
        "target": Decimal("1"),
        "unit": "count",
        "amber_from": Decimal("0.8"),
        "source": "Hertfordshire Skills and Employment Strategy, 'Our performance measures': a joint "
        "LEP/DWP employer's workshop on 50+ workers",
        "position": 40,
    },
    {
        "code": "sector-skills-events",
        "name": "Two sector skills events a year",
        "how_computed": "Sector skills events (employers and skills providers together) held in the "
        "financial year.",
        "rule": "sector_skills_events_held",
        "period_kind": "financial_year",
        "scope": "district",
        "target": Decimal("2"),
        "unit": "count",
        "amber_from": Decimal("0.5"),
        "source": "Hertfordshire Skills and Employment Strategy, 'Our performance measures': 2 "
        "sector based skills events per year",
        "position": 50,
    },
    {
        "code": "sbwa-placements-year-on-year",
        "name": "Sector-based work academy placements up year on year",
        "how_computed": "Placements starting in this financial year, against last financial year's "
        "placements plus one.",
        "rule": "sbwa_placements_year_on_year",
        "period_kind": "financial_year",
        "scope": "jobcentre",
        "target": Decimal("0"),
        "unit": "count",
        "amber_from": Decimal("0.8"),
        "source": "Hertfordshire Skills and Employment Strategy, 'Our performance measures': SBWA "
        "placements up year on year (target = last year + 1)",
        "position": 60,
    },
    {
        "code": "sbwa-placements-fifty-plus",
        "name": "Sector-based work academy placements for people aged 50+",
        "how_computed": "Placements starting in the financial year for people aged 50 or over, as a "
        "percentage of all placements starting in it.",
        "rule": "sbwa_placements_fifty_plus_share",
        "period_kind": "financial_year",
        "scope": "jobcentre",
        "target": Decimal("25"),
        "unit": "percent",
        "amber_from": Decimal("0.8"),
        "source": "Hertfordshire Skills and Employment Strategy, 'Our performance measures': 25% of "
        "SBWA placements for those aged 50+",
        "position": 70,
    },
    {
        "code": "complex-barriers-residents",
        "name": "Residents aged 19+ with complex barriers engaged",
        "how_computed": "People at the county's events (not school encounters) who said they face "
        "complex barriers and were checked in, once per person per event, in the "
        "financial year; pupils and under-19s are left out.",
        "rule": "complex_barriers_residents_engaged",
        "period_kind": "financial_year",
        "scope": "jobcentre",
        "target": Decimal("7000"),
        "unit": "count",
        "amber_from": Decimal("0.8"),
        "source": "Hertfordshire Skills and Employment Strategy, 'Our performance measures': engage "
        "with 7000 19+ residents per year with complex barriers",
        "position": 80,
    },
    {
        "code": "benchmark-5-coverage",
        "name": "Gatsby Benchmark 5: pupils with a meaningful employer encounter",
        "how_computed": "Pupils in years 7 to 13 with at least one meaningful employer encounter in "
        "the academic year, as a percentage of pupils on roll (each pupil once).",
        "rule": "benchmark5_coverage",
        "period_kind": "academic_year",
        "scope": "school",
        "target": Decimal("100"),
        "unit": "percent",
        "amber_from": Decimal("0.8"),
        "source": "Gatsby Benchmark 5 (statutory careers guidance): every pupil, every year",
        "position": 90,
    },
    {
        "code": "unique-employers-per-school",
        "name": "Different employers met per school",
        "how_computed": "Different employers each school's pupils met in the academic year, averaged "
        "over the schools (schools that met none count as 0).",
        "rule": "unique_employers_per_school",
        "period_kind": "academic_year",
        "scope": "school",
        "target": Decimal("7"),
        "unit": "count",
        "amber_from": Decimal("0.7"),
        "source": "Local target: the strategy gives no number; a strategy lead sets it here (7: one "
        "employer for each year group 7 to 13)",
        "position": 100,
    },
    {
        "code": "employer-encounters",
        "name": "Employer encounters, by sector",
        "how_computed": "Encounters between an employer and an audience in the academic year (one "
        "employer meeting one audience on one occasion), shown by the employer's "
        "sector.",
        "rule": "employer_encounters_by_sector",
        "period_kind": "academic_year",
        "scope": "school",
        "target": Decimal("2000"),
        "unit": "count",
        "amber_from": Decimal("0.8"),
        "source": "Local target: the strategy gives no number; a strategy lead sets it here",
        "position": 110,
    },
    {
        "code": "priority-sector-encounters",
        "name": "Employer encounters in the priority growth sectors",
        "how_computed": "Encounters with employers in the strategy's priority growth sectors as a "
        "percentage of all employer encounters in the academic year.",
        "rule": "priority_sector_encounters_share",
        "period_kind": "academic_year",
        "scope": "school",
        "target": Decimal("50"),
        "unit": "percent",
        "amber_from": Decimal("0.8"),
        "source": "Local target: the strategy gives no number; a strategy lead sets it here "
        "(priority sectors are the LEP's)",
        "position": 120,
    },
    {
        "code": "sme-encounters",
        "name": "Employer encounters with small and medium-sized employers (SMEs)",
        "how_computed": "Encounters with employers of fewer than 250 staff as a percentage of all "
        "employer encounters in the academic year.",
        "rule": "sme_encounters_share",
        "period_kind": "academic_year",
        "scope": "school",
        "target": Decimal("40"),
        "unit": "percent",
        "amber_from": Decimal("0.8"),
        "source": "Local target: the strategy gives no number; a strategy lead sets it here (the "
        "strategy's SME focus)",
        "position": 130,
    },
]


def seed(apps, schema_editor):
    Measure = apps.get_model("engagement", "Measure")
    for row in MEASURES:
        defaults = {key: value for key, value in row.items() if key != "code"}
        Measure.objects.get_or_create(code=row["code"], defaults=defaults)


class Migration(migrations.Migration):
    dependencies = [
        ("engagement", "0003_export_log"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
