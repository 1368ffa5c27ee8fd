"""An employer's contacts see their Enterprise Advisers, but not their DBS checks or where they
travel from: those are the hub's (and the adviser's own)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Role
from tests.factories import EmployerFactory, EnterpriseAdviserFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def adviser():
    employer = EmployerFactory(postcode="SG1 2NY")
    return EnterpriseAdviserFactory(
        employer=employer, postcode="AL1 3AB", dbs_checked_on=date(2025, 4, 1)
    )


def _contact_of(adviser):
    return member(Role.EMPLOYER_CONTACT, organisation=adviser.employer.organisation)


def test_contact_sees_the_adviser_page_without_dbs_or_travel_postcode(client, adviser):
    client.force_login(_contact_of(adviser))

    page = client.get(reverse("employers:adviser_detail", args=[adviser.pk])).content.decode()

    assert str(adviser.user) in page
    assert "DBS check" not in page
    assert "1 April 2025" not in page
    assert "AL1 3AB" not in page
    assert "Travels from" not in page


def test_coordinator_and_the_adviser_see_dbs_and_travel_postcode(client, adviser):
    for viewer in (member(Role.COORDINATOR), adviser.user):
        client.force_login(viewer)
        page = client.get(reverse("employers:adviser_detail", args=[adviser.pk])).content
        assert b"DBS check" in page and b"1 April 2025" in page and b"AL1 3AB" in page


def test_contact_list_of_advisers_has_no_dbs_column_or_filter(client, adviser):
    client.force_login(_contact_of(adviser))

    page = client.get(reverse("employers:adviser_list")).content.decode()
    filtered = client.get(reverse("employers:adviser_list"), {"dbs": "not_started"})

    assert str(adviser.user) in page
    assert "DBS check" not in page
    assert str(adviser.user) in filtered.content.decode()  # the filter cannot probe it either


def test_coordinator_list_still_shows_the_dbs_column(client, adviser):
    client.force_login(member(Role.COORDINATOR))

    assert b"DBS check" in client.get(reverse("employers:adviser_list")).content


def test_api_gives_a_contact_no_dbs_fields(client, adviser):
    client.force_login(_contact_of(adviser))

    rows = client.get("/api/v1/advisers/").json()["results"]
    one = client.get(f"/api/v1/advisers/{adviser.pk}/").json()

    assert [row["id"] for row in rows] == [adviser.pk]
    for data in (rows[0], one):
        assert "dbs_status" not in data and "dbs_checked_on" not in data


def test_api_gives_the_coordinator_the_dbs_fields(client, adviser):
    client.force_login(member(Role.COORDINATOR))

    one = client.get(f"/api/v1/advisers/{adviser.pk}/").json()

    assert one["dbs_status"] == "clear"
    assert one["dbs_checked_on"] == "2025-04-01"
