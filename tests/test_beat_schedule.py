from __future__ import annotations

import pytest
from django.conf import settings

from config.celery import app


@pytest.mark.parametrize("name", sorted(settings.CELERY_BEAT_SCHEDULE))
def test_every_scheduled_job_names_a_real_task(name):
    app.loader.import_default_modules()

    assert settings.CELERY_BEAT_SCHEDULE[name]["task"] in app.tasks


def test_measures_are_frozen_on_every_reporting_date():
    from engagement.snapshots import REPORTING_DATES

    schedule = settings.CELERY_BEAT_SCHEDULE["engagement-measures-freeze"]["schedule"]
    for month, day in REPORTING_DATES:
        assert month in schedule.month_of_year and day in schedule.day_of_month


def test_no_scheduled_job_rebuilds_the_ledger_every_few_minutes():
    # A stand visit reaches the ledger in its own request; door admissions are not evidence.
    tasks = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    assert not [task for task in tasks if "encounters" in task]
