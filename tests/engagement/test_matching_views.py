"""The matching pages: run a round, read why, decide; each role sees only what it may."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail

from accounts.models import Role
from core.dates import date_input_data
from engagement.models import Match, MatchExclusion, MatchingWeights, MatchProposal
from engagement.services import matching_round_run
from tests.factories import EnterpriseAdviserFactory, HubFactory, SchoolFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def start():
    return date.today()


@pytest.fixture
def hub():
    return HubFactory()


@pytest.fixture
def coordinator(hub):
    return member(Role.COORDINATOR, hub.organisation)


@pytest.fixture
def round_(hub, coordinator, start):
    SchoolFactory(hub=hub, name="Sir John Lawes School")
    EnterpriseAdviserFactory(dbs_checked_on=start - timedelta(days=100))
    return matching_round_run(hub=hub, starts_on=start, by=coordinator)


def test_coordinator_runs_a_round_and_reads_why_this_match(client, hub, coordinator, start):
    SchoolFactory(hub=hub, name="Sir John Lawes School")
    EnterpriseAdviserFactory(dbs_checked_on=start - timedelta(days=100))
    client.force_login(coordinator)

    response = client.post(
        "/matching/", {"hub": hub.pk, **date_input_data("starts_on", start)}, follow=True
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Sir John Lawes School" in page
    assert "Why this match" in page
    assert "the school has no benchmark self-assessment yet" in page
    assert "Accept" in page


def test_round_in_the_past_is_refused_with_an_error_summary(client, hub, coordinator):
    client.force_login(coordinator)

    response = client.post(
        "/matching/",
        {"hub": hub.pk, "starts_on_day": "1", "starts_on_month": "1", "starts_on_year": "2020"},
    )

    assert "There is a problem" in response.content.decode()
    assert "Start date must be today or in the future" in response.content.decode()
    assert not hub.matching_rounds.exists()


def test_accepting_on_the_page_starts_the_match(
    client, coordinator, round_, django_capture_on_commit_callbacks
):
    proposal = round_.proposals.get()
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/matching/proposals/{proposal.pk}/accept/", follow=True)

    assert Match.objects.filter(proposal=proposal).exists()
    assert "We have e-mailed them both" in response.content.decode()
    assert {m.to[0] for m in mail.outbox} == {proposal.adviser.user.email}  # no leader yet


def test_reject_with_exclusion_needs_a_reason_and_changes_nothing_without(
    client, coordinator, round_
):
    proposal = round_.proposals.get()
    client.force_login(coordinator)

    response = client.post(f"/matching/proposals/{proposal.pk}/reject/", {"exclude": "on"})

    assert "There is a problem" in response.content.decode()
    assert MatchProposal.objects.get(pk=proposal.pk).status == "proposed"
    client.post(
        f"/matching/proposals/{proposal.pk}/reject/", {"exclude": "on", "reason": "governor"}
    )
    assert MatchExclusion.objects.get().reason == "governor"


def test_lead_reads_a_round_but_cannot_decide(client, round_):
    lead = member(Role.LEAD)
    proposal = round_.proposals.get()
    client.force_login(lead)

    page = client.get(f"/matching/rounds/{round_.pk}/")
    accept = client.post(f"/matching/proposals/{proposal.pk}/accept/")

    assert page.status_code == 200
    assert "Why this match" in page.content.decode()
    assert 'action="/matching/proposals/' not in page.content.decode()
    assert accept.status_code == 403
    assert not Match.objects.exists()


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.CAREERS_LEADER, Role.EMPLOYER_CONTACT])
def test_other_organisations_do_not_see_the_round(client, round_, role):
    client.force_login(member(role))  # a coordinator of another hub, a school, an employer

    assert client.get(f"/matching/rounds/{round_.pk}/").status_code == 404
    proposal = round_.proposals.get()
    assert client.post(f"/matching/proposals/{proposal.pk}/accept/").status_code == 404


def test_careers_leader_cannot_run_rounds(client):
    client.force_login(member(Role.CAREERS_LEADER))

    assert client.get("/matching/").status_code == 403


def test_weights_form_rejects_out_of_range_and_saves_valid(client, hub, coordinator):
    client.force_login(coordinator)
    values = {
        "distance": 11,
        "benchmarks": 4,
        "sector": 2,
        "preferred_district": 2,
        "continuity": 3,
    }

    bad = client.post(f"/matching/hubs/{hub.pk}/weights/", values)
    good = client.post(f"/matching/hubs/{hub.pk}/weights/", {**values, "distance": 7})

    assert "There is a problem" in bad.content.decode()
    assert good.status_code == 302
    assert MatchingWeights.objects.get(hub=hub).distance == 7


def test_the_weights_page_shows_the_defaults_without_storing_them(client, hub, coordinator):
    client.force_login(coordinator)

    page = client.get(f"/matching/hubs/{hub.pk}/weights/")

    assert page.status_code == 200
    assert page.context["form"]["distance"].value() == 3
    assert not MatchingWeights.objects.filter(hub=hub).exists()


def test_ending_a_match_needs_a_reason_and_keeps_history(client, coordinator, round_):
    proposal = round_.proposals.get()
    client.force_login(coordinator)
    client.post(f"/matching/proposals/{proposal.pk}/accept/")
    match = Match.objects.get()

    missing = client.post(f"/matching/matches/{match.pk}/end/", {})
    ended = client.post(f"/matching/matches/{match.pk}/end/", {"reason": "school_request"})
    history = client.get("/matching/matches/")

    assert "There is a problem" in missing.content.decode()
    assert ended.status_code == 302
    assert Match.objects.get().end_reason == "school_request"
    assert "The school asked for a change" in history.content.decode()


def test_adviser_and_careers_leader_see_their_match(client, coordinator, round_):
    proposal = round_.proposals.get()
    client.force_login(coordinator)
    client.post(f"/matching/proposals/{proposal.pk}/accept/")
    leader = member(Role.CAREERS_LEADER, proposal.school.organisation)

    for user in (leader, proposal.adviser.user):
        client.force_login(user)
        page = client.get("/matching/matches/").content.decode()
        assert "Sir John Lawes School" in page
        assert "/end/" not in page  # only the hub ends a match
    client.force_login(member(Role.CAREERS_LEADER))
    assert "Sir John Lawes School" not in client.get("/matching/matches/").content.decode()


def test_round_page_query_count_is_bounded(
    client, hub, coordinator, start, django_assert_max_num_queries
):
    for _ in range(8):
        SchoolFactory(hub=hub)
        EnterpriseAdviserFactory(dbs_checked_on=start - timedelta(days=100))
    round_ = matching_round_run(hub=hub, starts_on=start, by=coordinator)
    client.force_login(coordinator)

    with django_assert_max_num_queries(12):
        response = client.get(f"/matching/rounds/{round_.pk}/")
    assert response.content.decode().count("Why this match") == 8
