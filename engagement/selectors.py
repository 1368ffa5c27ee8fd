"""Reads for the role home pages (dashboards grow here as encounters and measures arrive)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from accounts.models import District, Organisation, PostcodeCentroid, Role, Sector, User
from accounts.permissions import can_view, visible
from core.geography import postcode_outward
from employers.models import Employer, EnterpriseAdviser
from engagement.match_reasons import Reason
from engagement.matching import AdviserFacts, MatchingContext, SchoolFacts
from engagement.models import (
    Match,
    MatchExclusion,
    MatchingRound,
    MatchingWeights,
    MatchPin,
    MatchProposal,
)
from events.models import Venue
from schools.models import BenchmarkAssessment, Hub, School


@dataclass
class HomeSummary:
    role: str | None
    organisations: list[Organisation] = field(default_factory=list)
    figures: list[tuple[str, int]] = field(default_factory=list)


def home_summary(*, user: User) -> HomeSummary:
    """What a user's home page shows first: their organisations and a few counts they own."""
    role = user.primary_role
    organisations = list(visible(user, Organisation.objects.filter(pk__in=user.organisation_ids())))
    figures: list[tuple[str, int]] = []
    if role in {Role.COORDINATOR, Role.LEAD, Role.ADMIN}:
        schools = visible(user, School.objects.all())
        figures = [
            (_("Careers Hubs"), visible(user, Hub.objects.all()).count()),
            (_("Schools and colleges"), schools.count()),
            (_("Employers"), visible(user, Employer.objects.all()).count()),
            (_("Enterprise Advisers"), visible(user, EnterpriseAdviser.objects.all()).count()),
        ]
    elif role == Role.JOBCENTRE_ORGANISER:
        venues = Venue.objects.filter(organisation_id__in=user.organisation_ids(role))
        figures = [(_("Venues you run events at"), venues.count())]
    elif role == Role.CAREERS_LEADER:
        rolls = (
            visible(user, School.objects.all())
            .aggregate(pupils=Count("year_groups__pupils"))
            .get("pupils")
        )
        figures = [(_("Year groups on roll"), rolls or 0)]
    elif role == Role.EMPLOYER_CONTACT:
        figures = [
            (_("Enterprise Advisers"), visible(user, EnterpriseAdviser.objects.all()).count())
        ]
    return HomeSummary(role=role, organisations=organisations, figures=figures)


# --- Matching ---------------------------------------------------------------------------------


@dataclass
class MatchingPool:
    """Everything a round needs, read in a fixed number of queries."""

    schools: list[SchoolFacts]
    advisers: list[AdviserFacts]
    context: MatchingContext
    # Pinned pairs whose adviser passes the hard rules: school id → adviser id.
    pins: dict[int, int]
    # Pinned pairs that cannot be kept: school id → reason.
    broken_pins: dict[int, Reason]
    # {hard rule's code: advisers failing it}
    advisers_left_out: dict[str, int]


def _centroids(postcodes: set[str]) -> dict[str, tuple[float, float]]:
    outward = {postcode_outward(p) for p in postcodes if p}
    return {
        c.outward_code: (c.latitude, c.longitude)
        for c in PostcodeCentroid.objects.filter(outward_code__in=outward)
    }


def matching_weights_for(*, hub: Hub) -> MatchingWeights:
    """The hub's weights; the model's defaults, unsaved, until a coordinator first changes them
    (reading never writes)."""
    stored = MatchingWeights.objects.filter(hub=hub).first()
    return stored if stored is not None else MatchingWeights(hub=hub)


