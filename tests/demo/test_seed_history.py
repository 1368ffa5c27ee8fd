"""The demo's registrations are dated over the weeks before their event, the same way on every
run, so the organiser's event page shows a booking curve."""

from __future__ import annotations

import pytest
from django.db.models import Count

from demo.seed import seed_demo
from events.event_page import registration_days
from events.models import Event, Registration

pytestmark = pytest.mark.django_db


def test_demo_registrations_are_spread_before_their_event_and_stay_put():
    seed_demo(with_passwords=False)
    dates = dict(Registration.objects.values_list("pk", "created_at"))
    event = Event.objects.annotate(n=Count("registrations")).order_by("-n", "pk").first()
    assert event is not None

    second = seed_demo(with_passwords=False)

    assert (second["created"], second["updated"]) == (0, 0)
    assert dict(Registration.objects.values_list("pk", "created_at")) == dates
    days = registration_days(event=event)
    assert sum(row.changed for row in days) >= 10
    booked = event.registrations.filter(walk_in=False)
    assert not booked.filter(created_at__gt=event.starts_at).exists()
