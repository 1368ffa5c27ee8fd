"""Who may see and change employers and Enterprise Advisers."""

from __future__ import annotations

from django.db.models import Q

from accounts.models import Role, User
from accounts.permissions import EVERY_ROW, Action, is_admin, register_rule, register_scope
from employers.models import Employer, EnterpriseAdviser


@register_rule(Employer)
def _employer_rule(user: User, employer: Employer, action: Action) -> bool:
    # Coordinators keep the employer register; Jobcentre organisers read it to approve stands.
    if user.has_role(Role.COORDINATOR):
        return True
    if employer.organisation_id in user.organisation_ids(Role.EMPLOYER_CONTACT):
        return True
    if action is Action.VIEW:
        return user.has_role(Role.JOBCENTRE_ORGANISER) or (
            employer.organisation_id in user.organisation_ids(Role.ENTERPRISE_ADVISER)
        )
    return False


@register_scope(Employer)
def _employer_scope(user: User) -> Q:
    if user.has_role(Role.COORDINATOR, Role.JOBCENTRE_ORGANISER):
        return EVERY_ROW
    return Q(organisation_id__in=user.organisation_ids())


@register_rule(EnterpriseAdviser)
def _adviser_rule(user: User, adviser: EnterpriseAdviser, action: Action) -> bool:
    if user.has_role(Role.COORDINATOR):
        return True
    if adviser.user_id == user.pk:
        return True
    return action is Action.VIEW and (
        adviser.employer.organisation_id in user.organisation_ids(Role.EMPLOYER_CONTACT)
    )


@register_scope(EnterpriseAdviser)
def _adviser_scope(user: User) -> Q:
    if user.has_role(Role.COORDINATOR):
        return EVERY_ROW
    return Q(user=user) | Q(
        employer__organisation_id__in=user.organisation_ids(Role.EMPLOYER_CONTACT)
    )


def can_see_adviser_checks(user: User, adviser: EnterpriseAdviser | None = None) -> bool:
    """An adviser's DBS check and the postcode they travel from: the hub's to see, and the
    adviser's own; never their employer's contacts. Without ``adviser``: for every adviser."""
    if is_admin(user) or user.has_role(Role.COORDINATOR):
        return True
    return adviser is not None and adviser.user_id == user.pk
