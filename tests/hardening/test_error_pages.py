"""Error pages are the service's own GOV.UK pages; the API answers the same errors in JSON."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from tests.factories import member

pytestmark = pytest.mark.django_db

GOVUK = 'class="govuk-template'


def test_404_is_a_govuk_page(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert GOVUK in html
    assert "Page not found" in html


def test_403_is_a_govuk_page(client):
    client.force_login(member(Role.CAREERS_LEADER))

    response = client.get(reverse("audit:list"))

    assert response.status_code == 403
    assert GOVUK in response.content.decode()
    assert "You cannot see this page" in response.content.decode()


def test_an_oversize_form_is_a_govuk_page(client):
    response = client.post("/accounts/login/", {"login": "y" * (3 * 1024 * 1024)})

    assert response.status_code == 413
    assert GOVUK in response.content.decode()
    assert "too large" in response.content.decode()


def test_a_request_for_a_host_we_do_not_serve_is_a_govuk_400(client):
    response = client.get("/", HTTP_HOST="evil.example.org")

    assert response.status_code == 400
    assert GOVUK in response.content.decode()


def test_csrf_failure_is_a_govuk_page_saying_what_to_do():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/accounts/login/", {"login": "a@example.org", "password": "x"})

    assert response.status_code == 403
    html = response.content.decode()
    assert GOVUK in html
    assert "went back or waited too long" in html


def test_500_is_a_govuk_page():
    from django.test import RequestFactory

    from config.faults import server_error

    try:
        raise RuntimeError("boom")
    except RuntimeError:
        response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    html = response.content.decode()
    assert GOVUK in html
    assert "Sorry, there is a problem with the service" in html


@pytest.mark.parametrize("url", ["/api/v1/checkins/", "/api/v1/events/"])
def test_api_oversize_body_is_json_413(client, url):
    client.force_login(member(Role.COORDINATOR))
    body = '{"a": "' + "x" * (3 * 1024 * 1024) + '"}'

    response = client.post(url, body, content_type="application/json")

    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "request_too_large"
    assert response.json()["detail"]


def test_api_404_outside_any_route_is_json(client):
    response = client.get("/api/nothing-here")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
