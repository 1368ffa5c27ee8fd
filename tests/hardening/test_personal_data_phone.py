"""Personal data requests for people who registered with a mobile number only, and a report that
holds everything kept about a person: what their stand visits led to, their feedback, how their
adjustments were followed through and the places offered to them from the waiting list."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import AuditAction, AuditEntry, Role
from events.models import (
    AdjustmentItem,
    AdjustmentStatus,
    FeedbackBarrier,
    FeedbackRequest,
    PlaceOffer,
    Registration,
    StandApplication,
    StandInteraction,
    VisitOutcome,
)
from events.privacy import subject_access_report, subject_key
from events.services import registration_create
from tests.factories import EmployerFactory, EventFactory, member

pytestmark = pytest.mark.django_db

PHONE = "+447700900123"
TYPED = "07700 900123"


def register(event, **answers):
    """One person registered through the real service."""
    fields = {"name": "Jordan Reid", "category": "jobseeker", "privacy_consent": True}
    fields.update(answers)
    return registration_create(event=event, **fields).registration


@pytest.fixture
def jordan():
    """Jordan registered with a mobile number only, at a fair run by one Jobcentre."""
    event = EventFactory()
    return register(event, phone="+44 7700 900123")


def audit_text() -> str:
    return json.dumps([[e.target_label, e.details] for e in AuditEntry.objects.all()], default=str)


# --- Found, downloaded and erased by phone ---------------------------------------------------


def test_the_number_is_stored_normalised_so_it_can_be_found(jordan):
    assert (jordan.email, jordan.phone) == ("", PHONE)


def test_an_organiser_finds_a_phone_only_person_by_the_number_typed_another_way(client, jordan):
    client.force_login(member(Role.JOBCENTRE_ORGANISER, jordan.event.organiser))

    page = client.post("/personal-data/", {"contact": TYPED}).content.decode()

    assert "1 registration found" in page
    assert jordan.event.title in page and "Jordan Reid" in page
    # The next steps carry the number, normalised, in the form's body (never in a URL).
    assert f'name="contact" value="{PHONE}"' in page
    (entry,) = AuditEntry.objects.filter(action=AuditAction.REGISTRATION_SUBJECT_ACCESS)
    assert entry.details == {
        "step": "search",
        "subject": subject_key(PHONE),
        "registrations": [jordan.pk],
    }


def test_the_former_field_name_still_finds_them(client, jordan):
    client.force_login(member(Role.LEAD))

    page = client.post("/personal-data/", {"email": "+44 (0)7700 900123"}).content.decode()

    assert "1 registration found" in page


def test_an_organiser_of_another_jobcentre_does_not_find_them(client, jordan):
    client.force_login(member(Role.JOBCENTRE_ORGANISER))

    page = client.post("/personal-data/", {"contact": TYPED}).content.decode()
    download = client.post("/personal-data/download/", {"contact": TYPED, "file_format": "json"})

    assert "0 registrations found" in page
    assert "No registrations with this phone number at events you can act for." in page
    assert "Jordan Reid" not in page
    assert download.status_code == 400
    assert "No registrations with this phone number" in download.content.decode()


def test_a_phone_only_person_s_data_is_downloaded(client, jordan):
    client.force_login(member(Role.JOBCENTRE_ORGANISER, jordan.event.organiser))

    response = client.post("/personal-data/download/", {"contact": PHONE, "file_format": "json"})

    (row,) = json.loads(response.content)["registrations"]
    assert row["registration_id"] == jordan.pk
    assert (row["name"], row["email"], row["phone"]) == ("Jordan Reid", "", PHONE)
    assert row["event"]["title"] == jordan.event.title
    (entry,) = AuditEntry.objects.filter(action=AuditAction.REGISTRATION_SUBJECT_ACCESS)
    assert (entry.details["step"], entry.details["subject"]) == ("download", subject_key(PHONE))


def test_a_phone_only_person_is_erased_and_the_counts_kept(client, jordan):
    organiser = member(Role.JOBCENTRE_ORGANISER, jordan.event.organiser)
    client.force_login(organiser)
    ticket = jordan.tickets.get()

    asked = client.post("/personal-data/erase/", {"contact": TYPED})
    response = client.post(
        "/personal-data/erase/",
        {"contact": PHONE, "confirm_step": "1", "confirm": "on"},
        follow=True,
    )

    assert "This cannot be undone." in asked.content.decode()
    assert f'name="contact" value="{PHONE}"' in asked.content.decode()
    assert "Erased the personal data of 1 registrations" in response.content.decode()
    jordan.refresh_from_db()
    assert (jordan.name, jordan.email, jordan.phone) == ("", "", "")
    assert jordan.personal_data_purged_at is not None
    assert Registration.objects.filter(event=jordan.event).count() == 1
    ticket.refresh_from_db()
    assert ticket.holder_label == "" and ticket.registration_id == jordan.pk
    (entry,) = AuditEntry.objects.filter(action=AuditAction.REGISTRATION_ERASE)
    assert (entry.actor, entry.details["subject"]) == (organiser, subject_key(PHONE))
    again = client.post("/personal-data/", {"contact": TYPED}).content.decode()
    assert "0 registrations found" in again


@pytest.mark.parametrize(
    "given", ["jordan reid", "0770090", "+33 1 23 45 67 89", "07700 900123 ext"]
)
def test_neither_an_address_nor_a_number_is_refused_and_nothing_is_searched(client, jordan, given):
    client.force_login(member(Role.LEAD))

    search = client.post("/personal-data/", {"contact": given})
    download = client.post("/personal-data/download/", {"contact": given, "file_format": "json"})
    erase = client.post("/personal-data/erase/", {"contact": given})

    message = (
        "Enter an e-mail address like name@example.com, or a UK mobile number like 07700 900123."
    )
    for response in (search, download, erase):
        assert response.status_code in (200, 400)
        assert message in response.content.decode()
        assert "There is a problem" in response.content.decode()
    assert "registration found" not in search.content.decode()
    assert not AuditEntry.objects.exists()
    jordan.refresh_from_db()
    assert jordan.name == "Jordan Reid"


def test_the_audit_log_never_holds_the_number_or_the_address(client):
    event = EventFactory()
    register(event, phone=TYPED)
    register(event, name="Ash Cole", email="Ash.Cole@example.net", phone="07700 900456")
    client.force_login(member(Role.LEAD))

    for contact in (TYPED, "ash.cole@example.net"):
        client.post("/personal-data/", {"contact": contact})
        client.post("/personal-data/download/", {"contact": contact, "file_format": "csv"})
        client.post(
            "/personal-data/erase/", {"contact": contact, "confirm_step": "1", "confirm": "on"}
        )

    assert AuditEntry.objects.filter(action=AuditAction.REGISTRATION_ERASE).count() == 2
    logged = audit_text().lower()
    for held in (PHONE, "7700900123", "07700 900123", "900123", "ash.cole", "example.net"):
        assert held not in logged
    assert "jordan" not in logged and "ash cole" not in logged


# --- Everything held: outcomes, feedback, adjustments, offers --------------------------------


def held_in_full(event, employer="Hertford Bakery", **answers):
    """Someone who asked for a quiet room, was offered a place from the waiting list, met an
    employer who recorded what the visit led to, and answered the feedback afterwards."""
    registration = register(event, adjustments=["quiet_room"], **answers)
    ticket = registration.tickets.get()
    now = timezone.now()
    AdjustmentItem.objects.filter(registration=registration).update(
        status=AdjustmentStatus.MET,
        arranged_at=now - timedelta(days=3),
        confirmed_at=now - timedelta(days=2),
        met_at=now - timedelta(days=1),
    )
    PlaceOffer.objects.create(
        event=event,
        registration=registration,
        places=1,
        status=PlaceOffer.Status.CLAIMED,
        offered_at=now - timedelta(days=5),
        expires_at=now - timedelta(days=4),
        resolved_at=now - timedelta(days=4, hours=12),
    )
    stand = StandApplication.objects.create(
        event=event,
        employer=EmployerFactory(name=employer),
        representatives=1,
        status=StandApplication.Status.APPROVED,
        stand_number=7,
    )
    visit = StandInteraction.objects.create(application=stand, ticket=ticket)
    VisitOutcome.objects.create(
        interaction=visit,
        interview_offered=True,
        application_started=False,
        rating=4,
        note="Strong on the early shift",
        visitor_agreed=True,
    )
    feedback = FeedbackRequest.objects.create(
        event=event,
        registration=registration,
        invited_at=now - timedelta(hours=20),
        answered_at=now - timedelta(hours=2),
        usefulness="very_useful",
        met_employer="yes",
        adjustments_met="yes",
        comment="The quiet room helped",
    )
    FeedbackBarrier.objects.create(feedback=feedback, theme="transport")
    return registration


def test_the_report_holds_outcomes_feedback_adjustments_and_offers(client):
    event = EventFactory()
    jordan = held_in_full(event, phone=TYPED)
    client.force_login(member(Role.JOBCENTRE_ORGANISER, event.organiser))

    response = client.post("/personal-data/download/", {"contact": PHONE, "file_format": "json"})

    (row,) = json.loads(response.content)["registrations"]
    assert row["registration_id"] == jordan.pk
    (visit,) = row["tickets"][0]["stand_visits"]
    assert visit["employer"] == "Hertford Bakery"
    outcome = visit["outcome"]
    assert (outcome["interview_offered"], outcome["application_started"]) == (True, False)
    assert (outcome["rating"], outcome["note"]) == (4, "Strong on the early shift")
    assert outcome["visitor_agreed"] is True and outcome["updated_at"]
    feedback = row["feedback"]
    assert (feedback["usefulness"], feedback["usefulness_label"]) == ("very_useful", "Very useful")
    assert (feedback["met_employer"], feedback["adjustments_met"]) == ("yes", "yes")
    assert feedback["barriers"] == ["transport"]
    assert feedback["barriers_labels"] == ["Transport"]
    assert feedback["comment"] == "The quiet room helped"
    assert feedback["invited_at"] and feedback["answered_at"]
    (item,) = row["adjustments_follow_through"]
    assert (item["adjustment"], item["status"], item["status_label"]) == (
        "quiet_room",
        "met",
        "Met on the day",
    )
    assert item["arranged_at"] and item["confirmed_at"] and item["met_at"]
    (offer,) = row["place_offers"]
    assert (offer["places"], offer["status"], offer["status_label"]) == (1, "claimed", "Claimed")
    assert offer["offered_at"] and offer["expires_at"] and offer["resolved_at"]


def test_the_page_and_the_csv_say_the_same(client):
    event = EventFactory()
    held_in_full(event, email="jordan@example.net")
    client.force_login(member(Role.LEAD))

    page = client.post(
        "/personal-data/download/", {"contact": "jordan@example.net", "file_format": "html"}
    ).content.decode()
    as_csv = client.post(
        "/personal-data/download/", {"contact": "jordan@example.net", "file_format": "csv"}
    ).content.decode()

    for shown in (
        "Strong on the early shift",
        "Rating: 4 out of 5",
        "Very useful",
        "Transport",
        "The quiet room helped",
        "A quiet room",
        "Met on the day",
        "Claimed",
        "Places offered from the waiting list",
    ):
        assert shown in page, shown
    (row,) = csv.DictReader(io.StringIO(as_csv))
    assert row["stand_visit_outcomes"].startswith("Hertford Bakery: interview offered yes")
    assert "rating 4" in row["stand_visit_outcomes"]
    assert "usefulness very_useful" in row["feedback"] and "transport" in row["feedback"]
    assert row["adjustments_follow_through"] == "quiet_room met"
    assert row["place_offers"].startswith("1 claimed ")


def test_the_report_takes_the_same_number_of_queries_for_one_or_three_registrations(
    django_assert_max_num_queries,
):
    lead = member(Role.LEAD)
    first = held_in_full(EventFactory(), phone=TYPED)

    with CaptureQueriesContext(connection) as one:
        report = subject_access_report(viewer=lead, contact=PHONE, file_format="json")
    assert [r["registration_id"] for r in report.registrations] == [first.pk]

    held_in_full(EventFactory(), employer="Ware Garage", phone=TYPED)
    held_in_full(EventFactory(), employer="Stevenage Depot", phone=TYPED)
    with django_assert_max_num_queries(len(one.captured_queries)):
        report = subject_access_report(viewer=lead, contact=TYPED, file_format="json")
    assert len(report.registrations) == 3
    assert all(r["feedback"]["barriers"] == ["transport"] for r in report.registrations)
    assert all(r["place_offers"] and r["adjustments_follow_through"] for r in report.registrations)
