"""The matching engine: scores adviser–school pairs and finds the best assignment for a hub.

Pure computation over plain facts (no database), so it is fast to test and to benchmark:

- ``pair_score`` explains one pair: its parts, each ``value`` (0–1) × ``weight`` = ``points``,
  or the hard rule that forbids it;
- ``score_matrix`` computes the same numbers for every pair at once with numpy;
- ``solve`` finds the assignment with the highest total score (the Hungarian method on a matrix
  with one column per free adviser place, plus one "leave unmatched" column per school, so a
  forbidden pair is never chosen and an adviser with capacity 2 can take two schools);
- ``solve_greedy`` is the baseline a spreadsheet would give: best pair first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment

from core.geography import distance_km
from engagement.match_reasons import Reason, part_label

# Which expertise helps a school most with each Gatsby benchmark.
BENCHMARK_EXPERTISE: dict[int, frozenset[str]] = {
    1: frozenset({"careers strategy"}),
    2: frozenset({"digital", "employer networks"}),
    3: frozenset({"SEND"}),
    4: frozenset({"STEM"}),
    5: frozenset({"employer networks", "enterprise"}),
    6: frozenset({"employer networks", "apprenticeships"}),
    7: frozenset({"apprenticeships"}),
    8: frozenset({"careers strategy"}),
}
WEAKEST_COUNT = 3
# Closeness when a postcode is unknown: the same district, a neighbouring one, anywhere else.
SAME_DISTRICT, NEIGHBOUR_DISTRICT, OTHER_DISTRICT = 1.0, 0.6, 0.2
# A pair that passes every hard rule but scores nothing still beats leaving a school unmatched.
ELIGIBLE_EPSILON = 1e-6


@dataclass(frozen=True)
class SchoolFacts:
    id: int
    name: str
    district_id: int | None
    district_name: str = ""
    location: tuple[float, float] | None = None
    # {benchmark number: percentage} of the latest self-assessment; empty when none.
    benchmarks: Mapping[int, int] = field(default_factory=dict)
    wanted_sector_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class AdviserFacts:
    id: int
    name: str
    district_id: int | None
    location: tuple[float, float] | None = None
    max_travel_km: float = 15.0
    preferred_district_ids: frozenset[int] = frozenset()
    sector_ids: frozenset[int] = frozenset()
    expertise: frozenset[str] = frozenset()
    free_places: int = 1


@dataclass
class MatchingContext:
    weights: Mapping[str, float]
    neighbours: Mapping[int, frozenset[int]] = field(default_factory=dict)
    previous_pairs: frozenset[tuple[int, int]] = frozenset()  # (school id, adviser id)
    exclusions: Mapping[tuple[int, int], str] = field(default_factory=dict)  # pair → reason
    # Stored names: an explanation shows them in the reader's language.
    sector_names: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Part:
    part: str
    value: float
    weight: float
    points: float
    reason: Reason

    @property
    def label(self) -> str:
        return part_label(self.part)

    def as_dict(self) -> dict[str, object]:
        """As a round stores it: the reason as data, rendered in the reader's language."""
        return {
            "part": self.part,
            "value": round(self.value, 4),
            "weight": self.weight,
            "points": round(self.points, 4),
            "why": self.reason.as_dict(),
        }


@dataclass(frozen=True)
class PairScore:
    total: float
    parts: list[Part]
    blocked_by: Reason | None = None


@dataclass
class Assignment:
    school_id: int
    adviser_id: int
    score: float


@dataclass
class Solution:
    assignments: list[Assignment]
    unmatched: dict[int, list[Reason]]

    @property
    def total_score(self) -> float:
        return float(sum(a.score for a in self.assignments))


def _weakest(benchmarks: Mapping[int, int]) -> list[int]:
    return sorted(benchmarks, key=lambda n: (benchmarks[n], n))[:WEAKEST_COUNT]


def _benchmark_needs(benchmarks: Mapping[int, int]) -> dict[int, float]:
    """The weakest benchmarks, each weighted by how far it is from 100%."""
    return {n: max(1.0, 100.0 - benchmarks[n]) for n in _weakest(benchmarks)}


