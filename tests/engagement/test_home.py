from __future__ import annotations

import pytest

from accounts.models import Role
from tests.factories import SchoolFactory, member

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


def test_home_page_query_count_is_bounded(client, django_assert_max_num_queries):
    client.force_login(member(Role.LEAD))

    with django_assert_max_num_queries(12):
        client.get("/")
