"""The suite's second run is on a real PostgreSQL server (.ci/run sets DATABASE_URL)."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _needs_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            f"needs PostgreSQL: this run is on {connection.vendor} "
            "(set DATABASE_URL=postgres://...; .ci/run does)"
        )


def test_suite_runs_on_postgresql():
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        (version,) = cursor.fetchone()

    assert connection.vendor == "postgresql"
    assert version.startswith("PostgreSQL")


def test_healthz_reports_the_postgresql_database_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response.json()["status"] == "ok"
