"""A registration's page shows its history to the event's organisers: the audit entries about it
and its tickets, newest first, with when, who and what, in the same queries however many."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import dateformat, timezone

from accounts.audit import audit_record
from accounts.models import AuditAction, AuditEntry, Role
from events.models import Event, Registration
from tests.events.conftest import register
from tests.factories import member

pytestmark = pytest.mark.django_db


def page_url(registration: Registration, action: str = "") -> str:
    base = f"/events/manage/{registration.event_id}/registrations/{registration.pk}/"
    return f"{base}{action}/" if action else base


def history_rows(html: str) -> list[str]:
    """The History table's rows as text, in page order."""
    section = html.split('id="history"', 1)[1]
    body = section.split("<tbody", 1)[1].split("</tbody>", 1)[0] if "<tbody" in section else ""
    rows = re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", body, flags=re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in rows]


def _started_an_hour_ago(event: Event) -> None:
    starts = timezone.now() - timedelta(hours=1)
    Event.objects.filter(pk=event.pk).update(starts_at=starts, ends_at=starts + timedelta(hours=5))


def test_a_new_registration_has_no_history_yet(client, event, organiser):
    registration = register(event).registration
    client.force_login(organiser)

    html = client.get(page_url(registration)).content.decode()

    assert "History" in html
    assert "Nothing has been done to this registration since it was made." in html


def test_an_organisers_cancellation_shows_with_their_email_and_reason(client, event, organiser):
    registration = register(event).registration
    client.force_login(organiser)
    client.post(page_url(registration, "cancel"), {"reason": "Double booking"})

    rows = history_rows(client.get(page_url(registration)).content.decode())

    assert len(rows) == 1
    assert "A registration cancelled by an organiser" in rows[0]
    assert organiser.email in rows[0]
    assert "Reason: Double booking" in rows[0]


def test_an_admission_by_hand_shows_newest_first(client, event, organiser):
    registration = register(event).registration
    ticket = registration.tickets.get()
    client.force_login(organiser)
    client.post(page_url(registration, "resend"))
    _started_an_hour_ago(event)
    client.post(page_url(registration, "admit"), {"ticket": ticket.pk})

    rows = history_rows(client.get(page_url(registration)).content.decode())

    assert len(rows) == 3
    assert "A person admitted by hand by an organiser" in rows[0]
    assert "Ticket admitted at the door" in rows[1] and f"Ticket {ticket.number}" in rows[1]
    assert "A ticket sent again by an organiser" in rows[2]
    assert all(organiser.email in row for row in rows)
    admitted = AuditEntry.objects.get(action=AuditAction.REGISTRATION_ADMIT_BY_HAND)
    # London time, written as the rest of the page writes its dates.
    assert rows[0].startswith(
        dateformat.format(timezone.localtime(admitted.created_at), "j E Y, H:i")
    )


def test_the_person_and_the_system_are_named_when_no_one_signed_in_acted(client, event, organiser):
    registration = register(event).registration
    ticket = registration.tickets.get()
    client.post(f"/tickets/{ticket.token}/cancel/")  # the holder, with their link
    audit_record(
        actor=None,
        action=AuditAction.REGISTRATION_TICKET_RESEND,
        target=registration,
        label="test",
    )
    client.force_login(organiser)

    rows = history_rows(client.get(page_url(registration)).content.decode())

    assert "The system" in rows[0] and "A ticket sent again" in rows[0]
    assert "The person" in rows[1] and "A place cancelled by its ticket holder" in rows[1]


def test_only_this_registrations_entries_of_the_kinds_shown(client, event, organiser):
    registration = register(event).registration
    other = register(event, email="other@example.net").registration
    client.force_login(organiser)
    client.post(page_url(other, "cancel"), {"reason": "Someone else"})
    # An entry about the registration that is not about what was done to the place.
    audit_record(
        actor=organiser,
        action=AuditAction.REGISTRATION_SUBJECT_ACCESS,
        target=registration,
        label="look-up",
        details={"reason": "secret"},
    )

    html = client.get(page_url(registration)).content.decode()

    assert history_rows(html) == []
    assert "Someone else" not in html and "secret" not in html


def test_the_page_reads_one_or_five_entries_in_the_same_queries(client, event, organiser):
    registration = register(event).registration
    client.force_login(organiser)
    client.post(page_url(registration, "resend"))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page_url(registration)).status_code == 200
        return len(captured.captured_queries)

    one = queries()
    for action in (
        AuditAction.REGISTRATION_ADJUSTMENTS_CHANGE,
        AuditAction.REGISTRATION_PROMOTE,
        AuditAction.OFFER_CLAIM,
        AuditAction.REGISTRATION_TICKET_RESEND,
    ):
        audit_record(actor=organiser, action=action, target=registration, label="test")
    five = queries()

    assert len(history_rows(client.get(page_url(registration)).content.decode())) == 5
    assert one == five


def test_the_history_stays_the_events_organisers_alone(client, event):
    registration = register(event).registration
    client.force_login(member(Role.LEAD))

    assert client.get(page_url(registration)).status_code == 404
