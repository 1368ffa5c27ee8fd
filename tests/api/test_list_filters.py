"""The API's list filters (api/filters.py): a value the filter cannot take is a 400 with ``code``
and ``detail``, never a 500; an object's own address takes no filters; the OpenAPI schema
documents each list's parameters from its FilterSet."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.models import Role
from tests.factories import EventFactory, in_days_at, member

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def event():
    return EventFactory(starts_at=in_days_at(10))


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("to=9999-12-31", "invalid_date"),  # its end of day is past the last date
        ("from=notadate", "invalid_date"),
        ("from=0001-01-01T00:00:00%2B14:00", "invalid_date"),  # before year 1 in UTC
        ("to=9999-12-31T23:59:59-14:00", "invalid_date"),  # after year 9999 in UTC
        ("from=2026-13-01", "invalid_date"),
        ("venue=99999999999999999999999", "invalid_venue"),  # beyond 64 bits
        ("venue=9223372036854775808", "invalid_venue"),  # one past the largest id
        ("venue=-1", "invalid_venue"),
        ("venue=1.5", "invalid_venue"),
        ("kind=%00", "invalid_kind"),
        ("district=Narnia", "invalid_district"),
        ("district=%00", "null_characters_not_allowed"),
        ("status=%00", "invalid_status"),
    ],
)
def test_events_list_refuses_values_it_cannot_take_with_400(event, query, code):
    response = client_for(member(Role.LEAD)).get(f"/api/v1/events/?{query}")

    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == code
    assert isinstance(body["detail"], str) and body["detail"]


def test_events_list_takes_the_extreme_ids_and_dates_that_fit(event):
    client = client_for(member(Role.LEAD))

    for query in (
        "venue=9223372036854775807",
        "from=0001-01-01",
        "to=9999-12-30",
        "from=2026-01-01T09:00:00",  # no offset: London time
        "mine=true",
        "mine=no",
        "kind=",
    ):
        response = client.get(f"/api/v1/events/?{query}")
        assert response.status_code == 200, (query, response.content)


def test_events_list_mine_takes_1_true_or_yes(event):
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)
    stranger = member(Role.JOBCENTRE_ORGANISER)
    EventFactory(starts_at=in_days_at(12))  # someone else's

    for flag in ("1", "true", "YES"):
        rows = client_for(organiser).get(f"/api/v1/events/?mine={flag}").json()["results"]
        assert [row["id"] for row in rows] == [event.pk], flag
    assert client_for(stranger).get("/api/v1/events/?mine=1").json()["results"] == []
    assert len(client_for(stranger).get("/api/v1/events/?mine=0").json()["results"]) == 2


def test_an_event_s_own_address_takes_no_list_filters(event):
    response = client_for(member(Role.LEAD)).get(f"/api/v1/events/{event.pk}/?kind=picnic")

    assert response.status_code == 200
    assert response.json()["id"] == event.pk


@pytest.mark.parametrize(
    "query",
    [
        "to=9999-12-31",
        "from=notadate",
        "from=2026-05-02&to=2026-05-01",
        "action=ticket.burn",
        "actor=" + "a" * 255,
    ],
)
def test_audit_list_refuses_values_it_cannot_take_with_400(query):
    response = client_for(member(Role.ADMIN)).get(f"/api/v1/audit/?{query}")

    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] and body["code"] != "None"
    assert isinstance(body["detail"], str) and body["detail"]


def test_audit_list_takes_the_first_and_nearly_last_day():
    response = client_for(member(Role.ADMIN)).get("/api/v1/audit/?from=0001-01-01&to=9999-12-30")

    assert response.status_code == 200


def test_the_schema_documents_each_list_s_filters_from_its_filterset():
    schema = client_for(member(Role.ADMIN)).get("/api/v1/schema/", {"format": "json"}).json()

    def parameters(path: str) -> dict[str, dict]:
        listed = schema["paths"][path]["get"]["parameters"]
        return {p["name"]: p for p in listed if p["in"] == "query"}

    events = parameters("/api/v1/events/")
    assert set(events) == {"kind", "from", "to", "venue", "district", "status", "mine", "page"}
    assert "fifty_plus_jobs_fair" in events["kind"]["schema"]["enum"]
    assert events["venue"]["schema"]["type"] == "integer"
    assert events["venue"]["schema"]["maximum"] == 2**63 - 1
    assert events["mine"]["schema"]["type"] == "boolean"
    assert events["district"]["description"]
    audit = parameters("/api/v1/audit/")
    assert set(audit) == {"action", "actor", "from", "to", "page"}
    assert audit["from"]["schema"] == {"type": "string", "format": "date"}
    assert "stand.approve" in audit["action"]["schema"]["enum"]
    # An event's own address documents no list filters.
    detail = schema["paths"]["/api/v1/events/{id}/"]["get"].get("parameters", [])
    assert not [p for p in detail if p["in"] == "query"]
