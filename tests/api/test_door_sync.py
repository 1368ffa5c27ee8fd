"""The door's ticket list by delta: every write that changes what the door shows comes back in
the next sync after a cursor, and nothing else does; 304 when nothing changed; gzip; no tokens."""

from __future__ import annotations

import gzip
import hashlib
import json
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import Role
from events.checkin import ticket_check_in, walk_in_check_in
from events.corrections import admission_undo
from events.door import cursor_encode
from events.models import Registration
from events.services import (
    event_cancel,
    registration_cancel,
    registrations_personal_data_erase,
)
from events.services.waiting_list import place_offer_claim
from tests.events.conftest import register
from tests.factories import EventFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory(capacity=2)


def under_way(event):
    """The fair starts now: offline scans from earlier today are on its day."""
    starts = timezone.now() - timedelta(hours=1)
    event.__class__.objects.filter(pk=event.pk).update(
        starts_at=starts, ends_at=starts + timedelta(hours=6)
    )


@pytest.fixture
def organiser(event):
    return member(Role.JOBCENTRE_ORGANISER, event.organiser)


@pytest.fixture
def client(organiser):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=organiser).key}")
    return api


def sync(client, event, since=None, **headers):
    query = {"since": since} if since else {}
    return client.get(f"/api/v1/events/{event.pk}/door/sync/", query, **headers)


def as_dicts(answer):
    return {row[1]: dict(zip(answer["fields"], row, strict=True)) for row in answer["tickets"]}


def cursor_now():
    """A cursor taken now: what a phone holds after a sync that saw nothing newer."""
    return cursor_encode(timezone.now())


def changed_numbers(client, event, since):
    response = sync(client, event, since)
    assert response.status_code == 200
    return as_dicts(response.json())


def test_first_sync_has_every_ticket_as_hashes_never_tokens(client, event):
    grace = register(event, name="Grace Obi", adjustments=["hearing_loop"]).tickets[0]

    answer = sync(client, event).json()

    assert answer["full"] is True and answer["cursor"]
    (row,) = as_dicts(answer).values()
    assert row == {
        "hash": hashlib.sha256(grace.token.encode()).hexdigest()[:16],
        "number": grace.number,
        "label": "Grace Obi",
        "category": "jobseeker",
        "adjustments": ["hearing_loop"],
        "valid": True,
        "checked_in_at": None,
    }
    assert grace.token not in json.dumps(answer) and "@" not in json.dumps(answer)
    assert answer["counts"]["registered"] == 1


def test_an_admission_sent_late_from_an_offline_phone_is_in_the_next_delta(
    client, event, organiser
):
    grace = register(event, name="Grace Obi").tickets[0]
    register(event, name="Tom Ng", email="tom@example.net")
    under_way(event)
    since = cursor_now()
    # Scanned offline 20 minutes ago, received now: its admission time is older than the cursor.
    ticket_check_in(
        token=grace.token,
        event_id=event.pk,
        by=organiser,
        offline=True,
        scanned_at=timezone.now() - timedelta(minutes=20),
    )

    changed = changed_numbers(client, event, since)

    assert list(changed) == [grace.number]
    assert changed[grace.number]["checked_in_at"] is not None


def test_cancellation_comes_back_as_not_valid(client, event):
    registration = register(event, name="Grace Obi")
    since = cursor_now()
    registration_cancel(registration=registration.registration)

    changed = changed_numbers(client, event, since)

    assert changed[registration.tickets[0].number]["valid"] is False


def test_new_registration_and_promotion_from_the_waiting_list_come_back(client, event):
    first = register(event, name="Ann", email="ann@example.net")
    register(event, name="Bo", email="bo@example.net")
    waiting = register(event, name="Cy", email="cy@example.net")
    assert waiting.registration.status == Registration.Status.WAITLISTED
    since = cursor_now()
    registration_cancel(registration=first.registration)
    place_offer_claim(registration=waiting.registration)  # the freed place is offered, then taken

    changed = changed_numbers(client, event, since)

    promoted = waiting.registration.tickets.get()
    assert set(changed) == {first.tickets[0].number, promoted.number}
    assert changed[promoted.number]["label"] == "Cy" and changed[promoted.number]["valid"]


