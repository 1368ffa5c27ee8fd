"""Writes for schools: the register, benchmark self-assessments and pupils on roll."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Organisation, OrganisationKind, Role, User
from accounts.permissions import can_change, is_admin
from core.exceptions import DomainError, NotAllowed
from schools.models import BenchmarkAssessment, Hub, School, YearGroupRoll

YEAR_GROUPS = range(7, 14)
BENCHMARKS = range(1, 9)
# What a coordinator or Careers Leader may change; URN and hub are the coordinator's to keep.
SCHOOL_FIELDS = frozenset(
    {
        "urn",
        "name",
        "district",
        "phase",
        "postcode",
        "hub",
        "adviser_wishes",
        "adviser_wish_tags",
    }
)


def hubs_coordinated_by(user: User) -> list[Hub]:
    """The hubs whose schools ``user`` may add or import (an administrator's: every hub)."""
    hubs = Hub.objects.order_by("name")
    if is_admin(user):
        return list(hubs)
    return list(hubs.filter(organisation_id__in=user.organisation_ids(Role.COORDINATOR)))


def organisation_name_for(*, kind: str, name: str, key: str, exclude_pk: int | None = None) -> str:
    """``name``, or ``name (key)`` when another organisation of ``kind`` already has that name.

    Two schools (or two employers) may share a name; their organisations must not.
    """
    taken = Organisation.objects.filter(kind=kind, name=name)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    return f"{name} ({key})" if key and taken.exists() else name


def _check_may_change(by: User | None, school: School) -> None:
    # ``by`` is None when an operator runs a management command on the server.
    if by is not None and not can_change(by, school):
        raise NotAllowed(_("You cannot change this school."))


def _check_hub(by: User | None, hub: Hub | None) -> None:
    if by is not None and hub is not None and hub not in hubs_coordinated_by(by):
        raise NotAllowed(_("You can only add schools to a Careers Hub you coordinate."))


@transaction.atomic
def school_create(
    *,
    by: User | None,
    urn: str,
    name: str,
    district: Any,
    phase: str,
    hub: Hub | None,
    postcode: str = "",
    adviser_wishes: str = "",
    adviser_wish_tags: list[str] | None = None,
    adviser_wish_sectors: Any = None,
) -> School:
    """Add a school to ``hub``, with the Organisation its Careers Leaders belong to."""
    _check_hub(by, hub)
    if School.objects.filter(urn=urn).exists():
        raise DomainError(
            _("A school with URN %(urn)s is already on the register.") % {"urn": urn},
            code="duplicate_urn",
        )
    organisation = Organisation.objects.create(
        kind=OrganisationKind.SCHOOL,
        name=organisation_name_for(kind=OrganisationKind.SCHOOL, name=name, key=urn),
    )
    school = School(
        organisation=organisation,
        urn=urn,
        name=name,
        district=district,
        phase=phase,
        postcode=postcode,
        hub=hub,
        adviser_wishes=adviser_wishes,
        adviser_wish_tags=adviser_wish_tags or [],
    )
    school.full_clean(exclude=["organisation"])
    school.save()
    if adviser_wish_sectors is not None:
        school.adviser_wish_sectors.set(adviser_wish_sectors)
    return school


@transaction.atomic
def school_update(
    *, school: School, by: User | None, adviser_wish_sectors: Any = None, **fields: Any
) -> bool:
    """Change ``school``'s details; returns whether anything changed.

    Moving a school to another hub is only for a coordinator of that hub.
    """
    _check_may_change(by, school)
    unknown = set(fields) - SCHOOL_FIELDS
    if unknown:
        raise TypeError(f"school_update() got unexpected fields {sorted(unknown)}")
    if "hub" in fields and fields["hub"] != school.hub:
        _check_hub(by, fields["hub"])
    changed = [name for name, value in fields.items() if getattr(school, name) != value]
    if by is not None and {"urn", "hub"} & set(changed) and school.hub is not None:
        # A Careers Leader keeps the school's details; its URN and hub are the hub's to keep.
        _check_hub(by, school.hub)
    for name in changed:
        setattr(school, name, fields[name])
    if changed:
        school.full_clean(exclude=["organisation"])
        school.save(update_fields=changed)
        if "name" in changed:
            organisation = school.organisation
            organisation.name = organisation_name_for(
                kind=OrganisationKind.SCHOOL,
                name=school.name,
                key=school.urn,
                exclude_pk=organisation.pk,
            )
            organisation.save(update_fields=["name"])
    if adviser_wish_sectors is not None:
        before = set(school.adviser_wish_sectors.values_list("pk", flat=True))
        after = {sector.pk for sector in adviser_wish_sectors}
        if before != after:
            school.adviser_wish_sectors.set(adviser_wish_sectors)
            changed.append("adviser_wish_sectors")
    return bool(changed)


@transaction.atomic
def benchmark_assessment_record(
    *,
    school: School,
    by: User | None,
    assessed_on: date,
    scores: dict[int, int],
    source: str = BenchmarkAssessment.Source.ENTERED,
) -> BenchmarkAssessment:
    """Record the school's self-assessment against all 8 Gatsby benchmarks, as percentages.

    All eight or none: each must be a whole percentage from 0 to 100. Entering one again for
    the same date corrects that assessment rather than adding a second.
    """
    _check_may_change(by, school)
    if set(scores) != set(BENCHMARKS):
        raise DomainError(_("Enter a percentage for all 8 benchmarks."), code="incomplete")
    for number, score in scores.items():
        if not 0 <= score <= 100:
            raise DomainError(
                _("Benchmark %(n)d must be a percentage from 0 to 100.") % {"n": number},
                code="out_of_range",
            )
    assessment, _created = BenchmarkAssessment.objects.update_or_create(
        school=school,
        assessed_on=assessed_on,
        defaults={"source": source, **{f"benchmark_{n}": scores[n] for n in BENCHMARKS}},
    )
    return assessment


@transaction.atomic
def year_group_rolls_set(*, school: School, by: User | None, pupils: dict[int, int | None]) -> None:
    """Set pupils on roll per year group (7–13); None removes that year group (none taught)."""
    _check_may_change(by, school)
    for year, count in pupils.items():
        if year not in YEAR_GROUPS:
            raise DomainError(_("Year groups run from 7 to 13."), code="invalid_year_group")
        if count is None:
            YearGroupRoll.objects.filter(school=school, year_group=year).delete()
        elif count < 0:
            raise DomainError(_("Pupils on roll cannot be negative."), code="negative")
        else:
            YearGroupRoll.objects.update_or_create(
                school=school, year_group=year, defaults={"pupils": count}
            )
