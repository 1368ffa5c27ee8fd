"""What an organiser does to one registration from the registrations list: cancel it, send the
ticket again, change the adjustments, give a waiting person a place, admit someone by hand.

Each action: only the event's organisers (404 for everyone else), POST only, audited with the
actor, a refusal that changes nothing, and the figures and the waiting list following."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import AuditAction, AuditEntry, Role
from events.adjustments import event_adjustment_counts
from events.door import door_counts
from events.models import (
    AdjustmentItem,
    AdjustmentStatus,
    CheckIn,
    Event,
    MessageKind,
    OutboxMessage,
    PlaceOffer,
    Registration,
    Ticket,
)
from events.selectors import event_figures
from events.services.registration_actions import MANUAL_ADMISSION_DEVICE
from notifications.models import Channel, Notification
from tests.events.conftest import register
from tests.factories import EventFactory, HubFactory, member

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def manage_url(registration: Registration, action: str = "") -> str:
    base = f"/events/manage/{registration.event_id}/registrations/{registration.pk}/"
    return f"{base}{action}/" if action else base


def followed(client, url: str, data: dict | None = None) -> str:
    """POST, follow the redirect, and return the page's text (with its banner)."""
    return page_text(client.post(url, data or {}, follow=True))


def entries(action: AuditAction) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action))


def _started_an_hour_ago(event: Event) -> None:
    """Move the event to today, after people registered (registration closes at the start)."""
    starts = timezone.now() - timedelta(hours=1)
    Event.objects.filter(pk=event.pk).update(starts_at=starts, ends_at=starts + timedelta(hours=5))


@pytest.fixture
def full_event():
    """One place, taken by Ada; Bo waits."""
    return EventFactory(capacity=1)


def _held_and_waiting(event) -> tuple[Registration, Registration]:
    ada = register(event, name="Ada Lovelace", email="ada@example.net").registration
    bo = register(event, name="Bo Diddley", email="bo@example.net").registration
    assert (ada.status, bo.status) == ("confirmed", "waitlisted")
    return ada, bo


# --- Who may -----------------------------------------------------------------------------------

ACTIONS = ["", "cancel", "adjustments", "promote", "resend", "admit"]
POST_ONLY = {"resend", "admit"}


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize(
    "viewer", ["other Jobcentre organiser", "coordinator of another hub", "lead", "employer"]
)
def test_a_registration_page_and_its_actions_are_404_to_anyone_not_running_the_event(
    client, event, action, viewer
):
    registration = register(event).registration
    client.force_login(
        {
            "other Jobcentre organiser": lambda: member(Role.JOBCENTRE_ORGANISER),
            "coordinator of another hub": lambda: member(
                Role.COORDINATOR, HubFactory().organisation
            ),
            "lead": lambda: member(Role.LEAD),
            "employer": lambda: member(Role.EMPLOYER_CONTACT),
        }[viewer]()
    )

    url = manage_url(registration, action)
    response = client.post(url, {"reason": "x", "ticket": "1"}) if action else client.get(url)

    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    assert not AuditEntry.objects.filter(action__startswith="registration.").exists()


@pytest.mark.parametrize("action", sorted(POST_ONLY))
def test_the_one_click_actions_refuse_a_get(client, event, organiser, action):
    registration = register(event).registration
    client.force_login(organiser)
    assert client.get(manage_url(registration, action)).status_code == 405


