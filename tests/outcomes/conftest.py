"""A held jobs fair with two present stands, visits scanned, for the outcome tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Role
from events.models import Event, StandApplication
from events.services import stand_apply, stand_approve
from events.stand_visits import stand_visit_record
from tests.events.conftest import register
from tests.factories import EmployerFactory, EventFactory, member


@dataclass
class Stand:
    application: StandApplication
    contact: object
    visits: list = field(default_factory=list)


@dataclass
class Fair:
    event: Event
    organiser: object
    stands: list[Stand]
    tickets: list


def fair_held(*, visitors: int = 3, stands: int = 2, ended_days_ago: int = 1, **event_fields):
    """A fair scanned at (each stand meets every visitor), then moved into the past."""
    event = EventFactory(**event_fields)
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)
    tickets = [
        register(
            event,
            email=f"visitor{n}-{event.pk}@example.net",
            name=f"Visitor {n}",
            consent_contact_employers=n % 2 == 0,
            phone="",
        ).tickets[0]
        for n in range(visitors)
    ]
    found = []
    for _ in range(stands):
        employer = EmployerFactory()
        contact = member(Role.EMPLOYER_CONTACT, employer.organisation)
        application = stand_apply(event=event, employer=employer, by=contact, representatives=2)
        stand_approve(application=application, by=organiser)
        application.refresh_from_db()
        stand = Stand(application=application, contact=contact)
        for ticket in tickets:
            stand.visits.append(
                stand_visit_record(application=application, token=ticket.token, by=contact)
            )
        found.append(stand)
    ends = timezone.now() - timedelta(days=ended_days_ago)
    Event.objects.filter(pk=event.pk).update(starts_at=ends - timedelta(hours=4), ends_at=ends)
    event.refresh_from_db()
    for stand in found:
        stand.application.event = event
    return Fair(event=event, organiser=organiser, stands=found, tickets=tickets)


@pytest.fixture
def fair(db):
    return fair_held()
