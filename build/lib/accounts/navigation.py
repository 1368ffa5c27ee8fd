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
MATCHING = NavItem(_("Matching"), "matching")
MATCHES = NavItem(_("Adviser matches"), "matches")
SCHOOLS = NavItem(_("Schools"), "schools:list")
YOUR_SCHOOL = NavItem(_("Your school"), "schools:list")
EMPLOYERS = NavItem(_("Employers"), "employers:list")
YOUR_ORGANISATION = NavItem(_("Your organisation"), "employers:list")
ADVISERS = NavItem(_("Enterprise Advisers"), "employers:adviser_list")
YOUR_ADVISER_PROFILE = NavItem(_("Your adviser profile"), "employers:adviser_list")
EVENTS = NavItem(_("Events"), "events:manage_list")
PROGRAMME = NavItem(_("Programme"), "events:programme_current")
FAIRS = NavItem(_("Fairs"), "events:fairs")
DASHBOARD = NavItem(_("Dashboard"), "dashboard:mine")
MEASURES = NavItem(_("Measures"), "dashboard:measures")
AUDIT = NavItem(_("Audit log"), "audit:list")
PERSONAL_DATA = NavItem(_("Personal data requests"), "privacy:search")

# Later issues add each role's pages here, in the order the role uses them.
ROLE_NAVIGATION: dict[str, list[NavItem]] = {
    Role.COORDINATOR: [
        HOME,
        DASHBOARD,
        EVENTS,
        PROGRAMME,
        SCHOOLS,
        EMPLOYERS,
        ADVISERS,
        MATCHING,
        API_DOCS,
        SECURITY,
    ],
    Role.JOBCENTRE_ORGANISER: [HOME, DASHBOARD, EVENTS, PROGRAMME, API_DOCS, SECURITY],
    Role.EMPLOYER_CONTACT: [HOME, DASHBOARD, FAIRS, YOUR_ORGANISATION, ADVISERS, MATCHES, SECURITY],
    Role.ENTERPRISE_ADVISER: [HOME, DASHBOARD, YOUR_ADVISER_PROFILE, MATCHES, SECURITY],
    Role.CAREERS_LEADER: [HOME, DASHBOARD, FAIRS, YOUR_SCHOOL, MATCHES, SECURITY],
    Role.LEAD: [
        HOME,
        DASHBOARD,
        MEASURES,
        EVENTS,
        SCHOOLS,
        EMPLOYERS,
        ADVISERS,
        MATCHING,
        PERSONAL_DATA,
        API_DOCS,
        SECURITY,
    ],
    Role.ADMIN: [
        HOME,
        DASHBOARD,
        MEASURES,
        EVENTS,
        PROGRAMME,
        SCHOOLS,
        EMPLOYERS,
        ADVISERS,
        MATCHING,
        PERSONAL_DATA,
        API_DOCS,
        AUDIT,
        ADMIN,
        SECURITY,
    ],
}


def navigation_for(user: object) -> list[NavItem]:
    role = getattr(user, "primary_role", None)
    if role is None:
        return [HOME, SECURITY] if getattr(user, "is_authenticated", False) else []
    return ROLE_NAVIGATION[role]
