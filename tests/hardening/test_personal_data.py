"""Attendees' personal data: the retention period a lead sets (and the nightly purge that reads it),
subject access and erasure on request — each audited, and none of them changing a count."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.test import override_settings
from django.utils import timezone

from accounts.models import AuditAction, AuditEntry, DataRetentionPolicy, Role
from core.periods import academic_year_of
from engagement.ledger import encounters_rebuild_for_event
from engagement.models import Encounter
from engagement.rollups import summary
from events.models import Event, Registration, StandApplication, StandInteraction, Ticket
from events.privacy import subject_key
from events.services import attendee_personal_data_purge
from events.tasks import attendee_personal_data_purge_task
from tests.factories import EmployerFactory, EventFactory, RegistrationFactory, in_days_at, member

pytestmark = pytest.mark.django_db

EMAIL = "casey@example.net"


def held_fair(days_ago: int) -> Event:
    """A jobs fair held ``days_ago`` days ago, with an approved stand."""
    event = EventFactory(
        starts_at=in_days_at(-days_ago), ends_at=in_days_at(-days_ago, 14), status="completed"
    )
    StandApplication.objects.create(
        event=event,
        employer=EmployerFactory(),
        representatives=1,
        representative_names=["Jo Smith"],
        status=StandApplication.Status.APPROVED,
        stand_number=1,
    )
    return event


def attended(event: Event, *, email: str, name: str, **fields) -> Registration:
    """Someone who registered, came in at the door and met the employer at its stand."""
    registration = RegistrationFactory(
        event=event, name=name, email=email, phone="+447700900123", **fields
    )
    number = f"{event.ticket_prefix}-{registration.pk:04d}"
    ticket = Ticket.objects.create(
        registration=registration,
        event=event,
        number=number,
        holder_label=name,
        checked_in_at=event.starts_at,
    )
    visit = StandInteraction.objects.create(
        application=event.stand_applications.get(),
        ticket=ticket,
        note=f"{name} wants forklift work",
    )
    # Scanned during the fair (an encounter is dated on the day of its scan).
    StandInteraction.objects.filter(pk=visit.pk).update(created_at=event.starts_at)
    return registration


def figures(event: Event) -> list[dict[str, object]]:
    """The engagement summary of the event's encounters, rebuilt from its attendance now."""
    encounters_rebuild_for_event(event_id=event.pk)
    period = academic_year_of(timezone.localtime(event.starts_at).date())
    rows = summary(
        period=period, group_by="employer", queryset=Encounter.objects.filter(event=event)
    )
    return [row.as_dict() for row in rows]


# --- The retention period -------------------------------------------------------------------


@override_settings(ATTENDEE_RETENTION_DAYS=365)
def test_the_nightly_purge_uses_the_period_a_lead_set_not_the_default():
    fair = held_fair(days_ago=40)
    casey = attended(fair, email=EMAIL, name="Casey Jones")

    assert attendee_personal_data_purge_task() == 0  # 40 days < the default 365
    DataRetentionPolicy.objects.create(pk=1, attendee_days=30)
    assert attendee_personal_data_purge_task() == 1

    casey.refresh_from_db()
    assert (casey.name, casey.email, casey.phone) == ("", "", "")
    (entry,) = AuditEntry.objects.filter(action=AuditAction.RETENTION_PURGE)
    assert entry.actor is None and entry.details["retention_days"] == 30


def test_a_purge_keeps_every_engagement_figure_for_the_event():
    fair = held_fair(days_ago=400)
    attended(fair, email=EMAIL, name="Casey Jones", complex_barriers=True)
    attended(fair, email="lee@example.net", name="Lee Ray", category="fifty_plus")
    before = figures(fair)

    assert attendee_personal_data_purge(retention_days=365) == 2

    assert before[0]["people"] == 2 and before[0]["complex_barriers_people"] == 1
    assert figures(fair) == before
    assert not Ticket.objects.exclude(holder_label="").exists()
    assert not StandInteraction.objects.exclude(note="").exists()
    assert StandApplication.objects.get().representative_names == []


def test_a_lead_changes_the_retention_period_and_it_is_audited(client):
    lead = member(Role.LEAD)
    client.force_login(lead)

    response = client.post("/personal-data/retention/", {"attendee_days": "90"}, follow=True)

    assert "now kept for 90 days" in response.content.decode()
    policy = DataRetentionPolicy.objects.get()
    assert (policy.attendee_days, policy.changed_by) == (90, lead)
    (entry,) = AuditEntry.objects.filter(action=AuditAction.RETENTION_CHANGE)
    assert entry.actor == lead
    assert entry.details["attendee_days"]["after"] == 90


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("29", "Enter a number of days between 30 and 2555."),
        ("2556", "Enter a number of days between 30 and 2555."),
        ("a year", "Enter the number of days as a whole number, like 365."),
        ("", "Enter the number of days."),
    ],
)
def test_a_retention_period_out_of_bounds_is_refused_and_nothing_changes(client, given, message):
    client.force_login(member(Role.LEAD))

    response = client.post("/personal-data/retention/", {"attendee_days": given})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert "There is a problem" in response.content.decode()
    assert not DataRetentionPolicy.objects.exists()
    assert not AuditEntry.objects.exists()


