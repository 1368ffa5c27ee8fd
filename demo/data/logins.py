"""Demo data: the demo logins, published for the demo and set only under DEBUG."""

from __future__ import annotations

from demo.data.areas import HUB_NORTH_EAST, LEP
from demo.data.venues import JOBCENTRE_STEVENAGE

# --- The demo logins ---------------------------------------------------------------------
DEMO_PASSWORD = "demo-password"  # noqa: S105  (a published demo password, only set under DEBUG)

# (e-mail, full name, role, organisation (kind, name), what the user sees first)
# The employer and the school the demo's employer contact and Careers Leader belong to.
EMPLOYER_OF_THE_DEMO_CONTACT = "Fairlands Aerostructures Ltd"
SCHOOL_OF_THE_DEMO_CAREERS_LEADER = "Fairlands Valley Academy"

DEMO_USERS: list[tuple[str, str, str, tuple[str, str], str]] = [
    (
        "coordinator@example.org",
        "Claire Donovan",
        "coordinator",
        ("hub", HUB_NORTH_EAST),
        "Your Careers Hub: schools, employers, advisers and matching",
    ),
    (
        "employer@example.org",
        "Marcus Bell",
        "employer_contact",
        ("employer", EMPLOYER_OF_THE_DEMO_CONTACT),
        "Your organisation: stands at fairs and applications",
    ),
    (
        "adviser@example.org",
        "Priya Shah",
        "enterprise_adviser",
        ("employer", "Watford Cloud Services Ltd"),
        "Your Enterprise Adviser role: your school and encounters",
    ),
    (
        "careersleader@example.org",
        "Sarah Okafor",
        "careers_leader",
        ("school", SCHOOL_OF_THE_DEMO_CAREERS_LEADER),
        "Your school: bookings, encounters and Benchmark 5 coverage",
    ),
    (
        "jobcentre@example.org",
        "Daniel Hughes",
        "jobcentre_organiser",
        ("jobcentre", JOBCENTRE_STEVENAGE),
        "Your Jobcentre's fairs: jobs fairs, 50+ fairs, the forum",
    ),
    (
        "lead@example.org",
        "Helen Marsh",
        "lead",
        ("partner", LEP),
        "County engagement measures against the strategy's targets",
    ),
    (
        "admin@example.org",
        "Tom Whitfield",
        "admin",
        ("partner", LEP),
        "Administration (and the Django admin at /admin/)",
    ),
]

# Demo users who may use the Django admin site.
DEMO_SUPERUSERS: frozenset[str] = frozenset({"admin@example.org"})
