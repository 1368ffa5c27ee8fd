"""The service navigation each role sees (GOV.UK service navigation pattern)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import Role


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str


HOME = NavItem(_("Home"), "home")
API_DOCS = NavItem(_("API"), "api-docs")
ADMIN = NavItem(_("Admin"), "admin:index")
SECURITY = NavItem(_("Sign-in and security"), "account_security")

# Later issues add each role's pages here, in the order the role uses them.
ROLE_NAVIGATION: dict[str, list[NavItem]] = {
    Role.COORDINATOR: [HOME, API_DOCS, SECURITY],
    Role.JOBCENTRE_ORGANISER: [HOME, API_DOCS, SECURITY],
    Role.EMPLOYER_CONTACT: [HOME, SECURITY],
    Role.ENTERPRISE_ADVISER: [HOME, SECURITY],
    Role.CAREERS_LEADER: [HOME, SECURITY],
    Role.LEAD: [HOME, API_DOCS, SECURITY],
    Role.ADMIN: [HOME, API_DOCS, ADMIN, SECURITY],
}


def navigation_for(user: object) -> list[NavItem]:
    role = getattr(user, "primary_role", None)
    if role is None:
        return [HOME, SECURITY] if getattr(user, "is_authenticated", False) else []
    return ROLE_NAVIGATION[role]
