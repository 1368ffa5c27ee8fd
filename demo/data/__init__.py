"""The Hertfordshire demo data, as plain data by area: ``manage.py seed_demo`` loads it.

DEMO DATA. The ten districts, their neighbours, the postcode areas, the strategy's sectors and
the towns with a Jobcentre Plus office are Hertfordshire facts. Everything else is INVENTED for
the demo: every school, college, employer and adviser name, every URN (all in the 99xxxx range,
which real schools do not use), every Companies House number (all 99xxxxxx, far beyond the
numbers Companies House has issued), every street address and every inward postcode (the
outward part, e.g. ``SG1``, is the right one for the town). Any likeness to a real school,
business or person is a coincidence.

Extend it by appending rows: each row carries its natural key (district slug, sector slug, URN,
Companies House number, e-mail), and invented numbers (postcodes, pupils on roll, DBS dates) are
drawn from a random generator seeded from 2026 and that key, so a new row does not change the
rows before it.
"""

from demo.data.areas import (
    ALL_THROUGH,
    ALTERNATIVE_PROVISION,
    DISTRICT_NEIGHBOURS,
    DISTRICTS,
    EXPERTISE_TAGS,
    FE_COLLEGE,
    HUB_NORTH_EAST,
    HUB_SOUTH_WEST,
    HUBS,
    LEP,
    OTHER,
    PARTNERS,
    PRIORITY,
    RECRUITMENT_DIFFICULTY,
    SCHOOLS,
    SECONDARY,
    SECTORS,
    SEED,
    SIXTH_FORM,
    SPECIAL,
    WISH_SENTENCES,
)
from demo.data.employers import (
    ADVISERS,
    CORNERSTONE_EMPLOYERS,
    EMPLOYERS,
    LARGE,
    MEDIUM,
    MICRO,
    SMALL,
)
from demo.data.logins import (
    DEMO_PASSWORD,
    DEMO_SUPERUSERS,
    DEMO_USERS,
    EMPLOYER_OF_THE_DEMO_CONTACT,
    SCHOOL_OF_THE_DEMO_CAREERS_LEADER,
)
from demo.data.venues import (
    JOBCENTRE_STEVENAGE,
    JOBCENTRES,
    OTHER_VENUES,
    jobcentre_name,
)

__all__ = [
    "EMPLOYER_OF_THE_DEMO_CONTACT",
    "SCHOOL_OF_THE_DEMO_CAREERS_LEADER",
    "SEED",
    "DISTRICTS",
    "DISTRICT_NEIGHBOURS",
    "PRIORITY",
    "RECRUITMENT_DIFFICULTY",
    "OTHER",
    "SECTORS",
    "HUB_NORTH_EAST",
    "HUB_SOUTH_WEST",
    "HUBS",
    "LEP",
    "PARTNERS",
    "SECONDARY",
    "ALL_THROUGH",
    "SPECIAL",
    "ALTERNATIVE_PROVISION",
    "FE_COLLEGE",
    "SIXTH_FORM",
    "SCHOOLS",
    "EXPERTISE_TAGS",
    "WISH_SENTENCES",
    "MICRO",
    "SMALL",
    "MEDIUM",
    "LARGE",
    "EMPLOYERS",
    "CORNERSTONE_EMPLOYERS",
    "ADVISERS",
    "JOBCENTRES",
    "JOBCENTRE_STEVENAGE",
    "jobcentre_name",
    "OTHER_VENUES",
    "DEMO_PASSWORD",
    "DEMO_USERS",
    "DEMO_SUPERUSERS",
]
