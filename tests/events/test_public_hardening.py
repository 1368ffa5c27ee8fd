"""The public pages under attack: one registration limit shared with the API, control characters
cleaned at input, and the holder's own cancellation audited."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from accounts.models import AuditAction, AuditEntry, Role
from events.checkin import walk_in_check_in
from events.models import Registration, Ticket
from tests.events.conftest import register
from tests.events.test_views_public import post_registration
from tests.factories import EventFactory, member

pytestmark = pytest.mark.django_db

LIMIT_MESSAGE = "Too many registrations from your connection. Try again in a minute."


@pytest.fixture
def two_a_minute(settings):
    rates = SimpleRateThrottle.THROTTLE_RATES
    SimpleRateThrottle.THROTTLE_RATES = {**rates, "registrations": "2/min"}
    yield
    SimpleRateThrottle.THROTTLE_RATES = rates


def test_the_form_and_the_api_share_one_limit_per_client(client, two_a_minute):
    event = EventFactory()
    api = APIClient()

    by_form = post_registration(client, event, email="a@example.net")
    by_api = api.post(
        f"/api/v1/events/{event.pk}/registrations/",
        {"name": "B", "email": "b@example.net", "category": "jobseeker", "privacy_consent": True},
        format="json",
    )
    limited = post_registration(client, event, email="c@example.net")
    limited_api = api.post(
        f"/api/v1/events/{event.pk}/registrations/",
        {"name": "D", "email": "d@example.net", "category": "jobseeker", "privacy_consent": True},
        format="json",
    )

    assert (by_form.status_code, by_api.status_code) == (302, 201)
    assert limited.status_code == 429
    html = limited.content.decode()
    assert "govuk-error-summary" in html and LIMIT_MESSAGE in html
    assert limited_api.status_code == 429 and limited_api.json()["code"] == "throttled"
    assert set(Registration.objects.values_list("email", flat=True)) == {
        "a@example.net",
        "b@example.net",
    }


def test_another_client_is_not_held_by_someone_else_s_limit(client, two_a_minute):
    event = EventFactory()
    for n in range(3):
        post_registration(client, event, email=f"p{n}@example.net")

    other = APIClient(REMOTE_ADDR="198.51.100.7").post(
        f"/api/v1/events/{event.pk}/registrations/",
        {"name": "Q", "email": "q@example.net", "category": "jobseeker", "privacy_consent": True},
        format="json",
    )

    assert other.status_code == 201


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("Ann\x1b[31m Lee", "Ann [31m Lee"), ("\x07Bob\u0085", "Bob"), ("Cy\tDee", "Cy Dee")],
)
def test_control_characters_never_reach_a_stored_name(client, typed, stored):
    event = EventFactory()

    post_registration(client, event, name=typed, email="f@example.net")
    APIClient().post(
        f"/api/v1/events/{event.pk}/registrations/",
        {
            "name": typed,
            "email": "a@example.net",
            "category": "jobseeker",
            "privacy_consent": True,
            "adjustments_detail": "Line one\x1b\r\nline\x07 two",
        },
        format="json",
    )

    names = set(Registration.objects.values_list("name", flat=True))
    assert names == {stored}
    detail = Registration.objects.get(email="a@example.net").adjustments_detail
    assert detail == "Line one\nline two"


def test_a_walk_in_s_name_is_cleaned_too():
    event = EventFactory()
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)

    outcome = walk_in_check_in(
        event=event, name="Del\x1b\x08 Boy", category="other", by=organiser, privacy_told=True
    )

    assert outcome.ticket.registration.name == "Del Boy"


def test_a_name_of_control_characters_only_is_no_name(client):
    event = EventFactory()

    response = post_registration(client, event, name="\x1b\x1b\x07")

    assert response.status_code == 200 and "Enter your name." in response.content.decode()
    assert not Registration.objects.exists()


def test_the_holder_cancelling_their_place_is_audited(client):
    ticket = register(EventFactory()).tickets[0]

    client.post(f"/tickets/{ticket.token}/cancel/")

    assert Ticket.objects.get(pk=ticket.pk).status == Ticket.Status.REVOKED
    entry = AuditEntry.objects.get(action=AuditAction.TICKET_CANCEL_BY_HOLDER)
    assert entry.actor is None and entry.target_label == ticket.number
    assert entry.ip and entry.details["event_id"] == ticket.event_id


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_exporting_an_event_s_registrations_is_audited(client, file_format):
    event = EventFactory()
    register(event)
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)
    client.force_login(organiser)

    response = client.get(f"/events/manage/{event.pk}/registrations.{file_format}")

    assert response.status_code == 200
    entry = AuditEntry.objects.get(action=AuditAction.REGISTRATION_EXPORT)
    assert entry.actor == organiser and entry.details["format"] == file_format
