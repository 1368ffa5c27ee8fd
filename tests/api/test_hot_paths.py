"""The API's hot paths: what they answer is unchanged, and what they cost in queries is pinned.

A scanner phone's token is looked up once and then answered from the cache (deleted when the
token is deleted or the user changes), so "warm" below is a token already used once.
"""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from accounts.models import Role
from api.event_serializers import EventSerializer
from api.events import _with_counts
from events.models import Event
from events.scanners import scanner_authorise
from events.selectors import event_list
from tests.events.conftest import register
from tests.factories import EventFactory, SectorFactory, UserFactory, member

pytestmark = pytest.mark.django_db

DATA = {"SELECT", "INSERT", "UPDATE", "DELETE", "WITH"}


def admission_writes() -> list[str]:
    """Admit, log the scan, audit: on PostgreSQL one statement (``events.door_write``)."""
    return ["WITH"] if connection.vendor == "postgresql" else ["UPDATE", "INSERT", "INSERT"]


def statements(captured: CaptureQueriesContext) -> list[str]:
    """What a request ran, without transaction control (logged differently per database)."""
    kinds = [query["sql"].split(None, 1)[0].upper() for query in captured.captured_queries]
    return [kind for kind in kinds if kind in DATA]


def warm_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    assert client.get("/api/v1/me/").status_code == 200  # the token is now known
    return client


@pytest.fixture
def door():
    event = EventFactory()
    volunteer = UserFactory()
    scanner_authorise(
        event=event, user=volunteer, by=member(Role.JOBCENTRE_ORGANISER, event.organiser)
    )
    return event, warm_client(volunteer)


def check_in(client, event, ticket, client_id=None):
    body = {"token": ticket.token, "event": event.pk, "client_id": str(client_id or uuid.uuid4())}
    return client.post("/api/v1/checkins/", body, format="json")


# --- query counts -----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_first_scan_is_one_read_and_three_writes(door):
    event, client = door
    ticket = register(event).tickets[0]

    with CaptureQueriesContext(connection) as captured:
        response = check_in(client, event, ticket)

    assert response.status_code == 201
    # The ticket with the right to scan and the resend; admit, log the scan, audit.
    assert statements(captured) == ["SELECT", *admission_writes()]


@pytest.mark.django_db(transaction=True)
def test_a_repeat_scan_costs_no_more_than_a_first(door):
    event, client = door
    ticket = register(event).tickets[0]
    check_in(client, event, ticket)

    with CaptureQueriesContext(connection) as captured:
        response = check_in(client, event, ticket)

    assert response.status_code == 200 and response.json()["result"] == "already_checked_in"
    assert statements(captured) == ["SELECT", *admission_writes()]


@pytest.mark.django_db(transaction=True)
def test_a_resent_scan_reads_only(door):
    event, client = door
    ticket = register(event).tickets[0]
    client_id = uuid.uuid4()
    check_in(client, event, ticket, client_id)

    with CaptureQueriesContext(connection) as captured:
        response = check_in(client, event, ticket, client_id)

    assert response.status_code == 200 and response.json()["result"] == "ok"
    assert statements(captured) == ["SELECT", "SELECT", "SELECT"]


def test_a_tokens_first_request_reads_it_once_and_then_never(door):
    event, _client = door
    user = UserFactory()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")

    with CaptureQueriesContext(connection) as first:
        client.get("/api/v1/me/")
    with CaptureQueriesContext(connection) as second:
        client.get("/api/v1/me/")

    assert len(statements(first)) == len(statements(second)) + 1


def test_me_is_one_query(door):
    _event, client = door

    with CaptureQueriesContext(connection) as captured:
        response = client.get("/api/v1/me/")

    assert response.status_code == 200
    assert statements(captured) == ["SELECT"]


def test_the_event_list_is_two_queries_whatever_its_length():
    client = warm_client(member(Role.JOBCENTRE_ORGANISER))
    for n in range(12):
        event = EventFactory()
        if n % 2:
            event.sector_focus.set([SectorFactory()])

    with CaptureQueriesContext(connection) as captured:
        response = client.get("/api/v1/events/")

    assert response.status_code == 200 and response.json()["count"] == 12
    # The page (the caller's right to see, places and stands counted, the count), the sectors.
    assert statements(captured) == ["SELECT"] * 2


# --- the same answers ---------------------------------------------------------------------------