def pair_score(school: SchoolFacts, adviser: AdviserFacts, context: MatchingContext) -> PairScore:
    """One pair's score, part by part, with a sentence for each part (or the rule it breaks)."""
    weights = context.weights
    exclusion = context.exclusions.get((school.id, adviser.id))
    if exclusion is not None:
        return PairScore(0.0, [], blocked_by=Reason("excluded", {"why": exclusion}))
    parts: list[Part] = []

    def add(part: str, value: float, code: str, **params: object) -> None:
        weight = float(weights.get(part, 0))
        parts.append(Part(part, value, weight, value * weight, Reason(code, params)))

    if school.location is not None and adviser.location is not None:
        km = distance_km(school.location, adviser.location)
        travel = {"km": round(km, 1), "limit": adviser.max_travel_km, "adviser": adviser.name}
        if km > adviser.max_travel_km:
            return PairScore(0.0, [], blocked_by=Reason("too_far", travel))
        add(
            "distance",
            max(0.0, 1.0 - km / adviser.max_travel_km) if adviser.max_travel_km else 0.0,
            "postcode_distance",
            **travel,
        )
    elif school.district_id is not None and school.district_id == adviser.district_id:
        add("distance", SAME_DISTRICT, "same_district", district=school.district_name)
    elif adviser.district_id in context.neighbours.get(school.district_id or -1, frozenset()):
        add("distance", NEIGHBOUR_DISTRICT, "neighbour_district")
    else:
        add("distance", OTHER_DISTRICT, "other_district")

    needs = _benchmark_needs(school.benchmarks)
    if needs:
        covered = {n for n in needs if BENCHMARK_EXPERTISE[n] & adviser.expertise}
        value = sum(needs[n] for n in covered) / sum(needs.values())
        weakest = [[n, school.benchmarks[n]] for n in needs]
        if covered:
            helps = [
                [n, sorted(BENCHMARK_EXPERTISE[n] & adviser.expertise)] for n in sorted(covered)
            ]
            add("benchmarks", value, "benchmarks_helped", weakest=weakest, helps=helps)
        else:
            add("benchmarks", value, "benchmarks_not_covered", weakest=weakest)
    else:
        add("benchmarks", 0.0, "no_benchmarks")

    if school.wanted_sector_ids:
        shared = school.wanted_sector_ids & adviser.sector_ids
        if shared:
            names = sorted(context.sector_names.get(s, str(s)) for s in shared)
            add("sector", 1.0, "sector_asked", sectors=names)
        else:
            add("sector", 0.0, "sector_not_asked")
    else:
        add("sector", 0.0, "no_sector_wish")

    if school.district_id in adviser.preferred_district_ids:
        add("preferred_district", 1.0, "preferred_district", district=school.district_name)
    else:
        add("preferred_district", 0.0, "not_preferred_district")
    if (school.id, adviser.id) in context.previous_pairs:
        add("continuity", 1.0, "worked_before")
    else:
        add("continuity", 0.0, "no_earlier_match")
    return PairScore(sum(p.points for p in parts), parts)


