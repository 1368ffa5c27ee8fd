"""Who may see and change venues (events, registrations and tickets follow)."""

from __future__ import annotations

from django.db.models import Q

from accounts.models import Role, User
from accounts.permissions import EVERY_ROW, Action, register_rule, register_scope
from events.models import Venue


@register_rule(Venue)
def _venue_rule(user: User, venue: Venue, action: Action) -> bool:
    if action is Action.VIEW:
        return True
    if user.has_role(Role.COORDINATOR):
        return True
    return venue.organisation_id in user.organisation_ids(Role.JOBCENTRE_ORGANISER)


@register_scope(Venue)
def _venue_scope(user: User) -> Q:
    return EVERY_ROW
