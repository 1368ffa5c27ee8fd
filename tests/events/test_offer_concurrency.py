"""An offered place is claimed once and capacity is never exceeded, whatever arrives at the same
moment: the person clicking "claim" twice, the expiry sweep, a newcomer registering. Real threads,
each with its own connection (see test_concurrency); the event row lock serialises them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from events.models import PlaceOffer, Registration, Ticket
from events.services import (
    place_offer_claim,
    place_offers_expire,
    registration_cancel,
    registration_create,
)
from tests.events.test_concurrency import run_together
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def shared_database():
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("SQLite test database is in memory; threads cannot wait for its write lock")


def _answers(n: int) -> dict:
    return {
        "name": f"Person {n}",
        "email": f"p{n}@example.net",
        "category": "jobseeker",
        "privacy_consent": True,
    }


def test_an_offered_place_is_claimed_once_while_newcomers_register():
    event = EventFactory(capacity=1)
    holder = registration_create(event=event, **_answers(0))
    first = registration_create(event=event, **_answers(1)).registration
    registration_cancel(registration=holder.registration)

    calls = [lambda: place_offer_claim(registration=first)] * 3 + [
        (lambda n=n: registration_create(event=event, **_answers(n))) for n in range(10, 14)
    ]
    run_together(calls)

    assert Ticket.objects.filter(event=event, status=Ticket.Status.VALID).count() == 1
    assert first.tickets.filter(status=Ticket.Status.VALID).count() == 1
    assert Registration.objects.filter(event=event, status="waitlisted").count() == 4


def test_a_claim_racing_the_expiry_sweep_either_wins_or_passes_the_place_on():
    event = EventFactory(capacity=1)
    holder = registration_create(event=event, **_answers(0))
    first = registration_create(event=event, **_answers(1)).registration
    registration_create(event=event, **_answers(2))
    registration_cancel(registration=holder.registration)
    now = timezone.now() + timedelta(hours=49)  # the sweep sees the offer as run out

    run_together(
        [lambda: place_offer_claim(registration=first), lambda: place_offers_expire(now=now)]
    )

    valid = Ticket.objects.filter(event=event, status=Ticket.Status.VALID).count()
    open_offers = PlaceOffer.objects.filter(event=event, status="open").count()
    assert valid + open_offers == 1  # the one place is either taken or offered, never both