def serializer_pages(user) -> list[dict]:
    """What EventSerializer answers for every event the user may see, in the list's order."""
    events = _with_counts(event_list(viewer=user))
    return json.loads(JSONRenderer().render(EventSerializer(events, many=True).data))


def listed(client) -> list[dict]:
    found, url = [], "/api/v1/events/"
    while url:
        page = client.get(url).json()
        found += page["results"]
        url = page["next"]
    return found


def test_me_answers_as_before_for_every_role():
    from accounts.models import Membership
    from tests.factories import HubFactory

    user = member(Role.COORDINATOR, HubFactory().organisation)
    other = EventFactory().organiser
    Membership.objects.create(user=user, organisation=other, role=Role.JOBCENTRE_ORGANISER)
    client = warm_client(user)

    body = client.get("/api/v1/me/").json()

    assert body["primary_role"] == user.primary_role
    assert body["email"] == user.email and body["full_name"] == user.full_name
    assert [m["organisation_id"] for m in body["memberships"]] == [
        m.organisation_id for m in user.memberships.select_related("organisation")
    ]
    assert set(body) == {"email", "full_name", "primary_role", "memberships"}


def test_the_event_list_answers_what_the_serializer_answers():
    organiser = member(Role.JOBCENTRE_ORGANISER)
    now = timezone.now()
    EventFactory(audiences=["jobseekers"]).sector_focus.set([SectorFactory(), SectorFactory()])
    EventFactory(status=Event.Status.CANCELLED, cancellation_reason="Flooded")
    EventFactory(registration_opens_at=now + timedelta(days=2), allow_reentry=True)
    EventFactory(registration_closes_at=now - timedelta(hours=1))
    EventFactory(organiser=organiser.memberships.get().organisation, status=Event.Status.DRAFT)
    full = EventFactory(capacity=1)
    register(full)
    client = warm_client(organiser)

    assert listed(client) == serializer_pages(organiser)


def test_the_event_list_answers_what_the_serializer_answers_on_the_demo_data():
    from accounts.models import User
    from demo.seed import seed_demo

    seed_demo(with_passwords=False)
    for email in ("lead@example.org", "jobcentre@example.org", "coordinator@example.org"):
        user = User.objects.get(email=email)
        assert listed(warm_client(user)) == serializer_pages(user), email


def test_check_in_answers_are_what_the_response_serializer_gives(door):
    """Every kind of answer, written by hand, equals CheckInResponseSerializer's."""
    from api.checkins import CheckInResponseSerializer, check_in_response
    from events.checkin import ticket_check_in, walk_in_check_in
    from events.services import registration_cancel

    event, _client = door
    by = member(Role.JOBCENTRE_ORGANISER, event.organiser)
    tickets = [register(event, email=f"p{n}@example.net").tickets[0] for n in range(2)]
    registration_cancel(registration=tickets[1].registration, by=None)
    other = register(EventFactory(), email="o@example.net").tickets[0]
    outcomes = [
        ticket_check_in(token=tickets[0].token, event_id=event.pk, by=by),
        ticket_check_in(token=tickets[0].token, event_id=event.pk, by=by),
        ticket_check_in(token="forged-token-xx", event_id=event.pk, by=by),
        ticket_check_in(token=tickets[1].token, event_id=event.pk, by=by),
        ticket_check_in(token=other.token, event_id=event.pk, by=by),
    ]
    walk_in = walk_in_check_in(
        event=event, name="Derek", category="other", by=by, privacy_told=True
    )
    assert {o.result for o in outcomes} == {
        "ok",
        "already_checked_in",
        "invalid",
        "cancelled",
        "wrong_event",
    }

    for outcome, with_url in [*((o, False) for o in outcomes), (walk_in, True)]:
        ticket = outcome.ticket if outcome.result != "invalid" else None
        body = {
            "result": outcome.result,
            "code": outcome.result,
            "detail": outcome.message,
            "scan_id": outcome.scan_id,
            "ticket": ticket if outcome.result != "wrong_event" else None,
            "first_checked_in_at": outcome.first_checked_in_at,
            "reentry": outcome.reentry,
            "conflict": outcome.conflict,
        }
        if with_url:
            from events.tickets import ticket_url

            body["ticket_url"] = ticket_url(outcome.ticket)
        expected = CheckInResponseSerializer().to_representation(body)
        response = check_in_response(outcome, with_ticket_url=with_url)
        rendered = json.loads(JSONRenderer().render(response.data))
        assert rendered == json.loads(JSONRenderer().render(expected)), outcome.result
        assert response.status_code == outcome.http_status
