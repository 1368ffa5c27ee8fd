"""An event's life is audited: who created it (or copied it, and from which event), who changed
what (each field's old and new value), who published it and who cancelled it, and why."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import AuditAction, AuditEntry, Role
from events.exceptions import EventError
from events.models import Event
from events.services import event_cancel, event_create, event_publish, event_update
from tests.events.test_event_copy import posted_form
from tests.factories import EventFactory, SectorFactory, member

pytestmark = pytest.mark.django_db


def only_entry(action: AuditAction) -> AuditEntry:
    (entry,) = AuditEntry.objects.filter(action=action)
    return entry


def iso(moment) -> str:
    return timezone.localtime(moment).isoformat()


@pytest.fixture
def organiser(event):
    return member(Role.JOBCENTRE_ORGANISER, event.organiser)


def test_creating_an_event_is_audited_with_its_author(event, organiser):
    starts = timezone.now() + timedelta(days=30)
    created = event_create(
        by=organiser,
        organiser=event.organiser,
        kind=event.kind,
        title="Hatfield jobs fair",
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        capacity=50,
    )

    entry = only_entry(AuditAction.EVENT_CREATE)
    assert entry.actor == organiser and entry.actor_email == organiser.email
    assert (entry.target_type, entry.target_id) == ("events.event", str(created.pk))
    assert entry.target_label == "Hatfield jobs fair"
    assert entry.details == {}


def test_copying_an_event_from_its_page_names_the_event_copied(client, event, organiser):
    client.force_login(organiser)
    data = posted_form(client.get(f"/events/manage/{event.pk}/copy/").content.decode())

    response = client.post(f"/events/manage/{event.pk}/copy/", data)

    assert response.status_code == 302
    copy = Event.objects.exclude(pk=event.pk).get()
    entry = only_entry(AuditAction.EVENT_CREATE)
    assert entry.actor == organiser
    assert (entry.target_id, entry.target_label) == (str(copy.pk), copy.title)
    assert entry.details == {"copied_from": event.pk}


def test_a_change_names_each_field_changed_with_its_old_and_new_value(event, organiser):
    old_start, old_end = event.starts_at, event.ends_at
    new_start = old_start + timedelta(days=7)

    event_update(
        event=event,
        by=organiser,
        capacity=150,
        starts_at=new_start,
        ends_at=new_start + timedelta(hours=4),
        title=event.title,  # unchanged: not named
    )

    entry = only_entry(AuditAction.EVENT_UPDATE)
    assert entry.actor == organiser and entry.target_id == str(event.pk)
    assert entry.details == {
        "changed": {
            "capacity": {"old": 100, "new": 150},
            "starts_at": {"old": iso(old_start), "new": iso(new_start)},
            "ends_at": {"old": iso(old_end), "new": iso(new_start + timedelta(hours=4))},
        }
    }


def test_a_change_from_the_edit_page_is_audited(client, event, organiser):
    client.force_login(organiser)
    data = posted_form(client.get(f"/events/manage/{event.pk}/edit/").content.decode())
    data["capacity"] = ["120"]

    response = client.post(f"/events/manage/{event.pk}/edit/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    entry = only_entry(AuditAction.EVENT_UPDATE)
    assert entry.actor == organiser
    assert entry.details == {"changed": {"capacity": {"old": 100, "new": 120}}}


def test_a_refused_change_writes_no_entry(event, organiser):
    with pytest.raises(EventError):
        event_update(event=event, by=organiser, ends_at=event.starts_at - timedelta(hours=1))
    with pytest.raises(EventError):
        event_update(event=event, by=organiser, capacity=0)

    assert not AuditEntry.objects.filter(action=AuditAction.EVENT_UPDATE).exists()
    event.refresh_from_db()
    assert event.capacity == 100


def test_a_refused_change_keeps_the_sectors_too(event, organiser):
    kept = SectorFactory(name="Retail")
    event.sector_focus.set([kept])

    with pytest.raises(EventError):
        event_update(
            event=event,
            by=organiser,
            sector_focus=[SectorFactory(name="Health")],
            capacity=0,
        )

    assert list(event.sector_focus.all()) == [kept]  # the change is one transaction
    assert not AuditEntry.objects.filter(action=AuditAction.EVENT_UPDATE).exists()


def test_a_sector_change_is_named_by_the_sectors_ids(event, organiser):
    old, new = SectorFactory(name="Retail"), SectorFactory(name="Health")
    event.sector_focus.set([old])

    event_update(event=event, by=organiser, sector_focus=[new])

    entry = only_entry(AuditAction.EVENT_UPDATE)
    assert entry.details == {"changed": {"sector_focus": {"old": [old.pk], "new": [new.pk]}}}


def test_a_change_that_changes_nothing_writes_no_entry(event, organiser):
    event_update(event=event, by=organiser, capacity=event.capacity)

    assert not AuditEntry.objects.filter(action=AuditAction.EVENT_UPDATE).exists()


def test_publishing_is_audited(organiser, event):
    draft = EventFactory(status=Event.Status.DRAFT, organiser=event.organiser, title="Draft fair")

    event_publish(event=draft, by=organiser)

    entry = only_entry(AuditAction.EVENT_PUBLISH)
    assert entry.actor == organiser
    assert (entry.target_id, entry.target_label) == (str(draft.pk), "Draft fair")


def test_cancelling_is_audited_with_the_reason_once(event, organiser):
    event_cancel(event=event, by=organiser, reason="  Venue flooded  ")
    event_cancel(event=event, by=organiser, reason="Again")  # changes nothing

    entry = only_entry(AuditAction.EVENT_CANCEL)
    assert entry.actor == organiser and entry.target_id == str(event.pk)
    assert entry.details == {"reason": "Venue flooded", "was": "published"}


def test_the_audit_log_page_names_the_new_actions(client, event, organiser):
    event_cancel(event=event, by=organiser, reason="Venue flooded")
    client.force_login(member(Role.ADMIN))

    html = client.get("/audit/", {"action": "event.cancel"}).content.decode()

    assert "An event cancelled" in html and "Venue flooded" in html
