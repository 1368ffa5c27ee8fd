"""Seed the strategy's fifteen measures and its overarching figures.

Observed measures get their new definitions (held means admitted, and employers present where
they must be; distinct people). Reported measures (figures other bodies publish) are created
with the strategy's baseline and target. A measure that exists keeps its target and amber
threshold: a lead may have changed them. The rows are frozen here as they stood when this
migration was written.
"""

from decimal import Decimal

from django.db import migrations

# Fields that say what a measure is, refreshed on a measure that exists; the target and
# amber threshold stay as a lead left them.
DEFINITION_FIELDS = ("how_computed", "kind", "better", "baseline", "baseline_label", "position")

MEASURES = [
    {
        "code": "jobs-fair-every-jobcentre-quarterly",
        "name": "A jobs fair every quarter in every Hertfordshire Jobcentre",
        "how_computed": "Jobcentres that organised a jobs fair held in the financial-year quarter "
        "(over, with at least one person admitted and one employer present), "
        "wherever it was held, divided by all Hertfordshire Jobcentres; on track "
        "counts fairs booked too.",
        "period_kind": "financial_quarter",
        "scope": "jobcentre",
        "target": Decimal("100"),
        "unit": "percent",
        "amber_from": Decimal("0.75"),
        "source": "Hertfordshire Skills and Employment Strategy, 'Our performance measures': one "
        "Jobs Fair per quarter in all Hertfordshire Jobcentres",
        "kind": "observed",
        "better": "higher",
        "baseline": None,
        "baseline_label": "",
        "position": 10,
    },
    {
        "code": "voice-of-the-customer-every-jobcentre",
        "name": "An annual Voice of the Customer forum in every Jobcentre",
        "how_computed": "Jobcentres that organised a Voice of the Customer forum held in the "
        "financial year (over, with at least one person admitted) divided by all "
        "Hertfordshire Jobcentres; the record of barriers raised is not kept yet, so "
        "it is not required.",
        "period_kind": "financial_year",
        "scope": "jobcentre",
        "target": Decimal("100"),
        "unit": "percent",
        "amber_from": Decimal("0.75"),
        "source": "Hertfordshire Skills and Employment Strategy, 'Our performance measures': annual "
        "'Voice of the Customer' forums within Jobcentres",
        "kind": "observed",
        "better": "higher",
        "baseline": None,
        "baseline_label": "",
        "position": 20,
    },
    {
        "code": "fifty-plus-jobs-fairs",
        "name": "50+ jobs fairs held",
        "how_computed": "50+ jobs fairs held in the financial year: over, with at least one person "
        "admitted and one employer present, each counted for the Jobcentre that "
        "organised it.",
        "period_kind": "financial_year",
        "scope": "jobcentre",
        "target": Decimal("4"),
        "unit": "count",
        "amber_from": Decimal("0.75"),
        "source": "Local target: the strategy gives no number; a strategy lead sets it here (the "
        "strategy asks for 50+ jobs fairs without a number)",
        "kind": "observed",
        "better": "higher",
        "baseline": None,
        "baseline_label": "",
        "position": 30,
    },
    {
        "code": "fifty-plus-employer-workshop",
        "name": "Joint LEP/DWP employer workshop on recruiting and retaining 50+ workers",
        "how_computed": "Employer workshops on workers aged 50 and over held in the financial year: "
        "over, with at least one person admitted, and for an audience including "
        "people aged 50+.",
        "period_kind": "financial_year",
        "scope": "county",
        "target": Decimal("1"),
        "unit": "count",
        "amber_from": Decimal("0.8"),
        "source": "Hertfordshire Skills and Employment Strategy, 'Our performance measures': a joint "
        "LEP/DWP employer's workshop on 50+ workers",
        "kind": "observed",
        "better": "higher",
        "baseline": None,
        "baseline_label": "",
        "position": 40,
    },
    {
        "code": "sector-skills-events",
        "name": "Two sector skills events a year",
        "how_computed": "Sector skills events (employers and skills providers together) held in the "
        "financial year: over, with at least one person admitted and one employer "
        "present.",
        "period_kind": "financial_year",
        "scope": "district",
        "target": Decimal("2"),
        "unit": "count",
        "amber_from": Decimal("0.5"),
        "source": "Hertfordshire Skills and Employment Strategy, 'Our performance measures': 2 "
        "sector based skills events per year",
        "kind": "observed",
        "better": "higher",
        "baseline": None,
        "baseline_label": "",
        "position": 50,
    },
    {
        "code": "sbwa-placements-year-on-year",
        "name": "Sector-based work academy placements up year on year",
        "how_computed": "Placements starting in this financial year, against last financial year's "
        "placements plus one.",
        "period_kind": "financial_year",
        "scope": "jobcentre",
        "target": Decimal("0"),
        "unit": "count",
        "amber_from": Decimal("0.8"),
        "source": "Hertfordshire Skills and Employment Strategy, 'Our performance measures': SBWA "
        "placements up year on year (target = last year + 1)",
        "kind": "observed",
        "better": "higher",
        "baseline": None,
        "baseline_label": "",
        "position": 60,
    },
    {
        "code": "sbwa-placements-fifty-plus",
        "name": "Sector-based work academy placements for people aged 50+",
        "how_computed": "Placements starting in the financial year for people aged 50 or over, as a "
        "percentage of all placements starting in it.",
        "period_kind": "financial_year",
        "scope": "jobcentre",
        "target": Decimal("25"),
        "unit": "percent",
        "amber_from": Decimal("0.8"),
        "source": "Hertfordshire Skills and Employment Strategy, 'Our performance measures': 25% of "
        "SBWA placements for those aged 50+",
        "kind": "observed",
        "better": "higher",
        "baseline": None,
        "baseline_label": "",
        "position": 70,
    },
    {
        "code": "complex-barriers-residents",
        "name": "Residents aged 19+ with complex barriers engaged",
        "how_computed": "Distinct people admitted at any of the county's events in the financial "
        "year who stated an age band of 19 or over and said they face complex "
        "barriers (a blank age band is not 19+; without e-mail or phone, once per "
        "ticket).",
        "period_kind": "financial_year",
        "scope": "jobcentre",
        "target": Decimal("7000"),
        "unit": "count",
        "amber_from": Decimal("0.8"),
        "source": "Hertfordshire Skills and Employment Strategy, 'Our performance measures': engage "
        "with 7000 19+ residents per year with complex barriers",
        "kind": "observed",
        "better": "higher",
        "baseline": None,
        "baseline_label": "",
        "position": 80,
    },
    {
        "code": "benchmark-5-coverage",
        "name": "Gatsby Benchmark 5: pupils with a meaningful employer encounter",
        "how_computed": "Pupils in years 7 to 13 with at least one meaningful employer encounter in "
        "the academic year, as a percentage of pupils on roll (each pupil once).",
        "period_kind": "academic_year",
        "scope": "school",
        "target": Decimal("100"),
        "unit": "percent",
        "amber_from": Decimal("0.8"),
        "source": "Gatsby Benchmark 5 (statutory careers guidance): every pupil, every year",
        "kind": "observed",
        "better": "higher",
        "baseline": None,
        "baseline_label": "",
        "position": 90,
    },
    {
        "code": "unique-employers-per-school",
        "name": "Different employers met per school",
        "how_computed": "Different employers each school's pupils met in the academic year, averaged "
        "over the schools (schools that met none count as 0).",
        "period_kind": "academic_year",
        "scope": "school",
        "target": Decimal("7"),
        "unit": "count",
        "amber_from": Decimal("0.7"),
        "source": "Local target: the strategy gives no number; a strategy lead sets it here (7: one "
        "employer for each year group 7 to 13)",
        "kind": "observed",
        "better": "higher",
        "baseline": None,
        "baseline_label": "",
        "position": 100,
    },
    {
        "code": "employer-encounters",
        "name": "Employer encounters, by sector",
        "how_computed": "Encounters between an employer and an audience in the academic year (one "
        "employer meeting one audience on one occasion), shown by the employer's "
        "sector.",
        "period_kind": "academic_year",
        "scope": "school",
        "target": Decimal("2000"),
        "unit": "count",
        "amber_from": Decimal("0.8"),
        "source": "Local target: the strategy gives no number; a strategy lead sets it here",
        "kind": "observed",
        "better": "higher",
        "baseline": None,
        "baseline_label": "",
        "position": 110,
    },
    {
        "code": "priority-sector-encounters",
        "name": "Employer encounters in the priority growth sectors",
        "how_computed": "Encounters with employers in the strategy's priority growth sectors as a "
        "percentage of all employer encounters in the academic year.",
        "period_kind": "academic_year",
        "scope": "school",
        "target": Decimal("50"),
        "unit": "percent",
        "amber_from": Decimal("0.8"),
        "source": "Local target: the strategy gives no number; a strategy lead sets it here "
        "(priority sectors are the LEP's)",
        "kind": "observed",
        "better": "higher",
        "baseline": None,
        "baseline_label": "",
        "position": 120,
    },
    {
        "code": "sme-encounters",
        "name": "Employer encounters with small and medium-sized employers (SMEs)",
        "how_computed": "Encounters with employers of fewer than 250 staff as a percentage of all "
        "employer encounters in the academic year.",
        "period_kind": "academic_year",
        "scope": "school",
        "target": Decimal("40"),
        "unit": "percent",
        "amber_from": Decimal("0.8"),
        "source": "Local target: the strategy gives no number; a strategy lead sets it here (the "
        "strategy's SME focus)",
        "kind": "observed",
        "better": "higher",
        "baseline": None,
        "baseline_label": "",
        "position": 130,
    },
    {
        "code": "participation-16-17",
        "name": "16 and 17 year olds staying in education or training",
        "how_computed": "Reported: 16 and 17 year olds in education or training as a percentage of "
        "all 16 and 17 year olds resident, as published by the DfE for the year.",
        "kind": "reported",
        "period_kind": "academic_year",
        "scope": "district",
        "target": Decimal("98.3"),
        "unit": "percent",
        "better": "higher",
        "amber_from": Decimal("0.99"),
        "baseline": Decimal("97.9"),
        "baseline_label": "2017",
        "source": "Hertfordshire Skills and Employment Strategy, 'Our performance measures': from "
        "97.9% in 2017 to 98.3% in 2020",
        "position": 140,
    },
    {
        "code": "neet-not-known-16-17",
        "name": "16 and 17 year olds NEET or whose activity is not known",
        "how_computed": "Reported: 16 and 17 year olds not in education, employment or training, or "
        "whose activity is not known, as a percentage, averaged over December to "
        "February.",
        "kind": "reported",
        "period_kind": "academic_year",
        "scope": "district",
        "target": Decimal("3.0"),
        "unit": "percent",
        "better": "lower",
        "amber_from": Decimal("0.9"),
        "baseline": Decimal("3.39"),
        "baseline_label": "December 2016 – February 2017",
        "source": "Hertfordshire Skills and Employment Strategy, 'Our performance measures': from "
        "3.39% to 3.0% in 2020 (lower is better)",
        "position": 150,
    },
    {
        "code": "apprenticeship-starts-16-18",
        "name": "Apprenticeship starts by young people aged 16 to 18",
        "how_computed": "Reported: apprenticeship starts by Hertfordshire residents aged 16 to 18 in "
        "the academic year, as published by the DfE.",
        "kind": "reported",
        "period_kind": "academic_year",
        "scope": "district",
        "target": Decimal("2255"),
        "unit": "count",
        "better": "higher",
        "amber_from": Decimal("0.9"),
        "baseline": Decimal("1955"),
        "baseline_label": "2016",
        "source": "Hertfordshire Skills and Employment Strategy, 'Our performance measures': from "
        "1,955 in 2016 to 2,255 in 2020",
        "position": 160,
    },
    {
        "code": "apprenticeship-starts-higher",
        "name": "Advanced, higher and degree apprenticeship starts",
        "how_computed": "Reported: apprenticeship starts at advanced, higher and degree level by "
        "Hertfordshire residents in the academic year, as published by the DfE.",
        "kind": "reported",
        "period_kind": "academic_year",
        "scope": "district",
        "target": Decimal("3697"),
        "unit": "count",
        "better": "higher",
        "amber_from": Decimal("0.9"),
        "baseline": Decimal("2757"),
        "baseline_label": "2016",
        "source": "Hertfordshire Skills and Employment Strategy, 'Our performance measures': from "
        "2,757 in 2016 to 3,697 in 2020",
        "position": 170,
    },
    {
        "code": "apprenticeship-starts-stem",
        "name": "STEM apprenticeship starts",
        "how_computed": "Reported: apprenticeship starts in science, technology, engineering and "
        "maths by Hertfordshire residents in the academic year, as published by the "
        "DfE.",
        "kind": "reported",
        "period_kind": "academic_year",
        "scope": "district",
        "target": Decimal("1492"),
        "unit": "count",
        "better": "higher",
        "amber_from": Decimal("0.9"),
        "baseline": Decimal("1394"),
        "baseline_label": "2019",
        "source": "Hertfordshire Skills and Employment Strategy, 'Our performance measures': 1,394 "
        "starts in 2019 and 1,492 in 2020",
        "position": 180,
    },
    {
        "code": "esfa-learning-unemployed-adults",
        "name": "ESFA-funded learning taken up by unemployed or inactive adults aged 19-65",
        "how_computed": "Reported: learning opportunities (accredited or not) funded by the ESFA "
        "taken up in the academic year by unemployed or economically inactive "
        "residents aged 19-65.",
        "kind": "reported",
        "period_kind": "academic_year",
        "scope": "district",
        "target": Decimal("22000"),
        "unit": "count",
        "better": "higher",
        "amber_from": Decimal("0.9"),
        "baseline": Decimal("22000"),
        "baseline_label": "a year (the level to maintain)",
        "source": "Hertfordshire Skills and Employment Strategy, 'Our performance measures': "
        "maintained at 22,000 a year",
        "position": 190,
    },
    {
        "code": "english-maths-digital-passes",
        "name": "Residents aged 19-65 passing English, maths and digital skills provision",
        "how_computed": "Reported: residents aged 19-65 who passed English, maths or digital skills "
        "provision (accredited or not) in the academic year.",
        "kind": "reported",
        "period_kind": "academic_year",
        "scope": "district",
        "target": Decimal("9974"),
        "unit": "count",
        "better": "higher",
        "amber_from": Decimal("0.9"),
        "baseline": Decimal("9974"),
        "baseline_label": "2015/16",
        "source": "Hertfordshire Skills and Employment Strategy, 'Our performance measures': "
        "maintained at the 9,974 of 2015/16",
        "position": 200,
    },
    {
        "code": "sme-formal-training",
        "name": "SMEs that train their workforce formally",
        "how_computed": "Reported: small and medium-sized businesses that undertake formal training "
        "and development of their workforce, as a percentage of those surveyed in "
        "the year.",
        "kind": "reported",
        "period_kind": "financial_year",
        "scope": "district",
        "target": Decimal("67"),
        "unit": "percent",
        "better": "higher",
        "amber_from": Decimal("0.97"),
        "baseline": Decimal("65"),
        "baseline_label": "2016",
        "source": "Hertfordshire Skills and Employment Strategy, 'Our performance measures': from "
        "65% in 2016 to 67% in 2020",
        "position": 210,
    },
    {
        "code": "growth-hub-sme-skills-support",
        "name": "SMEs supported by the Herts Growth Hub's skills advisers",
        "how_computed": "Reported: small and medium-sized businesses the Skills Advisers at the "
        "Herts Growth Hub supported in the financial year.",
        "kind": "reported",
        "period_kind": "financial_year",
        "scope": "district",
        "target": Decimal("750"),
        "unit": "count",
        "better": "higher",
        "amber_from": Decimal("0.9"),
        "baseline": Decimal("229"),
        "baseline_label": "2017",
        "source": "Hertfordshire Skills and Employment Strategy, 'Our performance measures': from "
        "229 in 2017 to 750",
        "position": 220,
    },
    {
        "code": "unemployment-rate",
        "name": "Unemployment rate",
        "how_computed": "Reported (an overarching figure, no target): unemployed residents aged 16 "
        "and over as a percentage of the economically active, as published by the "
        "ONS for the year.",
        "kind": "reported",
        "period_kind": "financial_year",
        "scope": "district",
        "target": None,
        "unit": "percent",
        "better": "lower",
        "amber_from": Decimal("0.9"),
        "baseline": None,
        "baseline_label": "",
        "source": "Hertfordshire Skills and Employment Strategy, 'Our performance measures': an "
        "overarching ambition it reports without a target",
        "position": 230,
    },
    {
        "code": "qualified-level-4-plus",
        "name": "Residents aged 16-64 qualified to level 4 or above",
        "how_computed": "Reported (an overarching figure, no target): residents aged 16-64 with a "
        "qualification at level 4 or above as a percentage of all, as published by "
        "the ONS.",
        "kind": "reported",
        "period_kind": "financial_year",
        "scope": "district",
        "target": None,
        "unit": "percent",
        "better": "higher",
        "amber_from": Decimal("0.9"),
        "baseline": None,
        "baseline_label": "",
        "source": "Hertfordshire Skills and Employment Strategy, 'Our performance measures': an "
        "overarching ambition it reports without a target",
        "position": 240,
    },
    {
        "code": "skills-shortage-vacancies",
        "name": "Hard-to-fill vacancies caused by skills shortages",
        "how_computed": "Reported (an overarching figure, no target): hard-to-fill vacancies that "
        "employers put down to skills shortages, as a percentage of all hard-to-fill "
        "ones.",
        "kind": "reported",
        "period_kind": "financial_year",
        "scope": "district",
        "target": None,
        "unit": "percent",
        "better": "lower",
        "amber_from": Decimal("0.9"),
        "baseline": None,
        "baseline_label": "",
        "source": "Hertfordshire Skills and Employment Strategy, 'Our performance measures': an "
        "overarching ambition it reports without a target",
        "position": 250,
    },
]


def seed(apps, schema_editor):
    Measure = apps.get_model("engagement", "Measure")
    for row in MEASURES:
        defaults = {key: value for key, value in row.items() if key != "code"}
        measure, created = Measure.objects.get_or_create(code=row["code"], defaults=defaults)
        if not created:
            for name in DEFINITION_FIELDS:
                setattr(measure, name, row[name])
            measure.save(update_fields=list(DEFINITION_FIELDS))


def unseed(apps, schema_editor):
    Measure = apps.get_model("engagement", "Measure")
    Measure.objects.filter(kind="reported", reported_values__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("engagement", "0007_reported_values"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
    ]
