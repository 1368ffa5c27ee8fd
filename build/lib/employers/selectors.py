"""Reads for the employer and Enterprise Adviser registers, narrowed to what the viewer may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.models import District, Role, Sector, User
from accounts.permissions import can_view, visible
from employers.models import DBS_VALID_YEARS, SME_SIZE_BANDS, Employer, EnterpriseAdviser

# Filter values for the DBS column beyond the stored statuses.
DBS_VALID_TODAY = "valid"
DBS_NOT_VALID_TODAY = "not_valid"


@dataclass(frozen=True)
class EmployerFilters:
    sector: Sector | None = None
    size_band: str = ""
    sme: bool | None = None
    district: District | None = None
    cornerstone: bool | None = None
    search: str = ""


def employer_list(*, viewer: User, filters: EmployerFilters | None = None) -> QuerySet[Employer]:
    """The employers ``viewer`` may see, filtered, with sectors and a count of advisers."""
    filters = filters or EmployerFilters()
    employers = visible(viewer, Employer.objects.all())
    if filters.sector is not None:
        employers = employers.filter(sectors=filters.sector)
    if filters.size_band:
        employers = employers.filter(size_band=filters.size_band)
    if filters.sme is not None:
        sme = Q(size_band__in=SME_SIZE_BANDS)
        employers = employers.filter(sme if filters.sme else ~sme)
    if filters.district is not None:
        employers = employers.filter(district=filters.district)
    if filters.cornerstone is not None:
        employers = employers.filter(is_cornerstone=filters.cornerstone)
    if filters.search:
        employers = employers.filter(
            Q(name__icontains=filters.search)
            | Q(companies_house_number__iexact=filters.search.replace(" ", ""))
        )
    return (
        employers.select_related("district")
        .prefetch_related("sectors")
        .annotate(adviser_count=Count("advisers", distinct=True))
        .order_by("name", "pk")
    )


def employer_get(*, viewer: User, pk: int) -> Employer | None:
    """One employer with what its page shows, or None when ``viewer`` may not see it."""
    employer = (
        Employer.objects.select_related("district", "organisation")
        .prefetch_related("sectors")
        .filter(pk=pk)
        .first()
    )
    if employer is None or not can_view(viewer, employer):
        return None
    return employer


def employer_contacts(*, employer: Employer) -> QuerySet[User]:
    """The people who act for ``employer``: its employer-contact members."""
    return User.objects.filter(
        memberships__organisation_id=employer.organisation_id,
        memberships__role=Role.EMPLOYER_CONTACT,
        is_active=True,
    ).order_by("full_name", "email")


def employer_advisers(*, viewer: User, employer: Employer) -> QuerySet[EnterpriseAdviser]:
    return visible(viewer, EnterpriseAdviser.objects.filter(employer=employer)).select_related(
        "user"
    )


def dbs_earliest_valid_check(today: date) -> date:
    """The oldest DBS check date still valid on ``today`` (see EnterpriseAdviser.dbs_valid_on)."""
    try:
        return today.replace(year=today.year - DBS_VALID_YEARS)
    except ValueError:  # 29 February: a check on 28 February expired the day before
        return date(today.year - DBS_VALID_YEARS, 3, 1)


@dataclass(frozen=True)
class AdviserFilters:
    status: str = ""
    dbs: str = ""
    induction_done: bool | None = None
    district: District | None = None
    employer: Employer | None = None
    search: str = ""
    today: date | None = None


def adviser_list(
    *, viewer: User, filters: AdviserFilters | None = None
) -> QuerySet[EnterpriseAdviser]:
    """The advisers ``viewer`` may see, filtered, with employer, sectors and districts."""
    filters = filters or AdviserFilters()
    advisers = visible(viewer, EnterpriseAdviser.objects.all())
    if filters.status:
        advisers = advisers.filter(status=filters.status)
    if filters.dbs in {DBS_VALID_TODAY, DBS_NOT_VALID_TODAY}:
        today = filters.today or timezone.localdate()
        valid = Q(
            dbs_status=EnterpriseAdviser.DbsStatus.CLEAR,
            dbs_checked_on__gte=dbs_earliest_valid_check(today),
            dbs_checked_on__lte=today,
        )
        advisers = advisers.filter(valid if filters.dbs == DBS_VALID_TODAY else ~valid)
    elif filters.dbs:
        advisers = advisers.filter(dbs_status=filters.dbs)
    if filters.induction_done is not None:
        advisers = advisers.filter(induction_done=filters.induction_done)
    if filters.district is not None:
        # Where they would like to work, or failing that where their employer is.
        advisers = advisers.filter(
            Q(preferred_districts=filters.district) | Q(employer__district=filters.district)
        ).distinct()
    if filters.employer is not None:
        advisers = advisers.filter(employer=filters.employer)
    if filters.search:
        advisers = advisers.filter(
            Q(user__full_name__icontains=filters.search)
            | Q(user__email__icontains=filters.search)
            | Q(employer__name__icontains=filters.search)
        )
    return (
        advisers.select_related("user", "employer")
        .prefetch_related("preferred_districts", "sectors")
        .order_by("user__full_name", "user__email")
    )


def adviser_get(*, viewer: User, pk: int) -> EnterpriseAdviser | None:
    """One adviser with what their page shows, or None when ``viewer`` may not see them."""
    adviser = (
        EnterpriseAdviser.objects.select_related("user", "employer", "employer__organisation")
        .prefetch_related("preferred_districts", "sectors")
        .filter(pk=pk)
        .first()
    )
    if adviser is None or not can_view(viewer, adviser):
        return None
    return adviser