@override_settings(ATTENDEE_RETENTION_DAYS=365)
def test_the_retention_page_says_the_default_applies_until_a_lead_sets_one(client):
    client.force_login(member(Role.ADMIN))

    page = client.get("/personal-data/retention/").content.decode()

    assert "365 days after the event" in page
    assert "no lead has set it yet" in page


@pytest.mark.parametrize("role", [Role.JOBCENTRE_ORGANISER, Role.COORDINATOR, Role.CAREERS_LEADER])
def test_only_leads_and_administrators_change_the_retention_period(client, role):
    client.force_login(member(role))

    response = client.post("/personal-data/retention/", {"attendee_days": "90"})

    assert response.status_code == 403
    assert not DataRetentionPolicy.objects.exists()


# --- Subject access -------------------------------------------------------------------------


@pytest.fixture
def casey():
    """Casey registered at two fairs run by two different Jobcentres."""
    own = held_fair(days_ago=10)
    other = held_fair(days_ago=20)
    return {
        "own": attended(
            own,
            email=EMAIL,
            name="Casey Jones",
            adjustments=["quiet_room"],
            adjustments_detail="Needs breaks",
            consent_contact_employers=True,
        ),
        "other": attended(other, email=EMAIL.upper(), name="Casey Jones"),
    }


def test_an_organiser_finds_the_person_at_their_own_events_only(client, casey):
    client.force_login(member(Role.JOBCENTRE_ORGANISER, casey["own"].event.organiser))

    page = client.post("/personal-data/", {"email": EMAIL}).content.decode()

    assert casey["own"].event.title in page
    assert casey["other"].event.title not in page
    (entry,) = AuditEntry.objects.filter(action=AuditAction.REGISTRATION_SUBJECT_ACCESS)
    assert entry.details == {
        "step": "search",
        "subject": subject_key(EMAIL),
        "registrations": [casey["own"].pk],
    }
    assert EMAIL not in json.dumps(entry.details) + entry.target_label


def test_a_lead_downloads_everything_held_about_the_person_as_json(client, casey):
    lead = member(Role.LEAD)
    client.force_login(lead)

    response = client.post("/personal-data/download/", {"email": EMAIL, "file_format": "json"})

    assert response["Content-Disposition"].startswith('attachment; filename="personal-data-')
    data = json.loads(response.content)
    assert len(data["registrations"]) == 2
    own = next(r for r in data["registrations"] if r["registration_id"] == casey["own"].pk)
    assert (own["name"], own["email"], own["phone"]) == ("Casey Jones", EMAIL, "+447700900123")
    assert (own["adjustments"], own["adjustments_detail"]) == (["quiet_room"], "Needs breaks")
    assert own["consent"]["employers_may_contact"] is True
    (ticket,) = own["tickets"]
    assert ticket["checked_in_at"] is not None
    assert ticket["stand_visits"][0]["note"] == "Casey Jones wants forklift work"
    assert "token" not in ticket  # the ticket's secret stays out of the file
    (entry,) = AuditEntry.objects.filter(action=AuditAction.REGISTRATION_SUBJECT_ACCESS)
    assert (entry.actor, entry.details["step"], entry.details["format"]) == (
        lead,
        "download",
        "json",
    )


