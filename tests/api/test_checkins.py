"""POST /api/v1/checkins/ exactly as CONTRACT.md says, and the rest of the door's API."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import Role
from events.models import CheckIn, Ticket
from events.scanners import scanner_authorise
from events.services import stand_apply, stand_approve
from tests.events.conftest import register
from tests.factories import EmployerFactory, EventFactory, UserFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory()


@pytest.fixture
def organiser(event):
    return member(Role.JOBCENTRE_ORGANISER, event.organiser)


@pytest.fixture
def ticket(event):
    return register(event, name="Grace Obi", adjustments=["hearing_loop"]).tickets[0]


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_first_scan_is_201_ok_with_what_the_green_screen_shows(event, organiser, ticket):
    response = token_client(organiser).post(
        "/api/v1/checkins/", {"token": ticket.token, "event": event.pk}, format="json"
    )

    body = response.json()
    assert response.status_code == 201
    assert body["result"] == "ok"
    assert body["ticket"] == {
        "number": ticket.number,
        "label": "Grace Obi",
        "category": "jobseeker",
        "adjustments": ["hearing_loop"],
    }
    assert body["first_checked_in_at"].endswith(("+00:00", "Z"))


def test_repeat_is_200_already_checked_in_with_the_first_time(event, organiser, ticket):
    client = token_client(organiser)
    first = client.post("/api/v1/checkins/", {"token": ticket.token, "event": event.pk})

    again = client.post("/api/v1/checkins/", {"token": ticket.token, "event": event.pk})

    assert again.status_code == 200
    assert again.json()["result"] == "already_checked_in"
    assert again.json()["first_checked_in_at"] == first.json()["first_checked_in_at"]


def test_same_client_id_is_the_same_scan_never_a_second(event, organiser, ticket):
    client = token_client(organiser)
    body = {"token": ticket.token, "event": event.pk, "client_id": str(uuid.uuid4())}

    first, resent = client.post("/api/v1/checkins/", body), client.post("/api/v1/checkins/", body)

    assert first.status_code == 201
    assert resent.status_code == 200 and resent.json()["result"] == "ok"
    assert resent.json()["scan_id"] == first.json()["scan_id"]
    assert CheckIn.objects.count() == 1


@pytest.mark.parametrize(
    ("token", "status"),
    [("", 404), ("short", 404), ("żółw" * 10, 404), ("A" * 9000, 404), ("<script>", 404)],
)
def test_bad_tokens_are_4xx_invalid_never_5xx(event, organiser, ticket, token, status):
    response = token_client(organiser).post(
        "/api/v1/checkins/", {"token": token, "event": event.pk}, format="json"
    )

    assert response.status_code == status
    assert response.json()["result"] == "invalid"
    assert response.json()["code"] == "invalid" and response.json()["detail"]


def test_wrong_event_and_cancelled_are_4xx_with_result(event, organiser, ticket):
    other = EventFactory(venue=event.venue, organiser=event.organiser)
    client = token_client(organiser)

    wrong = client.post("/api/v1/checkins/", {"token": ticket.token, "event": other.pk})
    Ticket.objects.filter(pk=ticket.pk).update(status=Ticket.Status.REVOKED)
    cancelled = client.post("/api/v1/checkins/", {"token": ticket.token, "event": event.pk})

    assert (wrong.status_code, wrong.json()["result"]) == (409, "wrong_event")
    assert wrong.json()["ticket"] is None  # not whose ticket it is
    assert (cancelled.status_code, cancelled.json()["result"]) == (410, "cancelled")


@pytest.mark.parametrize(
    "body",
    [{}, {"token": "x"}, {"event": 1}, {"token": "x", "event": "one"}, {"token": "x", "event": 0}],
)
def test_missing_or_malformed_fields_are_400_with_code_and_detail(organiser, body):
    response = token_client(organiser).post("/api/v1/checkins/", body, format="json")

    assert response.status_code == 400
    assert response.json()["code"] and response.json()["detail"]


def test_malformed_json_is_400(organiser):
    response = token_client(organiser).post(
        "/api/v1/checkins/", "{not json", content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_a_scanner_token_checks_in_only_at_its_events(event, organiser, ticket):
    volunteer = UserFactory()
    other_event = EventFactory()
    scanner_authorise(event=event, user=volunteer, by=organiser)
    client = token_client(volunteer)
    other_ticket = register(other_event, email="x@example.net").tickets[0]

    here = client.post("/api/v1/checkins/", {"token": ticket.token, "event": event.pk})
    elsewhere = client.post(
        "/api/v1/checkins/", {"token": other_ticket.token, "event": other_event.pk}
    )
    stranger = token_client(member(Role.EMPLOYER_CONTACT)).post(
        "/api/v1/checkins/", {"token": ticket.token, "event": event.pk}
    )

    assert here.status_code == 201
    assert (elsewhere.status_code, elsewhere.json()["code"]) == (403, "permission_denied")
    assert stranger.status_code == 403
    assert Ticket.objects.get(pk=other_ticket.pk).checked_in_at is None


def test_anonymous_cannot_check_in(event, ticket):
    response = APIClient().post("/api/v1/checkins/", {"token": ticket.token, "event": event.pk})

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.django_db(transaction=True)
def test_a_successful_check_in_costs_five_queries_with_authentication():
    event = EventFactory()
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)
    ticket = register(event).tickets[0]
    client = token_client(organiser)

    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            "/api/v1/checkins/",
            {"token": ticket.token, "event": event.pk, "client_id": str(uuid.uuid4())},
            format="json",
        )

    assert response.status_code == 201
    # Only statements that read or write data are counted: transaction control is logged too,
    # not alike everywhere (SQLite's "BEGIN IMMEDIATE", PostgreSQL's "BEGIN", SAVEPOINTs).
    # The token, the ticket's read, then admit, log the scan, write the audit entry.
    kinds = [q["sql"].split(None, 1)[0].upper() for q in queries.captured_queries]
    # On PostgreSQL the three writes are one statement (``events.door_write``).
    writes = ["WITH"] if connection.vendor == "postgresql" else ["UPDATE", "INSERT", "INSERT"]
    data = {"SELECT", "INSERT", "UPDATE", "DELETE", "WITH"}
    assert [kind for kind in kinds if kind in data] == ["SELECT", "SELECT", *writes]


def test_offline_list_scans_search_and_walk_in(event, organiser, ticket):
    client = token_client(organiser)
    client.post("/api/v1/checkins/", {"token": "forged-token-xx", "event": event.pk})

    offline = client.get(f"/api/v1/events/{event.pk}/door/tickets/").json()
    scans = client.get(f"/api/v1/events/{event.pk}/door/scans/").json()
    found = client.get(f"/api/v1/events/{event.pk}/door/search/", {"q": "grace"}).json()
    walk_in = client.post(
        f"/api/v1/events/{event.pk}/door/walk-ins/",
        {"name": "Derek Lowe", "category": "fifty_plus", "privacy_told": True},
        format="json",
    )
    refused = client.post(
        f"/api/v1/events/{event.pk}/door/walk-ins/", {"name": "", "category": "x"}, format="json"
    )

    assert offline["counts"]["registered"] == 1
    assert offline["tickets"][0]["label"] == "Grace Obi" and "token" not in offline["tickets"][0]
    assert [s["result"] for s in scans] == ["invalid"]
    assert [f["number"] for f in found] == [ticket.number]
    assert walk_in.status_code == 201 and walk_in.json()["ticket"]["label"] == "Derek Lowe"
    assert "/tickets/" in walk_in.json()["ticket_url"]  # to show or print the new ticket
    assert (
        "ticket_url"
        not in client.post("/api/v1/checkins/", {"token": ticket.token, "event": event.pk}).json()
    )
    assert refused.status_code == 400 and refused.json()["code"]
    outsider = token_client(member(Role.CAREERS_LEADER))
    assert outsider.get(f"/api/v1/events/{event.pk}/door/tickets/").status_code == 403


def test_stand_visit_shares_contact_details_only_with_consent(event, organiser):
    employer = EmployerFactory()
    contact = member(Role.EMPLOYER_CONTACT, employer.organisation)
    application = stand_apply(event=event, employer=employer, by=contact, representatives=1)
    stand_approve(application=application, by=organiser)
    agreed = register(event, name="Ann", email="ann@example.net", consent_contact_employers=True)
    private = register(event, name="Bo", email="bo@example.net")
    client = token_client(contact)
    url = f"/api/v1/stands/{application.pk}/visits/"

    shared = client.post(url, {"token": agreed.tickets[0].token, "note": "Warehouse"}).json()
    withheld = client.post(url, {"token": private.tickets[0].token}).json()
    forged = client.post(url, {"token": "nope"})

    assert shared["contact"] == {"name": "Ann", "email": "ann@example.net", "phone": ""}
    assert withheld["contact"] is None and withheld["visitor"] == private.tickets[0].number
    assert forged.status_code == 400 and forged.json()["code"] == "invalid"


def test_walk_ins_are_rate_limited_per_client(event, organiser, settings):
    from rest_framework.throttling import ScopedRateThrottle

    ScopedRateThrottle.THROTTLE_RATES = {**ScopedRateThrottle.THROTTLE_RATES, "walk_ins": "2/min"}
    client = token_client(organiser)
    url = f"/api/v1/events/{event.pk}/door/walk-ins/"
    try:
        codes = [
            client.post(
                url, {"name": f"V{n}", "category": "other", "privacy_told": True}
            ).status_code
            for n in range(3)
        ]
    finally:
        ScopedRateThrottle.THROTTLE_RATES = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]

    assert codes == [201, 201, 429]


def test_admitting_by_another_events_ticket_id_is_unknown_and_logs_no_ticket(
    event, organiser, ticket
):
    other = EventFactory(venue=event.venue, organiser=event.organiser)
    elsewhere = register(other).tickets[0]

    response = token_client(organiser).post(
        "/api/v1/checkins/", {"ticket": elsewhere.pk, "event": event.pk}, format="json"
    )

    assert (response.status_code, response.json()["result"]) == (404, "invalid")
    scan = CheckIn.objects.get(event=event)
    assert scan.ticket_id is None and elsewhere.number not in scan.scanned_value
    elsewhere.refresh_from_db()
    assert elsewhere.checked_in_at is None
