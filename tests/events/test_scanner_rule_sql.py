"""The door asks "may this user scan here?" in SQL, inside the ticket's own query, for speed.
That SQL must answer exactly as ``events.permissions.may_scan_at`` does: for every role, held in
the organising hub or Jobcentre or in another one, for volunteers here and elsewhere, for
superusers and for the signed-out."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import Membership, OrganisationKind, Role
from events.door_sql import may_scan_expression
from events.models import Event, ScannerAssignment
from events.permissions import may_scan_at
from tests.factories import EventFactory, HubFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

VOLUNTEER = "volunteer"
OWN, OTHER = "own", "other"


def _sql_answer(user, event: Event) -> bool:
    return bool(
        Event.objects.filter(pk=event.pk)
        .annotate(may_scan=may_scan_expression(user, event.pk))
        .values_list("may_scan", flat=True)
        .get()
    )


def _user_for(role: str, side: str, event: Event, elsewhere: Event):
    user = UserFactory()
    if role == VOLUNTEER:
        ScannerAssignment.objects.create(event=event if side == OWN else elsewhere, user=user)
        return user
    organisation = (
        event.organiser
        if side == OWN
        else OrganisationFactory(kind=event.organiser.kind, name=f"Other {role}")
    )
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def _events() -> dict[str, tuple[Event, Event]]:
    hub = HubFactory()
    return {
        "jobcentre": (EventFactory(), EventFactory()),
        "hub": (EventFactory(organiser=hub.organisation), EventFactory()),
    }


@pytest.mark.parametrize("side", [OWN, OTHER])
@pytest.mark.parametrize("role", [*Role.values, VOLUNTEER])
def test_the_door_sql_answers_as_the_scanner_predicate(role, side):
    for organiser_kind, (event, elsewhere) in _events().items():
        user = _user_for(role, side, event, elsewhere)

        expected = may_scan_at(user, event)

        assert _sql_answer(user, event) is expected, (role, side, organiser_kind)


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("signed out", False), ("superuser", True), ("no role at all", False)],
)
def test_the_door_sql_answers_as_the_predicate_for_everyone_else(who, allowed):
    event = EventFactory()
    user = {
        "signed out": AnonymousUser,
        "superuser": lambda: UserFactory(is_superuser=True),
        "no role at all": UserFactory,
    }[who]()

    assert may_scan_at(user, event) is allowed
    assert _sql_answer(user, event) is allowed


def test_the_organising_roles_are_the_ones_that_scan_without_being_asked():
    # The table above would pass if both forms refused everyone: pin who is allowed.
    event, elsewhere = EventFactory(), EventFactory()
    allowed = {
        role
        for role in [*Role.values, VOLUNTEER]
        if may_scan_at(_user_for(role, OWN, event, elsewhere), event)
    }

    assert allowed == {Role.JOBCENTRE_ORGANISER, Role.COORDINATOR, Role.ADMIN, VOLUNTEER}
    assert OrganisationKind.JOBCENTRE == event.organiser.kind
