"""GET /api/v1/forum-records/: a forum's organisers read their own records, leads every one;
others see none; the answers carry themes, counts and actions, never a name."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.models import Role
from tests.events.test_forums import complete_record, forum, organiser_of
from tests.factories import member

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_organisers_read_their_own_forums_records_and_leads_read_all():
    ours, theirs = forum(), forum()
    organiser = organiser_of(ours)
    complete_record(ours, organiser)
    complete_record(theirs, organiser_of(theirs), publish=False)

    mine = client_for(organiser).get("/api/v1/forum-records/")
    assert mine.status_code == 200
    assert [row["event"] for row in mine.json()["results"]] == [ours.pk]
    row = mine.json()["results"][0]
    assert row["participants"] == 14 and row["jobcentre"] == ours.organiser_id
    assert row["barriers"][0]["theme"] == "transport"
    assert row["actions"][0]["status"] == "open" and row["actions"][0]["overdue"] is False

    lead = client_for(member(Role.LEAD)).get("/api/v1/forum-records/")
    assert {row["event"] for row in lead.json()["results"]} == {ours.pk, theirs.pk}

    refused = client_for(organiser).get(f"/api/v1/forum-records/{theirs.pk}/")
    assert refused.status_code == 404 and "detail" in refused.json()
    employer = client_for(member(Role.EMPLOYER_CONTACT))
    assert employer.get("/api/v1/forum-records/").json()["results"] == []
    assert APIClient().get("/api/v1/forum-records/").status_code in (401, 403)
    too_big = client_for(member(Role.LEAD)).get(f"/api/v1/forum-records/{2**64}/")
    assert too_big.status_code == 404 and "code" in too_big.json()
