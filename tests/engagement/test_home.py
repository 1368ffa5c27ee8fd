from __future__ import annotations

from datetime import date

import pytest

from accounts.models import Role
from engagement.models import Match
from events.adjustments import adjustment_item_set_status
from events.models import AdjustmentItem, AdjustmentStatus
from tests.factories import EnterpriseAdviserFactory, MembershipFactory, SchoolFactory, member

pytestmark = pytest.mark.django_db

HEADINGS = {
    Role.COORDINATOR: "Your Careers Hub",
    Role.JOBCENTRE_ORGANISER: "Your Jobcentre",
    Role.EMPLOYER_CONTACT: "Your organisation",
    Role.ENTERPRISE_ADVISER: "Your Enterprise Adviser role",
    Role.CAREERS_LEADER: "Your school",
    Role.LEAD: "County engagement measures",
    Role.ADMIN: "Administration",
}


@pytest.mark.parametrize("role", list(HEADINGS))
def test_each_role_lands_on_its_own_home_page(client, role):
    client.force_login(member(role))

    response = client.get("/")

    assert response.status_code == 200
    assert HEADINGS[role] in response.content.decode()
    assert "Sign out" in response.content.decode()


def test_signed_out_visitor_sees_the_start_page_with_sign_in(client):
    response = client.get("/")

    assert response.status_code == 200
    assert "Careers and jobs fairs in Hertfordshire" in response.content.decode()
    assert 'href="/accounts/login/"' in response.content.decode()


def test_coordinator_home_counts_only_their_hubs_schools(client):
    own = SchoolFactory()
    SchoolFactory()  # another hub's school
    client.force_login(member(Role.COORDINATOR, own.hub.organisation))

    response = client.get("/")

    figures = dict(response.context["summary"].figures)
    assert figures["Schools and colleges"] == 1
    assert figures["Careers Hubs"] == 1


@pytest.mark.parametrize("role", list(HEADINGS))
def test_home_page_query_count_is_bounded(client, django_assert_max_num_queries, role):
    client.force_login(member(role))
    client.get("/")  # the first read of a month builds its tallies once

    # The lead's page reads every measure (to list those off track); the others a few counts.
    with django_assert_max_num_queries(37 if role == Role.LEAD else 13):
        client.get("/")


# --- What each role does next ------------------------------------------------------------------


def test_an_organiser_sees_the_next_events_and_the_decisions_waiting(client):
    from events.services import stand_apply
    from tests.events.conftest import register
    from tests.factories import EmployerFactory, EventFactory

    event = EventFactory(title="Letchworth jobs fair", capacity=40)
    register(event, adjustments=["bsl_interpreter"])
    register(event, name="Ada Ng", email="ada@example.net")
    employer = EmployerFactory()
    stand_apply(
        event=event,
        employer=employer,
        by=member(Role.EMPLOYER_CONTACT, employer.organisation),
        representatives=1,
    )
    EventFactory(title="Someone else's fair")
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)
    client.force_login(organiser)

    page = client.get("/").text

    assert "Letchworth jobs fair" in page and "Someone else&#x27;s fair" not in page
    assert "2 of 40 places taken" in page
    assert "1 stand application is waiting for your decision" in page
    assert "1 person coming to your events has adjustments still to arrange" in page
    # Both lead to the events list, where each event shows its stands and adjustments.
    assert page.count('<a class="govuk-link" href="/events/manage/">') == 2

    # Arranged, it is no longer something to do.
    for item in AdjustmentItem.objects.filter(event=event):
        adjustment_item_set_status(item=item, status=AdjustmentStatus.ARRANGED, by=organiser)
    assert "No adjustments are waiting to be arranged." in client.get("/").text


def test_an_employer_sees_their_applications(client):
    from events.services import stand_apply
    from tests.factories import EmployerFactory, EventFactory

    employer = EmployerFactory()
    contact = member(Role.EMPLOYER_CONTACT, employer.organisation)
    fair = EventFactory(title="Hemel jobs fair")
    stand_apply(event=fair, employer=employer, by=contact, representatives=1)
    client.force_login(contact)

    page = client.get("/").text

    assert "Hemel jobs fair" in page
    assert "Waiting for a decision" in page


def test_a_careers_leader_sees_the_year_groups_behind_on_benchmark_5(client):
    from tests.factories import YearGroupRollFactory

    roll = YearGroupRollFactory(year_group=10, pupils=30)
    client.force_login(member(Role.CAREERS_LEADER, roll.school.organisation))

    page = client.get("/").text

    assert f"{roll.school.name}, Year 10: 0 of 30 pupils" in page


def test_a_careers_leader_opens_a_booking_from_their_home_page(client):
    from events.services import group_booking_create
    from tests.factories import EventFactory

    school = SchoolFactory()
    leader = member(Role.CAREERS_LEADER, school.organisation)
    event = EventFactory(title="Watford careers fair", audiences=["pupils"])
    group = group_booking_create(
        event=event, school=school, year_group=9, group_size=12, by=leader, privacy_consent=True
    ).registration
    client.force_login(leader)

    page = client.get("/").text
    booking = client.get(f"/events/group-bookings/{group.pk}/")

    assert f'href="/events/group-bookings/{group.pk}/">Watford careers fair</a>' in page
    assert booking.status_code == 200 and "Watford careers fair" in booking.text


def test_a_coordinator_sees_schools_without_an_adviser(client):
    own = SchoolFactory()
    SchoolFactory()  # another hub's school
    client.force_login(member(Role.COORDINATOR, own.hub.organisation))

    page = client.get("/").text

    assert "1 school has no Enterprise Adviser" in page


def test_a_lead_sees_the_measures_off_track(client):
    client.force_login(member(Role.LEAD))

    page = client.get("/").text

    assert "Measures off track" in page
    # With no events yet, the programme's measures are not met: they are listed, red or amber.
    assert "govuk-tag--red" in page or "govuk-tag--yellow" in page


def test_an_adviser_sees_the_schools_they_are_matched_with_now(client):
    adviser = EnterpriseAdviserFactory()
    MembershipFactory(
        user=adviser.user,
        organisation=adviser.employer.organisation,
        role=Role.ENTERPRISE_ADVISER,
    )
    school = SchoolFactory(name="Hitchin Boys' School")
    Match.objects.create(school=school, adviser=adviser, started_on=date(2026, 9, 7))
    Match.objects.create(
        school=SchoolFactory(name="Old Match School"),
        adviser=adviser,
        started_on=date(2025, 9, 1),
        ended_on=date(2026, 7, 20),
        end_reason=Match.EndReason.COMPLETED,
    )
    Match.objects.create(
        school=SchoolFactory(name="Someone Else's School"),
        adviser=EnterpriseAdviserFactory(),
        started_on=date(2026, 9, 7),
    )
    client.force_login(adviser.user)

    html = client.get("/").content.decode()

    assert "Hitchin Boys&#x27; School" in html and school.hub.name in html
    assert "Since 7 September 2026" in html
    assert "Old Match School" not in html and "Someone Else" not in html
    assert 'href="/matching/matches/"' in html


def test_an_adviser_not_yet_matched_is_told_what_happens_next(client):
    client.force_login(member(Role.ENTERPRISE_ADVISER))

    html = client.get("/").content.decode()

    assert "You are not matched with a school yet." in html
