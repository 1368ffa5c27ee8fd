"""The door: one admission per ticket, every scan logged, resends and offline scans exact."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import AuditAction, AuditEntry, Role
from core.exceptions import NotAllowed
from events import door_sql
from events.checkin import CheckInError, ticket_check_in, walk_in_check_in
from events.door import door_counts, offline_ticket_list, ticket_search
from events.models import CheckIn, Event, StandApplication, StandInteraction, Ticket
from events.permissions import may_scan_at
from events.scanners import scanner_authorise
from events.services import event_cancel, registration_cancel, stand_apply, stand_approve
from events.stand_visits import stand_visit_record
from tests.events.conftest import register
from tests.factories import EventFactory, UserFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(event):
    return register(event, adjustments=["bsl_interpreter"]).tickets[0]


def scan(ticket_or_token, event, by, **kwargs):
    token = ticket_or_token if isinstance(ticket_or_token, str) else ticket_or_token.token
    return ticket_check_in(token=token, event_id=event.pk, by=by, **kwargs)


def test_first_scan_admits_and_a_repeat_says_when(event, organiser, ticket):
    first = scan(ticket, event, organiser)
    second = scan(ticket, event, organiser)

    assert (first.result, first.http_status) == ("ok", 201)
    assert (second.result, second.http_status) == ("already_checked_in", 200)
    assert second.first_checked_in_at == first.first_checked_in_at
    assert Ticket.objects.get(pk=ticket.pk).checked_in_at == first.first_checked_in_at
    assert list(CheckIn.objects.order_by("pk").values_list("result", flat=True)) == [
        "ok",
        "already_checked_in",
    ]


def test_the_same_scan_sent_twice_is_one_scan(event, organiser, ticket):
    client_id = uuid.uuid4()

    first = scan(ticket, event, organiser, client_id=client_id)
    resent = scan(ticket, event, organiser, client_id=client_id)

    assert first.result == resent.result == "ok"
    assert resent.repeated and resent.scan_id == first.scan_id
    assert CheckIn.objects.count() == 1


def test_ticket_for_another_event_is_refused(event, organiser, ticket):
    other = EventFactory(venue=event.venue)

    result = scan(ticket, other, organiser)

    assert (result.result, result.http_status) == ("wrong_event", 409)
    assert Ticket.objects.get(pk=ticket.pk).checked_in_at is None


def test_cancelled_ticket_and_cancelled_event_are_refused(event, organiser, ticket):
    second = register(event, email="ola@example.net").tickets[0]
    registration_cancel(registration=ticket.registration, by=organiser)

    assert scan(ticket, event, organiser).result == "cancelled"
    event_cancel(event=event, by=organiser, reason="Flooding")
    assert scan(second, event, organiser).http_status == 410


@pytest.mark.parametrize(
    "token",
    ["", "x", "forged-token-forged-token-forged-token", "ą" * 32, "A" * 5000, "'; DROP --"],
    ids=["empty", "truncated", "forged", "non-ascii", "over-long", "sql"],
)
def test_bad_tokens_are_invalid_and_logged_never_an_error(event, organiser, ticket, token):
    result = scan(token, event, organiser)

    assert (result.result, result.http_status) == ("invalid", 404)
    logged = CheckIn.objects.get()
    assert logged.result == "invalid" and len(logged.scanned_value) <= 16
    assert logged.scanned_value.isascii()


def test_a_truncated_real_token_is_not_accepted(event, organiser, ticket):
    assert scan(ticket.token[:-1], event, organiser).result == "invalid"


def test_only_organisers_and_their_volunteers_scan_at_an_event(event, organiser, ticket):
    volunteer = UserFactory()
    other_event = EventFactory()
    scanner_authorise(
        event=other_event,
        user=volunteer,
        by=member(Role.JOBCENTRE_ORGANISER, other_event.organiser),
    )

    with pytest.raises(NotAllowed):
        scan(ticket, event, volunteer)
    with pytest.raises(NotAllowed):
        scan("forged", event, volunteer)
    scanner_authorise(event=event, user=volunteer, by=organiser)
    assert scan(ticket, event, volunteer).result == "ok"
    with pytest.raises(NotAllowed):
        scanner_authorise(event=event, user=UserFactory(), by=volunteer)


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("organiser", True),
        ("admin", True),
        ("superuser", True),
        ("volunteer here", True),
        ("volunteer at another event", False),
        ("organiser of another Jobcentre", False),
        ("other role in the organising Jobcentre", False),
        ("lead", False),
    ],
)
def test_who_may_scan_at_the_door_is_exactly_the_scanner_rule(event, organiser, who, allowed):
    other_event = EventFactory()
    users = {
        "organiser": lambda: organiser,
        "admin": lambda: member(Role.ADMIN),
        "superuser": lambda: UserFactory(is_superuser=True),
        "volunteer here": lambda: (
            scanner_authorise(event=event, user=UserFactory(), by=organiser).user
        ),
        "volunteer at another event": lambda: (
            scanner_authorise(
                event=other_event,
                user=UserFactory(),
                by=member(Role.JOBCENTRE_ORGANISER, other_event.organiser),
            ).user
        ),
        "organiser of another Jobcentre": lambda: member(Role.JOBCENTRE_ORGANISER),
        "other role in the organising Jobcentre": lambda: member(
            Role.EMPLOYER_CONTACT, event.organiser
        ),
        "lead": lambda: member(Role.LEAD),
    }
    user = users[who]()
    ticket = register(event).tickets[0]

    assert may_scan_at(user, event) is allowed
    for token in (ticket.token, "forged-but-well-formed-0123"):
        if allowed:
            assert scan(token, event, user).result in {"ok", "invalid"}
        else:
            with pytest.raises(NotAllowed):
                scan(token, event, user)
    assert (Ticket.objects.get(pk=ticket.pk).checked_in_at is not None) is allowed
    assert CheckIn.objects.count() == (2 if allowed else 0)


def test_two_phones_admitting_one_ticket_offline_count_once_and_flag_it(event, organiser, ticket):
    scanned = timezone.now() - timedelta(minutes=20)
    # A device's own scan time must be on the event's day: the fair is on today.
    Event.objects.filter(pk=event.pk).update(
        starts_at=scanned - timedelta(hours=1), ends_at=scanned + timedelta(hours=4)
    )

    phone_a = scan(ticket, event, organiser, offline=True, scanned_at=scanned, device="phone A")
    phone_b = scan(
        ticket,
        event,
        organiser,
        offline=True,
        scanned_at=scanned + timedelta(seconds=40),
        device="phone B",
    )

    assert phone_a.result == "ok" and not phone_a.conflict
    assert phone_b.result == "already_checked_in" and phone_b.conflict
    assert CheckIn.objects.count() == 2
    assert Ticket.objects.get(pk=ticket.pk).checked_in_at == scanned
    counts = door_counts(event=event)
    assert (counts.checked_in, counts.conflicts) == (1, 1)


def test_a_device_clock_in_the_future_is_not_believed(event, organiser, ticket):
    result = scan(ticket, event, organiser, scanned_at=timezone.now() + timedelta(days=2))

    assert result.first_checked_in_at <= timezone.now()


def test_event_with_re_entry_lets_people_back_in_and_counts_them_once(organiser, event, ticket):
    Event.objects.filter(pk=event.pk).update(allow_reentry=True)

    first, again = scan(ticket, event, organiser), scan(ticket, event, organiser)

    assert first.result == again.result == "ok"
    assert again.reentry and again.http_status == 200
    assert door_counts(event=event).checked_in == 1


def test_walk_in_is_registered_and_admitted_with_minimum_details(event, organiser):
    result = walk_in_check_in(
        event=event,
        name="  Maureen   Hughes ",
        category="fifty_plus",
        by=organiser,
        privacy_told=True,
    )

    assert result.result == "ok"
    assert result.ticket.registration.walk_in
    assert result.ticket.holder_label == "Maureen Hughes"
    assert door_counts(event=event).walk_ins == 1


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"name": "", "category": "jobseeker", "privacy_told": True}, "name_required"),
        ({"name": "Al", "category": "astronaut", "privacy_told": True}, "invalid_category"),
        (
            {"name": "Al", "category": "jobseeker", "privacy_told": False},
            "privacy_consent_required",
        ),
    ],
)
def test_walk_in_with_missing_facts_is_refused_and_saves_nothing(event, organiser, fields, code):
    with pytest.raises(CheckInError) as error:
        walk_in_check_in(event=event, by=organiser, **fields)

    assert error.value.code == code
    assert not Ticket.objects.exists()


def test_walk_ins_stop_when_the_people_inside_fill_the_places(organiser):
    event = EventFactory(capacity=1)
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)
    walk_in_check_in(event=event, name="One", category="other", by=organiser, privacy_told=True)

    with pytest.raises(CheckInError, match="1 people are inside"):
        walk_in_check_in(event=event, name="Two", category="other", by=organiser, privacy_told=True)


def test_door_search_finds_by_name_number_email_and_phone(event, organiser):
    sam = register(
        event, name="Samira Khan", email="samira@example.net", phone="07700 900123"
    ).tickets[0]
    register(event, name="Tom Ng", email="tom@example.net")

    assert ticket_search(event=event, query="samira") == [sam]
    assert ticket_search(event=event, query=sam.number.lower()) == [sam]
    assert ticket_search(event=event, query="SAMIRA@example.net") == [sam]
    assert ticket_search(event=event, query="07700900123") == [sam]
    assert ticket_search(event=event, query="s") == []


def test_offline_list_has_what_the_green_screen_needs_and_no_contact_details(event, ticket):
    import hashlib

    (row,) = offline_ticket_list(event=event)

    assert row["token_sha256"] == hashlib.sha256(ticket.token.encode()).hexdigest()
    assert row["label"] == "Sam Patel" and row["adjustments"] == ["bsl_interpreter"]
    assert ticket.token not in str(row) and "sam@example.net" not in str(row)


def test_stand_visit_is_recorded_once_per_visitor_with_notes(
    event, organiser, ticket, employer, employer_contact
):
    application = stand_apply(
        event=event, employer=employer, by=employer_contact, representatives=1
    )
    stand_approve(application=application, by=organiser)
    application.refresh_from_db()

    stand_visit_record(
        application=application, token=ticket.token, by=employer_contact, note="Forklift licence"
    )
    stand_visit_record(
        application=application, token=ticket.token, by=employer_contact, note="Call Monday"
    )

    visit = StandInteraction.objects.get()
    assert visit.note == "Forklift licence\nCall Monday"
    with pytest.raises(NotAllowed):
        stand_visit_record(
            application=application, token=ticket.token, by=member(Role.EMPLOYER_CONTACT)
        )
    with pytest.raises(CheckInError):
        stand_visit_record(application=application, token="forged", by=employer_contact)
    assert application.status == StandApplication.Status.APPROVED


def statements(queries) -> list[str]:
    """The first word of each statement sent: SELECT, INSERT, UPDATE, DELETE, BEGIN, COMMIT..."""
    return [query["sql"].split(None, 1)[0].upper() for query in queries.captured_queries]


# Counted exactly are the statements that read or write data. Transaction control is logged too
# but not alike everywhere (SQLite's "BEGIN IMMEDIATE", PostgreSQL's "BEGIN"; SAVEPOINT and
# RELEASE inside an outer transaction), so it is only checked where it shows the writes' one
# transaction.
DATA = {"SELECT", "INSERT", "UPDATE", "DELETE"}


# Transactional like a real request (no outer transaction, so no savepoint around the writes).
@pytest.mark.django_db(transaction=True)
def test_a_successful_check_in_is_one_read_then_one_transaction_of_three_writes(
    event, organiser, ticket
):
    organiser.role_memberships  # noqa: B018 - the request's user is loaded with its roles

    with CaptureQueriesContext(connection) as queries:
        result = scan(ticket, event, organiser, client_id=uuid.uuid4())

    assert result.result == "ok"
    # Read (ticket, right to scan, resend), then admit (and, as this person asked for an
    # adjustment, tick the arranged ones met: one UPDATE), log the scan, write the audit entry...
    assert [kind for kind in statements(queries) if kind in DATA] == [
        "SELECT",
        "UPDATE",
        "UPDATE",
        "INSERT",
        "INSERT",
    ]
    # ... committed together: never a ticket admitted without its scan logged and audited.
    assert statements(queries) == [
        "SELECT",
        "BEGIN",
        "UPDATE",
        "UPDATE",
        "INSERT",
        "INSERT",
        "COMMIT",
    ]
    assert Ticket.objects.get(pk=ticket.pk).checked_in_at == result.first_checked_in_at
    assert AuditEntry.objects.filter(action=AuditAction.CHECKIN_ADMIT).count() == 1


def test_the_same_scan_arriving_twice_at_once_admits_nothing_more(
    event, organiser, ticket, monkeypatch
):
    """Two copies of one scan (one client_id) racing: the one that logs second is undone whole,
    its admission included, and answers as the first."""
    client_id = uuid.uuid4()
    first = scan(ticket, event, organiser, client_id=client_id)
    other = register(event, email="ola@example.net").tickets[0]
    # The copy's read ran before the first was logged: it did not see it.
    monkeypatch.setattr(door_sql, "prior_scan_sql", lambda _client_id, _event_id: ("NULL", []))

    copy = scan(other, event, organiser, client_id=client_id)

    assert copy.repeated and (copy.scan_id, copy.result) == (first.scan_id, "ok")
    assert Ticket.objects.get(pk=other.pk).checked_in_at is None
    assert CheckIn.objects.count() == 1
    assert AuditEntry.objects.filter(action=AuditAction.CHECKIN_ADMIT).count() == 1
