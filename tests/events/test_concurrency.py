"""Places and stands are never oversold, even when many requests arrive at the same moment.

Each test starts its requests on real threads, each with its own database connection, released
together by a barrier. On PostgreSQL (CI's second run, DATABASE_URL set) the event row lock
(SELECT ... FOR UPDATE) serialises them; on SQLite, BEGIN IMMEDIATE does.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import close_old_connections, connection, connections

from accounts.models import Role
from events.exceptions import DomainError
from events.models import Registration, StandApplication, Ticket
from events.services import group_booking_create, registration_create, stand_apply
from tests.factories import EmployerFactory, EventFactory, SchoolFactory, member

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run ``calls`` on one thread each, all released at once; results or exceptions, in order."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def worker(index: int, call: Callable[[], Any]) -> None:
        close_old_connections()
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - the test inspects what each request got
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def _needs_shared_database() -> None:
    # SQLite's test database is in memory: threads then share one cache in which a second writer
    # fails at once with "database table is locked" instead of waiting, so the SQLite run
    # proves nothing about our locking. A file database (TEST NAME) would work.
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("SQLite test database is in memory; threads cannot wait for its write lock")


def _registrations(event, count: int) -> list[Callable[[], Any]]:
    return [
        (
            lambda n=n: registration_create(
                event=event,
                name=f"Person {n}",
                email=f"person{n}@example.net",
                category="jobseeker",
                privacy_consent=True,
            )
        )
        for n in range(count)
    ]


def _assert_never_oversold(event, capacity: int, attempts: int, results: list[Any]) -> None:
    errors = [r for r in results if isinstance(r, Exception)]
    assert errors == []
    confirmed = Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED)
    waitlisted = Registration.objects.filter(event=event, status=Registration.Status.WAITLISTED)
    tickets = Ticket.objects.filter(event=event, status=Ticket.Status.VALID)
    assert confirmed.count() == capacity
    assert waitlisted.count() == attempts - capacity
    assert tickets.count() == capacity
    numbers = list(tickets.values_list("number", flat=True))
    assert len(set(numbers)) == capacity
    # The queue is in the order people were told they joined it: each one's time is taken under
    # the event lock, so the times are distinct (no tie for the id to break) and nobody joined
    # it before the last place was taken.
    joined = list(waitlisted.values_list("waitlisted_at", flat=True))
    assert len(set(joined)) == len(joined)
    assert max(tickets.values_list("created_at", flat=True)) <= min(joined)


def _assert_stands_never_over_allocated(event, stands: int, attempts: int, results) -> None:
    assert [r for r in results if isinstance(r, Exception)] == []
    statuses = list(StandApplication.objects.filter(event=event).values_list("status", flat=True))
    assert statuses.count(StandApplication.Status.PENDING) == stands
    assert statuses.count(StandApplication.Status.WAITLISTED) == attempts - stands


def _stand_calls(event, count: int) -> list[Callable[[], Any]]:
    calls = []
    for _n in range(count):
        employer = EmployerFactory()
        contact = member(Role.EMPLOYER_CONTACT, employer.organisation)
        calls.append(
            lambda employer=employer, contact=contact: stand_apply(
                event=event, employer=employer, by=contact, representatives=1
            )
        )
    return calls


def _group_calls(event, count: int, size: int) -> list[Callable[[], Any]]:
    calls = []
    for _n in range(count):
        school = SchoolFactory()
        leader = member(Role.CAREERS_LEADER, school.organisation)
        calls.append(
            lambda school=school, leader=leader: group_booking_create(
                event=event,
                school=school,
                year_group=9,
                group_size=size,
                by=leader,
                privacy_consent=True,
            )
        )
    return calls


def _same_email_calls(event, count: int) -> list[Callable[[], Any]]:
    return [
        lambda: registration_create(
            event=event,
            name="Same Person",
            email="same@example.net",
            category="jobseeker",
            privacy_consent=True,
        )
    ] * count


# --- PostgreSQL --------------------------------------------------------------------------------


@pytest.fixture
def postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://...; .ci/run does)")


@pytest.mark.postgres
def test_registration_never_oversells_under_concurrency_on_postgresql(postgresql):
    event = EventFactory(capacity=5)

    results = run_together(_registrations(event, 20))

    _assert_never_oversold(event, 5, 20, results)


@pytest.mark.postgres
def test_stands_are_never_over_allocated_under_concurrency_on_postgresql(postgresql):
    event = EventFactory(stand_capacity=3)

    results = run_together(_stand_calls(event, 12))

    _assert_stands_never_over_allocated(event, 3, 12, results)


@pytest.mark.postgres
def test_group_bookings_are_all_or_nothing_under_concurrency_on_postgresql(postgresql):
    event = EventFactory(kind="careers_fair", audiences=["pupils"], capacity=50)

    results = run_together(_group_calls(event, 5, 15))

    refused = [r for r in results if isinstance(r, DomainError)]
    assert [r.code for r in refused] == ["not_enough_places", "not_enough_places"]
    assert Ticket.objects.filter(event=event, status=Ticket.Status.VALID).count() == 45


@pytest.mark.postgres
def test_one_email_registers_once_under_concurrency_on_postgresql(postgresql):
    event = EventFactory()

    results = run_together(_same_email_calls(event, 6))

    assert sum(not isinstance(r, Exception) for r in results) == 1
    assert {r.code for r in results if isinstance(r, Exception)} == {"already_registered"}
    assert Registration.objects.filter(event=event).count() == 1


# --- SQLite ------------------------------------------------------------------------------------


@pytest.fixture
def sqlite_file() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite run")
    _needs_shared_database()


def test_registration_never_oversells_under_concurrency_on_sqlite(sqlite_file):
    event = EventFactory(capacity=5)

    results = run_together(_registrations(event, 12))

    _assert_never_oversold(event, 5, 12, results)


def test_stands_are_never_over_allocated_under_concurrency_on_sqlite(sqlite_file):
    event = EventFactory(stand_capacity=3)

    results = run_together(_stand_calls(event, 8))

    _assert_stands_never_over_allocated(event, 3, 8, results)


# --- The door: simultaneous scans of one ticket -------------------------------------------------


def _simultaneous_scans(event, devices: int):
    from events.checkin import ticket_check_in

    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)
    ticket = registration_create(
        event=event, name="Ada", email="ada@example.net", category="jobseeker", privacy_consent=True
    ).tickets[0]
    results = run_together(
        [
            lambda n=n: ticket_check_in(
                token=ticket.token, event_id=event.pk, by=organiser, device=f"phone {n}"
            )
            for n in range(devices)
        ]
    )
    return ticket, results


@pytest.mark.postgres
def test_two_simultaneous_scans_of_one_ticket_give_exactly_one_ok_on_postgresql(postgresql):
    from events.models import CheckIn

    ticket, results = _simultaneous_scans(EventFactory(), 2)

    assert [r for r in results if isinstance(r, Exception)] == []
    assert sorted(r.result for r in results) == ["already_checked_in", "ok"]
    assert CheckIn.objects.filter(ticket=ticket, result="ok").count() == 1


def test_simultaneous_scans_of_one_ticket_give_exactly_one_ok_on_sqlite(sqlite_file):
    ticket, results = _simultaneous_scans(EventFactory(), 4)

    assert [r for r in results if isinstance(r, Exception)] == []
    assert sorted(r.result for r in results) == ["already_checked_in"] * 3 + ["ok"]
