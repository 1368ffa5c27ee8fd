"""Reads for the schools register, already narrowed to what the viewer may see."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet, Sum

from accounts.models import District, Role, User
from accounts.permissions import can_view, visible
from schools.models import BenchmarkAssessment, GatsbyBenchmark, Hub, School, YearGroupRoll

YEAR_GROUPS = range(7, 14)


@dataclass(frozen=True)
class SchoolFilters:
    hub: Hub | None = None
    district: District | None = None
    phase: str = ""
    search: str = ""


def school_list(*, viewer: User, filters: SchoolFilters | None = None) -> QuerySet[School]:
    """The schools ``viewer`` may see, filtered, with hub, district and pupils on roll."""
    filters = filters or SchoolFilters()
    schools = visible(viewer, School.objects.all())
    if filters.hub is not None:
        schools = schools.filter(hub=filters.hub)
    if filters.district is not None:
        schools = schools.filter(district=filters.district)
    if filters.phase:
        schools = schools.filter(phase=filters.phase)
    if filters.search:
        schools = schools.filter(Q(name__icontains=filters.search) | Q(urn=filters.search))
    return (
        schools.select_related("hub", "district")
        .annotate(pupils_on_roll=Sum("year_groups__pupils"))
        .order_by("name", "urn")
    )


def hub_choices(*, viewer: User) -> QuerySet[Hub]:
    return visible(viewer, Hub.objects.all()).order_by("name")


def school_get(*, viewer: User, pk: int) -> School | None:
    """One school with what its page shows, or None when ``viewer`` may not see it."""
    school = (
        School.objects.select_related("hub", "district", "organisation")
        .prefetch_related("adviser_wish_sectors")
        .filter(pk=pk)
        .first()
    )
    if school is None or not can_view(viewer, school):
        return None
    return school


def school_careers_leaders(*, school: School) -> QuerySet[User]:
    """The users who are Careers Leaders of ``school``."""
    return User.objects.filter(
        memberships__organisation_id=school.organisation_id,
        memberships__role=Role.CAREERS_LEADER,
        is_active=True,
    ).order_by("full_name", "email")


def school_latest_assessment(*, school: School) -> BenchmarkAssessment | None:
    return school.benchmark_assessments.order_by("-assessed_on").first()


@dataclass(frozen=True)
class BenchmarkScore:
    number: int
    label: str
    percentage: int


def assessment_scores(assessment: BenchmarkAssessment) -> list[BenchmarkScore]:
    """The 8 benchmarks, each with its name and the assessment's percentage."""
    return [
        BenchmarkScore(number, str(GatsbyBenchmark(number).label), percentage)
        for number, percentage in assessment.scores.items()
    ]


@dataclass(frozen=True)
class YearGroupRow:
    year_group: int
    pupils: int | None


@dataclass
class SchoolRolls:
    rows: list[YearGroupRow] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(row.pupils or 0 for row in self.rows)


def school_rolls(*, school: School) -> SchoolRolls:
    """Pupils on roll for every year group 7–13 (None where the school has not said)."""
    pupils = dict(YearGroupRoll.objects.filter(school=school).values_list("year_group", "pupils"))
    return SchoolRolls([YearGroupRow(year, pupils.get(year)) for year in YEAR_GROUPS])
