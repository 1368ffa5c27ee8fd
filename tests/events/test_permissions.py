"""Who sees which events, registrations and stand applications."""

from __future__ import annotations

import pytest

from accounts.models import Role
from accounts.permissions import can_change, can_view, visible
from events.models import Event, Registration, StandApplication
from events.services import group_booking_create, stand_apply
from tests.events.conftest import register
from tests.factories import EmployerFactory, EventFactory, SchoolFactory, member

pytestmark = pytest.mark.django_db


def test_published_events_are_visible_to_everyone_signed_in_and_drafts_to_organisers(
    event, organiser
):
    draft = EventFactory(status=Event.Status.DRAFT, organiser=event.organiser)
    jobseeker_facing = member(Role.EMPLOYER_CONTACT)

    assert set(visible(jobseeker_facing, Event.objects.all())) == {event}
    assert set(visible(organiser, Event.objects.all())) == {event, draft}
    assert can_change(organiser, draft)
    assert not can_change(member(Role.JOBCENTRE_ORGANISER), event)
    assert can_view(member(Role.LEAD), draft) and not can_change(member(Role.LEAD), draft)


def test_registrations_are_seen_by_the_organiser_and_the_schools_careers_leader(event, organiser):
    event.audiences = ["pupils", "jobseekers"]
    event.save(update_fields=["audiences"])
    school = SchoolFactory()
    leader = member(Role.CAREERS_LEADER, school.organisation)
    group = group_booking_create(
        event=event, school=school, year_group=9, group_size=3, by=leader, privacy_consent=True
    ).registration
    person = register(event).registration
    other_leader = member(Role.CAREERS_LEADER, SchoolFactory().organisation)

    assert set(visible(organiser, Registration.objects.all())) == {group, person}
    assert set(visible(leader, Registration.objects.all())) == {group}
    assert set(visible(other_leader, Registration.objects.all())) == set()
    assert set(visible(member(Role.LEAD), Registration.objects.all())) == {group, person}


def test_employers_see_only_their_own_stand_applications(event, organiser):
    mine, theirs = EmployerFactory(), EmployerFactory()
    me = member(Role.EMPLOYER_CONTACT, mine.organisation)
    them = member(Role.EMPLOYER_CONTACT, theirs.organisation)
    my_application = stand_apply(event=event, employer=mine, by=me, representatives=1)
    stand_apply(event=event, employer=theirs, by=them, representatives=1)

    assert list(visible(me, StandApplication.objects.all())) == [my_application]
    assert visible(organiser, StandApplication.objects.all()).count() == 2
