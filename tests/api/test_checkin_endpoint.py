"""``POST /api/v1/checkins/``: a phone's scan answered by the plain view answers exactly what
``CheckInView`` (DRF) answers, for every outcome and every refusal, and is counted once by the
rate limit."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

import api.checkin_view
from accounts.models import Role
from events.scanners import scanner_authorise
from events.services import registration_cancel
from tests.events.conftest import register
from tests.factories import EventFactory, UserFactory, member

pytestmark = pytest.mark.django_db

URL = "/api/v1/checkins/"
# What differs between two runs on two events: ids, numbers, names, times.
VARYING = {"scan_id", "first_checked_in_at", "number", "label", "event_id"}


def scenario() -> list[tuple[int, dict, dict]]:
    """Every kind of answer the check-in gives, on a fresh event: (status, body, headers)."""
    event = EventFactory()
    volunteer = UserFactory()
    scanner_authorise(
        event=event, user=volunteer, by=member(Role.JOBCENTRE_ORGANISER, event.organiser)
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=volunteer).key}")
    tickets = [register(event, email=f"p{n}@example.net").tickets[0] for n in range(3)]
    registration_cancel(registration=tickets[1].registration, by=None)
    other = register(EventFactory(), email="o@example.net").tickets[0]
    resent = str(uuid.uuid4())
    long_ago = (timezone.now() - timedelta(days=40)).isoformat()
    bodies = [
        {"token": tickets[0].token, "event": event.pk, "client_id": resent},
        {"token": tickets[0].token, "event": event.pk, "client_id": resent},  # resent
        {"token": tickets[0].token, "event": event.pk},  # a repeat
        {"token": tickets[0].token, "event": event.pk, "offline": True},
        {"token": "forged-token-xx", "event": event.pk},
        {"token": tickets[1].token, "event": event.pk},  # cancelled
        {"token": other.token, "event": event.pk},  # another event's
        {"ticket": tickets[2].pk, "event": event.pk, "device": "Door 2"},
        {"token": tickets[0].token, "event": other.event_id},  # not a scanner there
        {"token": tickets[2].token, "event": event.pk, "scanned_at": long_ago},
        {"token": tickets[2].token, "ticket": tickets[2].pk, "event": event.pk},
        {"event": "x"},
        [1, 2],
    ]
    answers = [client.post(URL, body, format="json") for body in bodies]
    answers.append(client.post(URL, '{"event": NaN}', content_type="application/json"))
    answers.append(client.post(URL, {"token": "x", "event": event.pk}))  # a form, not JSON
    client.credentials(HTTP_AUTHORIZATION="Token nope")
    answers.append(client.post(URL, {"event": event.pk}, format="json"))
    client.credentials(HTTP_AUTHORIZATION="Token")
    answers.append(client.post(URL, {"event": event.pk}, format="json"))
    return [(a.status_code, comparable(a.json()), headers(a)) for a in answers]


def comparable(value):
    if isinstance(value, dict):
        return {k: "…" if k in VARYING else comparable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [comparable(v) for v in value]
    return value


def headers(answer) -> dict:
    return {name: answer.get(name) for name in ("Content-Type", "Allow", "WWW-Authenticate")}


def test_a_scan_answers_as_the_drf_view_answers(monkeypatch):
    scans = []
    fast = api.checkin_view.token_scan

    def counted(request):
        answer = fast(request)
        scans.append(answer is not None)
        return answer

    monkeypatch.setattr(api.checkin_view, "token_scan", counted)
    by_plain_view = scenario()
    assert sum(scans) == 10  # every scan that reached the rules; the rest went to DRF

    monkeypatch.setattr(api.checkin_view, "token_scan", lambda request: None)
    by_drf = scenario()

    assert [status for status, _b, _h in by_plain_view] == [
        201, 200, 200, 200, 404, 410, 409, 201, 403, 400, 400, 400, 400, 400, 404, 401, 401
    ]  # fmt: skip
    assert by_plain_view == by_drf


def test_the_plain_view_renders_as_drf_renders():
    event = EventFactory()
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)
    ticket = register(event, name="Zoë Ångström").tickets[0]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=organiser).key}")

    answer = client.post(URL, {"token": ticket.token, "event": event.pk}, format="json")

    assert answer.status_code == 201
    assert (
        answer.content
        == json.dumps(answer.json(), ensure_ascii=False, separators=(",", ":")).encode()
    )
    assert answer["Content-Type"] == "application/json"


def test_a_throttled_scan_is_counted_once_and_refused_as_drf_refuses(settings):
    from rest_framework.throttling import ScopedRateThrottle

    event = EventFactory()
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)
    tickets = [register(event, email=f"p{n}@example.net").tickets[0] for n in range(3)]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=organiser).key}")
    ScopedRateThrottle.THROTTLE_RATES = {**ScopedRateThrottle.THROTTLE_RATES, "checkins": "2/min"}
    try:
        answers = [
            client.post(URL, {"token": t.token, "event": event.pk}, format="json") for t in tickets
        ]
    finally:
        ScopedRateThrottle.THROTTLE_RATES = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]

    assert [a.status_code for a in answers] == [201, 201, 429]
    assert answers[2].json()["code"] == "throttled"
    assert 1 <= int(answers[2]["Retry-After"]) <= 61
    tickets[2].refresh_from_db()
    assert tickets[2].checked_in_at is None


def test_a_session_scan_still_goes_through_drf_and_its_csrf_check():
    event = EventFactory()
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)
    ticket = register(event).tickets[0]
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(organiser)

    refused = client.post(URL, {"token": ticket.token, "event": event.pk}, format="json")

    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    ticket.refresh_from_db()
    assert ticket.checked_in_at is None


def test_the_schema_still_documents_the_check_in():
    from rest_framework.test import APIClient as Anonymous

    schema = Anonymous().get("/api/v1/schema/", {"format": "json"})

    operation = schema.json()["paths"]["/api/v1/checkins/"]["post"]
    assert set(operation["responses"]) >= {"200", "201", "404", "409", "410"}
    assert "CheckInRequest" in json.dumps(operation["requestBody"])
