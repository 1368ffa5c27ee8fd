"""Reading an encounters file's rows: each row parsed and checked against the register (schools,
rolls, employers) and the importer's rights, with every problem of every bad row collected.

The stable key each row is written under is explained in ``engagement.imports``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import can_change
from core.tabular import (
    ImportInvalid,
    Row,
    RowError,
    Table,
    parse_date,
    parse_yes_no,
    split_list,
)
from employers.imports import companies_house_number_tidy
from employers.models import Employer
from engagement.ledger import RecordedEncounter
from engagement.models import EncounterKind, EncounterSource
from schools.models import School, YearGroupRoll

REFERENCE = "reference"
DATE = "date"
SCHOOL_URN = "school_urn"
YEAR_GROUP = "year_group"
KIND = "kind"
EMPLOYER = "employer"
PROVIDER_NAME = "provider_name"
PUPILS = "pupils"
PUPIL_REFERENCES = "pupil_references"
FACTS = ("purpose_shared", "learning_outcomes", "two_way", "reflection")
NOTE = "note"

REQUIRED_COLUMNS = (DATE, SCHOOL_URN, YEAR_GROUP, KIND, *FACTS)
TEMPLATE_COLUMNS = (
    REFERENCE,
    DATE,
    SCHOOL_URN,
    YEAR_GROUP,
    KIND,
    EMPLOYER,
    PROVIDER_NAME,
    PUPILS,
    PUPIL_REFERENCES,
    *FACTS,
    NOTE,
)
TEMPLATE_EXAMPLE = (
    "MIS-2025-0142",
    "2025-10-14",
    "117512",
    "10",
    "workplace_visit",
    "00305979",
    "",
    "28",
    "",
    "yes",
    "yes",
    "yes",
    "yes",
    "Year 10 engineering visit",
)
# The kinds a school records itself; fairs come from their check-ins, never from a file.
IMPORTABLE_KINDS = (
    EncounterKind.EMPLOYER_TALK,
    EncounterKind.WORKPLACE_VISIT,
    EncounterKind.MOCK_INTERVIEWS,
    EncounterKind.MENTORING,
    EncounterKind.ENTERPRISE_COMPETITION,
    EncounterKind.PROVIDER_ENCOUNTER,
)
MAX_PUPILS = 9_999
MAX_REFERENCE = 80
MAX_PUPIL_REFERENCE = 40
MAX_NOTE = 500
MAX_PROVIDER_NAME = 200
KEY_PREFIX = f"{EncounterSource.IMPORTED}:"
_YEAR_GROUP = re.compile(r"^(?:y|yr|year)?\s*(\d{1,2})$", re.IGNORECASE)


@dataclass(frozen=True)
class EncounterRow:
    """One good row: what to give the ledger, under which key."""

    line: int
    key: str
    encounter: RecordedEncounter
    pupil_refs: tuple[str, ...]
    people: int


class _Lookups:
    """Schools, rolls and employers the file names, each read in one query."""

    def __init__(self, table: Table) -> None:
        urns = {row.get(SCHOOL_URN) for row in table.rows}
        self.schools = {
            school.urn: school
            for school in School.objects.filter(urn__in=urns).select_related("hub")
        }
        self.rolls = {
            (school_id, year): pupils
            for school_id, year, pupils in YearGroupRoll.objects.filter(
                school__in=self.schools.values()
            ).values_list("school_id", "year_group", "pupils")
        }
        values = {row.get(EMPLOYER) for row in table.rows if row.get(EMPLOYER)}
        numbers = {companies_house_number_tidy(value) for value in values}
        names = {value.lower() for value in values}
        self.by_number: dict[str, Employer] = {}
        self.by_name: dict[str, list[Employer]] = {}
        if values:
            for employer in Employer.objects.annotate(lower_name=Lower("name")).filter(
                Q(companies_house_number__in=numbers) | Q(lower_name__in=names)
            ):
                if employer.companies_house_number in numbers:
                    self.by_number[employer.companies_house_number] = employer
                self.by_name.setdefault(employer.name.lower(), []).append(employer)

    def employer(self, value: str, problems: list[str]) -> Employer | None:
        employer = self.by_number.get(companies_house_number_tidy(value))
        if employer is not None:
            return employer
        matches = self.by_name.get(value.strip().lower(), [])
        if len(matches) == 1:
            return matches[0]
        if matches:
            problems.append(
                _("More than one employer is called “%(name)s”: give its Companies House number.")
                % {"name": value}
            )
        else:
            problems.append(
                _(
                    "Employer “%(name)s” is not on the register (no employer has that Companies "
                    "House number or exactly that name): ask your Careers Hub to add it first."
                )
                % {"name": value}
            )
        return None


def _kind(value: str) -> str | None:
    """A kind given as its code or its label, in any case; None if it is not one we import."""
    wanted = re.sub(r"[\s-]+", "_", value.strip().lower())
    for kind in IMPORTABLE_KINDS:
        label = re.sub(r"[\s-]+", "_", str(kind.label).lower())
        if wanted in {kind.value, label, label.split("_(")[0]}:
            return str(kind.value)
    return None


def parse_rows(table: Table, by: User) -> list[EncounterRow]:
    lookups = _Lookups(table)
    today = timezone.localdate()
    allowed: dict[int, bool] = {}
    errors: list[RowError] = []
    rows: list[EncounterRow] = []
    seen: dict[str, int] = {}
    for row in table.rows:
        problems: list[str] = []
        school = _school(row, lookups, by, allowed, problems)
        occurred_on = _date(row, today, problems)
        year_group = _year_group(row, problems)
        kind = _kind(row.get(KIND))
        if kind is None:
            problems.append(
                (
                    _("Kind “%(value)s” is not one of: %(kinds)s.")
                    if row.get(KIND)
                    else _("The kind is empty: give one of %(kinds)s.")
                )
                % {"value": row.get(KIND), "kinds": ", ".join(IMPORTABLE_KINDS)}
            )
        employer, provider_name = _who(row, kind, lookups, problems)
        pupil_refs, people = _pupils(row, problems)
        if school is not None and year_group is not None and people is not None:
            roll = lookups.rolls.get((school.pk, year_group))
            if roll is not None and people > roll:
                problems.append(
                    _("Year %(year)d has %(roll)d pupils on roll, fewer than %(people)d.")
                    % {"year": year_group, "roll": roll, "people": people}
                )
        facts = {}
        for fact in FACTS:
            facts[fact] = parse_yes_no(row.get(fact))
            if facts[fact] is None:
                problems.append(
                    _("%(column)s “%(value)s” is not yes or no.")
                    % {"column": fact, "value": row.get(fact)}
                )
        note = row.get(NOTE)
        if len(note) > MAX_NOTE:
            problems.append(_("The note is longer than %(max)d characters.") % {"max": MAX_NOTE})
        reference = row.get(REFERENCE)
        if len(reference) > MAX_REFERENCE:
            problems.append(
                _("The reference is longer than %(max)d characters.") % {"max": MAX_REFERENCE}
            )
        key = None
        if school is not None and occurred_on and year_group and kind and people is not None:
            key = _key(school, reference, occurred_on, kind, year_group, employer, provider_name)
            if key in seen:
                problems.append(
                    (
                        _("Reference “%(reference)s” is also used on line %(line)d.")
                        if reference
                        else _(
                            "Line %(line)d is the same encounter (school, date, kind, year group "
                            "and employer): combine the two rows, or give each a reference."
                        )
                    )
                    % {"reference": reference, "line": seen[key]}
                )
            seen.setdefault(key, row.line)
        if problems:
            errors.append(RowError(line=row.line, message=" ".join(problems)))
            continue
        assert school and occurred_on and year_group and kind and people and key  # noqa: S101
        rows.append(
            EncounterRow(
                line=row.line,
                key=key,
                encounter=RecordedEncounter(
                    kind=kind,
                    occurred_on=occurred_on,
                    school=school,
                    year_group=year_group,
                    employer=employer,
                    provider_name=provider_name,
                    people=people,
                    pupil_refs=pupil_refs,
                    purpose_shared=bool(facts["purpose_shared"]),
                    learning_outcomes=bool(facts["learning_outcomes"]),
                    two_way=bool(facts["two_way"]),
                    reflection=bool(facts["reflection"]),
                    note=note,
                ),
                pupil_refs=pupil_refs,
                people=people,
            )
        )
    if errors:
        raise ImportInvalid(errors)
    return rows


def _school(
    row: Row, lookups: _Lookups, by: User, allowed: dict[int, bool], problems: list[str]
) -> School | None:
    urn = row.get(SCHOOL_URN)
    if not urn:
        problems.append(_("The school URN is empty."))
        return None
    school = lookups.schools.get(urn)
    if school is None:
        problems.append(_("No school has the URN “%(urn)s”.") % {"urn": urn})
        return None
    if school.pk not in allowed:
        allowed[school.pk] = can_change(by, school)
    if not allowed[school.pk]:
        problems.append(
            _(
                "You cannot record encounters for %(school)s (URN %(urn)s): it is not your school "
                "or one of your Careers Hub's schools."
            )
            % {"school": school.name, "urn": urn}
        )
        return None
    return school


def _date(row: Row, today: date, problems: list[str]) -> date | None:
    value = row.get(DATE)
    if not value:
        problems.append(_("The date is empty."))
        return None
    occurred_on = parse_date(value)
    if occurred_on is None:
        problems.append(
            _("Date “%(value)s” is not a date like 2025-10-14 or 14/10/2025.") % {"value": value}
        )
    elif occurred_on > today:
        problems.append(_("Date %(value)s is in the future.") % {"value": value})
        return None
    return occurred_on


def _year_group(row: Row, problems: list[str]) -> int | None:
    value = row.get(YEAR_GROUP)
    match = _YEAR_GROUP.match(value)
    if match is None or not 7 <= int(match.group(1)) <= 13:
        problems.append(
            _("Year group “%(value)s” is not a year group from 7 to 13.") % {"value": value}
            if value
            else _("The year group is empty.")
        )
        return None
    return int(match.group(1))


def _who(
    row: Row, kind: str | None, lookups: _Lookups, problems: list[str]
) -> tuple[Employer | None, str]:
    """The employer (a register entry) or, for a provider encounter, the provider's name."""
    employer_value, provider_name = row.get(EMPLOYER), row.get(PROVIDER_NAME)
    if kind == EncounterKind.PROVIDER_ENCOUNTER:
        if employer_value:
            problems.append(
                _(
                    "A provider encounter names the college or provider in provider_name and "
                    "leaves employer empty."
                )
            )
        if not provider_name:
            problems.append(_("Name the college or provider in provider_name."))
        elif len(provider_name) > MAX_PROVIDER_NAME:
            problems.append(
                _("The provider name is longer than %(max)d characters.")
                % {"max": MAX_PROVIDER_NAME}
            )
        return None, provider_name
    if provider_name and kind is not None:
        problems.append(
            _("provider_name is only for provider encounters: leave it empty for an employer.")
        )
    if not employer_value:
        if kind is not None:
            problems.append(
                _("The employer is empty: give its Companies House number or its exact name.")
            )
        return None, ""
    return lookups.employer(employer_value, problems), ""