def score_matrix(
    schools: list[SchoolFacts], advisers: list[AdviserFacts], context: MatchingContext
) -> tuple[np.ndarray, np.ndarray]:
    """(scores, blocked): two arrays of shape (schools, advisers), equal to ``pair_score``'s."""
    n_s, n_a = len(schools), len(advisers)
    weights = context.weights
    scores = np.zeros((n_s, n_a))
    blocked = np.zeros((n_s, n_a), dtype=bool)
    if not n_s or not n_a:
        return scores, blocked

    # Distance, by postcode where both are known, else by district.
    nan = (np.nan, np.nan)
    school_ll = np.radians(np.array([s.location or nan for s in schools], dtype=float))
    adviser_ll = np.radians(np.array([a.location or nan for a in advisers], dtype=float))
    lat1, lon1 = school_ll[:, :1], school_ll[:, 1:]
    lat2, lon2 = adviser_ll[:, 0][None, :], adviser_ll[:, 1][None, :]
    h = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    km = 2 * 6371.0 * np.arcsin(np.sqrt(h))
    known = ~np.isnan(km)
    travel = np.array([a.max_travel_km for a in advisers], dtype=float)[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        by_postcode = np.where(travel > 0, np.clip(1.0 - km / travel, 0.0, None), 0.0)
    blocked |= known & (km > travel)

    school_district = np.array(
        [s.district_id if s.district_id is not None else -1 for s in schools]
    )
    adviser_district = np.array(
        [a.district_id if a.district_id is not None else -2 for a in advisers]
    )
    same = (school_district[:, None] == adviser_district[None, :]) & (school_district[:, None] >= 0)
    # Neighbouring districts through a small district × district table, indexed per pair.
    district_ids = sorted(
        {int(d) for d in school_district if d >= 0} | {int(d) for d in adviser_district if d >= 0}
    )
    position = {d: k for k, d in enumerate(district_ids)}
    adjacent = np.zeros((len(district_ids) + 1, len(district_ids) + 1), dtype=bool)
    for district, others in context.neighbours.items():
        for other in others:
            if district in position and other in position:
                adjacent[position[district], position[other]] = True
    unknown = len(district_ids)  # the last row and column: a district we know nothing of
    school_pos = np.array([position.get(int(d), unknown) for d in school_district])
    adviser_pos = np.array([position.get(int(d), unknown) for d in adviser_district])
    neighbour = adjacent[school_pos[:, None], adviser_pos[None, :]]
    by_district = np.where(
        same, SAME_DISTRICT, np.where(neighbour, NEIGHBOUR_DISTRICT, OTHER_DISTRICT)
    )
    scores += weights.get("distance", 0) * np.where(known, by_postcode, by_district)

    # Expertise against each school's weakest benchmarks, weighted by how weak they are.
    need = np.zeros((n_s, 8))
    for i, school in enumerate(schools):
        for n, gap in _benchmark_needs(school.benchmarks).items():
            need[i, n - 1] = gap
    covers = np.array(
        [[bool(BENCHMARK_EXPERTISE[n] & a.expertise) for n in range(1, 9)] for a in advisers],
        dtype=float,
    )
    totals = need.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        benchmark_value = np.where(totals > 0, (need @ covers.T) / totals, 0.0)
    scores += weights.get("benchmarks", 0) * benchmark_value

    # Sectors, preferred districts and continuity: set memberships.
    sector_ids = sorted({s for x in schools for s in x.wanted_sector_ids})
    if sector_ids:
        index = {s: k for k, s in enumerate(sector_ids)}
        wanted = np.zeros((n_s, len(index)))
        for i, school in enumerate(schools):
            for s in school.wanted_sector_ids:
                wanted[i, index[s]] = 1
        offered = np.zeros((n_a, len(index)))
        for j, adviser in enumerate(advisers):
            for s in adviser.sector_ids & index.keys():
                offered[j, index[s]] = 1
        scores += weights.get("sector", 0) * ((wanted @ offered.T) > 0)

    district_index = {
        d: k for k, d in enumerate(sorted({int(d) for d in school_district if d >= 0}))
    }
    if district_index:
        prefers = np.zeros((n_a, len(district_index)))
        for j, adviser in enumerate(advisers):
            for d in adviser.preferred_district_ids & district_index.keys():
                prefers[j, district_index[d]] = 1
        columns = np.array([district_index.get(int(d), -1) for d in school_district])
        preferred = np.where(columns[:, None] >= 0, prefers[:, columns].T, 0.0)
        scores += weights.get("preferred_district", 0) * preferred

    school_row = {s.id: i for i, s in enumerate(schools)}
    adviser_column = {a.id: j for j, a in enumerate(advisers)}
    for school_id, adviser_id in context.previous_pairs:
        if school_id in school_row and adviser_id in adviser_column:
            scores[school_row[school_id], adviser_column[adviser_id]] += weights.get(
                "continuity", 0
            )
    for school_id, adviser_id in context.exclusions:
        if school_id in school_row and adviser_id in adviser_column:
            blocked[school_row[school_id], adviser_column[adviser_id]] = True

    scores[blocked] = 0.0
    return scores, blocked


def _adviser_places(advisers: list[AdviserFacts]) -> np.ndarray:
    """One column per free place: an adviser with two free places appears twice."""
    return np.repeat(np.arange(len(advisers)), [max(0, a.free_places) for a in advisers])


def solve(
    schools: list[SchoolFacts], advisers: list[AdviserFacts], context: MatchingContext
) -> Solution:
    """The assignment with the highest total score, and why each unmatched school is unmatched."""
    scores, blocked = score_matrix(schools, advisers, context)
    places = _adviser_places(advisers)
    n_s = len(schools)
    assignments: list[Assignment] = []
    if n_s and len(places):
        gain = np.where(blocked[:, places], -1.0, scores[:, places] + ELIGIBLE_EPSILON)
        # Each school may also take its own "unmatched" column, worth nothing.
        unmatched_columns = np.full((n_s, n_s), -1.0)
        np.fill_diagonal(unmatched_columns, 0.0)
        matrix = np.hstack([gain, unmatched_columns])
        rows, columns = linear_sum_assignment(matrix, maximize=True)
        for i, column in zip(rows, columns, strict=True):
            if column < len(places) and gain[i, column] > 0:
                j = places[column]
                assignments.append(Assignment(schools[i].id, advisers[j].id, float(scores[i, j])))
    return Solution(
        assignments, _unmatched_reasons(schools, advisers, assignments, scores, blocked, context)
    )


def solve_greedy(
    schools: list[SchoolFacts], advisers: list[AdviserFacts], context: MatchingContext
) -> Solution:
    """Best remaining pair first: the baseline the optimal round is compared with."""
    scores, blocked = score_matrix(schools, advisers, context)
    free = np.array([max(0, a.free_places) for a in advisers])
    taken = np.zeros(len(schools), dtype=bool)
    assignments: list[Assignment] = []
    order = np.argsort(-np.where(blocked, -np.inf, scores), axis=None, kind="stable")
    for flat in order:
        i, j = divmod(int(flat), len(advisers))
        if blocked[i, j]:
            break
        if taken[i] or free[j] == 0:
            continue
        taken[i] = True
        free[j] -= 1
        assignments.append(Assignment(schools[i].id, advisers[j].id, float(scores[i, j])))
    return Solution(
        assignments, _unmatched_reasons(schools, advisers, assignments, scores, blocked, context)
    )


def _unmatched_reasons(
    schools: list[SchoolFacts],
    advisers: list[AdviserFacts],
    assignments: Iterable[Assignment],
    scores: np.ndarray,
    blocked: np.ndarray,
    context: MatchingContext,
) -> dict[int, list[Reason]]:
    """For every school left without an adviser, the plain reasons why."""
    matched = {a.school_id for a in assignments}
    taker_of = {a.adviser_id: a.school_id for a in assignments}
    names = {s.id: s.name for s in schools}
    reasons: dict[int, list[Reason]] = {}
    for i, school in enumerate(schools):
        if school.id in matched:
            continue
        if not advisers:
            reasons[school.id] = [Reason("no_adviser_passes")]
            continue
        lines: list[Reason] = []
        ruled_out = np.flatnonzero(blocked[i])
        excluded = sum((school.id, advisers[j].id) in context.exclusions for j in ruled_out)
        too_far = len(ruled_out) - excluded
        if too_far:
            lines.append(Reason("too_far_count", {"count": int(too_far)}))
        if excluded:
            lines.append(Reason("excluded_count", {"count": int(excluded)}))
        eligible = np.flatnonzero(~blocked[i])
        if len(eligible) == 0:
            lines.insert(0, Reason("no_eligible"))
        else:
            best = int(eligible[np.argmax(scores[i, eligible])])
            taker = taker_of.get(advisers[best].id)
            params = {
                "count": len(eligible),
                "adviser": advisers[best].name,
                "points": round(float(scores[i, best]), 1),
                "school": names.get(taker, "") if taker else "",
                "taken": bool(taker),
            }
            lines.insert(0, Reason("outscored", params))
        reasons[school.id] = lines
    return reasons
