"""Writes for the employer register and its Enterprise Advisers."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Membership, Organisation, OrganisationKind, Role, User
from accounts.permissions import can_change, is_admin
from accounts.services import membership_add, membership_remove, user_create
from core.exceptions import DomainError, NotAllowed
from employers.models import Employer, EnterpriseAdviser

EMPLOYER_FIELDS = frozenset(
    {
        "name",
        "companies_house_number",
        "size_band",
        "district",
        "postcode",
        "is_cornerstone",
        "disability_confident",
    }
)
ADVISER_FIELDS = frozenset(
    {
        "employer",
        "occupation",
        "expertise_tags",
        "postcode",
        "max_travel_km",
        "capacity",
        "dbs_checked_on",
        "dbs_status",
        "induction_done",
        "status",
    }
)
# What only the hub records: an adviser may not mark their own DBS check or induction.
ADVISER_HUB_FIELDS = frozenset(
    {"employer", "dbs_checked_on", "dbs_status", "induction_done", "status"}
)


def keeps_register(user: User | None) -> bool:
    """Coordinators (and administrators) keep the employer and adviser registers."""
    return user is None or is_admin(user) or user.has_role(Role.COORDINATOR)


def _require_register_keeper(by: User | None, message: str) -> None:
    # ``by`` is None when an operator runs a management command on the server.
    if not keeps_register(by):
        raise NotAllowed(message)


def _organisation_name(*, name: str, key: str, exclude_pk: int | None = None) -> str:
    """``name``, or ``name (key)`` when another employer's organisation already has that name."""
    taken = Organisation.objects.filter(kind=OrganisationKind.EMPLOYER, name=name)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if not taken.exists():
        return name
    return f"{name} ({key})" if key else f"{name} ({_('another')})"


def _m2m_set(instance: Any, relation: str, values: Any) -> bool:
    """Set a many-to-many relation; returns whether it changed."""
    manager = getattr(instance, relation)
    before = set(manager.values_list("pk", flat=True))
    after = {value.pk for value in values}
    if before == after:
        return False
    manager.set(list(values))
    return True


@transaction.atomic
def employer_create(*, by: User | None, name: str, sectors: Any = None, **fields: Any) -> Employer:
    """Add an employer, with the Organisation its contacts and advisers belong to."""
    _require_register_keeper(by, _("Only a Careers Hub coordinator can add employers."))
    unknown = set(fields) - EMPLOYER_FIELDS
    if unknown:
        raise TypeError(f"employer_create() got unexpected fields {sorted(unknown)}")
    number = fields.get("companies_house_number", "")
    if number and Employer.objects.filter(companies_house_number=number).exists():
        raise DomainError(
            _("An employer with Companies House number %(number)s is already on the register.")
            % {"number": number},
            code="duplicate_companies_house_number",
        )
    organisation = Organisation.objects.create(
        kind=OrganisationKind.EMPLOYER, name=_organisation_name(name=name, key=number)
    )
    employer = Employer(organisation=organisation, name=name, **fields)
    employer.full_clean(exclude=["organisation"])
    employer.save()
    if sectors is not None:
        employer.sectors.set(list(sectors))
    return employer


@transaction.atomic
def employer_update(
    *, employer: Employer, by: User | None, sectors: Any = None, **fields: Any
) -> bool:
    """Change an employer's details; returns whether anything changed.

    Its contacts may keep its details, but only the hub names a Cornerstone Employer.
    """
    if by is not None and not can_change(by, employer):
        raise NotAllowed(_("You cannot change this employer."))
    unknown = set(fields) - EMPLOYER_FIELDS
    if unknown:
        raise TypeError(f"employer_update() got unexpected fields {sorted(unknown)}")
    changed = [name for name, value in fields.items() if getattr(employer, name) != value]
    if "is_cornerstone" in changed:
        _require_register_keeper(by, _("Only the Careers Hub names a Cornerstone Employer."))
    for name in changed:
        setattr(employer, name, fields[name])
    if changed:
        employer.full_clean(exclude=["organisation"])
        employer.save(update_fields=changed)
        if "name" in changed:
            organisation = employer.organisation
            organisation.name = _organisation_name(
                name=employer.name,
                key=employer.companies_house_number,
                exclude_pk=organisation.pk,
            )
            organisation.save(update_fields=["name"])
    if sectors is not None and _m2m_set(employer, "sectors", sectors):
        changed.append("sectors")
    return bool(changed)


