"""Careers Leaders change the size of, or cancel, a school group booking: within the places
left, never after the event starts, freed places offered to the waiting list, every change
audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import AuditEntry, Role
from events.exceptions import Conflict, NotAllowed, RegistrationError
from events.models import PlaceOffer, Registration, Ticket
from events.selectors import places_taken
from events.services import group_booking_cancel, group_booking_create, group_booking_resize
from tests.events.conftest import register
from tests.factories import EventFactory, SchoolFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def booking():
    event = EventFactory(kind="careers_fair", audiences=["pupils"], capacity=30)
    school = SchoolFactory(name="Marriotts School")
    leader = member(Role.CAREERS_LEADER, school.organisation)
    result = group_booking_create(
        event=event, school=school, year_group=9, group_size=20, by=leader, privacy_consent=True
    )
    return result.registration, leader


def valid_tickets(registration) -> int:
    return registration.tickets.filter(status=Ticket.Status.VALID).count()


def test_growing_a_group_adds_anonymous_tickets_within_the_places_left(booking):
    registration, leader = booking

    group_booking_resize(registration=registration, group_size=25, by=leader)

    registration.refresh_from_db()
    assert registration.group_size == 25 == valid_tickets(registration)
    assert places_taken(registration.event) == 25
    with pytest.raises(Conflict) as refused:
        group_booking_resize(registration=registration, group_size=31, by=leader)
    assert refused.value.code == "not_enough_places"
    assert refused.value.extra["places_left"] == 5
    assert valid_tickets(registration) == 25


def test_shrinking_a_group_frees_places_which_are_offered_to_the_waiting_list(booking):
    registration, leader = booking
    event = registration.event
    for n in range(10):
        register(event, email=f"p{n}@example.net", category="parent_carer")
    waiting = register(event, email="waiting@example.net").registration
    assert waiting.status == Registration.Status.WAITLISTED

    group_booking_resize(registration=registration, group_size=19, by=leader)

    assert valid_tickets(registration) == 19
    assert waiting.place_offers.get().status == PlaceOffer.Status.OPEN
    entry = AuditEntry.objects.get(action="group_booking.resize")
    assert entry.details == {"event_id": event.pk, "from": 20, "to": 19}


def test_cancelling_a_group_releases_every_place_and_is_audited(booking):
    registration, leader = booking

    group_booking_cancel(registration=registration, by=leader)

    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert valid_tickets(registration) == 0
    assert places_taken(registration.event) == 0
    assert AuditEntry.objects.filter(action="group_booking.cancel").count() == 1
    with pytest.raises(Conflict):
        group_booking_resize(registration=registration, group_size=5, by=leader)


def test_nothing_changes_after_the_event_starts_or_for_another_school(booking):
    registration, leader = booking
    other_leader = member(Role.CAREERS_LEADER, SchoolFactory().organisation)

    with pytest.raises(NotAllowed):
        group_booking_resize(registration=registration, group_size=5, by=other_leader)
    with pytest.raises(RegistrationError):
        group_booking_resize(registration=registration, group_size=0, by=leader)
    event = registration.event
    event.starts_at = timezone.now() - timedelta(minutes=5)
    event.save(update_fields=["starts_at"])
    with pytest.raises(Conflict) as refused:
        group_booking_cancel(registration=registration, by=leader)
    assert refused.value.code == "event_started"
    assert valid_tickets(registration) == 20


def test_the_booking_page_changes_the_size_and_shows_clear_errors(client, booking):
    registration, leader = booking
    client.force_login(leader)
    url = f"/events/group-bookings/{registration.pk}/change/"
    page = client.get(f"/events/group-bookings/{registration.pk}/").content.decode()
    assert url in page

    refused = client.post(url, {"group_size": "40"})
    assert refused.status_code == 200
    assert "Only 10 more places are left" in refused.content.decode()

    response = client.post(url, {"group_size": "12"})
    assert response.status_code == 302
    assert valid_tickets(registration) == 12


def test_the_cancel_page_asks_first(client, booking):
    registration, leader = booking
    client.force_login(leader)
    url = f"/events/group-bookings/{registration.pk}/cancel/"

    assert "Cancel this group booking?" in client.get(url).content.decode()
    assert valid_tickets(registration) == 20
    assert client.post(url).status_code == 302
    assert valid_tickets(registration) == 0


def test_a_stranger_cannot_reach_the_change_pages(client, booking):
    registration, _leader = booking
    client.force_login(member(Role.CAREERS_LEADER, SchoolFactory().organisation))

    assert client.get(f"/events/group-bookings/{registration.pk}/change/").status_code == 404
    assert client.post(f"/events/group-bookings/{registration.pk}/cancel/").status_code == 404