def test_walk_in_and_correction_come_back(client, event, organiser):
    grace = register(event, name="Grace Obi").tickets[0]
    under_way(event)
    ticket_check_in(token=grace.token, event_id=event.pk, by=organiser)
    since = cursor_now()
    walk_in = walk_in_check_in(
        event=event, name="Derek Lowe", category="fifty_plus", by=organiser, privacy_told=True
    )
    grace.refresh_from_db()
    admission_undo(ticket=grace, reason="Scanned the wrong ticket", by=organiser)

    changed = changed_numbers(client, event, since)

    assert set(changed) == {grace.number, walk_in.ticket.number}
    assert changed[grace.number]["checked_in_at"] is None
    assert changed[walk_in.ticket.number]["checked_in_at"] is not None


def test_event_cancelled_and_names_erased_come_back(client, event, organiser):
    grace = register(event, name="Grace Obi")
    since = cursor_now()
    registrations_personal_data_erase(registration_ids=[grace.registration.pk], now=timezone.now())
    assert changed_numbers(client, event, since)[grace.tickets[0].number]["label"] == ""

    since = cursor_now()
    event_cancel(event=event, by=organiser, reason="Flooded car park")
    assert changed_numbers(client, event, since)[grace.tickets[0].number]["valid"] is False


def test_nothing_changed_is_an_empty_delta_then_a_304(client, event):
    register(event, name="Grace Obi")
    since = cursor_now()

    first = sync(client, event, since)
    again = sync(client, event, since, HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.status_code == 200 and first.json()["tickets"] == []
    assert again.status_code == 304 and again["ETag"] == first["ETag"]
    assert sync(client, event, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_sync_is_gzipped_when_the_phone_accepts_it(client, event):
    event.capacity = 30
    event.save(update_fields=["capacity"])
    for n in range(30):
        register(event, name=f"P{n}", email=f"p{n}@example.net")

    response = sync(client, event, HTTP_ACCEPT_ENCODING="gzip")

    assert response["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(response.content))["full"] is True


def test_a_bad_cursor_is_a_400_with_a_code(client, event):
    for bad in ["yesterday", "9" * 40]:
        response = sync(client, event, bad)
        assert response.status_code == 400 and response.json()["code"] == "invalid_cursor"


def test_only_the_events_scanners_may_sync(event):
    outsider = APIClient()
    user = member(Role.CAREERS_LEADER)
    outsider.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")

    assert sync(outsider, event).status_code == 403


def test_a_delta_costs_the_same_few_queries_whatever_the_size(
    client, event, django_assert_max_num_queries
):
    register(event, name="Grace Obi")
    since = cursor_now()
    # Token, user, event, scanner check, tickets, two counts.
    with django_assert_max_num_queries(8):
        sync(client, event, since)


def test_a_registration_changed_by_its_own_save_comes_back(client, event):
    grace = register(event, name="Grace Obi")
    since = cursor_now()
    registration = grace.registration
    registration.adjustments = ["step_free_access"]
    registration.save()

    changed = changed_numbers(client, event, since)

    assert changed[grace.tickets[0].number]["adjustments"] == ["step_free_access"]


def test_pupils_dropped_from_a_smaller_school_group_come_back_as_not_valid():
    from events.services import group_booking_create, group_booking_resize
    from tests.factories import SchoolFactory

    event = EventFactory(capacity=30, audiences=["pupils"])
    school = SchoolFactory()
    leader = member(Role.CAREERS_LEADER, school.organisation)
    group = group_booking_create(
        event=event, school=school, year_group=9, group_size=5, by=leader, privacy_consent=True
    )
    api = APIClient()
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=organiser).key}")
    since = cursor_now()

    group_booking_resize(registration=group.registration, group_size=3, by=leader)

    changed = changed_numbers(api, event, since)
    assert sorted(n for n, row in changed.items() if not row["valid"]) == sorted(
        t.number for t in group.tickets[3:]
    )