def test_the_person_s_data_is_also_readable_as_csv_and_as_a_page(client, casey):
    client.force_login(member(Role.ADMIN))

    as_csv = client.post("/personal-data/download/", {"email": EMAIL, "file_format": "csv"})
    as_page = client.post("/personal-data/download/", {"email": EMAIL, "file_format": "html"})

    rows = list(csv.DictReader(io.StringIO(as_csv.content.decode())))
    assert {row["email"].lower() for row in rows} == {EMAIL}
    assert as_page.status_code == 200
    assert "Casey Jones wants forklift work" in as_page.content.decode()
    assert AuditEntry.objects.filter(action=AuditAction.REGISTRATION_SUBJECT_ACCESS).count() == 2


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("casey@example", "Enter an e-mail address like name@example.com."),
        (
            "casey-at-example",
            "Enter an e-mail address like name@example.com, or a UK mobile number like "
            "07700 900123.",
        ),
        ("", "Enter the e-mail address or mobile number the person registered with."),
    ],
)
def test_a_bad_address_gets_a_clear_message_and_is_not_searched(client, casey, given, message):
    client.force_login(member(Role.LEAD))

    response = client.post("/personal-data/", {"email": given})

    assert message in response.content.decode()
    assert "There is a problem" in response.content.decode()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    "role", [Role.CAREERS_LEADER, Role.EMPLOYER_CONTACT, Role.ENTERPRISE_ADVISER]
)
def test_people_who_run_no_events_cannot_look_anyone_up(client, casey, role):
    client.force_login(member(role))

    search = client.post("/personal-data/", {"email": EMAIL})
    download = client.post("/personal-data/download/", {"email": EMAIL, "file_format": "json"})
    erase = client.post(
        "/personal-data/erase/", {"email": EMAIL, "confirm_step": "1", "confirm": "on"}
    )

    assert (search.status_code, download.status_code, erase.status_code) == (403, 403, 403)
    assert Registration.objects.filter(email__iexact=EMAIL).count() == 2
    assert not AuditEntry.objects.exists()


def test_an_organiser_cannot_download_data_from_another_jobcentre_s_event(client, casey):
    client.force_login(member(Role.JOBCENTRE_ORGANISER))  # organises neither fair

    response = client.post("/personal-data/download/", {"email": EMAIL, "file_format": "json"})

    assert response.status_code == 400
    assert "No registrations with this e-mail address" in response.content.decode()


# --- Erasure --------------------------------------------------------------------------------


def test_erasure_asks_to_confirm_first_and_changes_nothing_until_then(client, casey):
    client.force_login(member(Role.JOBCENTRE_ORGANISER, casey["own"].event.organiser))

    asked = client.post("/personal-data/erase/", {"email": EMAIL})
    unticked = client.post("/personal-data/erase/", {"email": EMAIL, "confirm_step": "1"})

    assert "This cannot be undone." in asked.content.decode()
    assert unticked.status_code == 400
    assert "Tick the box to confirm the erasure, or go back." in unticked.content.decode()
    casey["own"].refresh_from_db()
    assert casey["own"].email == EMAIL
    assert not AuditEntry.objects.filter(action=AuditAction.REGISTRATION_ERASE).exists()


def test_erasure_removes_the_person_at_the_organiser_s_events_and_keeps_the_counts(client, casey):
    own = casey["own"]
    organiser = member(Role.JOBCENTRE_ORGANISER, own.event.organiser)
    before = figures(own.event)
    client.force_login(organiser)

    response = client.post(
        "/personal-data/erase/",
        {"email": EMAIL, "confirm_step": "1", "confirm": "on"},
        follow=True,
    )

    assert "Erased the personal data of 1 registrations" in response.content.decode()
    own.refresh_from_db()
    assert (own.name, own.email, own.phone, own.adjustments_detail) == ("", "", "", "")
    assert own.personal_data_purged_at is not None
    assert (own.category, own.adjustments) == ("jobseeker", ["quiet_room"])
    ticket = own.tickets.get()
    assert ticket.holder_label == "" and ticket.checked_in_at is not None
    assert StandInteraction.objects.get(ticket=ticket).note == ""
    assert figures(own.event) == before and before[0]["people"] == 1
    casey["other"].refresh_from_db()
    assert casey["other"].name == "Casey Jones"  # another Jobcentre's event: not theirs to erase
    (entry,) = AuditEntry.objects.filter(action=AuditAction.REGISTRATION_ERASE)
    assert (entry.actor, entry.target_id) == (organiser, str(own.pk))
    assert "Casey" not in entry.target_label + json.dumps(entry.details)
    assert entry.details["subject"] == subject_key(EMAIL)


def test_after_erasure_the_person_can_no_longer_be_found(client, casey):
    client.force_login(member(Role.ADMIN))
    client.post("/personal-data/erase/", {"email": EMAIL, "confirm_step": "1", "confirm": "on"})

    page = client.post("/personal-data/", {"email": EMAIL}).content.decode()

    assert "0 registrations found" in page
    assert not Registration.objects.filter(name="Casey Jones").exists()


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get("/personal-data/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_purge_and_erasure_keep_registrations_so_places_and_attendance_still_count():
    fair = held_fair(days_ago=400)
    attended(fair, email=EMAIL, name="Casey Jones")
    attendee_personal_data_purge(retention_days=365)

    assert Registration.objects.filter(event=fair).count() == 1
    assert Ticket.objects.filter(event=fair, checked_in_at__isnull=False).count() == 1
    assert Registration.objects.get().personal_data_purged_at is not None
