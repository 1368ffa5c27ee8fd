"""What an outside test broke in the API, each held shut: tokens out of the door search (admit by
ticket id), device ids scoped to their event or stand, scan times bounded to the event's days,
bad bodies and paths a 4xx with ``code`` and ``detail``, and a repeat registration that gives
nothing away."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import AuditAction, AuditEntry, Role
from events.models import CheckIn, MessageKind, OutboxMessage, Registration, Ticket
from events.scanners import scanner_authorise
from events.services import stand_apply, stand_approve
from tests.api.test_checkins import token_client
from tests.events.conftest import register
from tests.factories import EmployerFactory, EventFactory, UserFactory, member

pytestmark = pytest.mark.django_db

TOO_BIG = 2**64 + 1


@pytest.fixture
def event():
    # Happening now, so a device's own scan time can be on its day.
    now = timezone.now()
    return EventFactory(
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=5),
        registration_closes_at=now + timedelta(hours=4),
    )


@pytest.fixture
def organiser(event):
    return member(Role.JOBCENTRE_ORGANISER, event.organiser)


@pytest.fixture
def ticket(event):
    return register(event, name="Grace Obi", email="grace@example.net").tickets[0]


# --- door search: numbers and ids, never tokens; admit by ticket id ------------------------------


def test_door_search_returns_ids_and_numbers_never_tokens(event, organiser, ticket):
    found = token_client(organiser).get(f"/api/v1/events/{event.pk}/door/search/", {"q": "gr"})

    assert found.status_code == 200
    (result,) = found.json()
    assert result["id"] == ticket.pk and result["number"] == ticket.number
    assert "token" not in result and ticket.token not in found.content.decode()


@pytest.mark.parametrize("query", ["\x00\x01", " \t\n ", "\x1b\x1b\x1b", "a\x00"])
def test_control_characters_and_spaces_do_not_make_a_search(event, organiser, ticket, query):
    found = token_client(organiser).get(f"/api/v1/events/{event.pk}/door/search/", {"q": query})

    assert found.status_code == 200 and found.json() == []


def test_a_door_search_is_audited_without_the_query(event, organiser, ticket):
    token_client(organiser).get(f"/api/v1/events/{event.pk}/door/search/", {"q": "Grace"})

    entry = AuditEntry.objects.get(action=AuditAction.DOOR_SEARCH)
    assert entry.actor == organiser and entry.target_id == str(event.pk)
    assert entry.details == {"query_length": 5, "found": 1}
    assert "Grace" not in json.dumps(entry.details) + entry.target_label


def test_a_person_found_by_search_is_admitted_by_ticket_id_once(event, organiser, ticket):
    client = token_client(organiser)
    body = {"ticket": ticket.pk, "event": event.pk, "client_id": str(uuid.uuid4())}

    first = client.post("/api/v1/checkins/", body, format="json")
    resent = client.post("/api/v1/checkins/", body, format="json")
    again = client.post("/api/v1/checkins/", {"ticket": ticket.pk, "event": event.pk})

    assert first.status_code == 201 and first.json()["result"] == "ok"
    assert first.json()["ticket"]["number"] == ticket.number
    assert resent.status_code == 200 and resent.json()["scan_id"] == first.json()["scan_id"]
    assert again.status_code == 200 and again.json()["result"] == "already_checked_in"
    assert CheckIn.objects.filter(ticket=ticket).count() == 2
    assert AuditEntry.objects.filter(action=AuditAction.CHECKIN_ADMIT).count() == 1


def test_admitting_by_ticket_id_has_the_same_rules(event, organiser, ticket):
    other = register(EventFactory(), email="x@example.net").tickets[0]
    outsider = token_client(member(Role.CAREERS_LEADER))
    client = token_client(organiser)

    wrong = client.post("/api/v1/checkins/", {"ticket": other.pk, "event": event.pk})
    unknown = client.post("/api/v1/checkins/", {"ticket": 10**12, "event": event.pk})
    refused = outsider.post("/api/v1/checkins/", {"ticket": ticket.pk, "event": event.pk})

    # An id is looked up within the event: another event's ticket is unknown here.
    assert wrong.status_code == 404 and wrong.json()["result"] == "invalid"
    assert wrong.json()["ticket"] is None
    assert unknown.status_code == 404 and unknown.json()["result"] == "invalid"
    assert refused.status_code == 403
    assert Ticket.objects.get(pk=ticket.pk).checked_in_at is None


@pytest.mark.parametrize("body", [{}, {"token": "x" * 20, "ticket": 1}])
def test_a_check_in_takes_exactly_one_of_token_and_ticket(event, organiser, body):
    response = token_client(organiser).post(
        "/api/v1/checkins/", {**body, "event": event.pk}, format="json"
    )

    assert response.status_code == 400 and response.json()["code"] == "token_or_ticket"


# --- device ids stay with their event and stand --------------------------------------------------


def test_a_scan_id_used_at_another_event_tells_nothing_of_it(event, organiser, ticket):
    elsewhere = EventFactory(
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        registration_closes_at=event.registration_closes_at,
    )
    stranger = register(elsewhere, name="Zed Other", email="zed@example.net").tickets[0]
    their_organiser = member(Role.JOBCENTRE_ORGANISER, elsewhere.organiser)
    client_id = str(uuid.uuid4())
    token_client(their_organiser).post(
        "/api/v1/checkins/",
        {"token": stranger.token, "event": elsewhere.pk, "client_id": client_id},
    )

    reused = token_client(organiser).post(
        "/api/v1/checkins/", {"token": ticket.token, "event": event.pk, "client_id": client_id}
    )

    assert reused.status_code == 409 and reused.json()["code"] == "client_id_reused"
    assert "Zed" not in reused.content.decode() and stranger.number not in reused.content.decode()


def test_a_stand_visit_id_used_at_another_stand_tells_nothing_of_its_visitor(event, organiser):
    stands = []
    for _ in range(2):
        employer = EmployerFactory()
        contact = member(Role.EMPLOYER_CONTACT, employer.organisation)
        application = stand_apply(event=event, employer=employer, by=contact, representatives=1)
        stand_approve(application=application, by=organiser)
        stands.append((application, contact))
    shared = register(event, name="Ann", email="ann@example.net", consent_contact_employers=True)
    mine = register(event, name="Bo", email="bo@example.net")
    client_id = str(uuid.uuid4())
    (first, first_contact), (second, second_contact) = stands
    token_client(first_contact).post(
        f"/api/v1/stands/{first.pk}/visits/",
        {"token": shared.tickets[0].token, "client_id": client_id},
    )

    reused = token_client(second_contact).post(
        f"/api/v1/stands/{second.pk}/visits/",
        {"token": mine.tickets[0].token, "client_id": client_id},
    )

    assert reused.status_code == 409 and reused.json()["code"] == "client_id_reused"
    assert "ann@example.net" not in reused.content.decode()


# --- scan times ---------------------------------------------------------------------------------


@pytest.mark.parametrize("when", ["0100-01-01T00:00:00Z", "2001-05-05T10:00:00Z"])
def test_a_scan_time_far_from_the_event_is_refused(event, organiser, ticket, when):
    response = token_client(organiser).post(
        "/api/v1/checkins/",
        {"token": ticket.token, "event": event.pk, "scanned_at": when, "offline": True},
        format="json",
    )

    assert response.status_code == 400 and response.json()["code"] == "invalid_scanned_at"
    assert Ticket.objects.get(pk=ticket.pk).checked_in_at is None


def test_a_scan_time_on_the_event_day_is_kept(event, organiser, ticket):
    when = timezone.now() - timedelta(minutes=30)

    response = token_client(organiser).post(
        "/api/v1/checkins/",
        {"token": ticket.token, "event": event.pk, "scanned_at": when.isoformat()},
        format="json",
    )

    assert response.status_code == 201
    assert Ticket.objects.get(pk=ticket.pk).checked_in_at == when


# --- bodies and paths that used to be 500s -------------------------------------------------------


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("depth", [40, 100_000])
def test_deeply_nested_json_is_a_400_for_anyone(event, organiser, depth):
    body = '{"name": ' + nested(depth) + "}"
    register_url = f"/api/v1/events/{event.pk}/registrations/"
    answers = [
        APIClient().post(register_url, body, content_type="application/json"),
        token_client(organiser).post("/api/v1/checkins/", body, content_type="application/json"),
    ]
    # Anonymous at the door is refused before its body is read.
    refused = APIClient().post("/api/v1/checkins/", body, content_type="application/json")

    for response in answers:
        assert response.status_code == 400
        assert response.json()["code"] == "parse_error" and response.json()["detail"]
    assert refused.status_code == 401 and refused.json()["code"]


def test_json_a_few_levels_deep_still_parses(event):
    response = APIClient().post(
        f"/api/v1/events/{event.pk}/registrations/",
        {
            "name": "Sam",
            "email": "s@example.net",
            "category": "jobseeker",
            "privacy_consent": True,
            "adjustments": [],
        },
        format="json",
    )

    assert response.status_code == 201


@pytest.mark.parametrize("field", ["event", "ticket"])
def test_integers_beyond_64_bits_in_a_check_in_are_a_400(event, organiser, field):
    body = {"event": event.pk, "ticket": 1, field: TOO_BIG}
    response = token_client(organiser).post("/api/v1/checkins/", body, format="json")

    assert response.status_code == 400 and response.json()["code"]


def test_integers_beyond_the_columns_in_an_event_body_are_a_400(event, organiser):
    response = token_client(organiser).patch(
        f"/api/v1/events/{event.pk}/", {"capacity": TOO_BIG}, format="json"
    )

    assert response.status_code == 400 and response.json()["code"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/events/null,null/registrations/",
        "/api/v1/events/null,null/employer-registrations/",
        "/api/v1/events/abc/",
        "/api/v1/employer-registrations/null,null/",
        "/api/v1/matching-weights/null,null/",
        f"/api/v1/events/{TOO_BIG}/registrations/",
        f"/api/v1/events/{TOO_BIG}/employer-registrations/",
        f"/api/v1/matching-weights/{TOO_BIG}/",
        f"/api/v1/employer-registrations/{TOO_BIG}/",
        f"/api/v1/events/{TOO_BIG}/door/search/",
    ],
)
def test_paths_that_are_not_ids_are_json_404s(path):
    admin = UserFactory(is_superuser=True, is_staff=True)
    for client in (APIClient(), token_client(admin)):
        for method in ("get", "post"):
            response = getattr(client, method)(path, {}, format="json")
            # 404 (or 401 anonymous, 405 where the route takes no POST), never a 500
            assert response.status_code in {401, 404, 405}, (method, path, response.status_code)
            assert response.json()["code"] and response.json()["detail"]


# --- a repeat registration -----------------------------------------------------------------------


ATTENDEE = {
    "name": "Sam Patel",
    "email": "sam@example.net",
    "category": "jobseeker",
    "privacy_consent": True,
}


def test_a_repeat_registration_is_202_and_the_ticket_goes_to_the_address(event):
    client = APIClient()
    first = client.post(f"/api/v1/events/{event.pk}/registrations/", ATTENDEE, format="json")

    again = client.post(
        f"/api/v1/events/{event.pk}/registrations/",
        {**ATTENDEE, "email": "SAM@example.net", "name": "Someone else"},
        format="json",
    )

    token = first.json()["ticket"]["token"]
    assert again.status_code == 202
    assert again.json()["code"] == "check_your_messages" and again.json()["detail"]
    assert token not in again.content.decode() and "already" not in again.content.decode()
    assert Registration.objects.count() == 1
    registration = Registration.objects.get()
    assert (
        OutboxMessage.objects.filter(
            kind=MessageKind.REGISTRATION_RESEND, object_id=registration.pk
        ).count()
        == 1
    )


def test_a_registrations_read_through_the_api_is_audited(event, organiser, ticket):
    response = token_client(organiser).get(f"/api/v1/events/{event.pk}/registrations/")

    assert response.status_code == 200
    entry = AuditEntry.objects.get(action=AuditAction.REGISTRATION_LIST_READ)
    assert entry.actor == organiser and entry.target_id == str(event.pk)
    assert entry.details["rows"] == 1


def test_scanner_authorised_for_one_event_cannot_admit_by_id_elsewhere(event, organiser):
    volunteer = UserFactory()
    scanner_authorise(event=event, user=volunteer, by=organiser)
    elsewhere = EventFactory(
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        registration_closes_at=event.registration_closes_at,
    )
    stranger = register(elsewhere, email="q@example.net").tickets[0]

    response = token_client(volunteer).post(
        "/api/v1/checkins/", {"ticket": stranger.pk, "event": elsewhere.pk}
    )

    assert response.status_code == 403
