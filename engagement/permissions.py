"""Who may see and change matching rounds, proposals and matches.

Coordinators run their own hub's rounds. A Careers Leader sees their school's matches, an adviser
their own, an employer contact its advisers'. Leads read everything (accounts.permissions).
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from accounts.http import AuthenticatedRequest
from accounts.models import Role, User
from accounts.permissions import Action, is_admin, is_lead, register_rule, register_scope
from engagement.models import Match, MatchingRound, MatchProposal
from schools.models import School


def lead_or_404(request: AuthenticatedRequest) -> None:
    """The strategy's pages are the leads' (and admins'); anyone else is told nothing is here."""
    if not (is_lead(request.user) or is_admin(request.user)):
        raise Http404


def _coordinates_hub(user: User, hub_organisation_id: int | None) -> bool:
    return hub_organisation_id in user.organisation_ids(Role.COORDINATOR)


@register_rule(MatchingRound)
def _round_rule(user: User, round_: MatchingRound, action: Action) -> bool:
    return _coordinates_hub(user, round_.hub.organisation_id)


@register_scope(MatchingRound)
def _round_scope(user: User) -> Q:
    return Q(hub__organisation_id__in=user.organisation_ids(Role.COORDINATOR))


@register_rule(MatchProposal)
def _proposal_rule(user: User, proposal: MatchProposal, action: Action) -> bool:
    return _coordinates_hub(user, proposal.round.hub.organisation_id)


@register_rule(Match)
def _match_rule(user: User, match: Match, action: Action) -> bool:
    hub_id = match.school.hub.organisation_id if match.school.hub is not None else None
    if _coordinates_hub(user, hub_id):
        return True
    if action is Action.CHANGE:
        return False
    return (
        match.school.organisation_id in user.organisation_ids(Role.CAREERS_LEADER)
        or match.adviser.user_id == user.pk
        or match.adviser.employer.organisation_id in user.organisation_ids(Role.EMPLOYER_CONTACT)
    )


@register_scope(Match)
def _match_scope(user: User) -> Q:
    return (
        Q(school__hub__organisation_id__in=user.organisation_ids(Role.COORDINATOR))
        | Q(school__organisation_id__in=user.organisation_ids(Role.CAREERS_LEADER))
        | Q(adviser__user=user)
        | Q(adviser__employer__organisation_id__in=user.organisation_ids(Role.EMPLOYER_CONTACT))
    )


# An adviser sees the schools they are matched with now; schools/permissions cannot know that.
@register_rule(School)
def _matched_adviser_sees_school(user: User, school: School, action: Action) -> bool:
    return (
        action is Action.VIEW
        and Match.objects.filter(school=school, adviser__user=user, ended_on__isnull=True).exists()
    )


@register_scope(School)
def _matched_adviser_school_scope(user: User) -> Q:
    return Q(
        pk__in=Match.objects.filter(adviser__user=user, ended_on__isnull=True).values("school_id")
    )
