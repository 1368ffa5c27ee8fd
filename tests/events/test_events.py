"""Organisers publish, change and cancel events; people are told; reminders go out once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Role
from events.emails import event_reminders_send
from events.exceptions import Conflict, EventError, NotAllowed
from events.models import Event, Registration, StandApplication, Ticket
from events.services import (
    attendee_personal_data_purge,
    event_cancel,
    event_create,
    event_publish,
    event_update,
    stand_apply,
    stand_approve,
)
from events.tasks import event_reminders_send_task
from notifications.models import Notification
from tests.events.conftest import register
from tests.factories import EventFactory, JobcentreVenueFactory, in_days_at, member

pytestmark = pytest.mark.django_db


def test_an_organiser_creates_a_draft_and_publishes_it():
    venue = JobcentreVenueFactory()
    organiser = member(Role.JOBCENTRE_ORGANISER, venue.organisation)

    event = event_create(
        by=organiser,
        organiser=venue.organisation,
        kind="fifty_plus_jobs_fair",
        title="50+ jobs fair",
        starts_at=in_days_at(30),
        ends_at=in_days_at(30, 13),
        capacity=80,
        venue=venue,
    )
    event = event_publish(event=event, by=organiser)

    assert event.status == Event.Status.PUBLISHED
    assert event.sequence == 1


def test_an_event_must_end_after_it_starts():
    venue = JobcentreVenueFactory()
    organiser = member(Role.JOBCENTRE_ORGANISER, venue.organisation)

    with pytest.raises(EventError) as refused:
        event_create(
            by=organiser,
            organiser=venue.organisation,
            kind="jobs_fair",
            title="Backwards fair",
            starts_at=in_days_at(30, 14),
            ends_at=in_days_at(30, 10),
            capacity=80,
        )

    assert refused.value.code == "ends_before_start"
    assert not Event.objects.exists()


def test_nobody_organises_for_another_jobcentre():
    venue = JobcentreVenueFactory()
    outsider = member(Role.JOBCENTRE_ORGANISER)

    with pytest.raises(NotAllowed):
        event_create(
            by=outsider,
            organiser=venue.organisation,
            kind="jobs_fair",
            title="Not mine",
            starts_at=in_days_at(30),
            ends_at=in_days_at(30, 13),
            capacity=80,
        )


def test_a_draft_without_a_venue_cannot_be_published(organiser):
    draft = EventFactory(
        status=Event.Status.DRAFT, venue=None, organiser=organiser.memberships.get().organisation
    )

    with pytest.raises(EventError) as refused:
        event_publish(event=draft, by=organiser)

    assert refused.value.code == "venue_required"


def test_every_change_raises_the_sequence_and_a_new_time_is_e_mailed(
    event, organiser, mailoutbox, committed
):
    register(event)
    register(event, email="second@example.net")
    mailoutbox.clear()

    with committed():
        event_update(event=event, by=organiser, title="Spring jobs fair")
        updated = event_update(
            event=event,
            by=organiser,
            starts_at=event.starts_at + timedelta(hours=1),
            ends_at=event.ends_at + timedelta(hours=1),
        )

    assert updated.sequence == 2
    assert sorted(m.to[0] for m in mailoutbox) == ["sam@example.net", "second@example.net"]
    assert all("Changed" in m.subject for m in mailoutbox)
    assert all(m.attachments[-1][0] == "event.ics" for m in mailoutbox)


def test_an_unchanged_update_keeps_the_sequence(event, organiser):
    updated = event_update(event=event, by=organiser, title=event.title)

    assert updated.sequence == event.sequence


def test_capacity_cannot_go_below_places_taken_and_raising_it_offers_to_the_queue(organiser):
    event = EventFactory(capacity=2, organiser=organiser.memberships.get().organisation)
    register(event, email="a@example.net")
    register(event, email="b@example.net")
    waiting = register(event, email="c@example.net").registration

    with pytest.raises(EventError) as refused:
        event_update(event=event, by=organiser, capacity=1)
    assert refused.value.code == "capacity_below_booked"

    event_update(event=event, by=organiser, capacity=3)

    # The new place is offered to the first person waiting, and held for them meanwhile.
    assert waiting.place_offers.get().status == "open"
    with pytest.raises(EventError):
        event_update(event=event, by=organiser, capacity=2)


def test_cancelling_revokes_tickets_and_tells_everyone_once(
    event, organiser, employer, employer_contact, mailoutbox, committed
):
    register(event, email="a@example.net")
    register(event, email="b@example.net")
    application = stand_apply(
        event=event, employer=employer, by=employer_contact, representatives=1
    )
    stand_approve(application=application, by=organiser)
    mailoutbox.clear()

    with committed():
        cancelled = event_cancel(event=event, by=organiser, reason="Building closed")
    from events.emails import event_cancellation_notices_send

    event_cancellation_notices_send(event_id=event.pk)  # a second send sends nothing again

    assert cancelled.status == Event.Status.CANCELLED
    assert not Ticket.objects.filter(event=event, status=Ticket.Status.VALID).exists()
    recipients = sorted(m.to[0] for m in mailoutbox)
    assert recipients == sorted(["a@example.net", "b@example.net", employer_contact.email])
    assert all(m.subject.startswith("Cancelled") for m in mailoutbox)
    assert all("Building closed" in m.body for m in mailoutbox)
    assert StandApplication.objects.get().status == StandApplication.Status.APPROVED
    with pytest.raises(Conflict):
        event_update(event=event, by=organiser, title="Back on")


def test_reminders_go_once_to_each_confirmed_person_for_tomorrows_events(mailoutbox, committed):
    tomorrow = EventFactory(starts_at=in_days_at(1, 10), ends_at=in_days_at(1, 14))
    next_week = EventFactory(starts_at=in_days_at(7, 10), ends_at=in_days_at(7, 14))
    register(tomorrow, email="coming@example.net")
    leaving = register(tomorrow, email="leaving@example.net").registration
    register(tomorrow, email="", phone="07700900123")
    register(next_week, email="later@example.net")
    from events.services import registration_cancel

    registration_cancel(registration=leaving)
    mailoutbox.clear()

    with committed():
        event_reminders_send_task()
    with committed():
        event_reminders_send_task()  # beat ran twice

    assert [m.to for m in mailoutbox] == [["coming@example.net"]]
    assert mailoutbox[0].subject.startswith("Tomorrow")
    assert mailoutbox[0].attachments[0][0].endswith(".png")
    # The person with only a phone number is reminded by text, once, with the ticket's link.
    texts = Notification.objects.filter(channel="sms", body__startswith="Reminder")
    assert [t.recipient for t in texts] == ["+447700900123"]
    assert "/tickets/" in texts[0].body


def test_reminders_count_tomorrow_in_london_time():
    late_tomorrow = EventFactory(starts_at=in_days_at(1, 23, 30), ends_at=in_days_at(2, 1))
    register(late_tomorrow)

    assert event_reminders_send(today=timezone.localdate()) == 1


def test_attendee_contact_details_are_forgotten_after_the_retention_period():
    past = EventFactory(starts_at=in_days_at(-400), ends_at=in_days_at(-400, 14))
    Registration.objects.create(
        event=past,
        name="Old Attendee",
        email="old@example.net",
        category="jobseeker",
        complex_barriers=True,
        privacy_consent_at=timezone.now(),
    )
    recent = register(EventFactory()).registration

    assert attendee_personal_data_purge(retention_days=365) == 1

    old = Registration.objects.get(event=past)
    assert (old.name, old.email, old.phone) == ("", "", "")
    assert old.complex_barriers is True  # the measures still count it
    recent.refresh_from_db()
    assert recent.email == "sam@example.net"