def test_signed_out_people_are_sent_to_sign_in(client, event):
    registration = register(event).registration
    response = client.post(manage_url(registration, "resend"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_registration_of_another_event_is_a_404(client, event, organiser):
    other = register(EventFactory(organiser=event.organiser, venue=event.venue)).registration
    client.force_login(organiser)
    url = f"/events/manage/{event.pk}/registrations/{other.pk}/"
    assert client.get(url).status_code == 404


def test_posting_without_the_csrf_token_is_refused(event, organiser):
    from django.test import Client

    registration = register(event).registration
    client = Client(enforce_csrf_checks=True)
    client.force_login(organiser)
    assert client.post(manage_url(registration, "resend")).status_code == 403
    assert not OutboxMessage.objects.filter(kind=MessageKind.REGISTRATION_RESEND).exists()


# --- The list leads to each registration ------------------------------------------------------


def test_each_row_of_the_list_links_to_the_registrations_own_page(client, event, organiser):
    registration = register(event, name="Ada Lovelace", email="ada@example.net").registration
    client.force_login(organiser)

    html = page_text(client.get(f"/events/manage/{event.pk}/registrations/"))
    page = page_text(client.get(manage_url(registration)))

    assert f'href="{manage_url(registration)}"' in html
    assert "Ada Lovelace" in page and "Send the ticket again" in page
    assert "Cancel this registration" in page


# --- Cancel ------------------------------------------------------------------------------------


def test_cancelling_asks_for_a_reason_first_and_changes_nothing_without_one(
    client, event, organiser
):
    registration = register(event).registration
    client.force_login(organiser)

    asked = page_text(client.get(manage_url(registration, "cancel")))
    refused = page_text(client.post(manage_url(registration, "cancel"), {"reason": " "}))

    assert "Yes, cancel the registration" in asked
    assert "We will tell them by e-mail" in asked
    assert "Give the reason for cancelling." in refused
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    assert entries(AuditAction.REGISTRATION_CANCEL_BY_ORGANISER) == []


def test_cancelling_frees_the_place_for_the_waiting_list_and_is_audited(
    client, full_event, django_capture_on_commit_callbacks
):
    organiser = member(Role.JOBCENTRE_ORGANISER, full_event.organiser)
    ada, bo = _held_and_waiting(full_event)
    client.force_login(organiser)

    html = followed(client, manage_url(ada, "cancel"), {"reason": "Asked us by phone"})

    ada.refresh_from_db()
    assert ada.status == "cancelled"
    assert "Ada Lovelace&#x27;s registration is cancelled" in html
    assert "govuk-notification-banner--success" in html
    assert not Ticket.objects.filter(registration=ada, status=Ticket.Status.VALID).exists()
    # The place is offered to Bo, as when a holder cancels it themselves.
    offer = PlaceOffer.objects.get(registration=bo)
    assert offer.status == PlaceOffer.Status.OPEN
    figures = event_figures(event=full_event)
    assert (figures.places_taken, figures.registrations, figures.waitlisted) == (
        Ticket.objects.filter(event=full_event, status="valid").count(),
        0,
        1,
    )
    (entry,) = entries(AuditAction.REGISTRATION_CANCEL_BY_ORGANISER)
    assert entry.actor == organiser and entry.target_id == str(ada.pk)
    assert entry.details["reason"] == "Asked us by phone"
    assert "Ada" not in entry.target_label  # the audit log names no attendee


def test_cancelling_a_cancelled_registration_is_refused_and_changes_nothing(
    client, event, organiser
):
    registration = register(event).registration
    client.force_login(organiser)
    client.post(manage_url(registration, "cancel"), {"reason": "Duplicate"})
    registration.refresh_from_db()
    cancelled_at = registration.cancelled_at

    html = page_text(client.post(manage_url(registration, "cancel"), {"reason": "Again"}))

    assert "This registration is already cancelled." in html
    registration.refresh_from_db()
    assert registration.cancelled_at == cancelled_at
    assert len(entries(AuditAction.REGISTRATION_CANCEL_BY_ORGANISER)) == 1


# --- Send the ticket again ---------------------------------------------------------------------


def test_sending_the_ticket_again_goes_by_e_mail_once_in_a_double_click(
    client, event, organiser, django_capture_on_commit_callbacks
):
    registration = register(event, email="ada@example.net").registration
    client.force_login(organiser)
    before = Notification.objects.filter(recipient="ada@example.net").count()

    with django_capture_on_commit_callbacks(execute=True):
        first = followed(client, manage_url(registration, "resend"))
    second = followed(client, manage_url(registration, "resend"))

    assert "Ticket sent again by e-mail to ada@example.net." in first
    assert "The ticket was sent again less than 2 minutes ago." in second
    assert (
        OutboxMessage.objects.filter(
            kind=MessageKind.REGISTRATION_RESEND, object_id=registration.pk
        ).count()
        == 1
    )
    sent = Notification.objects.filter(recipient="ada@example.net", channel=Channel.EMAIL)
    assert sent.count() == before + 1
    (entry,) = entries(AuditAction.REGISTRATION_TICKET_RESEND)
    assert entry.actor == organiser and entry.details["channels"] == ["email"]


def test_sending_again_after_the_quiet_time_sends_again(client, event, organiser):
    registration = register(event).registration
    client.force_login(organiser)
    client.post(manage_url(registration, "resend"))
    OutboxMessage.objects.filter(kind=MessageKind.REGISTRATION_RESEND).update(
        created_at=timezone.now() - timedelta(minutes=3)
    )

    followed(client, manage_url(registration, "resend"))

    assert OutboxMessage.objects.filter(kind=MessageKind.REGISTRATION_RESEND).count() == 2


def test_someone_who_gave_only_a_phone_number_gets_the_ticket_by_sms(
    client, event, organiser, django_capture_on_commit_callbacks
):
    registration = register(event, email="", phone="07700 900123").registration
    client.force_login(organiser)

    with django_capture_on_commit_callbacks(execute=True):
        html = followed(client, manage_url(registration, "resend"))

    assert "Ticket sent again by text message to +447700900123." in html
    sms = Notification.objects.filter(recipient="+447700900123", channel=Channel.SMS)
    assert sms.count() == 1
    assert not Notification.objects.filter(channel=Channel.EMAIL, about_id=registration.pk)


@pytest.mark.parametrize("state", ["waitlisted", "cancelled"])
def test_no_ticket_is_sent_for_someone_without_a_place(client, full_event, state):
    organiser = member(Role.JOBCENTRE_ORGANISER, full_event.organiser)
    ada, bo = _held_and_waiting(full_event)
    who = bo if state == "waitlisted" else ada
    if state == "cancelled":
        Registration.objects.filter(pk=ada.pk).update(status="cancelled")
    client.force_login(organiser)

    html = followed(client, manage_url(who, "resend"))

    assert "Important" in html and "Ticket sent again" not in html
    assert not OutboxMessage.objects.filter(kind=MessageKind.REGISTRATION_RESEND).exists()
    assert entries(AuditAction.REGISTRATION_TICKET_RESEND) == []


# --- Adjustments -------------------------------------------------------------------------------


def test_changing_the_adjustments_keeps_the_checklist_in_step(client, event, organiser):
    registration = register(event, adjustments=["quiet_room"]).registration
    client.force_login(organiser)

    html = followed(
        client,
        manage_url(registration, "adjustments"),
        {"adjustments": ["hearing_loop", "companion"], "adjustments_detail": "Left ear"},
    )

    registration.refresh_from_db()
    assert registration.adjustments == ["hearing_loop", "companion"]
    assert registration.adjustments_detail == "Left ear"
    assert set(
        AdjustmentItem.objects.filter(registration=registration).values_list(
            "adjustment", flat=True
        )
    ) == {"hearing_loop", "companion"}
    assert "Adjustments saved" in html
    (entry,) = entries(AuditAction.REGISTRATION_ADJUSTMENTS_CHANGE)
    assert entry.details["added"] == ["hearing_loop", "companion"]
    assert entry.details["removed"] == ["quiet_room"]
    assert entry.details["detail_changed"] is True
    # The checklist's figures count the same items.
    assert event_adjustment_counts(event=event).to_arrange == 2


def test_an_adjustment_met_on_the_day_cannot_be_taken_away(client, event, organiser):
    registration = register(event, adjustments=["quiet_room"]).registration
    AdjustmentItem.objects.filter(registration=registration).update(status=AdjustmentStatus.MET)
    client.force_login(organiser)

    html = page_text(
        client.post(manage_url(registration, "adjustments"), {"adjustments": ["companion"]})
    )

    assert "already met on the day cannot be taken away" in html
    registration.refresh_from_db()
    assert registration.adjustments == ["quiet_room"]
    assert AdjustmentItem.objects.filter(registration=registration).count() == 1
    assert entries(AuditAction.REGISTRATION_ADJUSTMENTS_CHANGE) == []


def test_an_unknown_adjustment_is_refused(client, event, organiser):
    registration = register(event).registration
    client.force_login(organiser)

    response = client.post(manage_url(registration, "adjustments"), {"adjustments": ["jetpack"]})

    assert response.status_code == 200 and "There is a problem" in page_text(response)
    assert not AdjustmentItem.objects.filter(registration=registration).exists()


def test_a_cancelled_registrations_adjustments_are_not_changed(client, event, organiser):
    registration = register(event).registration
    Registration.objects.filter(pk=registration.pk).update(status="cancelled")
    client.force_login(organiser)

    html = page_text(
        client.post(manage_url(registration, "adjustments"), {"adjustments": ["companion"]})
    )

    assert "This registration is already cancelled." in html
    assert not AdjustmentItem.objects.filter(registration=registration).exists()


# --- Give a waiting person a place -------------------------------------------------------------


def test_a_place_over_capacity_needs_an_explicit_confirmation(client, full_event):
    organiser = member(Role.JOBCENTRE_ORGANISER, full_event.organiser)
    _ada, bo = _held_and_waiting(full_event)
    client.force_login(organiser)

    asked = page_text(client.get(manage_url(bo, "promote")))
    refused = page_text(client.post(manage_url(bo, "promote"), {}))
    bo.refresh_from_db()
    assert bo.status == "waitlisted" and not bo.tickets.exists()
    given = followed(client, manage_url(bo, "promote"), {"over_capacity": "on"})

    assert "The event is full" in asked
    assert "Confirm to give it anyway" in refused
    bo.refresh_from_db()
    assert bo.status == "confirmed" and bo.promoted_at is not None
    assert bo.tickets.filter(status="valid").count() == 1
    assert "Bo Diddley has a place now" in given
    assert OutboxMessage.objects.filter(
        kind=MessageKind.REGISTRATION_PROMOTED, object_id=bo.pk
    ).exists()
    assert event_figures(event=full_event).places_taken == 2
    (entry,) = entries(AuditAction.REGISTRATION_PROMOTE)
    assert entry.actor == organiser and entry.details["over_capacity"] is True


def test_a_place_within_capacity_is_given_at_once(client, full_event):
    organiser = member(Role.JOBCENTRE_ORGANISER, full_event.organiser)
    _ada, bo = _held_and_waiting(full_event)
    Event.objects.filter(pk=full_event.pk).update(capacity=2)
    client.force_login(organiser)

    followed(client, manage_url(bo, "promote"), {})

    bo.refresh_from_db()
    assert bo.status == "confirmed"
    (entry,) = entries(AuditAction.REGISTRATION_PROMOTE)
    assert entry.details["over_capacity"] is False


def test_giving_the_place_offered_withdraws_the_offer_and_stays_within_capacity(client, full_event):
    organiser = member(Role.JOBCENTRE_ORGANISER, full_event.organiser)
    ada, bo = _held_and_waiting(full_event)
    client.force_login(organiser)
    client.post(manage_url(ada, "cancel"), {"reason": "Cannot come"})
    assert PlaceOffer.objects.get(registration=bo).status == PlaceOffer.Status.OPEN

    followed(client, manage_url(bo, "promote"), {})

    bo.refresh_from_db()
    assert bo.status == "confirmed"
    assert PlaceOffer.objects.get(registration=bo).status == PlaceOffer.Status.WITHDRAWN
    assert event_figures(event=full_event).places_taken == 1
    (entry,) = entries(AuditAction.REGISTRATION_PROMOTE)
    assert entry.details == {
        "event_id": full_event.pk,
        "places": 1,
        "over_capacity": False,
        "had_offer": True,
    }


def test_someone_with_a_place_cannot_be_given_another(client, event, organiser):
    registration = register(event).registration
    client.force_login(organiser)

    html = page_text(client.post(manage_url(registration, "promote"), {"over_capacity": "on"}))

    assert "This person already has a place." in html
    assert registration.tickets.count() == 1
    assert entries(AuditAction.REGISTRATION_PROMOTE) == []


# --- Admit by hand -----------------------------------------------------------------------------


def test_admitting_by_hand_is_the_doors_admission_recorded_as_manual(client, event, organiser):
    registration = register(event).registration
    _started_an_hour_ago(event)
    ticket = registration.tickets.get()
    client.force_login(organiser)

    html = followed(client, manage_url(registration, "admit"), {"ticket": ticket.pk})

    ticket.refresh_from_db()
    assert ticket.checked_in_at is not None
    assert f"Ticket {ticket.number} admitted by hand." in html
    scan = CheckIn.objects.get(ticket=ticket)
    assert (scan.result, scan.device, scan.by) == ("ok", MANUAL_ADMISSION_DEVICE, organiser)
    admitted = Ticket.objects.filter(event=event, checked_in_at__isnull=False).count()
    assert door_counts(event=event).checked_in == admitted == 1
    (entry,) = entries(AuditAction.REGISTRATION_ADMIT_BY_HAND)
    assert entry.actor == organiser and entry.details["method"] == "manual"
    assert entries(AuditAction.CHECKIN_ADMIT)  # the door's own audit entry, as for a scan


def test_a_second_admission_is_refused_and_logs_nothing(client, event, organiser):
    registration = register(event).registration
    _started_an_hour_ago(event)
    ticket = registration.tickets.get()
    client.force_login(organiser)
    client.post(manage_url(registration, "admit"), {"ticket": ticket.pk})

    html = followed(client, manage_url(registration, "admit"), {"ticket": ticket.pk})

    assert "This ticket was already admitted at" in html
    assert CheckIn.objects.filter(ticket=ticket).count() == 1
    assert len(entries(AuditAction.REGISTRATION_ADMIT_BY_HAND)) == 1


def test_a_cancelled_registration_is_not_admitted(client, event, organiser):
    registration = register(event).registration
    _started_an_hour_ago(event)
    ticket = registration.tickets.get()
    client.force_login(organiser)
    client.post(manage_url(registration, "cancel"), {"reason": "Double booking"})

    html = followed(client, manage_url(registration, "admit"), {"ticket": ticket.pk})

    assert "This registration is cancelled, so it cannot be admitted." in html
    ticket.refresh_from_db()
    assert ticket.checked_in_at is None
    assert not CheckIn.objects.exists()
    assert entries(AuditAction.REGISTRATION_ADMIT_BY_HAND) == []


def test_nobody_is_admitted_before_the_day_of_the_event(client, event, organiser):
    registration = register(event).registration
    ticket = registration.tickets.get()
    client.force_login(organiser)

    html = followed(client, manage_url(registration, "admit"), {"ticket": ticket.pk})

    assert "People can be admitted from the day of the event." in html
    assert not CheckIn.objects.exists()


def test_another_registrations_ticket_is_a_404(client, event, organiser):
    ada = register(event, email="ada@example.net").registration
    bo = register(event, email="bo@example.net").registration
    _started_an_hour_ago(event)
    client.force_login(organiser)

    response = client.post(manage_url(ada, "admit"), {"ticket": bo.tickets.get().pk})

    assert response.status_code == 404
    assert not CheckIn.objects.exists()


# --- The list: search, pages of 100, a fixed number of queries ---------------------------------


def _many(event, count: int) -> None:
    now = timezone.now()
    people = Registration.objects.bulk_create(
        Registration(
            event=event,
            name=f"Person {n:04d}",
            email=f"person{n}@example.net",
            category="jobseeker" if n % 2 else "fifty_plus",
            adjustments=["hearing_loop"] if n % 7 == 0 else [],
            privacy_consent_at=now,
        )
        for n in range(count)
    )
    Ticket.objects.bulk_create(
        Ticket(registration=r, event=event, number=f"JF-{n + 1:05d}", holder_label=r.name)
        for n, r in enumerate(people)
    )


def test_the_list_shows_100_a_page_and_its_pages_keep_the_search_and_filters(
    client, event, organiser
):
    _many(event, 250)
    client.force_login(organiser)

    first = page_text(client.get(f"/events/manage/{event.pk}/registrations/"))
    filtered = page_text(
        client.get(
            f"/events/manage/{event.pk}/registrations/",
            {"q": "Person", "category": "fifty_plus", "page": "2"},
        )
    )

    assert first.count('<tr class="govuk-table__row">') == 100 + 1  # and the header row
    assert "250 registrations" in first and "govuk-pagination" in first
    # 125 people in their fifties match: page 2 holds the last 25, and links back to page 1
    # with the same search and filter.
    assert filtered.count('<tr class="govuk-table__row">') == 25 + 1
    assert "?q=Person&amp;category=fifty_plus&amp;page=1" in filtered


def test_the_list_finds_a_person_by_name_e_mail_phone_or_ticket_number(client, event, organiser):
    ada = register(event, name="Ada Lovelace", email="ada@example.net").registration
    register(event, name="Bo Diddley", email="bo@example.net", phone="07700 900123")
    client.force_login(organiser)
    url = f"/events/manage/{event.pk}/registrations/"

    def found(q: str) -> set[str]:
        html = page_text(client.get(url, {"q": q}))
        return {name for name in ("Ada Lovelace", "Bo Diddley") if name in html}

    assert found("lovel") == {"Ada Lovelace"}
    assert found("BO@EXAMPLE") == {"Bo Diddley"}
    assert found("07700 900123") == {"Bo Diddley"}
    assert found(ada.tickets.get().number.lower()) == {"Ada Lovelace"}
    assert found("nobody") == set()


@pytest.mark.parametrize("query", [{}, {"page": "3"}, {"q": "Person 001"}, {"status": "confirmed"}])
def test_the_lists_queries_do_not_grow_with_the_number_of_people(
    client, event, organiser, django_assert_num_queries, query
):
    client.force_login(organiser)
    _many(event, 20)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(f"/events/manage/{event.pk}/registrations/", query)
    Registration.objects.all().delete()
    _many(event, 2000)

    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(f"/events/manage/{event.pk}/registrations/", query)

    assert response.status_code == 200


def test_a_registrations_page_takes_a_fixed_number_of_queries(
    client, event, organiser, django_assert_max_num_queries
):
    _many(event, 300)
    registration = Registration.objects.filter(event=event).first()
    client.force_login(organiser)

    with django_assert_max_num_queries(10):
        response = client.get(manage_url(registration))

    assert response.status_code == 200


def test_the_person_is_told_once_that_the_organisers_cancelled_their_place(
    client, event, organiser, django_capture_on_commit_callbacks
):
    from events.emails import registration_cancelled_send

    registration = register(event, name="Ada Lovelace", email="ada@example.net").registration
    client.force_login(organiser)
    before = set(Notification.objects.values_list("pk", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        followed(client, manage_url(registration, "cancel"), {"reason": "Internal note 123"})
    registration_cancelled_send(registration_id=registration.pk)  # a task run twice

    (told,) = Notification.objects.exclude(pk__in=before).filter(recipient="ada@example.net")
    assert told.channel == Channel.EMAIL
    assert event.title in told.subject and "cancelled" in told.subject
    assert "Your ticket no longer works." in told.body
    assert "Internal note 123" not in told.body  # the organiser's reason stays in the audit log
    assert not told.attachments.exists()  # no calendar file to put the event back in their calendar


def test_someone_with_only_a_phone_is_told_by_sms(
    client, event, organiser, django_capture_on_commit_callbacks
):
    registration = register(event, email="", phone="07700 900123").registration
    client.force_login(organiser)

    with django_capture_on_commit_callbacks(execute=True):
        followed(client, manage_url(registration, "cancel"), {"reason": "Asked by phone"})

    sms = Notification.objects.filter(channel=Channel.SMS, body__contains="cancelled your place")
    assert sms.count() == 1
