"""Which encounters a user may see: the one scope every dashboard, export and the API use.

A coordinator sees their hub's schools' encounters (and those of the hub's own fairs), a Careers
Leader their school's, an employer contact its employer's, an Enterprise Adviser those their
employer had with the school they are matched with, a Jobcentre organiser its Jobcentre's fairs'.
Strategy leads and administrators see everything; anybody signed out sees nothing.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from accounts.models import Role
from accounts.permissions import is_admin, is_lead
from engagement.models import Encounter, Match


def encounter_scope(user: Any) -> Q | None:
    """The ``Q`` of encounters ``user`` may see; ``None`` means every encounter."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(pk__in=[])
    if is_admin(user) or is_lead(user):
        return None
    hubs = user.organisation_ids(Role.COORDINATOR)
    schools = user.organisation_ids(Role.CAREERS_LEADER)
    employers = user.organisation_ids(Role.EMPLOYER_CONTACT)
    jobcentres = user.organisation_ids(Role.JOBCENTRE_ORGANISER)
    scope = Q(pk__in=[])
    if hubs:
        scope |= Q(school__hub__organisation_id__in=hubs) | Q(hub__organisation_id__in=hubs)
        scope |= Q(event__organiser_id__in=hubs)
    if schools:
        scope |= Q(school__organisation_id__in=schools)
    if employers:
        scope |= Q(employer__organisation_id__in=employers)
    if jobcentres:
        scope |= Q(jobcentre_id__in=jobcentres) | Q(event__organiser_id__in=jobcentres)
    if user.has_role(Role.ENTERPRISE_ADVISER):
        matched = Match.objects.filter(adviser__user=user, ended_on__isnull=True)
        scope |= Q(
            school_id__in=matched.values("school_id"),
            employer_id__in=matched.values("adviser__employer_id"),
        )
    return scope


def encounters_visible_to(
    user: Any, queryset: QuerySet[Encounter] | None = None
) -> QuerySet[Encounter]:
    """``queryset`` (every encounter by default) narrowed to what ``user`` may see."""
    base = Encounter.objects.all() if queryset is None else queryset
    scope = encounter_scope(user)
    return base if scope is None else base.filter(scope)
