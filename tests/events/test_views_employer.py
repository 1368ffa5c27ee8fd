"""Employer contacts apply for stands and follow them; Careers Leaders book school groups."""

from __future__ import annotations

import re

import pytest

from accounts.models import Role
from events.models import Event, Registration, StandApplication
from events.services import stand_apply, stand_approve, stand_decline
from tests.factories import EmployerFactory, EventFactory, SchoolFactory, SectorFactory, member

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def event():
    return EventFactory(
        title="Watford jobs fair", stand_capacity=1, max_representatives_per_stand=2
    )


@pytest.fixture
def employer():
    return EmployerFactory(name="Herts Logistics Ltd")


@pytest.fixture
def contact(employer):
    return member(Role.EMPLOYER_CONTACT, employer.organisation)


def _application(employer, **overrides):
    data = {
        "employer": employer.pk,
        "representatives": "2",
        "representative_names": "Ann Smith\nRaj Patel",
        "vacancy_1_title": "Warehouse operative",
        "vacancy_1_posts": "4",
        "vacancy_1_link": "https://example.com/jobs/1",
        "vacancy_2_title": "Driver",
        "vacancy_2_posts": "",
        "needs_power": "on",
        "needs_table": "on",
        "access_needs": "",
    }
    data.update(overrides)
    return data


def test_the_fairs_page_lists_events_with_stands_for_employer_contacts(client, event, contact):
    client.force_login(contact)

    html = page_text(client.get("/events/fairs/"))

    assert "Watford jobs fair" in html
    assert f"/events/{event.public_id}/stand/" in html


def test_an_employer_contact_applies_and_follows_the_application(client, event, employer, contact):
    sector = SectorFactory(name="Logistics")
    client.force_login(contact)

    response = client.post(
        f"/events/{event.public_id}/stand/", _application(employer, sectors=[sector.pk])
    )

    assert response["Location"] == "/events/stands/"
    application = StandApplication.objects.get()
    assert application.status == StandApplication.Status.PENDING
    assert application.representative_names == ["Ann Smith", "Raj Patel"]
    assert [(v.title, v.posts, v.type, v.link) for v in application.vacancies.all()] == [
        ("Warehouse operative", 4, "job", "https://example.com/jobs/1"),
        ("Driver", 1, "job", ""),
    ]
    assert application.vacancies_count == 5
    assert application.needs_power and list(application.sectors.all()) == [sector]

    stand_approve(application=application, by=member(Role.JOBCENTRE_ORGANISER, event.organiser))
    html = page_text(client.get("/events/stands/"))
    assert "Approved" in html and "Stand 1" in html
    assert f"/events/{event.public_id}/calendar.ics" in html


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"representatives": "3"}, "at most 2 representatives"),
        ({"representatives": ""}, "Enter how many people will staff your stand."),
        ({"representatives": "1"}, "more names than representatives"),
        ({"vacancy_1_title": "", "vacancy_1_posts": "3"}, "Enter the job title."),
        ({"vacancy_1_link": "not a link at all"}, "Enter a valid URL."),
    ],
)
def test_bad_applications_show_the_error_summary_and_save_nothing(
    client, event, employer, contact, overrides, message
):
    client.force_login(contact)

    response = client.post(f"/events/{event.public_id}/stand/", _application(employer, **overrides))

    html = page_text(response)
    assert response.status_code == 200
    assert "govuk-error-summary" in html and message in html
    assert not StandApplication.objects.exists()


def test_a_second_application_from_the_same_employer_is_refused(client, event, employer, contact):
    client.force_login(contact)
    client.post(f"/events/{event.public_id}/stand/", _application(employer))

    response = client.post(f"/events/{event.public_id}/stand/", _application(employer))

    assert "has already applied for a stand" in page_text(response)
    assert StandApplication.objects.count() == 1


def test_past_the_stands_an_application_is_waitlisted_with_its_position(
    client, event, contact, employer
):
    stand_apply(event=event, employer=EmployerFactory(), by=member(Role.ADMIN), representatives=1)
    client.force_login(contact)

    client.post(f"/events/{event.public_id}/stand/", _application(employer))

    html = page_text(client.get("/events/stands/"))
    assert "On the waiting list" in html and "Number 1 on the waiting list" in html


def test_withdrawing_asks_first_and_frees_the_stand(client, event, employer, contact):
    application = stand_apply(event=event, employer=employer, by=contact, representatives=1)
    client.force_login(contact)

    assert "Withdraw your application?" in page_text(
        client.get(f"/events/stands/{application.pk}/withdraw/")
    )
    client.post(f"/events/stands/{application.pk}/withdraw/")

    application.refresh_from_db()
    assert application.status == StandApplication.Status.WITHDRAWN


