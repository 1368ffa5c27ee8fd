"""A registration takes its place last, in one conditional step under the event's lock: the
rules that step keeps (re-checked under the lock, numbered tickets, the waiting list, the owed
message rolled back with it) and what a registration costs in queries."""

from __future__ import annotations

import pytest
from django.db import connection

from events.exceptions import RegistrationError
from events.models import Event, OutboxMessage, PlaceOffer, Registration, Ticket
from tests.events.conftest import register
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def _nothing_saved(event: Event, tickets_issued: int) -> None:
    assert not Registration.objects.filter(event=event).exists()
    assert not Ticket.objects.filter(event=event).exists()
    assert not OutboxMessage.objects.exists()
    event.refresh_from_db()
    assert event.tickets_issued == tickets_issued


def test_an_event_cancelled_while_the_person_registered_saves_nothing():
    event = EventFactory()
    stale = Event.objects.get(pk=event.pk)  # what the page loaded, still published
    Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)

    with pytest.raises(RegistrationError) as refused:
        register(stale)

    assert refused.value.code == "event_cancelled"
    _nothing_saved(event, tickets_issued=0)


def test_registration_that_closed_while_the_person_registered_saves_nothing():
    event = EventFactory()
    stale = Event.objects.get(pk=event.pk)
    Event.objects.filter(pk=event.pk).update(registration_closes_at=event.created_at)

    with pytest.raises(RegistrationError) as refused:
        register(stale)

    assert refused.value.code == "registration_closed"
    _nothing_saved(event, tickets_issued=0)


def test_the_place_is_counted_from_the_rows_not_from_what_the_caller_loaded():
    event = EventFactory(capacity=1)
    stale = Event.objects.get(pk=event.pk)
    assert register(event, email="first@example.net").tickets

    second = register(stale, email="second@example.net")  # stale still says 0 issued

    assert second.waitlisted and second.tickets == []
    assert second.registration.waitlisted_at is not None
    saved = Registration.objects.get(pk=second.registration.pk)
    assert saved.status == Registration.Status.WAITLISTED
    assert saved.waitlisted_at == second.registration.waitlisted_at
    # Told of the waiting list in the same transaction: its message is owed too.
    assert OutboxMessage.objects.filter(object_id=saved.pk).count() == 1


def test_an_open_offer_holds_its_place_against_a_newcomer():
    event = EventFactory(capacity=2)
    register(event, email="one@example.net")
    waiting = register(event, email="two@example.net").registration
    Registration.objects.filter(pk=waiting.pk).update(status=Registration.Status.WAITLISTED)
    Ticket.objects.filter(registration=waiting).delete()
    PlaceOffer.objects.create(
        event=event,
        registration=waiting,
        places=1,
        offered_at=event.created_at,
        expires_at=event.starts_at,
    )

    assert register(event, email="three@example.net").waitlisted


@pytest.mark.parametrize(("issued", "number"), [(0, "0001"), (41, "0042"), (9999, "10000")])
def test_tickets_are_numbered_on_from_the_events_count(issued, number):
    event = EventFactory()
    Event.objects.filter(pk=event.pk).update(tickets_issued=issued)

    ticket = register(event).tickets[0]

    assert ticket.number == f"{event.ticket_prefix}-{number}"
    saved = Ticket.objects.get(pk=ticket.pk)
    assert (saved.number, saved.token, saved.status) == (ticket.number, ticket.token, "valid")
    assert saved.registration_id == ticket.registration.pk
    event.refresh_from_db()
    assert event.tickets_issued == issued + 1


# What a registration costs: on PostgreSQL the person's row, the owed message and one round trip
# that locks, counts and takes the place (or joins the waiting list); on SQLite the take is the
# lock's SELECT, the conditional UPDATE and the ticket's INSERT (or the waiting list's UPDATE).
# Both add the savepoint and its release of the test's own transaction.
QUERIES = {"postgresql": 5, "sqlite": 7}


def test_a_confirmed_registration_costs_a_fixed_number_of_queries(django_assert_num_queries):
    event = EventFactory()

    with django_assert_num_queries(QUERIES[connection.vendor]):
        result = register(event)

    assert result.tickets


def test_a_waitlisted_registration_costs_a_fixed_number_of_queries(django_assert_num_queries):
    event = EventFactory(capacity=1)
    register(event, email="first@example.net")

    with django_assert_num_queries(QUERIES[connection.vendor]):
        result = register(event)

    assert result.waitlisted


class _Deadlock(Exception):
    sqlstate = "40P01"


@pytest.mark.django_db(transaction=True)
def test_a_registration_aborted_to_break_a_deadlock_is_run_again_and_saved_once(monkeypatch):
    """PostgreSQL aborts one of two transactions waiting for each other (a walk-in at the door
    with the same address at the same instant): the person's registration is run again, not
    answered with an error, and nothing of the aborted try remains."""
    from django.db import OperationalError

    import events.services.registrations as registrations

    event = EventFactory(capacity=5)
    real_take = registrations.place_take
    calls = []

    def take_once_aborted(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("deadlock detected") from _Deadlock()
        return real_take(*args, **kwargs)

    monkeypatch.setattr(registrations, "place_take", take_once_aborted)

    result = register(event, email="ada@example.net")

    assert len(calls) == 2
    assert result.registration.status == Registration.Status.CONFIRMED
    assert Registration.objects.filter(event=event).count() == 1
    assert Ticket.objects.filter(event=event).count() == 1
    assert OutboxMessage.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_any_other_database_error_is_not_run_again(monkeypatch):
    from django.db import OperationalError

    import events.services.registrations as registrations

    event = EventFactory(capacity=5)
    calls = []

    def take_broken(*args, **kwargs):
        calls.append(1)
        raise OperationalError("server closed the connection")

    monkeypatch.setattr(registrations, "place_take", take_broken)

    with pytest.raises(OperationalError):
        register(event, email="ada@example.net")
    assert len(calls) == 1
    assert not Registration.objects.filter(event=event).exists()
