"""On PostgreSQL a ticket is admitted, its scan logged and audited by one statement: the rows it
writes and the answer it gives are the same as the three writes in one transaction give, in
every case the door meets (first scan, repeat, offline repeat, re-entry, walk-in, a reused scan
id), and a refused statement leaves nothing behind."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import AuditEntry, Role
from events import checkin
from events.checkin import ClientIdReused, ticket_check_in, walk_in_check_in
from events.models import CheckIn, Event, Ticket
from tests.events.conftest import register
from tests.factories import EventFactory, member

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="one statement on PostgreSQL only"
    ),
]

SCAN_FIELDS = ("result", "offline", "walk_in", "conflict", "scanned_value", "device", "by_id")
AUDIT_FIELDS = ("action", "actor_id", "actor_email", "target_type", "target_label", "ip")


def written(result) -> dict[str, object]:
    """What the scan left: its answer, its row, its audit entry and the ticket's admission."""
    scan = CheckIn.objects.get(pk=result.scan_id)
    entry = AuditEntry.objects.filter(details__scan_id=result.scan_id).get()
    details = dict(entry.details)
    assert details.pop("scan_id") == result.scan_id
    assert entry.target_id == str(scan.ticket_id)
    return {
        "answer": (result.result, result.http_status, result.reentry, result.conflict),
        "first": result.first_checked_in_at == Ticket.objects.get(pk=scan.ticket_id).checked_in_at,
        "scan": {name: getattr(scan, name) for name in SCAN_FIELDS},
        "entry": {**{name: getattr(entry, name) for name in AUDIT_FIELDS}, **details},
    }


def scans(event, **changes):
    """A fresh ticket scanned twice (the second one with ``changes``), what both left."""
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)
    ticket = register(event, email=f"{uuid.uuid4().hex[:8]}@example.net").tickets[0]
    # The fair is under way: a scan sent late from an offline phone is on its day.
    starts = timezone.now() - timedelta(hours=1)
    Event.objects.filter(pk=event.pk).update(starts_at=starts, ends_at=starts + timedelta(hours=6))
    first = ticket_check_in(token=ticket.token, event_id=event.pk, by=organiser, device="phone")
    again = ticket_check_in(
        token=ticket.token, event_id=event.pk, by=organiser, device="phone", **changes
    )
    out = [written(first), written(again)]
    for item in out:  # this ticket's and this organiser's own values, checked, then set aside
        assert item["scan"].pop("scanned_value") == ticket.token[:16]
        assert item["scan"].pop("by_id") == item["entry"].pop("actor_id") == organiser.pk
        assert item["entry"].pop("actor_email") == organiser.email
        assert item["entry"].pop("target_label") == ticket.number
        assert item["entry"].pop("event_id") == event.pk
    return out


@pytest.mark.parametrize(
    ("event_fields", "second"),
    [
        ({}, {}),
        ({}, {"offline": True, "scanned_minutes_ago": 20}),
        ({"allow_reentry": True}, {}),
    ],
    ids=["repeat", "offline repeat", "re-entry"],
)
def test_one_statement_writes_what_the_transaction_writes(event_fields, second, monkeypatch):
    second = dict(second)
    if "scanned_minutes_ago" in second:  # taken when the test runs, not when it is collected
        ago = timedelta(minutes=second.pop("scanned_minutes_ago"))
        second["scanned_at"] = timezone.now() - ago
    one_statement = scans(EventFactory(**event_fields), **second)
    # The three writes in one transaction, as on SQLite.
    monkeypatch.setattr(checkin, "admission_write", lambda **_kw: None)
    in_a_transaction = scans(EventFactory(**event_fields), **second)

    assert one_statement == in_a_transaction
    assert one_statement[0]["answer"][:2] == ("ok", 201)


def test_a_walk_in_is_audited_as_one():
    event = EventFactory(starts_at=timezone.now() - timedelta(hours=1))
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)

    result = walk_in_check_in(
        event=event, name="Sam", category="jobseeker", by=organiser, privacy_told=True
    )

    assert result.result == "ok" and result.first_checked_in_at is not None
    assert written(result)["entry"]["action"] == "checkin.walk_in"
    assert CheckIn.objects.get(pk=result.scan_id).walk_in is True


def test_a_scan_id_reused_at_another_event_undoes_the_whole_statement():
    event, other = EventFactory(), EventFactory()
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)
    other_organiser = member(Role.JOBCENTRE_ORGANISER, other.organiser)
    used = uuid.uuid4()
    elsewhere = register(other).tickets[0]
    ticket_check_in(token=elsewhere.token, event_id=other.pk, by=other_organiser, client_id=used)
    ticket = register(event).tickets[0]
    entries = AuditEntry.objects.count()

    with pytest.raises(ClientIdReused):
        ticket_check_in(token=ticket.token, event_id=event.pk, by=organiser, client_id=used)

    assert Ticket.objects.get(pk=ticket.pk).checked_in_at is None  # not admitted after all
    assert not CheckIn.objects.filter(event=event).exists()
    assert AuditEntry.objects.count() == entries
    assert Event.objects.get(pk=event.pk).status == Event.Status.PUBLISHED
