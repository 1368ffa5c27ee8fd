"""A stand that scanned a visitor was there: no no-show mark outlives a scan, and a no-show mark
never overwrites a scan made at the same moment."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import Role
from engagement.models import Encounter
from events import presence as presence_module
from events.corrections import stand_visit_correct
from events.presence import PresenceError, stand_presence_mark
from events.scanners import scanner_authorise
from events.services import stand_apply, stand_approve
from events.stand_visits import stand_visit_record
from tests.events.conftest import register
from tests.factories import EmployerFactory, UserFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def stands(event, organiser):
    found = []
    for _ in range(2):
        employer = EmployerFactory()
        contact = member(Role.EMPLOYER_CONTACT, employer.organisation)
        application = stand_apply(event=event, employer=employer, by=contact, representatives=1)
        stand_approve(application=application, by=organiser)
        application.refresh_from_db()
        found.append((application, contact))
    return found


def test_a_stand_marked_no_show_that_scans_a_visitor_is_present(
    event, organiser, stands, committed
):
    (application, contact), _other = stands
    stand_presence_mark(application=application, presence="no_show", by=organiser)
    ticket = register(event).tickets[0]

    with committed():
        stand_visit_record(application=application, token=ticket.token, by=contact)

    application.refresh_from_db()
    assert application.presence == "present"
    assert Encounter.objects.filter(employer=application.employer).count() == 1


def test_a_visit_moved_onto_a_no_show_stand_marks_it_present(event, organiser, stands, committed):
    (wrong, contact), (right, _right_contact) = stands
    stand_presence_mark(application=right, presence="no_show", by=organiser)
    ticket = register(event).tickets[0]
    visit = stand_visit_record(application=wrong, token=ticket.token, by=contact)

    with committed():
        stand_visit_correct(interaction=visit, reason="Next stand", by=organiser, move_to=right)

    right.refresh_from_db()
    assert right.presence == "present"


def test_a_no_show_mark_is_refused_when_a_scan_lands_before_it_takes_the_lock(
    event, organiser, stands, monkeypatch
):
    (application, contact), _other = stands
    ticket = register(event).tickets[0]
    real_atomic = transaction.atomic

    @contextlib.contextmanager
    def scan_first(*args, **kwargs) -> Iterator[None]:
        # The visitor's scan commits just after the mark's checks and before its write.
        stand_visit_record(application=application, token=ticket.token, by=contact)
        with real_atomic(*args, **kwargs):
            yield

    monkeypatch.setattr(presence_module, "transaction", SimpleNamespace(atomic=scan_first))
    with pytest.raises(PresenceError) as refused:
        stand_presence_mark(application=application, presence="no_show", by=organiser)

    monkeypatch.undo()
    application.refresh_from_db()
    assert refused.value.code == "scanned_visitors"
    assert application.presence == "present"


def test_organisers_mark_presence_on_the_stand_list_and_volunteers_through_the_api(
    client, event, organiser, stands
):
    (application, _contact), _other = stands
    volunteer = UserFactory()
    scanner_authorise(event=event, user=volunteer, by=organiser)
    url = reverse("events:stand_presence", args=[application.pk])

    client.force_login(volunteer)
    refused = client.post(url, {"presence": "no_show"})
    door = APIClient()
    door.force_authenticate(volunteer)
    marked = door.post(
        f"/api/v1/employer-registrations/{application.pk}/presence/",
        {"presence": "present"},
        format="json",
    )
    client.force_login(organiser)
    page = client.post(url, {"presence": "no_show"}, follow=True)

    assert refused.status_code == 404
    assert marked.status_code == 200
    assert page.status_code == 200
    assert page.redirect_chain[-1][0] == reverse("events:stand_list", args=[event.pk])
    application.refresh_from_db()
    assert application.presence == "no_show"
