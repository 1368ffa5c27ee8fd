"""Matching round: 1,500 advisers × 600 schools must solve in under 5 s on 2 cores.

Prints the optimal round's total score beside a greedy (best pair first) baseline's.
Run: .venv/bin/python -m benchmarks.matching
"""

from __future__ import annotations

import random
import sys
import time

from benchmarks.report import Figure, report
from engagement.matching import AdviserFacts, MatchingContext, SchoolFacts, solve, solve_greedy

EXPERTISE = [
    "careers strategy", "STEM", "apprenticeships", "SEND", "employer networks", "enterprise",
    "digital",
]  # fmt: skip


def world(n_schools: int = 600, n_advisers: int = 1500, seed: int = 7):
    rng = random.Random(seed)
    districts = list(range(1, 11))
    neighbours = {d: frozenset({(d % 10) + 1, ((d - 2) % 10) + 1}) for d in districts}

    def place():
        # Hertfordshire's bounding box; a fifth of postcodes unknown.
        if rng.random() < 0.2:
            return None
        return (51.60 + rng.random() * 0.40, -0.75 + rng.random() * 0.80)

    schools = [
        SchoolFacts(
            id=i,
            name=f"School {i}",
            district_id=rng.choice(districts),
            location=place(),
            benchmarks={n: rng.randint(0, 100) for n in range(1, 9)},
            wanted_sector_ids=frozenset(rng.sample(range(1, 12), rng.randint(0, 2))),
        )
        for i in range(n_schools)
    ]
    advisers = [
        AdviserFacts(
            id=10_000 + j,
            name=f"Adviser {j}",
            district_id=rng.choice(districts),
            location=place(),
            max_travel_km=rng.choice([10, 15, 20, 30]),
            preferred_district_ids=frozenset(rng.sample(districts, rng.randint(0, 3))),
            sector_ids=frozenset(rng.sample(range(1, 12), rng.randint(1, 2))),
            expertise=frozenset(rng.sample(EXPERTISE, rng.randint(1, 3))),
            free_places=rng.choice([1, 1, 1, 2]),
        )
        for j in range(n_advisers)
    ]
    context = MatchingContext(
        weights={
            "distance": 3,
            "benchmarks": 4,
            "sector": 2,
            "preferred_district": 2,
            "continuity": 3,
        },
        neighbours=neighbours,
        previous_pairs=frozenset(
            (i, 10_000 + rng.randrange(n_advisers)) for i in range(0, n_schools, 7)
        ),
        exclusions={(i, 10_000 + i): "conflict of interest" for i in range(0, n_schools, 50)},
    )
    return schools, advisers, context


def main() -> bool:
    schools, advisers, context = world()
    started = time.perf_counter()
    optimal = solve(schools, advisers, context)
    seconds = time.perf_counter() - started
    greedy = solve_greedy(schools, advisers, context)
    return report(
        "matching",
        [
            Figure("round, 1,500 advisers × 600 schools", seconds, "s", "< 5 s", seconds < 5),
            Figure(
                "optimal total score",
                optimal.total_score,
                "",
                "≥ greedy",
                optimal.total_score >= greedy.total_score,
            ),
            Figure("greedy total score", greedy.total_score, "", "baseline", None),
            Figure("schools matched (optimal)", len(optimal.assignments), "", "of 600", None),
            Figure("schools matched (greedy)", len(greedy.assignments), "", "of 600", None),
        ],
    )


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
