"""The matching engine: explainable scores, an optimal assignment, honest reasons."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from engagement.matching import (
    AdviserFacts,
    MatchingContext,
    SchoolFacts,
    pair_score,
    score_matrix,
    solve,
    solve_greedy,
)

WEIGHTS = {"distance": 3, "benchmarks": 4, "sector": 2, "preferred_district": 2, "continuity": 3}
STEVENAGE, HITCHIN_DISTRICT, WATFORD = 1, 2, 3
NEIGHBOURS = {1: frozenset({2}), 2: frozenset({1}), 3: frozenset()}
EXPERTISE = ["careers strategy", "STEM", "apprenticeships", "SEND", "employer networks", "digital"]


def random_world(seed: int, n_schools: int, n_advisers: int):
    rng = random.Random(seed)

    def place():
        return (
            None if rng.random() < 0.3 else (51.7 + rng.random() * 0.3, -0.5 + rng.random() * 0.5)
        )

    schools = [
        SchoolFacts(
            id=i,
            name=f"School {i}",
            district_id=rng.choice([1, 2, 3]),
            location=place(),
            benchmarks={n: rng.randint(0, 100) for n in range(1, 9)} if rng.random() < 0.8 else {},
            wanted_sector_ids=frozenset(rng.sample(range(1, 6), rng.randint(0, 2))),
        )
        for i in range(n_schools)
    ]
    advisers = [
        AdviserFacts(
            id=100 + j,
            name=f"Adviser {j}",
            district_id=rng.choice([1, 2, 3]),
            location=place(),
            max_travel_km=rng.choice([5, 10, 20, 40]),
            preferred_district_ids=frozenset(rng.sample([1, 2, 3], rng.randint(0, 2))),
            sector_ids=frozenset(rng.sample(range(1, 6), rng.randint(0, 2))),
            expertise=frozenset(rng.sample(EXPERTISE, rng.randint(0, 3))),
            free_places=rng.choice([1, 1, 1, 2]),
        )
        for j in range(n_advisers)
    ]
    context = MatchingContext(
        weights=WEIGHTS,
        neighbours=NEIGHBOURS,
        previous_pairs=frozenset({(0, 100), (1, 101)}),
        exclusions={(2, 102): "governor at the school"},
    )
    return schools, advisers, context


@pytest.mark.parametrize("seed", range(5))
def test_matrix_gives_the_same_scores_as_the_explanations(seed):
    schools, advisers, context = random_world(seed, 12, 9)

    scores, blocked = score_matrix(schools, advisers, context)

    for (i, school), (j, adviser) in itertools.product(enumerate(schools), enumerate(advisers)):
        explained = pair_score(school, adviser, context)
        assert blocked[i, j] == (explained.blocked_by is not None)
        if explained.blocked_by is None:
            assert scores[i, j] == pytest.approx(explained.total)
            assert sum(p.points for p in explained.parts) == pytest.approx(explained.total)


def _brute_force_best(schools, advisers, context) -> float:
    scores, blocked = score_matrix(schools, advisers, context)
    places = [j for j, a in enumerate(advisers) for _ in range(a.free_places)]
    best = 0.0
    # Every way of giving each school one place or none.
    for choice in itertools.product([None, *range(len(places))], repeat=len(schools)):
        used = [c for c in choice if c is not None]
        if len(used) != len(set(used)):
            continue
        if any(c is not None and blocked[i, places[c]] for i, c in enumerate(choice)):
            continue
        best = max(best, sum(scores[i, places[c]] for i, c in enumerate(choice) if c is not None))
    return best


@pytest.mark.parametrize("seed", range(8))
def test_round_finds_the_highest_total_score(seed):
    schools, advisers, context = random_world(seed, 4, 3)

    solution = solve(schools, advisers, context)

    assert solution.total_score == pytest.approx(_brute_force_best(schools, advisers, context))


@pytest.mark.parametrize("seed", range(5))
def test_round_is_never_worse_than_greedy_and_respects_capacity(seed):
    schools, advisers, context = random_world(seed, 40, 25)

    optimal = solve(schools, advisers, context)
    greedy = solve_greedy(schools, advisers, context)

    assert optimal.total_score >= greedy.total_score - 1e-9
    per_adviser = {a.id: 0 for a in advisers}
    for assignment in optimal.assignments:
        per_adviser[assignment.adviser_id] += 1
    assert all(per_adviser[a.id] <= a.free_places for a in advisers)
    assert len({a.school_id for a in optimal.assignments}) == len(optimal.assignments)
    scores, blocked = score_matrix(schools, advisers, context)
    rows = {s.id: i for i, s in enumerate(schools)}
    cols = {a.id: j for j, a in enumerate(advisers)}
    assert not any(blocked[rows[a.school_id], cols[a.adviser_id]] for a in optimal.assignments)
    assert set(optimal.unmatched) == {s.id for s in schools} - {
        a.school_id for a in optimal.assignments
    }


def test_greedy_takes_the_best_pair_and_the_round_sees_further():
    # Asha (STEM) helps both schools, most of all Barnwell; Ben helps neither but is from the
    # sector Ashlyns asked for. Greedy gives Asha to Ashlyns (the single best pair) and leaves
    # Barnwell with Ben; the optimal round gives Ben to Ashlyns and Asha to Barnwell.
    context = MatchingContext(weights={"benchmarks": 10, "sector": 8}, neighbours=NEIGHBOURS)
    ashlyns = SchoolFacts(
        1,
        "Ashlyns",
        STEVENAGE,
        benchmarks={1: 95, 2: 95, 3: 10, 4: 10, 5: 95, 6: 95, 7: 95, 8: 95},
        wanted_sector_ids=frozenset({7}),
    )
    barnwell = SchoolFacts(
        2, "Barnwell", STEVENAGE, benchmarks={1: 99, 2: 99, 3: 99, 4: 5, 5: 99, 6: 99, 7: 99, 8: 99}
    )
    asha = AdviserFacts(
        10, "Asha", STEVENAGE, expertise=frozenset({"STEM"}), sector_ids=frozenset({7})
    )
    ben = AdviserFacts(11, "Ben", STEVENAGE, sector_ids=frozenset({7}))

    optimal = solve([ashlyns, barnwell], [asha, ben], context)
    greedy = solve_greedy([ashlyns, barnwell], [asha, ben], context)

    assert {(a.school_id, a.adviser_id) for a in greedy.assignments} == {(1, 10), (2, 11)}
    assert {(a.school_id, a.adviser_id) for a in optimal.assignments} == {(1, 11), (2, 10)}
    assert optimal.total_score > greedy.total_score + 3


def test_adviser_beyond_travel_distance_is_never_proposed_and_the_school_says_why():
    school = SchoolFacts(1, "Queens' School", WATFORD, location=(51.6565, -0.3903))
    adviser = AdviserFacts(10, "Dev", STEVENAGE, location=(51.9038, -0.1966), max_travel_km=10)
    context = MatchingContext(weights=WEIGHTS, neighbours=NEIGHBOURS)

    solution = solve([school], [adviser], context)
    explained = pair_score(school, adviser, context)

    assert solution.assignments == []
    reasons = [str(reason) for reason in solution.unmatched[1]]
    assert "beyond the 10 km Dev will travel" in str(explained.blocked_by)
    assert reasons[0] == "no eligible adviser with a free place"
    assert "1 adviser lives beyond the distance they will travel" in reasons


def test_excluded_pair_is_never_proposed():
    school = SchoolFacts(1, "Nobel School", STEVENAGE)
    adviser = AdviserFacts(10, "Eve", STEVENAGE)
    context = MatchingContext(
        weights=WEIGHTS, neighbours=NEIGHBOURS, exclusions={(1, 10): "parent at the school"}
    )

    solution = solve([school], [adviser], context)

    assert solution.assignments == []
    assert "1 adviser excluded for this school by the hub" in map(str, solution.unmatched[1])
    assert str(pair_score(school, adviser, context).blocked_by) == (
        "excluded by the hub: parent at the school"
    )


def test_adviser_with_two_places_takes_two_schools():
    schools = [SchoolFacts(i, f"School {i}", STEVENAGE) for i in (1, 2)]
    adviser = AdviserFacts(10, "Fay", STEVENAGE, free_places=2)

    solution = solve(schools, [adviser], MatchingContext(weights=WEIGHTS, neighbours=NEIGHBOURS))

    assert sorted(a.school_id for a in solution.assignments) == [1, 2]


def test_explanation_names_every_part_in_words():
    school = SchoolFacts(
        1,
        "Hitchin Girls'",
        HITCHIN_DISTRICT,
        district_name="North Hertfordshire",
        benchmarks={1: 80, 2: 30, 3: 70, 4: 75, 5: 20, 6: 25, 7: 90, 8: 85},
        wanted_sector_ids=frozenset({4}),
    )
    adviser = AdviserFacts(
        10,
        "Gita",
        HITCHIN_DISTRICT,
        preferred_district_ids=frozenset({HITCHIN_DISTRICT}),
        sector_ids=frozenset({4}),
        expertise=frozenset({"employer networks"}),
    )
    context = MatchingContext(
        weights=WEIGHTS,
        neighbours=NEIGHBOURS,
        previous_pairs=frozenset({(1, 10)}),
        sector_names={4: "Digital"},
    )

    explained = pair_score(school, adviser, context)
    reasons = {p.part: str(p.reason) for p in explained.parts}

    assert reasons["distance"] == "postcode unknown; both in North Hertfordshire"
    assert reasons["benchmarks"].startswith("weakest benchmarks B5 (20%), B6 (25%), B2 (30%)")
    assert "B5 through employer networks" in reasons["benchmarks"]
    assert reasons["sector"] == "the school asked for Digital"
    assert reasons["continuity"] == "worked with this school before"
    # Everything matched: the score is the sum of all weights.
    assert explained.total == pytest.approx(sum(WEIGHTS.values()))
    assert np.isclose(explained.total, sum(p.weight * p.value for p in explained.parts))
