from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_no_broker_in_embedded_mode(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {
        "database": "ok",
        "broker": "not configured (tasks run in-process)",
        "status": "ok",
    }
    assert "no-cache" in response["Cache-Control"]
