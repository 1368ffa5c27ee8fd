"""Facts stay facts: an employer's presence on the day, a stand visit, an admission. Marked by
the door, corrected only with a reason (audited), and never undone by a cancellation after the
event started."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import AuditEntry, Role
from core.exceptions import Conflict, NotAllowed
from engagement.models import Encounter
from events.checkin import ticket_check_in
from events.corrections import CorrectionError, admission_undo, stand_visit_correct
from events.models import Event, StandInteraction, Ticket
from events.presence import PresenceError, stand_presence_counts, stand_presence_mark
from events.scanners import scanner_authorise
from events.services import registration_cancel, stand_apply, stand_approve
from events.stand_visits import stand_visit_record
from tests.events.conftest import register
from tests.factories import EmployerFactory, UserFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def stands(event, organiser):
    """Two approved stands, each with its employer's contact."""
    found = []
    for _ in range(2):
        employer = EmployerFactory()
        contact = member(Role.EMPLOYER_CONTACT, employer.organisation)
        application = stand_apply(event=event, employer=employer, by=contact, representatives=1)
        stand_approve(application=application, by=organiser)
        application.refresh_from_db()
        found.append((application, contact))
    return found


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_door_marks_an_employer_present_or_a_no_show_and_it_is_audited(
    event, organiser, stands
):
    (came, _c), (absent, absent_contact) = stands
    volunteer = UserFactory()
    scanner_authorise(event=event, user=volunteer, by=organiser)

    stand_presence_mark(application=came, presence="present", by=volunteer)
    stand_presence_mark(application=absent, presence="no_show", by=organiser)
    with pytest.raises(NotAllowed):  # the employer does not mark itself
        stand_presence_mark(application=absent, presence="present", by=absent_contact)
    with pytest.raises(PresenceError):
        stand_presence_mark(application=came, presence="maybe", by=organiser)

    assert stand_presence_counts(event.pk) == {"expected": 0, "present": 1, "no_show": 1}
    entries = AuditEntry.objects.filter(action="stand.presence")
    assert sorted(entry.details["to"] for entry in entries) == ["no_show", "present"]


def test_the_first_stand_scan_marks_the_employer_present_and_a_scanning_stand_is_no_no_show(
    event, organiser, stands, committed
):
    (application, contact), _other = stands
    ticket = register(event).tickets[0]

    with committed():
        stand_visit_record(application=application, token=ticket.token, by=contact)

    application.refresh_from_db()
    assert application.presence == "present" and application.presence_marked_at
    with pytest.raises(PresenceError):
        stand_presence_mark(application=application, presence="no_show", by=organiser)
    # The visit is in the figures by the time the scan returns: no periodic job.
    assert Encounter.objects.filter(employer=application.employer, method="scanned").count() == 1


def test_presence_api_action(event, organiser, stands):
    (application, contact), _other = stands
    url = f"/api/v1/employer-registrations/{application.pk}/presence/"

    refused = api(contact).post(url, {"presence": "present"}, format="json")
    marked = api(organiser).post(url, {"presence": "no_show"}, format="json")

    assert refused.status_code == 403
    assert marked.status_code == 200 and marked.json()["presence"] == "no_show"
    assert api(organiser).post(url, {"presence": "gone"}, format="json").status_code == 400


def test_a_repeated_stand_visit_answers_200_like_a_repeated_check_in(event, stands):
    (application, contact), _other = stands
    ticket = register(event).tickets[0]
    url = reverse("api-stand-visit", args=[application.pk])

    first = api(contact).post(url, {"token": ticket.token}, format="json")
    again = api(contact).post(url, {"token": ticket.token}, format="json")

    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]


def test_an_attendee_cannot_cancel_once_the_event_started_and_the_page_says_why(
    client, event, organiser
):
    result = register(event)
    ticket = result.tickets[0]
    ticket_check_in(token=ticket.token, event_id=event.pk, by=organiser)
    Event.objects.filter(pk=event.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    event.refresh_from_db()

    with pytest.raises(Conflict) as refused:
        registration_cancel(registration=result.registration, by=None)
    page = client.get(reverse("tickets:cancel", args=[ticket.token]))
    posted = client.post(reverse("tickets:cancel", args=[ticket.token]))

    assert refused.value.code == "event_started"
    assert page.status_code == 409 and "can no longer be cancelled" in page.text
    assert posted.status_code == 409
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.VALID and ticket.checked_in_at is not None


def test_an_organiser_cancelling_after_admission_keeps_the_admission(event, organiser):
    result = register(event)
    ticket = result.tickets[0]
    ticket_check_in(token=ticket.token, event_id=event.pk, by=organiser)

    registration_cancel(registration=result.registration, by=organiser)

    ticket.refresh_from_db()
    assert ticket.checked_in_at is not None  # they came: the attendance stays


def test_a_correction_needs_a_reason_and_is_audited(event, organiser, stands, committed):
    (wrong, wrong_contact), (right, _right_contact) = stands
    ticket = register(event).tickets[0]
    ticket_check_in(token=ticket.token, event_id=event.pk, by=organiser)
    with committed():
        visit = stand_visit_record(application=wrong, token=ticket.token, by=wrong_contact)

    with pytest.raises(CorrectionError) as no_reason:
        stand_visit_correct(interaction=visit, reason="  ", by=organiser, move_to=right)
    with pytest.raises(NotAllowed):
        stand_visit_correct(interaction=visit, reason="Wrong stand", by=wrong_contact)
    with committed():
        moved = stand_visit_correct(
            interaction=visit, reason="Scanned at the next stand", by=organiser, move_to=right
        )

    assert no_reason.value.code == "reason_required"
    assert moved is not None and moved.application == right
    assert list(Encounter.objects.values_list("employer_id", flat=True)) == [right.employer_id]
    with committed():
        admission_undo(ticket=ticket, reason="Admitted the wrong ticket", by=organiser)
    ticket.refresh_from_db()
    assert ticket.checked_in_at is None
    entries = AuditEntry.objects.filter(action="attendance.correct")
    assert sorted(entry.details["correction"] for entry in entries) == [
        "admission_undone",
        "stand_visit_moved",
    ]
    assert all(entry.details["reason"] for entry in entries)


def test_corrections_api(event, organiser, stands):
    (application, contact), _other = stands
    ticket = register(event).tickets[0]
    ticket_check_in(token=ticket.token, event_id=event.pk, by=organiser)
    visit = stand_visit_record(application=application, token=ticket.token, by=contact)
    url = reverse("api-attendance-correction", args=[event.pk])

    refused = api(organiser).post(
        url, {"correction": "stand_visit", "visit": visit.pk, "reason": ""}, format="json"
    )
    removed = api(organiser).post(
        url, {"correction": "stand_visit", "visit": visit.pk, "reason": "Test scan"}, format="json"
    )
    undone = api(organiser).post(
        url, {"correction": "admission", "ticket": ticket.pk, "reason": "Test scan"}, format="json"
    )

    assert refused.status_code == 400 and refused.json()["code"] == "reason_required"
    assert removed.status_code == 200 and not StandInteraction.objects.exists()
    assert undone.status_code == 200 and undone.json()["admitted"] is False
