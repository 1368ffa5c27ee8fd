"""Corrections of attendance: a visit corrected twice at once answers a clear conflict, and only
changes the ledger can see trigger its rebuild."""

from __future__ import annotations

import pytest

from accounts.models import Role
from core.exceptions import Conflict
from events.checkin import ticket_check_in
from events.corrections import admission_undo, correction_reason, stand_visit_correct
from events.models import StandInteraction
from events.services import registration_cancel, stand_apply, stand_approve
from events.signals import attendance_changed
from events.stand_visits import stand_visit_record
from tests.events.conftest import register
from tests.factories import EmployerFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def stands(event, organiser):
    found = []
    for _ in range(3):
        employer = EmployerFactory()
        contact = member(Role.EMPLOYER_CONTACT, employer.organisation)
        application = stand_apply(event=event, employer=employer, by=contact, representatives=1)
        stand_approve(application=application, by=organiser)
        application.refresh_from_db()
        found.append((application, contact))
    return found


@pytest.fixture
def rebuilds():
    sent: list[int] = []

    def listen(sender, event_id, **kwargs):
        sent.append(event_id)

    attendance_changed.connect(listen, dispatch_uid="test-rebuilds")
    yield sent
    attendance_changed.disconnect(dispatch_uid="test-rebuilds")


def test_a_visit_removed_meanwhile_is_a_conflict_not_a_crash(event, organiser, stands):
    (wrong, contact), (right, _c), _third = stands
    ticket = register(event).tickets[0]
    visit = stand_visit_record(application=wrong, token=ticket.token, by=contact)
    stale = StandInteraction.objects.select_related("application__event").get(pk=visit.pk)
    stand_visit_correct(interaction=visit, reason="Test scan", by=organiser)  # the other tab

    with pytest.raises(Conflict) as moved:
        stand_visit_correct(interaction=stale, reason="Next stand", by=organiser, move_to=right)
    with pytest.raises(Conflict) as removed:
        stand_visit_correct(interaction=stale, reason="Test scan", by=organiser)

    assert moved.value.code == removed.value.code == "visit_changed"
    assert not StandInteraction.objects.exists()


def test_a_visit_moved_meanwhile_is_not_moved_again_from_where_it_was(event, organiser, stands):
    (wrong, contact), (right, _c), (third, _t) = stands
    ticket = register(event).tickets[0]
    visit = stand_visit_record(application=wrong, token=ticket.token, by=contact)
    stale = StandInteraction.objects.select_related("application__event").get(pk=visit.pk)
    stand_visit_correct(interaction=visit, reason="Next stand", by=organiser, move_to=right)

    with pytest.raises(Conflict):
        stand_visit_correct(interaction=stale, reason="Other stand", by=organiser, move_to=third)

    assert StandInteraction.objects.get().application == right


def test_undoing_an_admission_or_cancelling_a_ticket_rebuilds_nothing(
    event, organiser, stands, committed, rebuilds
):
    result = register(event)
    ticket = result.tickets[0]
    ticket_check_in(token=ticket.token, event_id=event.pk, by=organiser)

    with committed():
        admission_undo(ticket=ticket, reason="Wrong ticket", by=organiser)
    with committed():
        registration_cancel(registration=result.registration, by=organiser)

    assert rebuilds == []


def test_a_correction_reason_loses_control_characters():
    assert correction_reason("Wrong\x00 stand\x1b  scanned\n") == "Wrong stand scanned"
