from __future__ import annotations

import pytest

from accounts.models import Role
from tests.factories import member

pytestmark = pytest.mark.django_db


def _current(response) -> list[str]:
    return [item["label"] for item in response.context["service_navigation"] if item["current"]]


def test_the_most_specific_section_is_current(client):
    client.force_login(member(Role.COORDINATOR))

    assert _current(client.get("/employers/advisers/")) == ["Enterprise Advisers"]
    assert _current(client.get("/employers/")) == ["Employers"]
    assert _current(client.get("/")) == ["Home"]


@pytest.mark.parametrize(
    ("role", "label"),
    [
        (Role.COORDINATOR, "Matching"),
        (Role.CAREERS_LEADER, "Adviser matches"),
        (Role.LEAD, "Personal data requests"),
        (Role.ADMIN, "Audit log"),
    ],
)
def test_each_role_has_its_own_navigation(client, role, label):
    client.force_login(member(role))

    labels = [item["label"] for item in client.get("/").context["service_navigation"]]

    assert label in labels
