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
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from scipy.optimize import linear_sum_assignment

from core.geography import distance_km

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
# Explanations are written in the language active when the round runs (and stored so).
PART_LABELS = {
    "distance": gettext_lazy("Distance"),
    "benchmarks": gettext_lazy("Expertise for the school's weakest benchmarks"),
    "sector": gettext_lazy("Sector the school asked for"),
    "preferred_district": gettext_lazy("Adviser's preferred districts"),
    "continuity": gettext_lazy("Continuity with an earlier match"),
}


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
    sector_names: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Part:
    part: str
    label: str
    value: float
    weight: float
    points: float
    reason: str

    def as_dict(self) -> dict[str, object]:
        return {
            "part": self.part,
            "label": self.label,
            "value": round(self.value, 4),
            "weight": self.weight,
            "points": round(self.points, 4),
            "reason": self.reason,
        }


@dataclass(frozen=True)
class PairScore:
    total: float
    parts: list[Part]
    blocked_by: str | None = None


@dataclass
class Assignment:
    school_id: int
    adviser_id: int
    score: float


@dataclass
class Solution:
    assignments: list[Assignment]
    unmatched: dict[int, list[str]]

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
        return PairScore(0.0, [], blocked_by=_("excluded by the hub: %(why)s") % {"why": exclusion})
    parts: list[Part] = []

    def add(part: str, value: float, reason: str) -> None:
        weight = float(weights.get(part, 0))
        parts.append(Part(part, str(PART_LABELS[part]), value, weight, value * weight, reason))

    if school.location is not None and adviser.location is not None:
        km = distance_km(school.location, adviser.location)
        if km > adviser.max_travel_km:
            return PairScore(
                0.0,
                [],
                blocked_by=_("%(km)s km away, beyond the %(limit)s km %(adviser)s will travel")
                % {
                    "km": f"{km:.1f}",
                    "limit": f"{adviser.max_travel_km:g}",
                    "adviser": adviser.name,
                },
            )
        add(
            "distance",
            max(0.0, 1.0 - km / adviser.max_travel_km) if adviser.max_travel_km else 0.0,
            _("%(km)s km between postcodes; %(adviser)s travels up to %(limit)s km")
            % {"km": f"{km:.1f}", "adviser": adviser.name, "limit": f"{adviser.max_travel_km:g}"},
        )
    elif school.district_id is not None and school.district_id == adviser.district_id:
        add(
            "distance",
            SAME_DISTRICT,
            _("postcode unknown; both in %(district)s") % {"district": school.district_name},
        )
    elif adviser.district_id in context.neighbours.get(school.district_id or -1, frozenset()):
        add("distance", NEIGHBOUR_DISTRICT, _("postcode unknown; neighbouring districts"))
    else:
        add("distance", OTHER_DISTRICT, _("postcode unknown; districts not neighbours"))

    needs = _benchmark_needs(school.benchmarks)
    if needs:
        covered = {n for n in needs if BENCHMARK_EXPERTISE[n] & adviser.expertise}
        value = sum(needs[n] for n in covered) / sum(needs.values())
        weakest = ", ".join(f"B{n} ({school.benchmarks[n]}%)" for n in needs)
        if covered:
            helps = ", ".join(
                _("B%(benchmark)s through %(expertise)s")
                % {
                    "benchmark": n,
                    "expertise": f" {_('and')} ".join(
                        sorted(BENCHMARK_EXPERTISE[n] & adviser.expertise)
                    ),
                }
                for n in sorted(covered)
            )
            reason = _("weakest benchmarks %(weakest)s; adviser helps with %(helps)s") % {
                "weakest": weakest,
                "helps": helps,
            }
        else:
            reason = _(
                "weakest benchmarks %(weakest)s; adviser's expertise covers none of them"
            ) % {"weakest": weakest}
        add("benchmarks", value, reason)
    else:
        add("benchmarks", 0.0, _("the school has no benchmark self-assessment yet"))

    if school.wanted_sector_ids:
        shared = school.wanted_sector_ids & adviser.sector_ids
        names = ", ".join(sorted(context.sector_names.get(s, str(s)) for s in shared))
        add(
            "sector",
            1.0 if shared else 0.0,
            _("the school asked for %(sectors)s") % {"sectors": names}
            if shared
            else _("not a sector the school asked for"),
        )
    else:
        add("sector", 0.0, _("the school asked for no particular sector"))

    preferred = school.district_id in adviser.preferred_district_ids
    add(
        "preferred_district",
        1.0 if preferred else 0.0,
        _("%(district)s is one of the adviser's preferred districts")
        % {"district": school.district_name}
        if preferred
        else _("not one of the adviser's preferred districts"),
    )
    before = (school.id, adviser.id) in context.previous_pairs
    add(
        "continuity",
        1.0 if before else 0.0,
        _("worked with this school before") if before else _("no earlier match with this school"),
    )
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
) -> dict[int, list[str]]:
    """For every school left without an adviser, the plain reasons why."""
    matched = {a.school_id for a in assignments}
    taker_of = {a.adviser_id: a.school_id for a in assignments}
    names = {s.id: s.name for s in schools}
    reasons: dict[int, list[str]] = {}
    for i, school in enumerate(schools):
        if school.id in matched:
            continue
        if not advisers:
            reasons[school.id] = [_("no adviser with a free place passes the hard rules")]
            continue
        lines: list[str] = []
        ruled_out = np.flatnonzero(blocked[i])
        excluded = sum((school.id, advisers[j].id) in context.exclusions for j in ruled_out)
        too_far = len(ruled_out) - excluded
        if too_far:
            lines.append(
                _("%(count)s adviser(s) live beyond the distance they will travel")
                % {"count": too_far}
            )
        if excluded:
            lines.append(
                _("%(count)s adviser(s) excluded for this school by the hub") % {"count": excluded}
            )
        eligible = np.flatnonzero(~blocked[i])
        if len(eligible) == 0:
            lines.insert(0, _("no eligible adviser with a free place"))
        else:
            best = int(eligible[np.argmax(scores[i, eligible])])
            taker = taker_of.get(advisers[best].id)
            lines.insert(
                0,
                _(
                    "its %(count)s eligible adviser(s) gave more to the total at other schools; "
                    "its best, %(adviser)s (%(points)s points), went to %(school)s"
                )
                % {
                    "count": len(eligible),
                    "adviser": advisers[best].name,
                    "points": f"{scores[i, best]:.1f}",
                    "school": (names[taker] if taker in names else _("another school"))
                    if taker
                    else _("no school"),
                },
            )
        reasons[school.id] = lines
    return reasons
