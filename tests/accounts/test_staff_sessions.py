"""A staff session ends after 30 minutes without a request, and 12 hours after it began."""

from __future__ import annotations

import time

import pytest

from accounts.middleware import SESSION_SEEN_KEY, SESSION_STARTED_KEY
from accounts.models import Role
from tests.factories import member

pytestmark = pytest.mark.django_db


def _age_session(client, **seconds_ago: int) -> None:
    session = client.session
    now = time.time()
    if "seen" in seconds_ago:
        session[SESSION_SEEN_KEY] = now - seconds_ago["seen"]
    if "started" in seconds_ago:
        session[SESSION_STARTED_KEY] = now - seconds_ago["started"]
    session.save()


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_staff_session_in_use_carries_on(client):
    client.force_login(member(Role.COORDINATOR))
    assert client.get("/").status_code == 200
    _age_session(client, seen=29 * 60)

    assert client.get("/").status_code == 200
    assert _signed_in(client)


def test_staff_session_idle_for_over_30_minutes_is_signed_out(client):
    client.force_login(member(Role.COORDINATOR))
    client.get("/")
    _age_session(client, seen=31 * 60)

    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not _signed_in(client)


def test_staff_session_ends_after_12_hours_however_busy(client):
    client.force_login(member(Role.LEAD))
    client.get("/")
    _age_session(client, seen=10, started=12 * 3600 + 60)

    response = client.get("/")

    assert response.status_code == 302
    assert not _signed_in(client)


def test_staff_api_session_idle_too_long_is_refused(client):
    client.force_login(member(Role.COORDINATOR))
    client.get("/")
    _age_session(client, seen=31 * 60)

    assert client.get("/api/v1/me/").status_code in {401, 403}
    assert not _signed_in(client)


@pytest.mark.parametrize("role", [Role.CAREERS_LEADER, Role.EMPLOYER_CONTACT])
def test_other_roles_keep_their_session(client, role):
    client.force_login(member(role))
    client.get("/")
    _age_session(client, seen=31 * 60)

    assert client.get("/").status_code == 200
