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
from engagement.people import attendance_of
from events.models import StandApplication, StandPresence, Ticket


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


def attendance_visible_to(
    user: Any, queryset: QuerySet[Encounter] | None = None
) -> QuerySet[Ticket]:
    """The tickets whose admission ``user`` may count (fair attendance), by the same rule as
    the encounters: a hub's schools' pupils and its own fairs, a school's pupils, the fairs an
    employer was present at, a Jobcentre's fairs; everything for leads and administrators.

    ``queryset``: a drill-down (encounters narrowed to a school, hub, district or employer, on
    every encounter, not narrowed by ``user``'s scope): then only those of the tickets that also
    match its filters restated for tickets, in the same statement; none at all when they cannot
    be restated (an audience, or a scope's joins), so the figure is left blank, never widened."""
    tickets = _tickets_visible_to(user)
    if queryset is None:
        return tickets
    restated = attendance_of(queryset)
    if restated is None:
        return tickets.none()
    return tickets.filter(pk__in=restated.values("pk"))


def _tickets_visible_to(user: Any) -> QuerySet[Ticket]:
    tickets = Ticket.objects.all()
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return tickets.none()
    if is_admin(user) or is_lead(user):
        return tickets
    hubs = user.organisation_ids(Role.COORDINATOR)
    schools = user.organisation_ids(Role.CAREERS_LEADER)
    employers = user.organisation_ids(Role.EMPLOYER_CONTACT)
    jobcentres = user.organisation_ids(Role.JOBCENTRE_ORGANISER)
    scope = Q(pk__in=[])
    if hubs:
        scope |= Q(registration__school__hub__organisation_id__in=hubs)
        scope |= Q(event__organiser_id__in=hubs)
    if schools:
        scope |= Q(registration__school__organisation_id__in=schools)
    if employers:
        present = StandApplication.objects.filter(
            employer__organisation_id__in=employers, presence=StandPresence.PRESENT
        )
        scope |= Q(event_id__in=present.values("event_id"))
    if jobcentres:
        scope |= Q(event__organiser_id__in=jobcentres)
    return tickets.filter(scope)
