"""The audit log: what is recorded (who, what, which object, when, from where), that it cannot be
changed, and who may read it (the /audit/ page and GET /api/v1/audit/: administrators only)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.audit import audit_record
from accounts.models import AuditAction, AuditEntry, AuditLogImmutable, Role
from accounts.services import membership_add, membership_remove
from engagement.measures import measure_target_update
from engagement.models import Measure
from events.checkin import walk_in_check_in
from events.services import stand_apply, stand_approve, stand_decline
from tests.factories import EmployerFactory, EventFactory, OrganisationFactory, UserFactory, member

pytestmark = pytest.mark.django_db


def register(event, **answers):
    from events.services import registration_create

    defaults = {
        "name": "Sam Patel",
        "email": "sam@example.net",
        "category": "jobseeker",
        "privacy_consent": True,
    }
    return registration_create(event=event, **{**defaults, **answers})


def token_client(user) -> APIClient:
    from rest_framework.authtoken.models import Token

    client = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("pk"))


# --- What is recorded -----------------------------------------------------------------------


def test_a_check_in_is_recorded_once_with_who_which_ticket_and_the_client_address():
    event = EventFactory()
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)
    ticket = register(event).tickets[0]
    scan = {"token": ticket.token, "event": event.pk, "client_id": str(uuid.uuid4())}

    first = token_client(organiser).post(
        "/api/v1/checkins/", scan, format="json", REMOTE_ADDR="203.0.113.20"
    )
    resent = token_client(organiser).post("/api/v1/checkins/", scan, format="json")

    assert (first.status_code, resent.status_code) == (201, 200)
    (entry,) = AuditEntry.objects.all()  # the resent scan is the same scan: no second entry
    assert entry.action == AuditAction.CHECKIN_ADMIT
    assert (entry.actor, entry.actor_email) == (organiser, organiser.email)
    assert (entry.target_type, entry.target_id) == ("events.ticket", str(ticket.pk))
    assert entry.target_label == ticket.number
    assert entry.ip == "203.0.113.20"
    assert entry.details["event_id"] == event.pk


def test_a_second_admission_is_recorded_as_refused():
    event = EventFactory()
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)
    ticket = register(event).tickets[0]
    client = token_client(organiser)

    client.post("/api/v1/checkins/", {"token": ticket.token, "event": event.pk}, format="json")
    again = client.post("/api/v1/checkins/", {"token": ticket.token, "event": event.pk})

    assert again.json()["result"] == "already_checked_in"
    assert [e.action for e in AuditEntry.objects.order_by("pk")] == [
        AuditAction.CHECKIN_ADMIT,
        AuditAction.CHECKIN_DUPLICATE,
    ]


def test_a_walk_in_is_one_entry_that_says_walk_in_and_never_names_the_visitor():
    event = EventFactory()
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)

    result = walk_in_check_in(
        event=event, name="Robin Walker", category="jobseeker", by=organiser, privacy_told=True
    )

    (entry,) = AuditEntry.objects.all()
    assert entry.action == AuditAction.CHECKIN_WALK_IN
    assert entry.target_label == result.ticket.number
    assert "Robin" not in entry.target_label + str(entry.details)


@override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "NUM_PROXIES": 1})
def test_behind_one_proxy_the_address_is_the_one_the_proxy_saw_as_the_throttles_read_it():
    event = EventFactory()
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)
    ticket = register(event).tickets[0]

    token_client(organiser).post(
        "/api/v1/checkins/",
        {"token": ticket.token, "event": event.pk},
        format="json",
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.66, 203.0.113.9",  # the first is the client's claim
    )

    assert AuditEntry.objects.get().ip == "203.0.113.9"


def test_stand_approval_and_decline_are_recorded_with_the_decision():
    event = EventFactory()
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)

    def application():
        employer = EmployerFactory()
        contact = member(Role.EMPLOYER_CONTACT, employer.organisation)
        return stand_apply(event=event, employer=employer, by=contact, representatives=1)

    approved = stand_approve(application=application(), by=organiser)
    declined = stand_decline(application=application(), by=organiser, note="No space for a van")

    (approval,) = entries(AuditAction.STAND_APPROVE)
    (refusal,) = entries(AuditAction.STAND_DECLINE)
    assert (approval.actor, approval.target_id) == (organiser, str(approved.pk))
    assert approval.details["stand_number"] == 1
    assert approval.target_label == f"{approved.employer.name} — {event.title}"
    assert (refusal.target_id, refusal.details["to_status"]) == (str(declined.pk), "declined")
    assert refusal.details["note"] == "No space for a van"


def test_giving_and_taking_away_a_role_are_recorded():
    admin = member(Role.ADMIN)
    user = UserFactory()
    hub = OrganisationFactory(kind="hub")

    membership = membership_add(
        user=user, organisation=hub, role=Role.COORDINATOR, send_welcome=False, by=admin
    )
    membership_remove(membership=membership, by=admin)

    added, removed = entries(AuditAction.MEMBERSHIP_ROLE_CHANGE)
    assert (added.actor, added.details["change"], added.details["role"]) == (
        admin,
        "added",
        Role.COORDINATOR,
    )
    assert removed.details["change"] == "removed"
    assert user.email in added.target_label
    assert not user.memberships.exists()


def test_an_adviser_moving_employer_records_both_role_changes():
    from employers.services import adviser_update
    from tests.factories import EnterpriseAdviserFactory, HubFactory

    coordinator = member(Role.COORDINATOR, HubFactory().organisation)
    adviser = EnterpriseAdviserFactory()
    before = adviser.employer
    membership_add(
        user=adviser.user,
        organisation=before.organisation,
        role=Role.ENTERPRISE_ADVISER,
        send_welcome=False,
    )
    already = AuditEntry.objects.filter(action=AuditAction.MEMBERSHIP_ROLE_CHANGE).count()

    adviser_update(adviser=adviser, by=coordinator, employer=EmployerFactory())

    removed, added = entries(AuditAction.MEMBERSHIP_ROLE_CHANGE)[already:]
    assert (removed.details["change"], removed.details["organisation_id"]) == (
        "removed",
        before.organisation_id,
    )
    assert (added.details["change"], added.actor) == ("added", coordinator)


def test_a_target_change_is_recorded_with_before_and_after():
    lead = member(Role.LEAD)
    coverage = Measure.objects.get(code="benchmark-5-coverage")
    before = coverage.target

    measure_target_update(measure=coverage, target=Decimal("90"), by=lead)

    (entry,) = entries(AuditAction.MEASURE_TARGET_CHANGE)
    assert entry.actor == lead
    assert Decimal(entry.details["before"]["target"]) == before
    assert Decimal(entry.details["after"]["target"]) == Decimal("90")


def test_an_export_is_recorded_from_its_export_log():
    lead = member(Role.LEAD)

    response = token_client(lead).get(
        "/api/v1/engagement/summary/",
        {"academic_year": "2025-26", "format": "csv"},
        REMOTE_ADDR="198.51.100.7",
    )
    b"".join(response.streaming_content)

    (entry,) = entries(AuditAction.EXPORT_DOWNLOAD)
    assert (entry.actor, entry.ip, entry.target_type) == (
        lead,
        "198.51.100.7",
        "engagement.exportlog",
    )
    assert (entry.details["format"], entry.details["from"]) == ("csv", "api")


# --- Nobody changes history -----------------------------------------------------------------


def test_an_entry_cannot_be_changed_or_deleted_through_the_model():
    entry = audit_record(actor=None, action=AuditAction.RETENTION_PURGE, label="3 registrations")

    entry.target_label = "nothing happened"
    with pytest.raises(AuditLogImmutable):
        entry.save()
    with pytest.raises(AuditLogImmutable):
        entry.delete()
    with pytest.raises(AuditLogImmutable):
        AuditEntry.objects.filter(pk=entry.pk).update(target_label="nothing happened")
    with pytest.raises(AuditLogImmutable):
        AuditEntry.objects.all().delete()

    assert AuditEntry.objects.get().target_label == "3 registrations"


def test_the_django_admin_shows_the_log_but_cannot_add_change_or_delete(client):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    entry = audit_record(actor=superuser, action=AuditAction.RETENTION_CHANGE, label="90 days")
    client.force_login(superuser)

    listing = client.get("/admin/accounts/auditentry/")
    add = client.get("/admin/accounts/auditentry/add/")
    delete = client.post(f"/admin/accounts/auditentry/{entry.pk}/delete/", {"post": "yes"})
    change = client.post(f"/admin/accounts/auditentry/{entry.pk}/change/", {"target_label": "x"})

    assert listing.status_code == 200 and b"90 days" in listing.content
    assert (add.status_code, delete.status_code, change.status_code) == (403, 403, 403)
    assert AuditEntry.objects.get().target_label == "90 days"


@pytest.mark.postgres
def test_postgresql_refuses_update_and_delete_even_in_raw_sql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://...; .ci/run does)")
    entry = audit_record(actor=None, action=AuditAction.RETENTION_PURGE, label="3 registrations")

    for sql in (
        "UPDATE accounts_auditentry SET target_label = 'nothing happened'",
        "DELETE FROM accounts_auditentry",
    ):
        with pytest.raises(DatabaseError, match="append-only"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql)

    assert AuditEntry.objects.get(pk=entry.pk).target_label == "3 registrations"


# --- Reading it: /audit/ and the API, administrators only -------------------------------------


@pytest.fixture
def log():
    """Three entries by two people over three days, oldest first."""
    alice = member(Role.LEAD, email="alice@example.org")
    bob = member(Role.JOBCENTRE_ORGANISER, email="bob@example.org")
    made = []
    for days_ago, actor, action, label in (
        (3, alice, AuditAction.MEASURE_TARGET_CHANGE, "Benchmark 5 coverage"),
        (2, bob, AuditAction.STAND_APPROVE, "Acme Ltd — Jobs fair"),
        (1, alice, AuditAction.RETENTION_CHANGE, "Attendees: 90 days"),
    ):
        entry = AuditEntry(
            actor=actor,
            actor_email=actor.email,
            action=action,
            target_label=label,
            created_at=timezone.now() - timedelta(days=days_ago),
        )
        entry.save()
        made.append(entry)
    return made


def test_the_audit_page_lists_newest_first_and_filters(client, log):
    client.force_login(member(Role.ADMIN))

    everything = client.get("/audit/").content.decode()
    alices = client.get("/audit/", {"actor": "ALICE@"}).content.decode()
    approvals = client.get("/audit/", {"action": "stand.approve"}).content.decode()
    day = timezone.localdate(log[1].created_at).isoformat()
    that_day = client.get("/audit/", {"date_from": day, "date_to": day}).content.decode()

    assert everything.index("Attendees: 90 days") < everything.index("Benchmark 5 coverage")
    assert "Acme Ltd" not in alices and "Benchmark 5 coverage" in alices
    assert "Acme Ltd" in approvals and "Benchmark 5 coverage" not in approvals
    assert "Acme Ltd" in that_day and "Attendees: 90 days" not in that_day


def test_the_audit_page_says_when_the_dates_are_the_wrong_way_round(client, log):
    client.force_login(member(Role.ADMIN))

    response = client.get("/audit/", {"date_from": "2026-05-02", "date_to": "2026-05-01"})

    assert response.status_code == 400
    assert "The end date must be the same as or after the start." in response.content.decode()
    assert "Benchmark 5 coverage" not in response.content.decode()


@pytest.mark.parametrize("role", [Role.LEAD, Role.COORDINATOR, Role.JOBCENTRE_ORGANISER])
def test_only_administrators_see_the_audit_page(client, log, role):
    client.force_login(member(role))

    assert client.get("/audit/").status_code == 403


def test_signed_out_people_are_sent_to_sign_in_from_the_audit_page(client):
    response = client.get("/audit/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_administrators_see_the_audit_link_in_their_navigation(client):
    client.force_login(member(Role.ADMIN))

    assert 'href="/audit/"' in client.get("/").content.decode()


def test_the_api_lists_entries_newest_first_for_administrators_and_filters(log):
    client = token_client(member(Role.ADMIN))

    everything = client.get("/api/v1/audit/").json()
    approvals = client.get("/api/v1/audit/", {"action": "stand.approve"}).json()

    assert [row["target_label"] for row in everything["results"]] == [
        "Attendees: 90 days",
        "Acme Ltd — Jobs fair",
        "Benchmark 5 coverage",
    ]
    assert everything["results"][0]["actor_email"] == "alice@example.org"
    assert [row["action"] for row in approvals["results"]] == ["stand.approve"]


@pytest.mark.parametrize("role", [Role.LEAD, Role.COORDINATOR, Role.EMPLOYER_CONTACT])
def test_the_api_refuses_everyone_but_administrators(log, role):
    response = token_client(member(role)).get("/api/v1/audit/")

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_the_api_answers_a_bad_filter_with_400_and_a_reason(log):
    client = token_client(member(Role.ADMIN))

    unknown = client.get("/api/v1/audit/", {"action": "ticket.burn"})
    backwards = client.get("/api/v1/audit/", {"from": "2026-05-02", "to": "2026-05-01"})

    assert (unknown.status_code, backwards.status_code) == (400, 400)
    assert backwards.json()["detail"]


def test_the_api_is_in_the_openapi_schema():
    response = token_client(member(Role.ADMIN)).get("/api/v1/schema/", {"format": "json"})

    assert "/api/v1/audit/" in response.json()["paths"]


def test_the_nightly_purge_shows_as_done_by_the_system(client):
    audit_record(actor=None, action=AuditAction.RETENTION_PURGE, label="3 registrations")
    client.force_login(member(Role.ADMIN))

    page = client.get("/audit/", {"action": "retention.purge"}).content.decode()

    assert "The system" in page and "3 registrations" in page


def test_a_role_given_in_the_django_admin_is_audited_too(client):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    hub = OrganisationFactory(kind="hub", name="Hub Alpha")
    newcomer = UserFactory()
    client.force_login(superuser)

    response = client.post(
        f"/admin/accounts/organisation/{hub.pk}/change/",
        {
            "name": "Hub Alpha",
            "kind": "hub",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-user": str(newcomer.pk),
            "memberships-0-organisation": str(hub.pk),
            "memberships-0-role": Role.COORDINATOR,
        },
    )

    assert response.status_code == 302
    assert newcomer.memberships.get().role == Role.COORDINATOR
    (entry,) = entries(AuditAction.MEMBERSHIP_ROLE_CHANGE)
    assert (entry.actor, entry.details["change"]) == (superuser, "added")
    assert entry.details["user_email"] == newcomer.email
