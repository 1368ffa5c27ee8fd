"""With the broker down, no message kind is lost: each is written in the transaction of the
change that owes it and the beat sweeps send it, once, when the broker is back."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta

import pytest
from django.core import mail

from accounts.models import Role
from accounts.services import membership_add
from engagement.services import matching_round_run, proposal_accept
from events.outbox import outbox_pending_send
from events.services import event_cancel, registration_cancel
from notifications.models import Notification
from notifications.services import notifications_pending_send
from tests.events.conftest import register
from tests.factories import (
    EnterpriseAdviserFactory,
    EventFactory,
    HubFactory,
    SchoolFactory,
    UserFactory,
    member,
)
from tests.hardening.test_faults import closed_port, use_broker

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down(settings) -> Iterator[None]:
    from config.celery import app

    before = (app.conf.broker_url, app.conf.task_always_eager)
    url = f"redis://127.0.0.1:{closed_port()}/0"
    settings.CELERY_BROKER_URL = url
    settings.CELERY_TASK_ALWAYS_EAGER = False
    use_broker(url, eager=False)
    try:
        yield
    finally:
        use_broker(before[0], eager=before[1])


def sweeps() -> int:
    """What beat does every minute: owed messages written, then pending messages sent."""
    outbox_pending_send()
    return notifications_pending_send()


def registration_confirmation_by_sms() -> Callable[[], None]:
    event = EventFactory()
    return lambda: register(event, email="", phone="07700 900123")


def place_from_the_waiting_list() -> Callable[[], None]:
    event = EventFactory(capacity=1)
    holder = register(event, email="first@example.net").registration
    register(event, email="", phone="07700 900124")
    Notification.objects.all().delete()
    return lambda: registration_cancel(registration=holder)


def event_cancelled() -> Callable[[], None]:
    event = EventFactory()
    register(event, email="", phone="07700 900125")
    Notification.objects.all().delete()
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)
    return lambda: event_cancel(event=event, by=organiser, reason="Venue flooded")


def membership_welcome() -> Callable[[], None]:
    school = SchoolFactory()
    user = UserFactory()
    return lambda: membership_add(
        user=user, organisation=school.organisation, role=Role.CAREERS_LEADER
    )


def match_started() -> Callable[[], None]:
    hub = HubFactory()
    coordinator = member(Role.COORDINATOR, hub.organisation)
    school = SchoolFactory(hub=hub)
    member(Role.CAREERS_LEADER, school.organisation)
    start = date(2027, 1, 4)
    EnterpriseAdviserFactory(dbs_checked_on=start - timedelta(days=200))
    proposal = matching_round_run(hub=hub, starts_on=start, by=coordinator).proposals.get()
    return lambda: proposal_accept(proposal=proposal, by=coordinator)


@pytest.mark.parametrize(
    "given",
    [
        registration_confirmation_by_sms,
        place_from_the_waiting_list,
        event_cancelled,
        membership_welcome,
        match_started,
    ],
)
def test_a_broker_that_is_down_loses_no_message(
    given, broker_down, django_capture_on_commit_callbacks
):
    change = given()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        change()
    assert mail.outbox == []
    assert not Notification.objects.exclude(status="pending").exists()

    sent = sweeps()
    assert sent >= 1
    assert sweeps() == 0  # once, however often the sweeps run
    assert Notification.objects.filter(status="pending").count() == 0
    assert Notification.objects.filter(status="sent").count() == sent