def test_the_list_shows_each_decisions_own_note(client, event, employer, contact):
    application = stand_apply(event=event, employer=employer, by=contact, representatives=1)
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)
    stand_approve(application=application, by=organiser, note="See you there.")
    client.force_login(contact)
    assert "Note: See you there." in page_text(client.get("/events/stands/"))

    stand_decline(application=application, by=organiser, note="The hall is closed for repairs.")

    html = page_text(client.get("/events/stands/"))
    assert "Reason: The hall is closed for repairs." in html
    assert "See you there." not in html


@pytest.mark.parametrize("status", [Event.Status.COMPLETED, Event.Status.CANCELLED])
def test_no_withdraw_once_the_event_is_over_or_cancelled(client, event, employer, contact, status):
    application = stand_apply(event=event, employer=employer, by=contact, representatives=1)
    Event.objects.filter(pk=event.pk).update(status=status)
    client.force_login(contact)
    url = f"/events/stands/{application.pk}/withdraw/"

    assert url not in page_text(client.get("/events/stands/"))
    assert client.get(url).status_code == 302
    client.post(url)

    application.refresh_from_db()
    assert application.status == StandApplication.Status.PENDING


def test_another_employer_cannot_see_or_withdraw_an_application(client, event, employer, contact):
    application = stand_apply(event=event, employer=employer, by=contact, representatives=1)
    client.force_login(member(Role.EMPLOYER_CONTACT))

    assert client.post(f"/events/stands/{application.pk}/withdraw/").status_code == 404
    assert "Herts Logistics" not in page_text(client.get("/events/stands/"))


def test_people_who_are_not_employer_contacts_cannot_apply(client, event):
    client.force_login(member(Role.CAREERS_LEADER))
    assert client.get(f"/events/{event.public_id}/stand/").status_code == 403


# --- Careers Leaders' group bookings -----------------------------------------------------------


@pytest.fixture
def careers_fair():
    return EventFactory(
        title="North Herts careers fair",
        kind="careers_fair",
        audiences=["pupils"],
        year_groups=[9, 10],
        capacity=40,
    )


@pytest.fixture
def school():
    return SchoolFactory(name="Marriotts Vale School")


@pytest.fixture
def careers_leader(school):
    return member(Role.CAREERS_LEADER, school.organisation)


def test_a_careers_leader_books_an_anonymous_group_and_sees_printable_tickets(
    client, careers_fair, school, careers_leader
):
    client.force_login(careers_leader)
    assert "North Herts careers fair" in page_text(client.get("/events/fairs/"))

    response = client.post(
        f"/events/{careers_fair.public_id}/book-group/",
        {"school": school.pk, "year_group": "9", "group_size": "3", "privacy_consent": "on"},
    )

    registration = Registration.objects.get()
    assert response["Location"] == f"/events/group-bookings/{registration.pk}/"
    html = page_text(client.get(response["Location"]))
    assert html.count("qr.png") == 3
    assert "Pupil, Year 9, Marriotts Vale School" in html


def test_a_group_too_big_for_the_places_left_is_not_booked(
    client, careers_fair, school, careers_leader
):
    client.force_login(careers_leader)

    response = client.post(
        f"/events/{careers_fair.public_id}/book-group/",
        {"school": school.pk, "year_group": "10", "group_size": "41", "privacy_consent": "on"},
    )

    html = page_text(response)
    assert "govuk-error-summary" in html and "Only 40 places are left" in html
    assert not Registration.objects.exists()


def test_a_year_group_not_invited_is_refused(client, careers_fair, school, careers_leader):
    client.force_login(careers_leader)

    response = client.post(
        f"/events/{careers_fair.public_id}/book-group/",
        {"school": school.pk, "year_group": "7", "group_size": "5", "privacy_consent": "on"},
    )

    assert "This event is not for Year 7." in page_text(response)
    assert not Registration.objects.exists()


def test_another_school_cannot_see_the_group_tickets(client, careers_fair, school, careers_leader):
    client.force_login(careers_leader)
    client.post(
        f"/events/{careers_fair.public_id}/book-group/",
        {"school": school.pk, "year_group": "9", "group_size": "2", "privacy_consent": "on"},
    )
    registration = Registration.objects.get()

    client.force_login(member(Role.CAREERS_LEADER))
    assert client.get(f"/events/group-bookings/{registration.pk}/").status_code == 404
