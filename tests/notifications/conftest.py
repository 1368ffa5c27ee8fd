from __future__ import annotations

import pytest

from tests.notifications.fake_notify import fake_notify_server, notify_settings


@pytest.fixture
def notify(settings):
    """The fake GOV.UK Notify, with the settings pointing the real client at it."""
    with fake_notify_server() as server:
        notify_settings(settings, server)
        yield server


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed():`` runs the on-commit work (handing messages to Celery)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
