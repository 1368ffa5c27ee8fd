"""Employers apply for stands; organisers decide; the waiting list moves up when a stand frees."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Role
from events.exceptions import Conflict, NotAllowed, StandError
from events.models import Event, StandApplication
from events.services import stand_apply, stand_approve, stand_decline, stand_withdraw
from tests.factories import EmployerFactory, EventFactory, member

pytestmark = pytest.mark.django_db


def apply(event, employer=None, **overrides):
    employer = employer or EmployerFactory()
    contact = member(Role.EMPLOYER_CONTACT, employer.organisation)
    answers = {
        "representatives": 2,
        "representative_names": ["Jo Smith"],
        "vacancies": [
            {"title": "Warehouse operative", "posts": 4, "link": "https://example.com/jobs/1"},
            {"title": "Forklift driver"},
        ],
        "needs_power": True,
    }
    answers.update(overrides)
    return stand_apply(event=event, employer=employer, by=contact, **answers)


@pytest.mark.parametrize(
    ("event_fields", "answers", "code"),
    [
        ({"status": Event.Status.CANCELLED}, {}, "event_cancelled"),
        ({"status": Event.Status.DRAFT}, {}, "event_not_published"),
        (
            {"registration_closes_at": timezone.now() - timedelta(hours=1)},
            {},
            "registration_closed",
        ),
        ({"stand_capacity": 0}, {}, "no_stands"),
        ({}, {"representatives": 4}, "too_many_representatives"),
        ({}, {"representatives": 0}, "invalid_representatives"),
        ({}, {"vacancies": [{"title": ""}]}, "invalid_vacancy"),
        ({}, {"vacancies": [{"title": "Chef", "link": "javascript:alert(1)"}]}, "invalid_vacancy"),
    ],
)
def test_bad_stand_application_is_refused_with_a_code_and_saves_nothing(
    event_fields, answers, code
):
    event = EventFactory(**event_fields)

    with pytest.raises(StandError) as refused:
        apply(event, **answers)

    assert refused.value.code == code
    assert not StandApplication.objects.exists()


def test_a_second_live_application_from_one_employer_is_refused(event, employer):
    apply(event, employer)

    with pytest.raises(StandError) as refused:
        apply(event, employer)

    assert refused.value.code == "already_applied"
    assert StandApplication.objects.count() == 1


def test_an_application_records_vacancies_and_waits_for_a_decision(event, mailoutbox, committed):
    with committed():
        application = apply(event)

    assert application.status == StandApplication.Status.PENDING
    assert application.vacancies_count == 5
    second = application.vacancies.all()[1]
    assert (second.title, second.posts, second.type) == ("Forklift driver", 1, "job")
    assert "received" in mailoutbox[0].subject


def test_the_organiser_approves_with_a_stand_number_and_an_ics(
    event, organiser, mailoutbox, committed
):
    first, second = apply(event), apply(event)

    with committed():
        stand_approve(application=second, by=organiser)
        stand_approve(application=first, by=organiser)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.stand_number, first.stand_number) == (1, 2)
    approved = [m for m in mailoutbox if "approved" in m.subject]
    assert len(approved) == 2
    assert "stand number is 1" in approved[0].body
    assert approved[0].attachments[0][0] == "event.ics"


def test_only_the_events_organiser_decides(event, employer_contact):
    application = apply(event)
    other_jobcentre = member(Role.JOBCENTRE_ORGANISER)

    for person in (other_jobcentre, employer_contact):
        with pytest.raises(NotAllowed):
            stand_approve(application=application, by=person)


def test_past_stand_capacity_applications_are_waitlisted_and_cannot_be_approved(organiser):
    event = EventFactory(stand_capacity=1, organiser=organiser.memberships.get().organisation)
    apply(event)

    waiting = apply(event)

    assert waiting.status == StandApplication.Status.WAITLISTED
    with pytest.raises(Conflict) as refused:
        stand_approve(application=waiting, by=organiser)
    assert refused.value.code == "no_stand_free"


def test_declining_an_approved_stand_promotes_the_first_waitlisted_with_an_email(
    mailoutbox, committed
):
    event = EventFactory(stand_capacity=1)
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)
    approved = apply(event)
    stand_approve(application=approved, by=organiser)
    first_waiting = apply(event)
    second_waiting = apply(event)
    mailoutbox.clear()

    with committed():
        stand_decline(application=approved, by=organiser, note="No food stalls this time.")

    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert first_waiting.status == StandApplication.Status.APPROVED
    assert first_waiting.stand_number == 1
    assert second_waiting.status == StandApplication.Status.WAITLISTED
    subjects = sorted(m.subject for m in mailoutbox)
    assert any("declined" in s for s in subjects)
    promoted = next(m for m in mailoutbox if "approved" in m.subject)
    assert "moved off the waiting list" in promoted.body
    assert promoted.to == [first_waiting.applied_by.email]


def test_withdrawing_a_pending_application_moves_the_next_one_to_pending(committed):
    event = EventFactory(stand_capacity=1)
    pending = apply(event)
    waiting = apply(event)

    stand_withdraw(application=pending, by=pending.applied_by)

    waiting.refresh_from_db()
    assert waiting.status == StandApplication.Status.PENDING


def test_an_employer_can_apply_again_after_withdrawing(event, employer):
    first = apply(event, employer)
    stand_withdraw(application=first, by=first.applied_by)

    again = apply(event, employer)

    assert again.status == StandApplication.Status.PENDING


# --- Taking back an approval ------------------------------------------------------------------


def test_declining_an_approved_stand_needs_a_reason_and_changes_nothing_without_one(mailoutbox):
    event = EventFactory(stand_capacity=2)
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)
    approved = stand_approve(application=apply(event), by=organiser, note="See you there.")
    mailoutbox.clear()

    for note in ("", "   "):
        with pytest.raises(StandError) as refused:
            stand_decline(application=approved, by=organiser, note=note)
        assert refused.value.code == "reason_required"

    approved.refresh_from_db()
    assert (approved.status, approved.stand_number) == (StandApplication.Status.APPROVED, 1)
    assert approved.decision_note == "See you there."
    # A pending application is still declined in one step, with or without a note.
    pending = stand_decline(application=apply(event), by=organiser)
    assert pending.status == StandApplication.Status.DECLINED


def test_each_decision_has_its_own_note_in_the_employers_email(mailoutbox, committed):
    event = EventFactory(stand_capacity=2)
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)
    application = apply(event)
    with committed():
        stand_approve(application=application, by=organiser, note="See you there.")
    approval = next(m for m in mailoutbox if "approved" in m.subject)
    assert "Note from the organisers: See you there." in approval.body
    mailoutbox.clear()

    with committed():
        declined = stand_decline(
            application=application, by=organiser, note="The hall is closed for repairs."
        )

    assert declined.decision_note == "The hall is closed for repairs."
    (refusal,) = mailoutbox
    assert "declined" in refusal.subject
    assert "could not offer you a stand" in refusal.body
    assert "The organisers' reason: The hall is closed for repairs." in refusal.body
    assert "See you there." not in refusal.body


def test_withdrawing_is_refused_once_the_event_is_over_or_cancelled():
    for status in (Event.Status.COMPLETED, Event.Status.CANCELLED):
        event = EventFactory(stand_capacity=2)
        application = apply(event)
        Event.objects.filter(pk=event.pk).update(status=status)
        application.refresh_from_db()

        with pytest.raises(Conflict) as refused:
            stand_withdraw(application=application, by=application.applied_by)

        assert refused.value.code == "event_over"
        application.refresh_from_db()
        assert application.status == StandApplication.Status.PENDING


def test_representative_names_lose_control_characters():
    application = apply(
        EventFactory(), representative_names=["Jo\x00 Smith\x1b", "\x07", "  Raj\tPatel "]
    )

    assert application.representative_names == ["Jo Smith", "Raj Patel"]
