from __future__ import annotations

import pytest
from django.conf import settings

from config.celery import app


@pytest.mark.parametrize("name", sorted(settings.CELERY_BEAT_SCHEDULE))
def test_every_scheduled_job_names_a_real_task(name):
    app.loader.import_default_modules()

    assert settings.CELERY_BEAT_SCHEDULE[name]["task"] in app.tasks
