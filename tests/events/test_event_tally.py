"""The places taken that lists of events show are kept counted by the database as tickets
change: after every way a ticket is issued, revoked, moved or deleted, the figure equals a
recount of the valid tickets, read here by SQL of its own, and a list reads it without counting
the tickets."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.db.models.signals import post_migrate
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role
from events.checkin import walk_in_check_in
from events.models import Event, EventTally, Registration, Ticket
from events.selectors import with_places_and_stands
from events.services import (
    event_cancel,
    group_booking_cancel,
    group_booking_create,
    group_booking_resize,
    registration_cancel,
)
from events.tally_triggers import TABLE, TRIGGERS
from tests.events.conftest import register
from tests.factories import EventFactory, SchoolFactory, member

pytestmark = pytest.mark.django_db


def recounted() -> dict[int, int]:
    """Every event's valid tickets, counted from the ticket rows (0 for none)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.id, (SELECT COUNT(*) FROM events_ticket t"
            " WHERE t.event_id = e.id AND t.status = 'valid') FROM events_event e"
        )
        return dict(cursor.fetchall())


def shown() -> dict[int, int]:
    """What the lists of events show for each event."""
    return dict(with_places_and_stands(Event.objects.all()).values_list("pk", "places_taken_count"))


def assert_tallied() -> None:
    assert shown() == recounted()


def test_every_way_a_ticket_changes_keeps_the_figure_equal_to_a_recount():
    event = EventFactory(capacity=3)
    other = EventFactory(capacity=50, audiences=["pupils", "jobseekers"])
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)
    assert_tallied()

    people = [register(event, email=f"p{n}@example.net") for n in range(5)]  # 3 in, 2 waiting
    assert shown()[event.pk] == 3
    assert_tallied()

    registration_cancel(registration=people[0].registration)  # the first waiting one offered
    assert_tallied()

    school = SchoolFactory()
    leader = member(Role.CAREERS_LEADER, school.organisation)
    group = group_booking_create(
        event=other, school=school, year_group=9, group_size=12, by=leader, privacy_consent=True
    ).registration
    assert shown()[other.pk] == 12
    group_booking_resize(registration=group, group_size=7, by=leader)
    assert shown()[other.pk] == 7
    group_booking_resize(registration=group, group_size=9, by=leader)
    assert_tallied()
    group_booking_cancel(registration=group, by=leader)
    assert shown()[other.pk] == 0
    assert_tallied()

    register(other, email="walker@example.net")
    Event.objects.filter(pk=other.pk).update(starts_at=timezone.now())
    other.refresh_from_db()
    walk_in_check_in(
        event=other,
        name="Sam Walker",
        category="jobseeker",
        by=member(Role.JOBCENTRE_ORGANISER, other.organiser),
        privacy_told=True,
    )
    assert shown()[other.pk] == 2
    assert_tallied()

    # Bulk changes and deletions by any route, not only the services.
    holding = list(Ticket.objects.filter(event=other, status="valid").values_list("pk", flat=True))
    Ticket.objects.filter(pk__in=holding).update(status=Ticket.Status.REVOKED)
    assert shown()[other.pk] == 0
    Ticket.objects.filter(pk__in=holding).update(status=Ticket.Status.VALID)
    assert shown()[other.pk] == 2
    moved = Ticket.objects.get(pk=holding[0])
    Ticket.objects.filter(pk=moved.pk).update(event=event)
    assert_tallied()
    Ticket.objects.filter(pk=moved.pk).update(event=other)
    Registration.objects.filter(event=other, walk_in=True).delete()  # tickets go with it
    assert shown()[other.pk] == 1
    assert_tallied()

    event_cancel(event=event, by=organiser)
    assert shown()[event.pk] == 0
    assert_tallied()

    other.delete()
    assert not EventTally.objects.filter(event_id=other.pk).exists()
    assert_tallied()


def test_a_rolled_back_registration_leaves_the_figure_as_it_was():
    event = EventFactory()
    register(event, email="kept@example.net")

    with pytest.raises(RuntimeError), transaction.atomic():
        register(event, email="undone@example.net")
        assert shown()[event.pk] == 2  # seen inside the transaction
        raise RuntimeError

    assert shown()[event.pk] == 1
    assert_tallied()


def test_a_list_of_events_reads_the_figure_without_counting_tickets():
    event = EventFactory()
    for n in range(3):
        register(event, email=f"p{n}@example.net")

    with CaptureQueriesContext(connection) as captured:
        assert shown()[event.pk] == 3

    (statement,) = captured.captured_queries
    assert "events_ticket" not in statement["sql"]


def _drop_triggers() -> None:
    with connection.cursor() as cursor:
        for name in TRIGGERS:
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {TABLE}")
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def test_triggers_a_migration_dropped_come_back_after_migrate_with_the_figures_recounted():
    """SQLite rebuilds a table to alter it, which drops its triggers: ``migrate`` puts them
    back and recounts what changed meanwhile."""
    from django.apps import apps

    event = EventFactory()
    register(event, email="before@example.net")
    _drop_triggers()
    register(event, email="while-missing@example.net")  # not tallied: no trigger
    assert shown()[event.pk] == 1

    post_migrate.send(
        sender=apps.get_app_config("events"),
        app_config=apps.get_app_config("events"),
        using=connection.alias,
        verbosity=0,
        interactive=False,
        plan=[],
        apps=apps,
    )

    assert shown()[event.pk] == 2
    register(event, email="after@example.net")
    assert shown()[event.pk] == 3
    assert_tallied()
