"""Attendees register (no account), get a ticket or a place on the waiting list, and cancel."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Role
from core.phones import normalise_uk_phone
from events.exceptions import Conflict, NotAllowed, RegistrationError
from events.models import Event, PlaceOffer, Registration, Ticket
from events.selectors import places_taken, ticket_by_token
from events.services import group_booking_create, place_offer_claim, registration_cancel
from tests.events.conftest import register
from tests.factories import EventFactory, SchoolFactory, member

pytestmark = pytest.mark.django_db


# --- Bad input: a clear code, nothing saved ----------------------------------------------------


@pytest.mark.parametrize(
    ("event_fields", "answers", "code"),
    [
        ({"status": Event.Status.CANCELLED}, {}, "event_cancelled"),
        ({"status": Event.Status.DRAFT}, {}, "event_not_published"),
        ({"status": Event.Status.COMPLETED}, {}, "registration_closed"),
        (
            {"registration_closes_at": timezone.now() - timedelta(hours=1)},
            {},
            "registration_closed",
        ),
        (
            {"registration_opens_at": timezone.now() + timedelta(days=2)},
            {},
            "registration_not_open",
        ),
        ({}, {"email": "", "phone": ""}, "contact_required"),
        ({}, {"email": "not-an-address"}, "invalid_email"),
        ({}, {"email": "", "phone": "12345"}, "invalid_phone"),
        ({}, {"name": "   "}, "name_required"),
        ({}, {"category": "astronaut"}, "invalid_category"),
        ({}, {"adjustments": ["jetpack"]}, "invalid_adjustment"),
        ({}, {"age_band": "ancient"}, "invalid_answer"),
        ({}, {"privacy_consent": False}, "privacy_consent_required"),
    ],
)
def test_bad_registration_is_refused_with_a_code_and_saves_nothing(event_fields, answers, code):
    event = EventFactory(**event_fields)

    with pytest.raises(RegistrationError) as refused:
        register(event, **answers)

    assert refused.value.code == code
    assert str(refused.value.detail)
    assert not Registration.objects.exists()
    assert not Ticket.objects.exists()


def test_registering_after_the_event_started_is_closed():
    event = EventFactory(
        starts_at=timezone.now() - timedelta(minutes=5),
        ends_at=timezone.now() + timedelta(hours=3),
    )

    with pytest.raises(RegistrationError) as refused:
        register(event)

    assert refused.value.code == "registration_closed"


def test_the_same_email_twice_is_refused_whatever_its_case(event):
    register(event, email="Sam@Example.net")

    with pytest.raises(RegistrationError) as refused:
        register(event, email="sam@EXAMPLE.NET", name="Someone else")

    assert refused.value.code == "already_registered"
    assert Registration.objects.count() == 1


def test_the_same_email_may_register_again_after_cancelling(event):
    first = register(event).registration
    registration_cancel(registration=first)

    again = register(event)

    assert again.registration.status == Registration.Status.CONFIRMED


# --- Happy paths -------------------------------------------------------------------------------


def test_a_person_with_only_a_phone_gets_a_printable_ticket(event, mailoutbox, committed):
    with committed():
        result = register(event, email="", phone="07700 900123")

    assert result.registration.phone == "+447700900123"
    assert len(result.tickets) == 1
    assert mailoutbox == []  # nobody to e-mail; the ticket page is their ticket


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("07700 900123", "+447700900123"),
        ("+44 (0)7700-900123", "+447700900123"),
        ("0044 1707 281234", "+441707281234"),
        ("01707 281234", "+441707281234"),
    ],
)
def test_uk_phone_numbers_are_accepted_as_people_type_them(typed, stored):
    assert normalise_uk_phone(typed) == stored


@pytest.mark.parametrize(
    "typed",
    ["04512 345678", "01000 123456", "07700 9001234", "+33 1 23 45 67 89", "+1 202 555 0143"],
)
def test_unallocated_and_foreign_numbers_are_refused_and_nothing_is_saved(event, typed):
    with pytest.raises(RegistrationError) as refused:
        register(event, email="", phone=typed)

    assert refused.value.code == "invalid_phone"
    assert not Registration.objects.exists()


def test_registration_issues_an_unguessable_ticket_and_emails_it(event, mailoutbox, committed):
    with committed():
        result = register(event, adjustments=["bsl_interpreter"], complex_barriers=True)

    ticket = result.tickets[0]
    assert result.registration.status == Registration.Status.CONFIRMED
    assert len(ticket.token) >= 32  # 24 random bytes: 192 bits
    assert "Sam" not in ticket.token and "sam" not in ticket.token
    assert ticket.number == f"JF{event.pk}-0001"
    assert ticket.holder_label == "Sam Patel"
    [email] = mailoutbox
    assert email.to == ["sam@example.net"]
    assert event.title in email.subject
    assert f"/tickets/{ticket.token}/" in email.body
    names = [name for name, _content, _type in email.attachments]
    assert names == [f"ticket-{ticket.number}.png", "event.ics"]
    assert email.attachments[0][1].startswith(b"\x89PNG")
    assert "BEGIN:VCALENDAR" in email.attachments[1][1]


def test_the_confirmation_is_sent_once_even_if_it_is_sent_again(event, mailoutbox, committed):
    from events.emails import registration_confirmation_send

    with committed():
        result = register(event)
    registration_confirmation_send(registration_id=result.registration.pk)

    assert len(mailoutbox) == 1


def test_equality_questions_and_complex_barriers_are_optional(event):
    result = register(event)

    registration = result.registration
    assert registration.complex_barriers is None
    assert registration.age_band == registration.sex == ""


def test_prefer_not_to_say_is_an_answer_to_every_equality_question(event):
    result = register(
        event,
        age_band="prefer_not_to_say",
        disability="prefer_not_to_say",
        ethnicity_group="prefer_not_to_say",
        sex="prefer_not_to_say",
    )

    assert result.registration.disability == "prefer_not_to_say"


def test_adjustments_asked_after_the_deadline_still_register_with_a_warning():
    event = EventFactory(adjustments_deadline=timezone.now() - timedelta(days=1))

    result = register(event, adjustments=["bsl_interpreter", "step_free_access"])

    assert result.registration.status == Registration.Status.CONFIRMED
    assert result.registration.adjustments_late is True
    [warning] = result.warnings
    assert warning.code == "adjustments_after_deadline"
    assert "british sign language interpreter" in warning.detail
    assert "step-free" not in warning.detail  # needs no booking, so not late


def test_adjustments_that_need_no_booking_are_never_late():
    event = EventFactory(adjustments_deadline=timezone.now() - timedelta(days=1))

    result = register(event, adjustments=["step_free_access", "companion"])

    assert result.warnings == []
    assert result.registration.adjustments_late is False


# --- Capacity and the waiting list --------------------------------------------------------------


def test_past_capacity_people_join_the_waiting_list_without_a_ticket():
    event = EventFactory(capacity=1)
    register(event, email="first@example.net")

    second = register(event, email="second@example.net")

    assert second.waitlisted
    assert second.tickets == []
    assert [w.code for w in second.warnings] == ["waitlisted"]
    assert places_taken(event) == 1


def test_a_cancelled_place_is_offered_to_the_waiting_list_in_order_with_a_message(
    mailoutbox, committed
):
    event = EventFactory(capacity=1)
    first = register(event, email="first@example.net").registration
    second = register(event, email="second@example.net", name="Second Person").registration
    third = register(event, email="third@example.net", name="Third Person").registration
    mailoutbox.clear()

    with committed():
        registration_cancel(registration=first)

    second.refresh_from_db()
    third.refresh_from_db()
    # Offered, not yet given: the place is held for the second person until they claim it.
    assert second.status == Registration.Status.WAITLISTED
    assert second.place_offers.get().status == PlaceOffer.Status.OPEN
    assert not third.place_offers.exists()
    assert first.tickets.get().status == Ticket.Status.REVOKED
    [email] = mailoutbox
    assert email.to == ["second@example.net"]
    assert "place has come up" in email.subject
    assert f"/tickets/waiting/{second.link_token}/" in email.body
    assert email.attachments == []  # no ticket and no calendar file before the claim
    mailoutbox.clear()

    with committed():
        place_offer_claim(registration=second)

    second.refresh_from_db()
    assert second.status == Registration.Status.CONFIRMED
    assert second.tickets.get().status == Ticket.Status.VALID
    [email] = mailoutbox
    assert email.to == ["second@example.net"]
    assert email.attachments[0][0].endswith(".png")

    registration_cancel(registration=second)

    third.refresh_from_db()
    assert third.place_offers.get().status == PlaceOffer.Status.OPEN
    place_offer_claim(registration=third)
    third.refresh_from_db()
    assert third.status == Registration.Status.CONFIRMED
    assert places_taken(event) == 1


def test_cancelling_twice_changes_nothing(event):
    registration = register(event).registration

    registration_cancel(registration=registration)
    registration_cancel(registration=registration)

    assert registration.tickets.get().status == Ticket.Status.REVOKED


def test_only_the_organiser_or_the_attendee_can_cancel(event):
    registration = register(event).registration
    stranger = member(Role.JOBCENTRE_ORGANISER)

    with pytest.raises(NotAllowed):
        registration_cancel(registration=registration, by=stranger)


# --- School groups -----------------------------------------------------------------------------


@pytest.fixture
def careers_fair(db):
    return EventFactory(kind="careers_fair", audiences=["pupils"], year_groups=[9, 10], capacity=40)


def test_a_careers_leader_books_a_group_with_anonymous_tickets(careers_fair, mailoutbox, committed):
    school = SchoolFactory(name="Marriotts School")
    leader = member(Role.CAREERS_LEADER, school.organisation)

    with committed():
        result = group_booking_create(
            event=careers_fair,
            school=school,
            year_group=9,
            group_size=30,
            by=leader,
            privacy_consent=True,
            pupil_names=["Alex"],
        )

    labels = [ticket.holder_label for ticket in result.tickets]
    assert len(labels) == 30
    assert labels[0] == "Alex"
    assert labels[1:] == ["Pupil, Year 9, Marriotts School"] * 29
    assert places_taken(careers_fair) == 30
    assert mailoutbox[0].to == [leader.email]
    assert len(mailoutbox[0].attachments) == 31  # 30 QR codes and the .ics


def test_a_group_that_does_not_fit_books_nothing(careers_fair):
    school = SchoolFactory()
    leader = member(Role.CAREERS_LEADER, school.organisation)
    register(careers_fair, category="parent_carer")

    with pytest.raises(Conflict) as refused:
        group_booking_create(
            event=careers_fair,
            school=school,
            year_group=10,
            group_size=40,
            by=leader,
            privacy_consent=True,
        )

    assert refused.value.code == "not_enough_places"
    assert refused.value.extra["places_left"] == 39
    assert not Registration.objects.filter(school=school).exists()
    assert places_taken(careers_fair) == 1


def test_only_the_schools_own_careers_leader_books_for_it(careers_fair):
    school = SchoolFactory()
    other_leader = member(Role.CAREERS_LEADER, SchoolFactory().organisation)

    with pytest.raises(NotAllowed):
        group_booking_create(
            event=careers_fair,
            school=school,
            year_group=9,
            group_size=5,
            by=other_leader,
            privacy_consent=True,
        )


def test_a_year_group_the_event_is_not_for_is_refused(careers_fair):
    school = SchoolFactory()
    leader = member(Role.CAREERS_LEADER, school.organisation)

    with pytest.raises(RegistrationError) as refused:
        group_booking_create(
            event=careers_fair,
            school=school,
            year_group=7,
            group_size=5,
            by=leader,
            privacy_consent=True,
        )

    assert refused.value.code == "year_group_not_invited"


# --- Hot paths ---------------------------------------------------------------------------------


def test_registration_costs_a_bounded_number_of_queries(event, django_assert_max_num_queries):
    # A phone-only person is owed an SMS confirmation too (its outbox row): 9.
    with django_assert_max_num_queries(9):
        register(event, email="", phone="07700900123")


def test_a_ticket_is_found_by_its_token_in_one_query(event, django_assert_num_queries):
    ticket = register(event).tickets[0]

    with django_assert_num_queries(1):
        found = ticket_by_token(ticket.token)
        assert found.registration.name == "Sam Patel"
        assert found.event.pk == event.pk


@pytest.mark.parametrize("token", ["", "short", "x" * 65, "ünïcödé-token-0123456789", "a b" * 10])
def test_malformed_tokens_never_reach_the_database(token, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert ticket_by_token(token) is None


def test_pupil_names_lose_control_characters(careers_fair):
    school = SchoolFactory()
    leader = member(Role.CAREERS_LEADER, school.organisation)

    result = group_booking_create(
        event=careers_fair,
        school=school,
        year_group=9,
        group_size=2,
        by=leader,
        privacy_consent=True,
        pupil_names=["Al\x00ex\x1b[31m  Jones"],
    )

    assert result.tickets[0].holder_label == "Al ex [31m Jones"
