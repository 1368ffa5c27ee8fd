"""Adjustments followed through (checklist steps, the door's tick, the warning, "adjustments
met"), priority groups at registration, reach figures recounted from raw rows, and erasure."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Role
from core.exceptions import NotAllowed
from core.periods import financial_year_of
from engagement.reach import reach_cells
from events.adjustments import (
    AdjustmentError,
    adjustment_item_set_status,
    adjustments_met,
    event_adjustment_counts,
)
from events.checkin import ticket_check_in
from events.exceptions import RegistrationError
from events.feedback import feedback_answer, feedback_invitations_send
from events.models import (
    AdjustmentItem,
    Event,
    FeedbackRequest,
    OutboxMessage,
    RegistrationPriorityGroup,
    Ticket,
)
from events.privacy import subject_erase
from events.services import attendee_personal_data_purge
from tests.events.conftest import register
from tests.factories import EventFactory, member

pytestmark = pytest.mark.django_db


def items_of(registration):
    return {
        item.adjustment: item for item in AdjustmentItem.objects.filter(registration=registration)
    }


def test_each_adjustment_asked_for_is_a_checklist_item(event):
    registration = register(event, adjustments=["bsl_interpreter", "quiet_room"]).registration

    items = items_of(registration)

    assert set(items) == {"bsl_interpreter", "quiet_room"}
    assert {item.status for item in items.values()} == {"to_arrange"}


def test_checklist_steps_and_the_person_is_told_once(event, organiser, committed):
    registration = register(event, adjustments=["hearing_loop"]).registration
    item = items_of(registration)["hearing_loop"]
    mail.outbox.clear()

    adjustment_item_set_status(item=item, status="arranged", by=organiser)
    with committed():
        adjustment_item_set_status(item=item, status="confirmed", by=organiser)
    with committed():
        adjustment_item_set_status(item=item, status="confirmed", by=organiser)

    item.refresh_from_db()
    assert item.status == "confirmed" and item.arranged_at and item.confirmed_at
    assert OutboxMessage.objects.filter(kind="adjustment_confirmation").count() == 1
    assert [message.to for message in mail.outbox] == [[registration.email]]
    assert "hearing loop" in mail.outbox[0].body


def test_only_organisers_change_the_checklist_and_steps_come_from_the_list(event, organiser):
    item = items_of(register(event, adjustments=["large_print"]).registration)["large_print"]

    with pytest.raises(NotAllowed):
        adjustment_item_set_status(item=item, status="arranged", by=member(Role.COORDINATOR))
    with pytest.raises(AdjustmentError):
        adjustment_item_set_status(item=item, status="done", by=organiser)
    item.refresh_from_db()
    assert item.status == "to_arrange"


def test_the_door_ticks_arranged_adjustments_met(event, organiser):
    registration = register(event, adjustments=["bsl_interpreter", "quiet_room"]).registration
    items = items_of(registration)
    adjustment_item_set_status(item=items["bsl_interpreter"], status="confirmed", by=organiser)
    ticket = registration.tickets.get()
    starts = timezone.now() - timedelta(minutes=30)
    Event.objects.filter(pk=event.pk).update(starts_at=starts, ends_at=starts + timedelta(hours=3))

    result = ticket_check_in(token=ticket.token, event_id=event.pk, by=organiser)

    assert result.result == "ok"
    after = items_of(registration)
    assert after["bsl_interpreter"].status == "met" and after["bsl_interpreter"].met_at
    # Never arranged: admission is no proof it was met.
    assert after["quiet_room"].status == "to_arrange"


def test_unarranged_adjustments_are_flagged_within_a_week():
    soon = EventFactory(starts_at=timezone.now() + timedelta(days=3))
    later = EventFactory()
    register(soon, adjustments=["companion"])
    register(later, adjustments=["companion"])

    assert event_adjustment_counts(event=soon).warn
    assert not event_adjustment_counts(event=later).warn


def test_adjustments_met_recounted_from_raw_rows(event, organiser):
    people = [
        register(event, name=f"P{n}", email=f"p{n}@example.net", adjustments=codes).registration
        for n, codes in enumerate(
            [["bsl_interpreter", "companion"], ["large_print"], ["quiet_room"]]
        )
    ]
    for registration in people[:2]:
        Ticket.objects.filter(registration=registration).update(checked_in_at=timezone.now())
    for item in AdjustmentItem.objects.filter(adjustment__in=["bsl_interpreter", "quiet_room"]):
        adjustment_item_set_status(item=item, status="met", by=organiser)
    starts = timezone.now() - timedelta(days=2)
    Event.objects.filter(pk=event.pk).update(starts_at=starts, ends_at=starts + timedelta(hours=3))

    figure = adjustments_met(events=Event.objects.all())

    # By the definition: items of admitted people at ended events; met = ticked met.
    admitted = [r.pk for r in people if r.tickets.filter(checked_in_at__isnull=False).exists()]
    rows = AdjustmentItem.objects.filter(registration_id__in=admitted).values_list(
        "status", flat=True
    )
    assert figure.requested == len(rows) == 3
    assert figure.met == sum(1 for status in rows if status == "met") == 1
    assert figure.share == 33.3


def test_checklist_page_and_the_event_page_warning(client, organiser):
    event = EventFactory(starts_at=timezone.now() + timedelta(days=2))
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)
    registration = register(event, adjustments=["step_free_access"]).registration
    client.force_login(organiser)

    checklist = client.get(f"/events/manage/{event.pk}/adjustments/")
    dashboard = client.get(f"/events/manage/{event.pk}/")
    item = items_of(registration)["step_free_access"]
    moved = client.post(f"/events/manage/adjustments/{item.pk}/", {"status": "arranged"})

    assert checklist.status_code == 200 and 'data-testid="adjustments-warning"' in checklist.text
    assert 'data-testid="adjustments-warning"' in dashboard.text
    assert moved.status_code == 302
    item.refresh_from_db()
    assert item.status == "arranged"
    client.force_login(member(Role.JOBCENTRE_ORGANISER))
    assert client.post(f"/events/manage/adjustments/{item.pk}/", {"status": "met"}).status_code in (
        403,
        404,
    )


# --- Priority groups and reach ---------------------------------------------------------------


def test_priority_groups_stored_only_with_consent(event):
    with pytest.raises(RegistrationError) as refused:
        register(event, priority_groups=["carer"])
    assert refused.value.code == "priority_groups_consent_required"
    with pytest.raises(RegistrationError):
        register(
            event, priority_groups=["carer", "prefer_not_to_say"], priority_groups_consent=True
        )
    with pytest.raises(RegistrationError):
        register(event, priority_groups=["astronaut"], priority_groups_consent=True)
    assert not RegistrationPriorityGroup.objects.exists()

    registration = register(
        event, priority_groups=["disabled", "carer"], priority_groups_consent=True
    ).registration

    assert set(registration.priority_groups.values_list("group", flat=True)) == {
        "carer",
        "disabled",
    }


def test_api_registration_takes_priority_groups(event):
    body = {
        "name": "Ada",
        "email": "ada@example.net",
        "category": "jobseeker",
        "privacy_consent": True,
    }
    refused = APIClient().post(
        f"/api/v1/events/{event.pk}/registrations/",
        {**body, "priority_groups": ["care_leaver"]},
        format="json",
    )
    made = APIClient().post(
        f"/api/v1/events/{event.pk}/registrations/",
        {**body, "priority_groups": ["care_leaver"], "priority_groups_consent": True},
        format="json",
    )
    schema = APIClient().get("/api/v1/schema/?format=json").json()

    assert (
        refused.status_code == 400 and refused.json()["code"] == "priority_groups_consent_required"
    )
    assert made.status_code == 201
    assert RegistrationPriorityGroup.objects.get().group == "care_leaver"
    assert "priority_groups" in str(schema["components"]["schemas"])


def test_public_form_asks_priority_groups(client, event):
    page = client.get(f"/events/{event.public_id}/")
    posted = client.post(
        f"/events/{event.public_id}/",
        {
            "name": "Bo",
            "email": "bo@example.net",
            "category": "jobseeker",
            "priority_groups": ["homeless"],
            "privacy_consent": "on",
        },
    )

    assert "Do any of these describe you?" in page.text
    assert posted.status_code == 200 and "Tick the box to agree" in posted.text
    assert not RegistrationPriorityGroup.objects.exists()


def _admitted(event, n, **answers):
    registration = register(
        event, name=f"R{n}", email=f"reach{n}@example.net", **answers
    ).registration
    Ticket.objects.filter(registration=registration).update(checked_in_at=timezone.now())
    return registration


def test_reach_counts_distinct_people_and_suppresses_under_five():
    first, second = EventFactory(), EventFactory(kind="fifty_plus_jobs_fair")
    groups = {"priority_groups": ["aged_50_plus"], "priority_groups_consent": True}
    for n in range(6):
        _admitted(first, n, age_band="50_64", sex="female", **groups)
    # The same six people at a second event count once.
    for n in range(6):
        _admitted(second, n, age_band="50_64", sex="female", **groups)
    for n in range(6, 8):
        _admitted(second, n, age_band="25_49", disability="yes")
    period = financial_year_of(first.starts_at.date())

    total = {c.answer: c.people for c in reach_cells(period=period, dimension="age_band")}
    groups_total = {
        c.answer: c.people for c in reach_cells(period=period, dimension="priority_group")
    }
    by_kind = {
        (c.answer, c.split_value): c.people
        for c in reach_cells(period=period, dimension="age_band", split="kind")
    }
    disability = {c.answer: c.people for c in reach_cells(period=period, dimension="disability")}

    # Recount by the definition, from the raw rows: distinct e-mail addresses per answer.
    raw = {}
    for ticket in Ticket.objects.filter(checked_in_at__isnull=False).select_related("registration"):
        raw.setdefault(ticket.registration.age_band, set()).add(ticket.registration.email)
    assert total["50_64"] == len(raw["50_64"]) == 6
    assert total["25_49"] is None  # two people: fewer than 5
    assert groups_total == {"aged_50_plus": 6}
    assert by_kind[("50_64", "Jobs fair")] == 6 and by_kind[("50_64", "50+ jobs fair")] == 6
    assert disability == {"yes": None}


def test_reach_csv_for_leads_only(client):
    event = EventFactory()
    for n in range(5):
        _admitted(event, n, sex="male")
    client.force_login(member(Role.LEAD))

    response = client.get("/dashboard/reach.csv")
    county = client.get("/dashboard/county/")

    assert response.status_code == 200
    assert "sex,male,total,,5" in response.content.decode()
    assert county.status_code == 200 and 'data-testid="reach-sex"' in county.text
    client.force_login(member(Role.JOBCENTRE_ORGANISER))
    assert client.get("/dashboard/reach.csv").status_code == 404


# --- Erasure ------------------------------------------------------------------------------------


def test_erasure_clears_priority_groups_and_feedback_comments(event, organiser):
    registration = _admitted(
        event, 1, priority_groups=["ex_offender"], priority_groups_consent=True
    )
    starts = timezone.now() - timedelta(days=1, hours=5)
    Event.objects.filter(pk=event.pk).update(starts_at=starts, ends_at=starts + timedelta(hours=3))
    feedback_invitations_send()
    link = FeedbackRequest.objects.get(registration=registration)
    feedback_answer(feedback=link, usefulness="very_useful", comment="Loved the bakery stand")

    subject_erase(viewer=organiser, contact=registration.email)

    assert not RegistrationPriorityGroup.objects.filter(registration=registration).exists()
    link.refresh_from_db()
    assert link.comment == "" and link.usefulness == "very_useful"


def test_retention_purge_clears_priority_groups(event):
    registration = _admitted(event, 2, priority_groups=["carer"], priority_groups_consent=True)
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(days=400), ends_at=timezone.now() - timedelta(days=399)
    )

    attendee_personal_data_purge(retention_days=30)

    assert not RegistrationPriorityGroup.objects.filter(registration=registration).exists()


def test_the_organisers_home_counts_adjustments_to_arrange_this_week(client):
    event = EventFactory(starts_at=timezone.now() + timedelta(days=3))
    register(event, adjustments=["bsl_interpreter", "large_print"])
    client.force_login(member(Role.JOBCENTRE_ORGANISER, event.organiser))

    home = client.get("/")

    assert 'data-testid="home-adjustments-warning"' in home.text
    assert "2 adjustments at your events" in home.text
