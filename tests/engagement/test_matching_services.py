"""Matching rounds against the database: hard rules, decisions, e-mails, history."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import translation

from accounts.models import PostcodeCentroid, Role
from core.exceptions import Conflict, DomainError, NotAllowed
from employers.models import EnterpriseAdviser
from engagement.models import Match, MatchExclusion, MatchProposal
from engagement.services import (
    match_end,
    match_exclude,
    match_pin,
    match_started_email_send,
    matching_round_run,
    matching_weights_update,
    proposal_accept,
    proposal_reject,
    proposal_swap,
)
from tests.factories import (
    EnterpriseAdviserFactory,
    HubFactory,
    MembershipFactory,
    SchoolFactory,
    SectorFactory,
    member,
)

pytestmark = pytest.mark.django_db
START = date(2027, 1, 4)


def cleared_adviser(**fields):
    fields.setdefault("dbs_checked_on", START - timedelta(days=200))
    return EnterpriseAdviserFactory(**fields)


@pytest.fixture
def hub():
    return HubFactory(name="Hertfordshire Careers Hub — North")


@pytest.fixture
def coordinator(hub):
    return member(Role.COORDINATOR, hub.organisation)


def test_round_proposes_an_adviser_for_every_school_it_can_and_explains_it(hub, coordinator):
    schools = [SchoolFactory(hub=hub) for _ in range(3)]
    advisers = [cleared_adviser() for _ in range(3)]

    round_ = matching_round_run(hub=hub, starts_on=START, by=coordinator)

    proposals = list(round_.proposals.all())
    assert {p.school_id for p in proposals} == {s.pk for s in schools}
    assert len({p.adviser_id for p in proposals}) == 3
    assert {p.adviser_id for p in proposals} <= {a.pk for a in advisers}
    for proposal in proposals:
        assert [part["part"] for part in proposal.parts] == [
            "distance",
            "benchmarks",
            "sector",
            "preferred_district",
            "continuity",
        ]
        assert proposal.score == pytest.approx(sum(part["points"] for part in proposal.parts))
    assert round_.total_score == pytest.approx(sum(p.score for p in proposals))
    assert round_.total_score >= round_.greedy_total_score


def test_a_round_run_in_polish_reads_in_the_readers_language_sector_names_too(
    hub, coordinator, polish
):
    retail = SectorFactory(name="Retail")
    school = SchoolFactory(hub=hub)
    school.adviser_wish_sectors.add(retail)
    adviser = cleared_adviser()
    adviser.sectors.add(retail)

    with translation.override("pl"):
        round_ = matching_round_run(hub=hub, starts_on=START, by=coordinator)
        assert str(retail) == "Handel detaliczny"
        polish_parts = {part["part"]: part for part in round_.proposals.get().parts_shown}

    english_parts = {part["part"]: part for part in round_.proposals.get().parts_shown}
    assert polish_parts["sector"]["label"] == "Sektor, o który prosiła szkoła"
    assert polish_parts["sector"]["reason"] == "szkoła prosiła o: Handel detaliczny"
    assert polish_parts["continuity"]["reason"] == "brak wcześniejszego dopasowania z tą szkołą"
    # Stored as data, so the same round reads in English to an English reader.
    assert english_parts["sector"]["label"] == "Sector the school asked for"
    assert english_parts["sector"]["reason"] == "the school asked for Retail"
    assert english_parts["sector"]["reason_code"] == "sector_asked"
    assert str(retail) == "Retail"  # in English again outside Polish


def test_advisers_failing_hard_rules_are_left_out_and_counted(hub, coordinator):
    school = SchoolFactory(hub=hub)
    cleared_adviser(dbs_checked_on=START - timedelta(days=4 * 365))  # expired by the start
    cleared_adviser(induction_done=False)
    cleared_adviser(status=EnterpriseAdviser.Status.PAUSED)
    EnterpriseAdviserFactory(dbs_status=EnterpriseAdviser.DbsStatus.PENDING)

    round_ = matching_round_run(hub=hub, starts_on=START, by=coordinator)

    assert round_.proposals.count() == 0
    assert round_.advisers_left_out == {"no_dbs": 2, "induction_not_done": 1, "paused_or_left": 1}
    assert round_.advisers_left_out_shown == {
        "no clear DBS check valid on 4 January 2027": 2,
        "induction not done": 1,
        "paused or left the programme": 1,
    }
    assert round_.unmatched_shown == [
        {
            "school_id": school.pk,
            "school": school.name,
            "reasons": ["no adviser with a free place passes the hard rules"],
        }
    ]


def test_adviser_at_capacity_is_not_proposed_again(hub, coordinator):
    matched_school, open_school = SchoolFactory(hub=hub), SchoolFactory(hub=hub)
    adviser = cleared_adviser(capacity=1)
    Match.objects.create(school=matched_school, adviser=adviser, started_on=START)

    round_ = matching_round_run(hub=hub, starts_on=START, by=coordinator)

    assert round_.schools_considered == 1  # the matched school is not in the round
    assert round_.proposals.count() == 0
    assert round_.advisers_left_out_shown == {"already at capacity": 1}
    assert round_.unmatched[0]["school_id"] == open_school.pk


def test_pinned_pair_is_kept_and_excluded_pair_never_proposed(hub, coordinator):
    pinned_school, other_school = SchoolFactory(hub=hub), SchoolFactory(hub=hub)
    pinned_adviser, excluded_adviser = cleared_adviser(), cleared_adviser()
    match_pin(school=pinned_school, adviser=pinned_adviser, by=coordinator)
    match_exclude(school=other_school, adviser=excluded_adviser, by=coordinator, reason="governor")

    round_ = matching_round_run(hub=hub, starts_on=START, by=coordinator)

    pairs = {(p.school_id, p.adviser_id, p.pinned) for p in round_.proposals.all()}
    assert pairs == {(pinned_school.pk, pinned_adviser.pk, True)}
    assert round_.unmatched[0]["school_id"] == other_school.pk
    reasons = round_.unmatched_shown[0]["reasons"]
    assert "1 adviser excluded for this school by the hub" in reasons


def test_pin_whose_adviser_lost_dbs_is_reported_not_kept(hub, coordinator):
    school = SchoolFactory(hub=hub)
    adviser = cleared_adviser(dbs_status=EnterpriseAdviser.DbsStatus.EXPIRED)
    match_pin(school=school, adviser=adviser, by=coordinator)

    round_ = matching_round_run(hub=hub, starts_on=START, by=coordinator)

    assert round_.proposals.count() == 0
    assert round_.unmatched_shown[0]["reasons"] == [
        "its pinned adviser cannot take it: no clear DBS check valid on 4 January 2027"
    ]


def test_postcodes_beyond_travel_distance_rule_out_the_pair(hub, coordinator):
    PostcodeCentroid.objects.create(outward_code="WD17", latitude=51.66, longitude=-0.40)
    PostcodeCentroid.objects.create(outward_code="SG1", latitude=51.90, longitude=-0.20)
    school = SchoolFactory(hub=hub, postcode="WD17 1AA")
    adviser = cleared_adviser(postcode="SG1 2AB", max_travel_km=10)

    round_ = matching_round_run(hub=hub, starts_on=START, by=coordinator)

    assert round_.proposals.count() == 0
    assert round_.unmatched[0]["school_id"] == school.pk
    reasons = round_.unmatched_shown[0]["reasons"]
    assert "1 adviser lives beyond the distance they will travel" in reasons
    adviser.max_travel_km = 40
    adviser.save()
    again = matching_round_run(hub=hub, starts_on=START, by=coordinator)
    distance = again.proposals.get().parts_shown[0]
    assert distance["reason"].endswith(f"km between postcodes; {adviser.user} travels up to 40 km")


def test_accepting_starts_the_match_and_emails_leader_and_adviser_once(
    hub, coordinator, django_capture_on_commit_callbacks
):
    school = SchoolFactory(hub=hub, name="Nobel School")
    leader = member(Role.CAREERS_LEADER, school.organisation)
    adviser = cleared_adviser()
    proposal = matching_round_run(hub=hub, starts_on=START, by=coordinator).proposals.get()

    with django_capture_on_commit_callbacks(execute=True):
        match = proposal_accept(proposal=proposal, by=coordinator)

    adviser.refresh_from_db()
    assert match.school == school and match.adviser == adviser and match.is_active
    assert adviser.status == EnterpriseAdviser.Status.MATCHED
    assert sorted(m.to[0] for m in mail.outbox) == sorted([leader.email, adviser.user.email])
    assert all("Nobel School" in m.subject for m in mail.outbox)
    assert match_started_email_send(match_id=match.pk) == 0  # a repeated task sends nothing
    assert len(mail.outbox) == 2
    with pytest.raises(Conflict, match="already accepted"):
        proposal_accept(proposal=proposal, by=coordinator)


def test_accept_rechecks_capacity_when_two_rounds_proposed_one_adviser(hub, coordinator):
    SchoolFactory(hub=hub)
    adviser = cleared_adviser(capacity=1)
    first = matching_round_run(hub=hub, starts_on=START, by=coordinator).proposals.get()
    # An older round, still undecided, proposed the same adviser to another school.
    older = MatchProposal.objects.create(
        round=first.round, school=SchoolFactory(hub=hub), adviser=adviser, score=1.0
    )
    proposal_accept(proposal=first, by=coordinator)

    with pytest.raises(Conflict, match="full capacity"):
        proposal_accept(proposal=older, by=coordinator)
    assert Match.objects.count() == 1


def test_rejecting_with_exclusion_keeps_the_pair_out_of_later_rounds(hub, coordinator):
    SchoolFactory(hub=hub)
    adviser = cleared_adviser()
    proposal = matching_round_run(hub=hub, starts_on=START, by=coordinator).proposals.get()

    proposal_reject(proposal=proposal, by=coordinator, exclude=True, reason="works at the school")

    assert proposal.__class__.objects.get(pk=proposal.pk).status == MatchProposal.Status.REJECTED
    assert MatchExclusion.objects.get().adviser == adviser
    assert matching_round_run(hub=hub, starts_on=START, by=coordinator).proposals.count() == 0


def test_swap_exchanges_advisers_and_rescores(hub, coordinator):
    SchoolFactory(hub=hub), SchoolFactory(hub=hub)
    cleared_adviser(), cleared_adviser()
    round_ = matching_round_run(hub=hub, starts_on=START, by=coordinator)
    first, second = round_.proposals.order_by("pk")
    before = {first.school_id: first.adviser_id, second.school_id: second.adviser_id}

    proposal_swap(first=first, second=second, by=coordinator)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.adviser_id == before[second.school_id]
    assert second.adviser_id == before[first.school_id]
    assert first.score == pytest.approx(sum(p["points"] for p in first.parts))


def test_ended_match_is_history_and_counts_for_continuity(hub, coordinator):
    school = SchoolFactory(hub=hub)
    adviser = cleared_adviser()
    match = Match.objects.create(school=school, adviser=adviser, started_on=START)

    with pytest.raises(DomainError, match="Choose why"):
        match_end(match=match, by=coordinator, reason="")
    match_end(match=match, by=coordinator, reason=Match.EndReason.SCHOOL_REQUEST, ended_on=START)
    proposal = matching_round_run(hub=hub, starts_on=START, by=coordinator).proposals.get()

    assert Match.objects.get(pk=match.pk).end_reason == "school_request"
    continuity = next(p for p in proposal.parts_shown if p["part"] == "continuity")
    assert continuity["reason"] == "worked with this school before"


def test_coordinator_of_another_hub_cannot_run_or_decide(hub, coordinator):
    SchoolFactory(hub=hub)
    cleared_adviser()
    stranger = member(Role.COORDINATOR)
    lead = member(Role.LEAD)
    proposal = matching_round_run(hub=hub, starts_on=START, by=coordinator).proposals.get()

    with pytest.raises(NotAllowed):
        matching_round_run(hub=hub, starts_on=START, by=stranger)
    with pytest.raises(NotAllowed):
        proposal_accept(proposal=proposal, by=lead)
    assert not Match.objects.exists()


def test_weights_change_the_next_round_and_bad_weights_change_nothing(hub, coordinator):
    with pytest.raises(DomainError, match="0 to 10"):
        matching_weights_update(hub=hub, by=coordinator, weights={"distance": 11})
    weights = matching_weights_update(hub=hub, by=coordinator, weights={"distance": 0, "sector": 9})
    SchoolFactory(hub=hub)
    cleared_adviser()

    round_ = matching_round_run(hub=hub, starts_on=START, by=coordinator)

    assert weights.distance == 0
    assert round_.weights["sector"] == 9
    distance = round_.proposals.get().parts[0]
    assert distance["weight"] == 0 and distance["points"] == 0


def test_round_costs_a_fixed_number_of_queries(hub, coordinator, django_assert_max_num_queries):
    for _ in range(15):
        SchoolFactory(hub=hub)
    for _ in range(15):
        MembershipFactory()  # unrelated data
        cleared_adviser()

    # Constant whatever the number of schools and advisers (15 × 15 here).
    with django_assert_max_num_queries(22):
        matching_round_run(hub=hub, starts_on=START, by=coordinator)
