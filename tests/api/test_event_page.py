"""``GET /api/v1/events/`` without filters reads its page by fixed SQL: the events it lists are
the ones ``event_list`` lets each caller see, and its pages are the ORM path's pages."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import Role
from api.event_page import VisibleEventPages
from events.models import Event
from events.selectors import event_list
from tests.factories import EventFactory, UserFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    """Events in every status, for two organisers."""
    found = [EventFactory(status=status) for status in Event.Status.values]
    organiser = found[0].organiser
    found += [EventFactory(organiser=organiser, status=status) for status in Event.Status.values]
    return found


def callers(organiser):
    """One user for every role (in the events' organiser where that matters), and none."""
    users = [member(role) for role in Role.values]
    users += [member(Role.COORDINATOR, organiser), member(Role.JOBCENTRE_ORGANISER, organiser)]
    users += [UserFactory(), UserFactory(is_superuser=True)]
    both = member(Role.EMPLOYER_CONTACT)
    from accounts.models import Membership

    Membership.objects.create(user=both, organisation=organiser, role=Role.JOBCENTRE_ORGANISER)
    return [*users, both]


def test_every_caller_sees_the_events_the_selector_lets_them_see(events):
    for user in callers(events[0].organiser):
        expected = list(event_list(viewer=user).values_list("pk", flat=True))
        pages = VisibleEventPages(user)

        assert pages.count() == len(expected), user.roles
        assert [row["id"] for row in pages[0 : len(expected) + 5]] == expected, user.roles


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_pages_are_the_orm_paths_pages():
    for _n in range(55):
        EventFactory()
    client = client_for(member(Role.LEAD))

    for page in ("1", "2", "last", "3", "0", "x", "18446744073709551616", "1000000000"):
        fixed = client.get("/api/v1/events/", {"page": page})
        # An empty filter goes through the FilterSet and the ORM, to the same events.
        orm = client.get("/api/v1/events/", {"page": page, "kind": ""})

        assert fixed.status_code == orm.status_code, page
        if fixed.status_code == 200:
            a, b = fixed.json(), orm.json()
            assert a["count"] == b["count"] == 55 and a["results"] == b["results"], page
            assert bool(a["next"]) == bool(b["next"]) and bool(a["previous"]) == bool(b["previous"])
        else:
            assert fixed.json() == orm.json()


def test_an_empty_list_is_an_empty_page():
    client = client_for(member(Role.CAREERS_LEADER))

    body = client.get("/api/v1/events/").json()

    assert body == {"count": 0, "next": None, "previous": None, "results": []}
