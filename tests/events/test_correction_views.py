"""The organiser's pages for correcting attendance: find the admission or the visit, give a
reason, and the record (and every figure) changes; without a reason nothing does."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import AuditAction, AuditEntry, Role
from events.checkin import ticket_check_in
from events.models import StandInteraction, Ticket
from events.services import stand_apply, stand_approve
from events.stand_visits import stand_visit_record
from tests.events.conftest import register
from tests.factories import EmployerFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def stands(event, organiser):
    found = []
    for name in ("Acme Care", "Bolt Logistics"):
        employer = EmployerFactory(name=name)
        contact = member(Role.EMPLOYER_CONTACT, employer.organisation)
        application = stand_apply(event=event, employer=employer, by=contact, representatives=1)
        stand_approve(application=application, by=organiser)
        application.refresh_from_db()
        found.append((application, contact))
    return found


@pytest.fixture
def admitted(event, organiser):
    ticket = register(event, name="Zofia Nowak", email="zofia@example.net").tickets[0]
    ticket_check_in(token=ticket.token, event_id=event.pk, by=organiser)
    return ticket


def test_the_page_lists_admissions_and_visits_and_searches_them(
    client, event, organiser, stands, admitted
):
    (acme, contact), _bolt = stands
    stand_visit_record(application=acme, token=admitted.token, by=contact)
    other = register(event, name="Tom Byrne", email="tom@example.net").tickets[0]
    ticket_check_in(token=other.token, event_id=event.pk, by=organiser)
    client.force_login(organiser)
    url = reverse("events:corrections", args=[event.pk])

    page = client.get(url)
    assert page.status_code == 200
    assert "Zofia Nowak" in page.text and "Tom Byrne" in page.text
    assert "Acme Care" in page.text

    found = client.get(url, {"q": "zofia"})
    assert "Zofia Nowak" in found.text and "Tom Byrne" not in found.text

    dashboard = client.get(reverse("events:dashboard", args=[event.pk]))
    assert url in dashboard.text


def test_undoing_an_admission_needs_a_reason_and_then_counts_no_more(
    client, event, organiser, admitted
):
    client.force_login(organiser)
    url = reverse("events:correction_admission", args=[event.pk, admitted.pk])

    refused = client.post(url, {"reason": "  "})
    assert refused.status_code == 200
    assert "Say why the record is being corrected." in refused.text
    assert Ticket.objects.get(pk=admitted.pk).checked_in_at is not None

    done = client.post(url, {"reason": "Scanned the wrong ticket"}, follow=True)
    assert "no longer counted as admitted" in done.text
    assert Ticket.objects.get(pk=admitted.pk).checked_in_at is None
    entry = AuditEntry.objects.get(action=AuditAction.ATTENDANCE_CORRECT)
    assert entry.details["reason"] == "Scanned the wrong ticket"
    assert entry.actor == organiser


def test_a_visit_moves_to_the_stand_it_was_really_at(client, event, organiser, stands, admitted):
    (acme, contact), (bolt, _c) = stands
    visit = stand_visit_record(application=acme, token=admitted.token, by=contact)
    client.force_login(organiser)
    url = reverse("events:correction_visit", args=[event.pk, visit.pk])

    page = client.get(url)
    assert "Bolt Logistics" in page.text  # offered as where it really was

    client.post(url, {"correction": str(bolt.pk), "reason": "Scanned on the wrong phone"})
    assert StandInteraction.objects.get(pk=visit.pk).application_id == bolt.pk


def test_a_visit_is_removed_and_a_choice_is_required(client, event, organiser, stands, admitted):
    (acme, contact), _bolt = stands
    visit = stand_visit_record(application=acme, token=admitted.token, by=contact)
    client.force_login(organiser)
    url = reverse("events:correction_visit", args=[event.pk, visit.pk])

    refused = client.post(url, {"reason": "Test"})
    assert "Choose whether to remove the visit or move it." in refused.text
    assert StandInteraction.objects.filter(pk=visit.pk).exists()

    client.post(url, {"correction": "remove", "reason": "A test scan"})
    assert not StandInteraction.objects.filter(pk=visit.pk).exists()


def test_nobody_else_sees_or_corrects(client, event, stands, admitted):
    (acme, contact), _bolt = stands
    visit = stand_visit_record(application=acme, token=admitted.token, by=contact)
    for outsider in (contact, member(Role.LEAD), member(Role.JOBCENTRE_ORGANISER)):
        client.force_login(outsider)
        assert client.get(reverse("events:corrections", args=[event.pk])).status_code == 404
        response = client.post(
            reverse("events:correction_admission", args=[event.pk, admitted.pk]),
            {"reason": "Mine now"},
        )
        assert response.status_code == 404
        response = client.post(
            reverse("events:correction_visit", args=[event.pk, visit.pk]),
            {"correction": "remove", "reason": "Mine now"},
        )
        assert response.status_code == 404
    assert Ticket.objects.get(pk=admitted.pk).checked_in_at is not None
    assert StandInteraction.objects.filter(pk=visit.pk).exists()
