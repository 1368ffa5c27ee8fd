"""A measure's rule is found by its code: the ``rule`` column goes.

Before it goes, every stored measure is checked against the rule its code now names, as the
rules stood when this migration was written; a measure counted by a different rule would
silently change meaning, so the migration stops and says which.
"""

from django.db import migrations, models

# code -> the rule name the seeded measure held before the rules were registered by code.
RULE_OF_CODE = {
    "jobs-fair-every-jobcentre-quarterly": "jobs_fair_every_jobcentre_quarterly",
    "voice-of-the-customer-every-jobcentre": "voice_of_the_customer_every_jobcentre",
    "fifty-plus-jobs-fairs": "fifty_plus_jobs_fairs_held",
    "fifty-plus-employer-workshop": "fifty_plus_employer_workshop_held",
    "sector-skills-events": "sector_skills_events_held",
    "sbwa-placements-year-on-year": "sbwa_placements_year_on_year",
    "sbwa-placements-fifty-plus": "sbwa_placements_fifty_plus_share",
    "complex-barriers-residents": "complex_barriers_residents_engaged",
    "benchmark-5-coverage": "benchmark5_coverage",
    "unique-employers-per-school": "unique_employers_per_school",
    "employer-encounters": "employer_encounters_by_sector",
    "priority-sector-encounters": "priority_sector_encounters_share",
    "sme-encounters": "sme_encounters_share",
}


def check_rules_match_codes(apps, schema_editor):
    Measure = apps.get_model("engagement", "Measure")
    mismatched = [
        f"{code} (rule {rule!r}, expected {RULE_OF_CODE.get(code)!r})"
        for code, rule in Measure.objects.order_by("code").values_list("code", "rule")
        if rule and RULE_OF_CODE.get(code) != rule
    ]
    if mismatched:
        raise RuntimeError(
            "These measures are counted by a rule their code does not name; give each the code "
            "of the rule that counts it, then migrate again: " + "; ".join(mismatched)
        )


def restore_rules(apps, schema_editor):
    Measure = apps.get_model("engagement", "Measure")
    for code, rule in RULE_OF_CODE.items():
        Measure.objects.filter(code=code).update(rule=rule)


class Migration(migrations.Migration):
    dependencies = [
        ("engagement", "0005_tallies"),
    ]

    operations = [
        # A default first, so that undoing the removal can add the column back to existing rows.
        migrations.AlterField(
            model_name="measure",
            name="rule",
            field=models.CharField(
                "rule", max_length=60, default="", help_text="The function that counts it."
            ),
        ),
        migrations.RunPython(check_rules_match_codes, restore_rules),
        migrations.RemoveField(model_name="measure", name="rule"),
    ]