def matching_pool(*, hub: Hub, starts_on: date) -> MatchingPool:
    """The hub's schools without an adviser, and every adviser who may take one on ``starts_on``.

    Hard rules applied here: a clear DBS check valid on the start date, induction done, not
    paused or left, a free place (capacity minus active matches). Pinned pairs are kept.
    """
    weights = matching_weights_for(hub=hub)
    active = Match.objects.filter(ended_on__isnull=True)
    schools_qs = (
        School.objects.filter(hub=hub)
        .exclude(pk__in=active.values("school_id"))
        .select_related("district")
        .prefetch_related("adviser_wish_sectors")
        .order_by("name")
    )
    schools = list(schools_qs)
    latest: dict[int, BenchmarkAssessment] = {}
    for assessment in BenchmarkAssessment.objects.filter(school__in=schools).order_by(
        "school_id", "-assessed_on"
    ):
        latest.setdefault(assessment.school_id, assessment)
    advisers = list(
        EnterpriseAdviser.objects.select_related("user", "employer")
        .prefetch_related("sectors", "preferred_districts")
        .annotate(active_matches=Count("matches", filter=Q(matches__ended_on__isnull=True)))
        .order_by("pk")
    )
    locations = _centroids({s.postcode for s in schools} | {a.travel_postcode for a in advisers})
    pins = {
        pin.school_id: pin.adviser_id
        for pin in MatchPin.objects.filter(school__in=schools).select_related("adviser")
    }

    left_out: Counter[str] = Counter()
    eligible: dict[int, AdviserFacts] = {}
    failing: dict[int, str] = {}
    for adviser in advisers:
        reason = _hard_rule_broken(adviser, starts_on)
        if reason is not None:
            left_out[reason] += 1
            failing[adviser.pk] = reason
            continue
        eligible[adviser.pk] = AdviserFacts(
            id=adviser.pk,
            name=str(adviser.user),
            district_id=adviser.employer.district_id,
            location=locations.get(postcode_outward(adviser.travel_postcode)),
            max_travel_km=float(adviser.max_travel_km),
            preferred_district_ids=frozenset(d.pk for d in adviser.preferred_districts.all()),
            sector_ids=frozenset(s.pk for s in adviser.sectors.all()),
            expertise=frozenset(adviser.expertise_tags or []),
            free_places=adviser.capacity - adviser.active_matches,
        )

    kept_pins: dict[int, int] = {}
    broken_pins: dict[int, Reason] = {}
    for school_id, adviser_id in pins.items():
        facts = eligible.get(adviser_id)
        if facts is None or facts.free_places <= 0:
            broken_pins[school_id] = Reason(
                "pin_broken",
                {"rule": failing.get(adviser_id, "no_free_place"), "day": starts_on.isoformat()},
            )
            continue
        kept_pins[school_id] = adviser_id
        eligible[adviser_id] = replace(facts, free_places=facts.free_places - 1)

    neighbours: dict[int, frozenset[int]] = {}
    for district_id, neighbour_id in District.neighbours.through.objects.values_list(
        "from_district_id", "to_district_id"
    ):
        neighbours[district_id] = neighbours.get(district_id, frozenset()) | {neighbour_id}
    school_ids = [s.pk for s in schools]
    context = MatchingContext(
        weights=weights.as_dict(),
        neighbours=neighbours,
        previous_pairs=frozenset(
            Match.objects.filter(school_id__in=school_ids).values_list("school_id", "adviser_id")
        ),
        exclusions=dict(
            ((school_id, adviser_id), reason)
            for school_id, adviser_id, reason in MatchExclusion.objects.filter(
                school_id__in=school_ids
            ).values_list("school_id", "adviser_id", "reason")
        ),
        sector_names=dict(Sector.objects.values_list("pk", "name")),
    )
    return MatchingPool(
        schools=[
            SchoolFacts(
                id=school.pk,
                name=school.name,
                district_id=school.district_id,
                district_name=school.district.name,
                location=locations.get(postcode_outward(school.postcode)),
                benchmarks=latest[school.pk].scores if school.pk in latest else {},
                wanted_sector_ids=frozenset(s.pk for s in school.adviser_wish_sectors.all()),
            )
            for school in schools
        ],
        advisers=[facts for facts in eligible.values() if facts.free_places > 0],
        context=context,
        pins=kept_pins,
        broken_pins=broken_pins,
        advisers_left_out=dict(left_out),
    )


def _hard_rule_broken(adviser: EnterpriseAdviser, starts_on: date) -> str | None:
    """The code of the first hard rule the adviser fails (``match_reasons`` words it)."""
    if adviser.status in {EnterpriseAdviser.Status.PAUSED, EnterpriseAdviser.Status.LEFT}:
        return "paused_or_left"
    if not adviser.induction_done:
        return "induction_not_done"
    if not adviser.dbs_valid_on(starts_on):
        return "no_dbs"
    if adviser.capacity - adviser.active_matches <= 0:  # type: ignore[attr-defined]
        return "at_capacity"
    return None


def matching_round_detail(*, round_id: int, viewer: User) -> MatchingRound:
    """One round with its proposals, for a viewer who may see the round's hub."""
    round_ = MatchingRound.objects.select_related("hub").get(pk=round_id)
    if not can_view(viewer, round_):
        raise MatchingRound.DoesNotExist
    return round_


def proposals_for(*, round_: MatchingRound) -> QuerySet[MatchProposal]:
    return round_.proposals.select_related(
        "school__district", "adviser__user", "adviser__employer", "decided_by"
    ).order_by("school__name")
