"""Token requests: the cached token never outlives the token or the user's right to it, the
shorter middleware chain keeps every header and rule that applies to them, and the door's
rate limit still refuses."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import Role
from tests.factories import EventFactory, UserFactory, member

pytestmark = pytest.mark.django_db


def token_client(user) -> tuple[APIClient, Token]:
    token = Token.objects.create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get("/api/v1/me/").status_code == 200  # now cached
    return client, token


def test_a_deleted_token_is_refused_at_once():
    client, token = token_client(UserFactory())

    token.delete()

    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_a_deactivated_user_is_refused_at_once():
    user = UserFactory()
    client, _token = token_client(user)

    user.is_active = False
    user.save()

    assert client.get("/api/v1/me/").status_code == 401


def test_a_user_deleted_is_refused_at_once():
    user = UserFactory()
    client, _token = token_client(user)

    user.delete()

    assert client.get("/api/v1/me/").status_code == 401


def test_a_change_to_the_user_shows_at_once():
    user = UserFactory(full_name="Before")
    client, _token = token_client(user)

    user.full_name = "After"
    user.save()

    assert client.get("/api/v1/me/").json()["full_name"] == "After"


def test_the_cache_holds_no_token_key():
    _client, token = token_client(UserFactory())

    keys = list(getattr(cache, "_cache", {}).keys())
    assert keys and not any(token.key in str(key) for key in keys)


def test_an_unknown_token_is_refused_as_drf_refuses_it():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)

    response = client.get("/api/v1/me/")

    assert response.status_code == 401
    assert response.json() == {"code": "authentication_failed", "detail": "Invalid token."}
    assert response["WWW-Authenticate"] == "Token"


def test_a_token_request_sets_no_cookie_and_keeps_the_security_headers():
    client, _token = token_client(UserFactory())

    response = client.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="pl")

    assert not response.cookies
    for header in (
        "Content-Security-Policy",
        "Permissions-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
    ):
        assert response.has_header(header), header
    assert response["Content-Language"] == "pl"


def test_a_token_requests_errors_speak_the_callers_language():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)

    english = client.get("/api/v1/me/").json()["detail"]
    polish = client.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="pl").json()["detail"]

    assert english == "Invalid token." and polish != english


def test_a_session_api_request_still_needs_its_csrf_token():
    user = UserFactory()
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post("/api/v1/checkins/", {"token": "x" * 20, "event": 1}, format="json")

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_check_ins_are_rate_limited_per_scanner(settings):
    from rest_framework.throttling import ScopedRateThrottle

    event = EventFactory()
    client, _token = token_client(member(Role.JOBCENTRE_ORGANISER, event.organiser))
    ScopedRateThrottle.THROTTLE_RATES = {**ScopedRateThrottle.THROTTLE_RATES, "checkins": "2/min"}
    try:
        answers = [
            client.post("/api/v1/checkins/", {"token": "forged-token-xx", "event": event.pk})
            for _ in range(3)
        ]
    finally:
        ScopedRateThrottle.THROTTLE_RATES = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]

    assert [a.status_code for a in answers] == [404, 404, 429]
    assert answers[2].json()["code"] == "throttled"
    assert 1 <= int(answers[2]["Retry-After"]) <= 61
