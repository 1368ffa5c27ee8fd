"""The matching API: same services and the same permission answers as the pages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from rest_framework.test import APIClient

from accounts.models import Role
from engagement.models import Match, MatchingWeights, MatchProposal
from engagement.services import matching_round_run
from tests.factories import EnterpriseAdviserFactory, HubFactory, SchoolFactory, member

pytestmark = pytest.mark.django_db
START = date.today() + timedelta(days=7)


@pytest.fixture
def world():
    hub, other_hub = HubFactory(), HubFactory()
    school = SchoolFactory(hub=hub, name="Hertswood Academy")
    other_school = SchoolFactory(hub=other_hub)
    adviser = EnterpriseAdviserFactory(dbs_checked_on=START - timedelta(days=30))
    coordinator = member(Role.COORDINATOR, hub.organisation)
    round_ = matching_round_run(hub=hub, starts_on=START, by=coordinator)
    return {
        "hub": hub,
        "other_hub": other_hub,
        "school": school,
        "other_school": other_school,
        "adviser": adviser,
        "coordinator": coordinator,
        "round": round_,
        "proposal": round_.proposals.get(),
    }


def client_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def user_for(who: str, world):
    return {
        "own coordinator": lambda: world["coordinator"],
        "other coordinator": lambda: member(Role.COORDINATOR, world["other_hub"].organisation),
        "own careers leader": lambda: member(Role.CAREERS_LEADER, world["school"].organisation),
        "other careers leader": lambda: member(
            Role.CAREERS_LEADER, world["other_school"].organisation
        ),
        "the adviser": lambda: world["adviser"].user,
        "employer contact": lambda: member(Role.EMPLOYER_CONTACT),
        "lead": lambda: member(Role.LEAD),
        "anonymous": lambda: None,
    }[who]()


@pytest.mark.parametrize(
    ("who", "round_read", "school_read", "accept"),
    [
        ("own coordinator", 200, 200, 201),
        ("other coordinator", 404, 404, 404),
        ("own careers leader", 404, 200, 404),
        ("other careers leader", 404, 404, 404),
        ("the adviser", 404, 404, 404),
        ("employer contact", 404, 404, 404),
        ("lead", 200, 200, 403),
        ("anonymous", 401, 401, 401),
    ],
)
def test_who_may_read_and_decide(world, who, round_read, school_read, accept):
    client = client_for(user_for(who, world))

    rounds = client.get(f"/api/v1/matching-rounds/{world['round'].pk}/")
    school = client.get(f"/api/v1/schools/{world['school'].pk}/")
    accepted = client.post(f"/api/v1/match-proposals/{world['proposal'].pk}/accept/")

    assert (rounds.status_code, school.status_code, accepted.status_code) == (
        round_read,
        school_read,
        accept,
    )
    assert Match.objects.exists() is (accept == 201)
    if accept >= 400:
        assert set(accepted.json()) >= {"code", "detail"}


def test_run_a_round_over_the_api_returns_proposals_with_their_parts(world):
    world["round"].proposals.all().delete()
    client = client_for(world["coordinator"])

    response = client.post(
        "/api/v1/matching-rounds/", {"hub": world["hub"].pk, "starts_on": START.isoformat()}
    )

    body = response.json()
    assert response.status_code == 201
    assert body["proposals"][0]["school_name"] == "Hertswood Academy"
    assert [p["part"] for p in body["proposals"][0]["parts"]][0] == "distance"
    assert body["total_score"] == pytest.approx(body["proposals"][0]["score"])


def test_bad_round_input_is_a_400_with_code_and_detail(world):
    client = client_for(world["coordinator"])

    no_date = client.post("/api/v1/matching-rounds/", {"hub": world["hub"].pk})
    other_hub = client.post(
        "/api/v1/matching-rounds/", {"hub": world["other_hub"].pk, "starts_on": "2027-01-04"}
    )
    unknown_hub = client.post("/api/v1/matching-rounds/", {"hub": 99999, "starts_on": "x"})

    assert no_date.status_code == 400 and no_date.json()["code"] == "required"
    assert other_hub.status_code == 403 and other_hub.json()["code"] == "permission_denied"
    assert unknown_hub.status_code == 400 and "detail" in unknown_hub.json()


def test_accepting_twice_is_a_409(world):
    client = client_for(world["coordinator"])
    url = f"/api/v1/match-proposals/{world['proposal'].pk}/accept/"

    first, second = client.post(url), client.post(url)

    assert first.status_code == 201
    assert second.status_code == 409
    assert second.json()["code"] == "already_decided"


def test_reject_with_exclusion_needs_a_reason(world):
    client = client_for(world["coordinator"])
    url = f"/api/v1/match-proposals/{world['proposal'].pk}/reject/"

    refused = client.post(url, {"exclude": True})
    rejected = client.post(url, {"exclude": True, "reason": "parent governor"})

    assert refused.status_code == 400 and refused.json()["code"] == "reason_required"
    assert rejected.status_code == 200
    assert MatchProposal.objects.get().status == "rejected"


def test_end_a_match_over_the_api(world):
    client = client_for(world["coordinator"])
    match = client.post(f"/api/v1/match-proposals/{world['proposal'].pk}/accept/").json()

    bad = client.post(f"/api/v1/matches/{match['id']}/end/", {"reason": "bored"})
    good = client.post(
        f"/api/v1/matches/{match['id']}/end/",
        {"reason": "adviser_left", "ended_on": START.isoformat()},
    )

    assert bad.status_code == 400 and bad.json()["code"] == "invalid_choice"
    assert good.status_code == 200 and good.json()["end_reason"] == "adviser_left"


def test_weights_over_the_api(world):
    client = client_for(world["coordinator"])
    url = f"/api/v1/matching-weights/{world['hub'].pk}/"

    read = client.get(url)
    bad = client.patch(url, {"distance": 42}, format="json")
    good = client.patch(url, {"distance": 5}, format="json")
    lead = client_for(member(Role.LEAD)).patch(url, {"distance": 1}, format="json")

    assert read.json()["distance"] == 3
    assert bad.status_code == 400
    assert good.status_code == 200 and good.json()["distance"] == 5
    assert lead.status_code == 403


def test_reading_the_weights_stores_nothing_and_the_first_change_stores_them(world):
    client = client_for(world["coordinator"])
    url = f"/api/v1/matching-weights/{world['hub'].pk}/"

    read = client.get(url)

    assert read.status_code == 200
    assert read.json()["distance"] == 3 and read.json()["updated_at"] is None  # the defaults
    assert not MatchingWeights.objects.filter(hub=world["hub"]).exists()
    assert client.patch(url, {"sector": 6}, format="json").status_code == 200
    assert MatchingWeights.objects.get(hub=world["hub"]).sector == 6


def test_schema_lists_the_matching_operations():
    schema = APIClient().get("/api/v1/schema/").content.decode()

    for path in (
        "/api/v1/matching-rounds/",
        "/api/v1/match-proposals/{id}/accept/",
        "/api/v1/matches/{id}/end/",
        "/api/v1/schools/",
        "/api/v1/advisers/",
    ):
        assert path in schema
