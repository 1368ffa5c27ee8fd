"""/healthz tells a load balancer when the broker is down (runs anywhere, no broker needed)."""

from __future__ import annotations

import socket

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    """A local port nothing listens on: bind one, note it, let it go."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_healthz_reports_503_naming_the_broker_when_it_is_down(client, monkeypatch):
    from config.celery import app

    dead_broker = f"redis://127.0.0.1:{_closed_port()}/0"
    # The Celery app may already be configured (another test used it): point it there too.
    monkeypatch.setattr(app.conf, "broker_url", dead_broker)

    with override_settings(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL=dead_broker):
        response = client.get("/healthz")

    assert response.status_code == 503
    report = response.json()
    assert report["status"] == "unhealthy"
    assert report["database"] == "ok"
    assert report["broker"].startswith("error")


def test_healthz_is_ok_with_tasks_running_in_process(client):
    with override_settings(CELERY_TASK_ALWAYS_EAGER=True):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["broker"].startswith("not configured")
