"""The one answer to "may this user see / change this object?".

HTML views, the API and the services all ask here. Each domain app registers, for its models,
rules (may this user do this to one object?) and scopes (a ``Q`` for the rows the user may see),
in its own ``permissions.py``. A model may have several of each, registered by different apps
(``engagement`` lets an adviser see the school they are matched with, which ``schools`` cannot
know): any rule that allows, allows; the scopes are OR-ed. This module holds what is common:

- nobody signed out may see or change anything staff-facing;
- an administrator may see and change everything;
- a strategy lead may see everything and change nothing (except what a rule grants, e.g. targets);
- everything else is refused unless a registered rule allows it (deny by default).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet

from accounts.models import Organisation, Role, User


class Action(StrEnum):
    VIEW = "view"
    CHANGE = "change"


Rule = Callable[[User, Any, Action], bool]
Scope = Callable[[User], Q]
M = TypeVar("M", bound=Model)

# A scope that lets the user see every row (an empty Q() would be dropped when OR-ed).
EVERY_ROW = Q(pk__isnull=False)

_rules: dict[type[Model], list[Rule]] = {}
_scopes: dict[type[Model], list[Scope]] = {}


def register_rule(model: type[Model]) -> Callable[[Rule], Rule]:
    def decorator(rule: Rule) -> Rule:
        _rules.setdefault(model, []).append(rule)
        return rule

    return decorator


def register_scope(model: type[Model]) -> Callable[[Scope], Scope]:
    def decorator(scope: Scope) -> Scope:
        _scopes.setdefault(model, []).append(scope)
        return scope

    return decorator


def _lookup(registry: dict[type[Model], list[Any]], model: type[Model]) -> list[Any]:
    for klass in model.__mro__:
        if klass in registry:
            return registry[klass]
    return []


def _is_signed_in(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def is_admin(user: Any) -> bool:
    return _is_signed_in(user) and (user.is_superuser or user.has_role(Role.ADMIN))


def is_lead(user: Any) -> bool:
    return _is_signed_in(user) and user.has_role(Role.LEAD)


def can(user: Any, action: Action | str, obj: Model) -> bool:
    """May ``user`` do ``action`` ("view" or "change") to ``obj``?"""
    action = Action(action)
    if not _is_signed_in(user):
        return False
    if is_admin(user):
        return True
    if any(rule(user, obj, action) for rule in _lookup(_rules, type(obj))):
        return True
    return action is Action.VIEW and is_lead(user)


def can_view(user: Any, obj: Model) -> bool:
    return can(user, Action.VIEW, obj)


def can_change(user: Any, obj: Model) -> bool:
    return can(user, Action.CHANGE, obj)


def visible(user: Any, queryset: QuerySet[M]) -> QuerySet[M]:
    """``queryset`` narrowed to the rows ``user`` may see."""
    if not _is_signed_in(user):
        return queryset.none()
    if is_admin(user) or is_lead(user):
        return queryset
    scopes = _lookup(_scopes, queryset.model)
    if not scopes:
        return queryset.none()
    allowed = Q(pk__in=[])
    for scope in scopes:
        allowed |= scope(user)
    return queryset.filter(allowed)


@register_rule(Organisation)
def _organisation_rule(user: User, organisation: Organisation, action: Action) -> bool:
    # Members see their own organisation; changing its details is for coordinators/admins.
    if action is Action.VIEW:
        return organisation.pk in user.organisation_ids()
    return False


@register_scope(Organisation)
def _organisation_scope(user: User) -> Q:
    return Q(pk__in=user.organisation_ids())
