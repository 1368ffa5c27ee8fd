"""Notify's delivery receipts at POST /notify/receipts/: bearer token, unknown ids refused with
nothing changed, and a permanent failure shown to the organiser and the door."""

from __future__ import annotations

import pytest

from accounts.models import Role
from notifications.models import Notification
from tests.events.conftest import register
from tests.factories import EventFactory, member

pytestmark = pytest.mark.django_db

URL = "/notify/receipts/"
TOKEN = "callback-token-for-tests-only"


def receipt(row: Notification, status: str, **changes) -> dict:
    body = {
        "id": row.provider_id,
        "reference": str(row.pk),
        "to": row.recipient,
        "status": status,
        "created_at": "2026-12-02T10:00:00.000000Z",
        "completed_at": "2026-12-02T10:00:05.000000Z",
        "sent_at": "2026-12-02T10:00:01.000000Z",
        "notification_type": row.channel,
    }
    body.update(changes)
    return body


def post(client, body, token=TOKEN, raw=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token is not None else {}
    data = raw if raw is not None else body
    return client.post(URL, data, content_type="application/json", **headers)


@pytest.fixture
def texted(notify, committed):
    event = EventFactory()
    with committed():
        result = register(event, email="", phone="07700 900123")
    return event, result.registration, Notification.objects.get()


def test_a_delivered_receipt_is_stored(client, texted):
    _event, _registration, row = texted
    response = post(client, receipt(row, "delivered"))
    assert response.status_code == 200
    row.refresh_from_db()
    assert row.status == "delivered" and row.completed_at is not None


@pytest.mark.parametrize(("token", "status"), [(None, 401), ("wrong-token", 403), ("", 403)])
def test_without_the_right_token_nothing_changes(client, texted, token, status):
    _event, _registration, row = texted
    response = post(client, receipt(row, "delivered"), token=token)
    assert response.status_code == status
    assert response.json()["code"]
    row.refresh_from_db()
    assert row.status == "sent"


def test_with_no_token_configured_every_receipt_is_refused(client, texted, settings):
    settings.NOTIFY_CALLBACK_TOKEN = ""
    _event, _registration, row = texted
    assert post(client, receipt(row, "delivered"), token="").status_code == 403


@pytest.mark.parametrize(
    "changes",
    [
        {"reference": "999999", "id": "0f2b5e3a-0000-4000-8000-000000000000"},
        {"id": "0f2b5e3a-0000-4000-8000-000000000000"},  # our reference, not our Notify id
        {"reference": None, "id": "0f2b5e3a-0000-4000-8000-000000000000"},
    ],
)
def test_an_unknown_message_is_404_and_nothing_changes(client, texted, changes):
    _event, _registration, row = texted
    response = post(client, receipt(row, "delivered", **changes))
    assert response.status_code == 404
    assert response.json()["code"] == "unknown_notification"
    row.refresh_from_db()
    assert row.status == "sent"


@pytest.mark.parametrize(
    "raw", ["not json", "[1, 2]", '{"id": "x"}', '{"id": "x", "status": "exploded"}']
)
def test_a_malformed_receipt_is_400(client, texted, raw):
    _event, _registration, row = texted
    response = post(client, None, raw=raw)
    assert response.status_code == 400
    row.refresh_from_db()
    assert row.status == "sent"


def test_a_permanent_failure_flags_the_registration_for_organiser_and_door(client, texted):
    event, registration, row = texted
    assert post(client, receipt(row, "permanent-failure")).status_code == 200

    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)
    client.force_login(organiser)
    page = client.get(f"/events/manage/{event.pk}/registrations/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="may-not-have-ticket"' in html
    assert "Not delivered: the address or number is wrong" in html

    found = client.get(f"/api/v1/events/{event.pk}/door/search/", {"q": registration.name})
    assert found.status_code == 200, found.content
    [result] = found.json()
    assert result["delivery_warning"].startswith("May not have received their ticket")


def test_a_delivered_message_shows_delivered_and_no_flag(client, texted):
    event, _registration, row = texted
    post(client, receipt(row, "delivered"))
    client.force_login(member(Role.JOBCENTRE_ORGANISER, event.organiser))
    html = client.get(f"/events/manage/{event.pk}/registrations/").content.decode()
    assert "Delivered" in html
    assert "may-not-have-ticket" not in html
