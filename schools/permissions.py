"""Who may see and change hubs and schools (registered with accounts.permissions)."""

from __future__ import annotations

from django.db.models import Q

from accounts.models import Role, User
from accounts.permissions import Action, register_rule, register_scope
from schools.models import Hub, School


@register_rule(Hub)
def _hub_rule(user: User, hub: Hub, action: Action) -> bool:
    if hub.organisation_id in user.organisation_ids(Role.COORDINATOR):
        return True
    return action is Action.VIEW and hub.organisation_id in user.organisation_ids()


@register_scope(Hub)
def _hub_scope(user: User) -> Q:
    return Q(organisation_id__in=user.organisation_ids()) | Q(
        pk__in=School.objects.filter(
            organisation_id__in=user.organisation_ids(Role.CAREERS_LEADER)
        ).values("hub_id")
    )


@register_rule(School)
def _school_rule(user: User, school: School, action: Action) -> bool:
    hub_organisation_id = school.hub.organisation_id if school.hub is not None else None
    if hub_organisation_id in user.organisation_ids(Role.COORDINATOR):
        return True
    return school.organisation_id in user.organisation_ids(Role.CAREERS_LEADER)


@register_scope(School)
def _school_scope(user: User) -> Q:
    return Q(hub__organisation_id__in=user.organisation_ids(Role.COORDINATOR)) | Q(
        organisation_id__in=user.organisation_ids(Role.CAREERS_LEADER)
    )
