"""A Voice of the Customer forum's record: kept by its organisers, anonymised, audited; bad input
changes nothing; "you said, we did" shows only published records of forums that took place."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditAction, AuditEntry, OrganisationKind, Role
from core.exceptions import NotAllowed
from core.redact import REMOVED, contact_details_remove
from events.forums import forum_record_missing, forums_held
from events.models import Event, EventKind, ForumAction, ForumBarrier, ForumRecord
from events.services.forums import (
    ForumRecordError,
    forum_action_save,
    forum_action_status_set,
    forum_barrier_save,
    forum_no_barriers_set,
    forum_participation_set,
    forum_record_get_or_create,
    forum_record_publish,
)
from tests.factories import PASSWORD, EventFactory, OrganisationFactory, in_days_at, member

pytestmark = pytest.mark.django_db


def forum(days: int = -7, **fields: object) -> Event:
    fields.setdefault("status", Event.Status.COMPLETED)
    return EventFactory(
        kind=EventKind.VOICE_OF_THE_CUSTOMER_FORUM,
        starts_at=in_days_at(days),
        ends_at=in_days_at(days, 12),
        **fields,
    )


def organiser_of(event: Event):
    return member(Role.JOBCENTRE_ORGANISER, event.organiser)


def complete_record(event: Event, by, *, publish: bool = True) -> ForumRecord:
    record = forum_record_get_or_create(event=event, by=by)
    forum_participation_set(record=record, by=by, participants=14, groups={"disabled_people": 9})
    barrier = forum_barrier_save(
        record=record, by=by, theme="transport", description="The 301 bus stops at 6pm."
    )
    forum_action_save(
        record=record,
        by=by,
        description="Ask the operator about a later bus.",
        owner_organisation=event.organiser,
        owner_name="",
        due_on=timezone.localdate() + timedelta(days=30),
        barrier=barrier,
    )
    if publish:
        forum_record_publish(record=record, by=by)
    return record


# --- The helper that removes contact details ------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "ring me on 07700 900123",
        "mail jo.bloggs@example.org please",
        "+44 (0)1707 123 456 is the office",
        "call (01727) 123456",
        "020-7946-0018",
    ],
)
def test_contact_details_are_removed(typed):
    cleaned, removed = contact_details_remove(typed)
    assert removed and REMOVED in cleaned
    assert "@" not in cleaned and not any(run in cleaned for run in ("900123", "123456", "0018"))


def test_ordinary_numbers_stay():
    text = "The 301 bus at 9.30 costs £4.50; 50+ people; aged 16-24; since 2024."
    assert contact_details_remove(text) == (text, False)


# --- Services -------------------------------------------------------------------------------


def test_organiser_records_a_forum_and_every_change_is_audited():
    event = forum()
    by = organiser_of(event)
    record = complete_record(event, by)

    assert record.participants == 14 and record.disabled_people == 9
    assert record.published_at is not None
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert actions.count(AuditAction.FORUM_RECORD_CHANGE) == 3
    assert actions.count(AuditAction.FORUM_RECORD_PUBLISH) == 1


def test_barrier_words_lose_contact_details():
    event = forum()
    by = organiser_of(event)
    record = forum_record_get_or_create(event=event, by=by)
    barrier = forum_barrier_save(
        record=record, by=by, theme="confidence", description="Sam (07700 900123) felt alone."
    )
    assert barrier.redacted
    assert "07700" not in barrier.description


def test_another_jobcentres_organiser_cannot_change_the_record():
    event = forum()
    record = forum_record_get_or_create(event=event, by=organiser_of(event))
    stranger = member(Role.JOBCENTRE_ORGANISER)

    with pytest.raises(NotAllowed):
        forum_participation_set(record=record, by=stranger, participants=3, groups={})
    with pytest.raises(NotAllowed):
        forum_barrier_save(record=record, by=stranger, theme="transport", description="x")
    assert ForumBarrier.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"owner_organisation": None, "owner_name": ""}, "owner_required"),
        ({"due_on": None}, "due_date_required"),
        ({"description": "  "}, "description_required"),
    ],
)
def test_an_action_without_owner_or_due_date_is_refused(changes, code):
    event = forum()
    by = organiser_of(event)
    record = forum_record_get_or_create(event=event, by=by)
    fields = {
        "description": "Do it",
        "owner_organisation": event.organiser,
        "owner_name": "",
        "due_on": date(2027, 1, 1),
        **changes,
    }
    with pytest.raises(ForumRecordError) as refused:
        forum_action_save(record=record, by=by, **fields)
    assert refused.value.code == code
    assert ForumAction.objects.count() == 0


def test_a_theme_not_in_the_list_is_refused():
    event = forum()
    by = organiser_of(event)
    record = forum_record_get_or_create(event=event, by=by)
    with pytest.raises(ForumRecordError) as refused:
        forum_barrier_save(record=record, by=by, theme="weather", description="Rain")
    assert refused.value.code == "theme_invalid"
    assert ForumBarrier.objects.count() == 0


def test_not_possible_needs_a_reason():
    event = forum()
    by = organiser_of(event)
    record = complete_record(event, by, publish=False)
    action = record.actions.get()
    with pytest.raises(ForumRecordError) as refused:
        forum_action_status_set(action=action, by=by, status="not_possible", reason=" ")
    assert refused.value.code == "reason_required"
    action.refresh_from_db()
    assert action.status == "open"

    forum_action_status_set(action=action, by=by, status="not_possible", reason="No funding.")
    action.refresh_from_db()
    assert (action.status, action.status_reason) == ("not_possible", "No funding.")


@pytest.mark.parametrize(
    ("participants", "groups", "code"),
    [
        (-1, {}, "count_negative"),
        (5, {"carers": -2}, "count_negative"),
        (5, {"carers": 6}, "group_exceeds_participants"),
    ],
)
def test_bad_counts_are_refused(participants, groups, code):
    event = forum()
    by = organiser_of(event)
    record = forum_record_get_or_create(event=event, by=by)
    with pytest.raises(ForumRecordError) as refused:
        forum_participation_set(record=record, by=by, participants=participants, groups=groups)
    assert refused.value.code == code
    record.refresh_from_db()
    assert record.participants == 0 and record.carers == 0


def test_a_future_or_cancelled_forum_has_no_record_and_other_kinds_none_at_all():
    for event, code in [
        (forum(days=7, status=Event.Status.PUBLISHED), "forum_not_started"),
        (forum(status=Event.Status.CANCELLED), "forum_cancelled"),
    ]:
        with pytest.raises(ForumRecordError) as refused:
            forum_record_get_or_create(event=event, by=organiser_of(event))
        assert refused.value.code == code
    fair = EventFactory(starts_at=in_days_at(-3), ends_at=in_days_at(-3, 14))
    with pytest.raises(ForumRecordError):
        forum_record_get_or_create(event=fair, by=organiser_of(fair))


def test_an_incomplete_record_is_not_published_and_says_what_is_missing():
    event = forum()
    by = organiser_of(event)
    record = forum_record_get_or_create(event=event, by=by)
    assert len(forum_record_missing(record)) == 2
    with pytest.raises(ForumRecordError) as refused:
        forum_record_publish(record=record, by=by)
    assert refused.value.code == "record_incomplete"
    record.refresh_from_db()
    assert record.published_at is None


def test_no_barriers_raised_is_a_record_but_not_beside_barriers():
    event = forum()
    by = organiser_of(event)
    record = forum_record_get_or_create(event=event, by=by)
    forum_participation_set(record=record, by=by, participants=4, groups={})
    forum_no_barriers_set(record=record, by=by, no_barriers=True)
    assert forum_record_missing(record) == []
    assert list(forums_held()) == [event]

    forum_barrier_save(record=record, by=by, theme="other", description="Parking")
    record.refresh_from_db()
    assert not record.no_barriers_raised
    with pytest.raises(ForumRecordError):
        forum_no_barriers_set(record=record, by=by, no_barriers=True)


# --- Pages ----------------------------------------------------------------------------------


def signed_in(user) -> Client:
    client = Client()
    assert client.login(email=user.email, password=PASSWORD)
    return client


def test_public_page_shows_only_published_records_of_forums_that_took_place():
    shown = forum()
    complete_record(shown, organiser_of(shown))
    unpublished = forum()
    record = complete_record(unpublished, organiser_of(unpublished), publish=False)
    record.barriers.update(description="Unpublished words")
    later_cancelled = forum()
    cancelled = complete_record(later_cancelled, organiser_of(later_cancelled))
    cancelled.barriers.update(description="Cancelled words")
    Event.objects.filter(pk=later_cancelled.pk).update(status=Event.Status.CANCELLED)

    page = Client().get("/voice-of-the-customer/")

    assert page.status_code == 200
    text = page.content.decode()
    assert "The 301 bus stops at 6pm." in text
    assert "Ask the operator about a later bus." in text
    assert shown.organiser.name in text
    assert "Unpublished words" not in text and "Cancelled words" not in text
    assert "14 people took part" in text


def test_the_jobcentre_page_shows_its_own_forums():
    event = forum()
    complete_record(event, organiser_of(event))
    other = forum()
    complete_record(other, organiser_of(other))
    ForumBarrier.objects.filter(record__event=other).update(description="Other words")

    page = Client().get(reverse("forums:jobcentre", args=[event.organiser_id]))

    text = page.content.decode()
    assert page.status_code == 200
    assert "The 301 bus stops at 6pm." in text and "Other words" not in text
    school = OrganisationFactory(kind=OrganisationKind.SCHOOL)
    assert Client().get(reverse("forums:jobcentre", args=[school.pk])).status_code == 404


def test_public_page_in_polish_has_polish_month_names():
    event = forum()
    record = complete_record(event, organiser_of(event))
    ForumAction.objects.filter(record=record).update(due_on=date(2027, 3, 5))
    page = Client().get("/voice-of-the-customer/", HTTP_ACCEPT_LANGUAGE="pl")
    text = page.content.decode()
    assert "marca 2027" in text
    assert "Powiedzieliście, zrobiliśmy" in text


def test_organiser_records_a_forum_through_the_pages():
    event = forum()
    client = signed_in(organiser_of(event))
    base = f"/voice-of-the-customer/records/{event.pk}/"

    assert client.get("/voice-of-the-customer/records/").status_code == 200
    assert client.get(base).status_code == 200
    response = client.post(base + "participation/", {"participants": "11", "carers": "2"})
    assert response.status_code == 302
    refused = client.post(base + "barriers/new/", {"theme": "weather", "description": "x"})
    assert refused.status_code == 200 and "Select a theme from the list" in refused.content.decode()
    client.post(base + "barriers/new/", {"theme": "transport", "description": "No buses"})
    refused = client.post(base + "actions/new/", {"description": "Talk to the council"})
    text = refused.content.decode()
    assert "Select or name the organisation that owns the action" in text
    assert "Enter the date the action is due" in text
    assert ForumAction.objects.count() == 0
    client.post(
        base + "actions/new/",
        {
            "description": "Talk to the council",
            "owner_name": "Hertfordshire County Council",
            "due_on_day": "1",
            "due_on_month": "2",
            "due_on_year": "2027",
        },
    )
    action = ForumAction.objects.get()
    refused = client.post(base + f"actions/{action.pk}/status/", {"status": "not_possible"})
    assert "Say why the action is not possible" in refused.content.decode()
    client.post(base + "publish/")

    record = ForumRecord.objects.get(event=event)
    assert record.participants == 11 and record.carers == 2
    assert record.published_at is not None
    assert action.owner_name == "Hertfordshire County Council"


def test_another_jobcentres_organiser_gets_a_403_and_the_public_a_sign_in():
    event = forum()
    complete_record(event, organiser_of(event), publish=False)
    base = f"/voice-of-the-customer/records/{event.pk}/"
    stranger = signed_in(member(Role.JOBCENTRE_ORGANISER))
    assert stranger.get(base + "participation/").status_code == 403
    assert stranger.post(base + "publish/").status_code == 403
    assert Client().get(base).status_code == 302
    assert ForumRecord.objects.get().published_at is None


def test_a_lead_reads_the_record_but_changes_nothing():
    event = forum()
    complete_record(event, organiser_of(event), publish=False)
    lead = signed_in(member(Role.LEAD))
    base = f"/voice-of-the-customer/records/{event.pk}/"
    page = lead.get(base)
    assert page.status_code == 200 and "Publish the record" not in page.content.decode()
    assert lead.post(base + "publish/").status_code == 403