def adviser_account_manageable(user: User, employer: Employer) -> bool:
    """Whether the hub may make ``user`` an adviser of ``employer`` (or keep their record).

    Only someone with no role elsewhere: no admin-site access, and no membership other than of
    ``employer``'s own organisation (its contact, or already its adviser).
    """
    if user.is_staff or user.is_superuser:
        return False
    return not user.memberships.exclude(
        organisation_id=employer.organisation_id,
        role__in=[Role.EMPLOYER_CONTACT, Role.ENTERPRISE_ADVISER],
    ).exists()


def _require_manageable_account(user: User, employer: Employer) -> None:
    if not adviser_account_manageable(user, employer):
        raise DomainError(
            _(
                "%(email)s already has an account with another role or organisation: the hub "
                "cannot make it an Enterprise Adviser. Ask the person to use another e-mail "
                "address, or ask an administrator."
            )
            % {"email": user.email},
            code="adviser_account_not_manageable",
        )


@transaction.atomic
def adviser_create(
    *,
    by: User | None,
    email: str,
    full_name: str,
    employer: Employer,
    sectors: Any = None,
    preferred_districts: Any = None,
    **fields: Any,
) -> EnterpriseAdviser:
    """Register an Enterprise Adviser from ``employer``.

    A new person gets an account with a verified e-mail address and no password (they sign in
    with an e-mailed code) and an Enterprise Adviser membership of the employer's organisation.
    """
    _require_register_keeper(by, _("Only a Careers Hub coordinator can add Enterprise Advisers."))
    unknown = set(fields) - ADVISER_FIELDS
    if unknown:
        raise TypeError(f"adviser_create() got unexpected fields {sorted(unknown)}")
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = user_create(email=email, full_name=full_name, email_verified=True)
    elif EnterpriseAdviser.objects.filter(user=user).exists():
        raise DomainError(
            _("%(email)s is already an Enterprise Adviser.") % {"email": email},
            code="duplicate_adviser",
        )
    else:
        # An existing account keeps its own name: only its holder changes it.
        _require_manageable_account(user, employer)
    adviser = EnterpriseAdviser(user=user, employer=employer, **fields)
    adviser.full_clean(exclude=["user"])
    adviser.save()
    if sectors is not None:
        adviser.sectors.set(list(sectors))
    if preferred_districts is not None:
        adviser.preferred_districts.set(list(preferred_districts))
    membership_add(user=user, organisation=employer.organisation, role=Role.ENTERPRISE_ADVISER)
    return adviser


@transaction.atomic
def adviser_update(
    *,
    adviser: EnterpriseAdviser,
    by: User | None,
    full_name: str | None = None,
    sectors: Any = None,
    preferred_districts: Any = None,
    **fields: Any,
) -> bool:
    """Change an adviser's record; returns whether anything changed.

    An adviser keeps their own profile; their employer, DBS check, induction and status are the
    hub's to record. A new employer moves their Enterprise Adviser membership with them.
    """
    if by is not None and not can_change(by, adviser):
        raise NotAllowed(_("You cannot change this Enterprise Adviser."))
    unknown = set(fields) - ADVISER_FIELDS
    if unknown:
        raise TypeError(f"adviser_update() got unexpected fields {sorted(unknown)}")
    changed = [name for name, value in fields.items() if getattr(adviser, name) != value]
    if ADVISER_HUB_FIELDS & set(changed):
        _require_register_keeper(
            by, _("Only the Careers Hub records an adviser's employer, DBS check and induction.")
        )
    previous_employer = adviser.employer
    for name in changed:
        setattr(adviser, name, fields[name])
    if changed:
        adviser.full_clean(exclude=["user"])
        adviser.save(update_fields=changed)
    if "employer" in changed:
        # Through the accounts services, so both role changes are in the audit log.
        for membership in Membership.objects.filter(
            user=adviser.user,
            organisation=previous_employer.organisation,
            role=Role.ENTERPRISE_ADVISER,
        ).select_related("user", "organisation"):
            membership_remove(membership=membership, by=by)
        membership_add(
            user=adviser.user,
            organisation=adviser.employer.organisation,
            role=Role.ENTERPRISE_ADVISER,
            by=by,
        )
    if full_name is not None and full_name != adviser.user.full_name:
        if by is not None and by.pk != adviser.user_id:
            _require_manageable_account(adviser.user, adviser.employer)
        adviser.user.full_name = full_name
        adviser.user.save(update_fields=["full_name"])
        changed.append("full_name")
    if sectors is not None and _m2m_set(adviser, "sectors", sectors):
        changed.append("sectors")
    if preferred_districts is not None and _m2m_set(
        adviser, "preferred_districts", preferred_districts
    ):
        changed.append("preferred_districts")
    return bool(changed)
