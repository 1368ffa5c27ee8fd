"""DEMO DATA for matching: postcode centroids, benchmark self-assessments, matches, one round.

The centroids are approximate (to about a kilometre) positions of Hertfordshire's postcode
districts, enough for demo distances; a real deployment loads the ONS Postcode Directory with
``import_postcode_centroids``. The self-assessments and matches are invented.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from accounts.models import PostcodeCentroid, Sector, User
from employers.models import EnterpriseAdviser
from engagement.models import Match, MatchingRound
from engagement.services import matching_round_run
from schools.models import BenchmarkAssessment, Hub, School

CENTROIDS: dict[str, tuple[float, float]] = {
    "EN6": (51.69, -0.18), "EN7": (51.71, -0.07), "EN8": (51.70, -0.03), "EN10": (51.74, -0.02),
    "EN11": (51.76, -0.01), "HP1": (51.75, -0.48), "HP2": (51.76, -0.45), "HP3": (51.73, -0.46),
    "HP4": (51.76, -0.56), "HP23": (51.79, -0.66), "SG1": (51.90, -0.20), "SG2": (51.89, -0.17),
    "SG4": (51.93, -0.24), "SG5": (51.95, -0.29), "SG6": (51.98, -0.23), "SG7": (51.99, -0.19),
    "SG8": (52.05, -0.02), "SG9": (51.95, 0.01), "SG12": (51.81, -0.03), "SG13": (51.79, -0.07),
    "SG14": (51.80, -0.09), "CM21": (51.81, 0.15), "CM23": (51.87, 0.16), "WD3": (51.64, -0.47),
    "WD4": (51.71, -0.45), "WD5": (51.70, -0.42), "WD6": (51.66, -0.27), "WD7": (51.69, -0.32),
    "WD17": (51.66, -0.40), "WD18": (51.65, -0.42), "WD19": (51.63, -0.40), "WD23": (51.64, -0.36),
    "WD24": (51.67, -0.40), "WD25": (51.69, -0.39), "AL1": (51.75, -0.33), "AL2": (51.72, -0.33),
    "AL3": (51.77, -0.37), "AL4": (51.77, -0.30), "AL5": (51.81, -0.35), "AL6": (51.83, -0.21),
    "AL7": (51.80, -0.19), "AL8": (51.80, -0.22), "AL9": (51.75, -0.20), "AL10": (51.76, -0.23),
}  # fmt: skip


def seed_demo_matching(*, coordinator_email: str, first_hub_name: str) -> dict[str, int]:
    """Idempotent: adds only what is missing. Returns what the demo now holds."""
    existing = set(PostcodeCentroid.objects.values_list("outward_code", flat=True))
    PostcodeCentroid.objects.bulk_create(
        [
            PostcodeCentroid(outward_code=code, latitude=lat, longitude=lon)
            for code, (lat, lon) in CENTROIDS.items()
            if code not in existing
        ]
    )

    today = timezone.localdate()
    assessed = set(BenchmarkAssessment.objects.values_list("school_id", flat=True))
    schools = list(School.objects.order_by("urn"))
    assessments = []
    for school in schools:
        if school.pk in assessed:
            continue
        rng = random.Random(f"benchmarks-{school.urn}")
        assessments.append(
            BenchmarkAssessment(
                school=school,
                assessed_on=today.replace(day=1) - timedelta(days=rng.randint(20, 300)),
                source=BenchmarkAssessment.Source.IMPORTED,
                **{f"benchmark_{n}": rng.randint(15, 95) for n in range(1, 9)},
            )
        )
    BenchmarkAssessment.objects.bulk_create(assessments)
    # Half the schools ask for an adviser from a particular sector.
    sectors = list(Sector.objects.filter(group=Sector.Group.PRIORITY).order_by("slug"))
    asked = set(School.adviser_wish_sectors.through.objects.values_list("school_id", flat=True))
    School.adviser_wish_sectors.through.objects.bulk_create(
        [
            School.adviser_wish_sectors.through(school_id=school.pk, sector_id=sector.pk)
            for school in schools
            if school.pk not in asked and int(school.urn) % 2 == 0
            for sector in random.Random(f"wish-{school.urn}").sample(sectors, 1)
        ]
    )

    # Advisers the demo says are matched get a school: the second hub's schools first, so the
    # first hub keeps schools for the proposed round.
    hub_order = {
        name: i
        for i, name in enumerate(Hub.objects.order_by("-name").values_list("name", flat=True))
    }
    busy = set(Match.objects.filter(ended_on__isnull=True).values_list("school_id", flat=True))
    matched_advisers = set(
        Match.objects.filter(ended_on__isnull=True).values_list("adviser_id", flat=True)
    )
    free_schools = sorted(
        (s for s in School.objects.select_related("hub").exclude(pk__in=busy) if s.hub),
        key=lambda s: (s.hub.name == first_hub_name, hub_order.get(s.hub.name, 0), s.urn),  # type: ignore[union-attr]
    )
    new_matches = []
    for adviser in EnterpriseAdviser.objects.filter(
        status=EnterpriseAdviser.Status.MATCHED
    ).order_by("pk"):
        if adviser.pk in matched_advisers or not free_schools:
            continue
        school = free_schools.pop(0)
        new_matches.append(
            Match(
                school=school,
                adviser=adviser,
                started_on=today - timedelta(days=90 + adviser.pk % 200),
            )
        )
    Match.objects.bulk_create(new_matches)

    hub = Hub.objects.get(name=first_hub_name)
    coordinator = User.objects.get(email=coordinator_email)
    if not MatchingRound.objects.filter(hub=hub).exists():
        matching_round_run(hub=hub, starts_on=today + timedelta(days=14), by=coordinator)
    return {
        "postcode_centroids": PostcodeCentroid.objects.count(),
        "benchmark_assessments": BenchmarkAssessment.objects.count(),
        "matches": Match.objects.count(),
        "matching_rounds": MatchingRound.objects.count(),
    }
