"""The one permission module answers for every model; a table of role × owner → allowed."""

from __future__ import annotations

import pytest

from accounts.models import Role
from accounts.permissions import can_change, can_view, visible
from schools.models import School
from tests.factories import (
    EmployerFactory,
    EnterpriseAdviserFactory,
    HubFactory,
    SchoolFactory,
    UserFactory,
    member,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """Two hubs, a school in each, an employer with an adviser: 'own' and 'other' for each role."""
    own_hub, other_hub = HubFactory(), HubFactory()
    own_school = SchoolFactory(hub=own_hub)
    other_school = SchoolFactory(hub=other_hub)
    own_employer, other_employer = EmployerFactory(), EmployerFactory()
    adviser = EnterpriseAdviserFactory(employer=own_employer)
    return {
        "own_hub": own_hub,
        "other_hub": other_hub,
        "own_school": own_school,
        "other_school": other_school,
        "own_employer": own_employer,
        "other_employer": other_employer,
        "adviser": adviser,
    }


def _user_for(role: str, world) -> object:
    organisation = {
        Role.COORDINATOR: world["own_hub"].organisation,
        Role.CAREERS_LEADER: world["own_school"].organisation,
        Role.EMPLOYER_CONTACT: world["own_employer"].organisation,
    }.get(role)
    return member(role, organisation)


@pytest.mark.parametrize(
    ("role", "target", "view", "change"),
    [
        (Role.COORDINATOR, "own_school", True, True),
        (Role.COORDINATOR, "other_school", False, False),
        (Role.CAREERS_LEADER, "own_school", True, True),
        (Role.CAREERS_LEADER, "other_school", False, False),
        (Role.EMPLOYER_CONTACT, "own_school", False, False),
        (Role.LEAD, "own_school", True, False),
        (Role.LEAD, "other_school", True, False),
        (Role.ADMIN, "other_school", True, True),
        (Role.EMPLOYER_CONTACT, "own_employer", True, True),
        (Role.EMPLOYER_CONTACT, "other_employer", False, False),
        (Role.EMPLOYER_CONTACT, "adviser", True, False),
        (Role.CAREERS_LEADER, "own_employer", False, False),
        (Role.JOBCENTRE_ORGANISER, "own_employer", True, False),
        (Role.COORDINATOR, "own_employer", True, True),
        (Role.LEAD, "own_employer", True, False),
        (Role.COORDINATOR, "own_hub", True, True),
        (Role.COORDINATOR, "other_hub", False, False),
    ],
)
def test_role_and_owner_decide_what_is_visible_and_changeable(world, role, target, view, change):
    user = _user_for(role, world)
    obj = world[target]

    assert can_view(user, obj) is view
    assert can_change(user, obj) is change
    assert visible(user, type(obj).objects.all()).filter(pk=obj.pk).exists() is view


def test_signed_out_visitor_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()

    assert not can_view(anonymous, world["own_school"])
    assert not visible(anonymous, School.objects.all()).exists()


def test_user_without_membership_sees_no_school(world):
    stranger = UserFactory()

    assert not can_view(stranger, world["own_school"])
    assert visible(stranger, School.objects.all()).count() == 0


def test_adviser_sees_own_record_and_may_update_it(world):
    adviser = world["adviser"]

    assert can_view(adviser.user, adviser)
    assert can_change(adviser.user, adviser)
    assert not can_view(adviser.user, world["other_school"])
