"""What a summary of the encounter ledger is made of: its groupings, its columns with their
headings and help, and its row. The rollups (``engagement.rollups``), the exports, the
dashboards and the API all read these."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from engagement.outcome_definitions import OUTCOME_COLUMNS

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


class GroupBy(StrEnum):
    SCHOOL = "school"
    HUB = "hub"
    DISTRICT = "district"
    EMPLOYER = "employer"
    SECTOR = "sector"
    YEAR_GROUP = "year_group"


# What each grouping groups on, and the label shown for it.
GROUP_FIELDS: dict[GroupBy, tuple[str, str]] = {
    GroupBy.SCHOOL: ("school_id", "school__name"),
    GroupBy.HUB: ("hub_id", "hub__name"),
    GroupBy.DISTRICT: ("district_id", "district__name"),
    GroupBy.EMPLOYER: ("employer_id", "employer__name"),
    GroupBy.SECTOR: ("employer__sectors__id", "employer__sectors__name"),
    GroupBy.YEAR_GROUP: ("year_group", "year_group"),
}

# The columns of a summary row, in order, with what each means (the XLSX "Definitions" sheet,
# the API's schema and the dashboards). The names are a public contract: keep them.
# The meanings stay lazy: each is translated when shown, in the language of that request.
COLUMNS: list[tuple[str, StrPromise]] = [
    ("group", _("The school, hub, district, employer, sector or year group")),
    (
        "employer_encounters",
        _(
            "Employer encounters: one employer and one person or one school group, with "
            "evidence that they met (a visit scanned at the employer's stand, or recorded by "
            "a school, the hub or the fair's organiser); admission to a fair alone is not one"
        ),
    ),
    (
        "scanned_employer_encounters",
        _("Of the employer encounters, those scanned at the employer's stand"),
    ),
    (
        "recorded_employer_encounters",
        _(
            "Of the employer encounters, those recorded by a school, the hub or the fair's "
            "organiser (no scan)"
        ),
    ),
    (
        "provider_encounters",
        _(
            "Provider encounters: a college or apprenticeship provider meeting pupils; never "
            "counted as employer encounters"
        ),
    ),
    (
        "meaningful_employer_encounters",
        _(
            "Employer encounters with all four facts of a meaningful encounter recorded "
            "(purpose shared, learning outcomes, two-way interaction, reflection afterwards)"
        ),
    ),
    (
        "people",
        _(
            "Distinct people in those encounters: an adult once however many employers or "
            "fairs (by a keyed pseudonym of their e-mail or phone; a walk-in with neither, "
            "once per ticket), a named pupil once, and a group given only as a number as its "
            "largest group per school and year group (at least that many)"
        ),
    ),
    ("pupils_reached", _("Of those people, pupils (at least that many)")),
    (
        "contacts",
        _(
            "Contacts: each person counted once for every employer or provider they met (a "
            "person who met three employers is three contacts)"
        ),
    ),
    (
        "fair_attendance",
        _(
            "Fair attendance: distinct people admitted at the door of a careers or jobs fair "
            "(blank where it cannot be split this way)"
        ),
    ),
    ("employers", _("Different employers met")),
    (
        "sme_encounters",
        _("Employer encounters with small and medium-sized employers (under 250 staff)"),
    ),
    (
        "priority_sector_encounters",
        _("Employer encounters with employers in the strategy's priority growth sectors"),
    ),
    (
        "complex_barriers_people",
        _("Of the people, those who said they face complex barriers to learning or work"),
    ),
    # What fairs led to (engagement.outcomes fills them; 0 for rows a stand cannot belong to).
    *OUTCOME_COLUMNS,
]
# The words a person reads over each column (a spreadsheet's header; the CSV and the API keep
# the names above, which programs read).
HEADINGS: dict[str, StrPromise] = {
    "group": _("Group"),
    "employer_encounters": _("Employer encounters"),
    "scanned_employer_encounters": _("of which scanned"),
    "recorded_employer_encounters": _("of which recorded"),
    "provider_encounters": _("Provider encounters"),
    "meaningful_employer_encounters": _("Meaningful employer encounters"),
    "people": _("People"),
    "pupils_reached": _("Pupils (at least)"),
    "contacts": _("Contacts"),
    "fair_attendance": _("Fair attendance"),
    "employers": _("Different employers met"),
    "sme_encounters": _("Encounters with SMEs"),
    "priority_sector_encounters": _("Encounters in priority sectors"),
    "complex_barriers_people": _("People facing complex barriers"),
    "interviews_offered": _("Interviews offered"),
    "job_offers": _("Job offers"),
    "job_starts": _("Job starts"),
    "job_starts_within_13_weeks": _("Starts within 13 weeks"),
}


def heading(name: str) -> str:
    """The words over column ``name`` (its name in words when none is written)."""
    words = HEADINGS.get(name)
    return str(words) if words is not None else name.replace("_", " ").capitalize()


# Figures that are not sums: a total is counted again over the rows, never added up.
NOT_ADDITIVE = frozenset(
    {"employers", "people", "pupils_reached", "fair_attendance", "complex_barriers_people"}
    | {name for name, _help in OUTCOME_COLUMNS}
)


@dataclass
class SummaryRow:
    key: object
    group: str
    employer_encounters: int = 0
    scanned_employer_encounters: int = 0
    recorded_employer_encounters: int = 0
    provider_encounters: int = 0
    meaningful_employer_encounters: int = 0
    people: int = 0
    pupils_reached: int = 0
    contacts: int = 0
    fair_attendance: int | None = None
    employers: int = 0
    sme_encounters: int = 0
    priority_sector_encounters: int = 0
    complex_barriers_people: int = 0
    interviews_offered: int = 0
    job_offers: int = 0
    job_starts: int = 0
    job_starts_within_13_weeks: int = 0
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def encounters(self) -> int:
        """Every encounter, employers' and providers' (for shares of all encounters)."""
        return self.employer_encounters + self.provider_encounters

    def as_dict(self) -> dict[str, object]:
        return {name: getattr(self, name) for name, _help in COLUMNS}