def _pupils(row: Row, problems: list[str]) -> tuple[tuple[str, ...], int | None]:
    """The pseudonymous pupil references (sorted, each once) and the number of pupils."""
    refs = tuple(sorted(split_list(row.get(PUPIL_REFERENCES))))
    named = [ref for ref in refs if " " in ref or len(ref) > MAX_PUPIL_REFERENCE]
    if named:
        problems.append(
            _(
                "Pupil references are short codes from your school's system separated by “;”, "
                "never names: “%(value)s” is not one."
            )
            % {"value": named[0]}
        )
    value = row.get(PUPILS)
    number = None
    if value:
        if not value.isdigit() or not 1 <= int(value) <= MAX_PUPILS:
            problems.append(
                _("Pupils “%(value)s” is not a whole number from 1 to %(max)d.")
                % {"value": value, "max": MAX_PUPILS}
            )
            return refs, None
        number = int(value)
    if refs:
        if number is not None and number != len(refs):
            problems.append(
                _("Pupils says %(number)d but %(count)d pupil references are given.")
                % {"number": number, "count": len(refs)}
            )
        return refs, len(refs)
    if number is None:
        problems.append(_("Give the number of pupils, or their references."))
    return refs, number


def _key(
    school: School,
    reference: str,
    occurred_on: date,
    kind: str,
    year_group: int,
    employer: Employer | None,
    provider_name: str,
) -> str:
    """The row's stable ledger key (see the module's docstring); at most 120 characters."""
    if reference:
        return f"{KEY_PREFIX}{school.urn}:ref:{reference}"
    if employer is not None:
        who = f"employer:{employer.pk}"
    else:
        digest = hashlib.sha256(provider_name.strip().lower().encode()).hexdigest()[:16]
        who = f"provider:{digest}"
    return f"{KEY_PREFIX}{school.urn}:{occurred_on.isoformat()}:{kind}:y{year_group}:{who}"
