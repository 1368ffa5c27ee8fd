from __future__ import annotations

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import Role
from tests.factories import member

pytestmark = pytest.mark.django_db


def test_token_from_drf_create_token_authenticates_the_api(capsys):
    coordinator = member(Role.COORDINATOR, email="coordinator@example.org")

    call_command("drf_create_token", "coordinator@example.org")
    key = Token.objects.get(user=coordinator).key
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.get("/api/v1/me/")

    assert key in capsys.readouterr().out
    assert response.status_code == 200
    assert response.json()["email"] == "coordinator@example.org"
    assert response.json()["memberships"][0]["role"] == "coordinator"


def test_unauthenticated_call_gets_code_and_detail():
    response = APIClient().get("/api/v1/me/")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert "credentials" in response.json()["detail"]


def test_forged_token_is_refused_with_code_and_detail():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    response = client.get("/api/v1/me/")

    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_unknown_api_path_is_a_json_404_not_a_500():
    client = APIClient()
    client.force_authenticate(member(Role.LEAD))

    response = client.get("/api/v1/no-such-thing/")

    assert response.status_code == 404


def test_openapi_schema_and_docs_are_served():
    client = APIClient()

    schema = client.get("/api/v1/schema/")
    docs = client.get("/api/v1/docs/")

    assert schema.status_code == 200
    assert b"openapi: 3" in schema.content
    assert b"/api/v1/me/" in schema.content
    assert docs.status_code == 200
