"""Importing employers and Enterprise Advisers from CSV or XLSX.

All or nothing: every row is parsed and checked first; one bad row and nothing changes, and the
coordinator gets every bad row with its line number. Importing the same file again updates
employers by Companies House number (by name when there is none) and advisers by e-mail, and
creates no duplicates. A column left out of the file leaves that field as it is. Used by the
upload pages and the ``import_employers`` / ``import_advisers`` commands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import District, Sector, User
from core.exceptions import DomainError, NotAllowed
from core.geography import postcode_normalise
from core.tabular import (
    ImportInvalid,
    ImportResult,
    Row,
    RowError,
    Table,
    parse_date,
    parse_yes_no,
    split_list,
    table_read,
)
from employers.models import Employer, EnterpriseAdviser, SizeBand, companies_house_validator
from employers.services import adviser_create, adviser_update, employer_create, employer_update

EMPLOYER_COLUMNS = ("name", "size_band")
ADVISER_COLUMNS = ("email", "full_name", "employer")

_SIZE_BANDS = {
    "micro": SizeBand.MICRO,
    "1-9": SizeBand.MICRO,
    "small": SizeBand.SMALL,
    "10-49": SizeBand.SMALL,
    "medium": SizeBand.MEDIUM,
    "50-249": SizeBand.MEDIUM,
    "large": SizeBand.LARGE,
    "250+": SizeBand.LARGE,
}
KNOWN_TAGS = (
    "careers strategy",
    "STEM",
    "apprenticeships",
    "SEND",
    "employer networks",
    "enterprise",
    "digital",
)
MAX_CAPACITY = 10
MAX_TRAVEL_KM = 200


def canonical_tags(value: str) -> list[str]:
    """Semicolon-separated tags, spelt as the matching engine knows them where it does."""
    known = {tag.lower(): tag for tag in KNOWN_TAGS}
    return [known.get(tag.lower(), tag) for tag in split_list(value)]


def _choice(value: str, choices: Any) -> str | None:
    """A TextChoices value given as its value or its label, any case; None if neither."""
    lowered = value.strip().lower().replace(" ", "_")
    for choice in choices:
        if lowered in {choice.value, str(choice.label).lower().replace(" ", "_")}:
            return str(choice.value)
    return None


def companies_house_number_tidy(value: str) -> str:
    # Spreadsheets drop leading zeros: Companies House numbers are 8 characters, zero-padded.
    number = re.sub(r"\s+", "", value).upper()
    return number.zfill(8) if number.isdigit() else number


class _Lookups:
    """Reference data read once per import: districts and sectors by name (and slug)."""

    def __init__(self) -> None:
        self.districts = {d.name.lower(): d for d in District.objects.all()}
        self.districts.update({d.slug.lower(): d for d in self.districts.values()})
        self.sectors = {s.name.lower(): s for s in Sector.objects.all()}
        self.sectors.update({s.slug.lower(): s for s in self.sectors.values()})

    def district(self, name: str, problems: list[str], column: str) -> District | None:
        district = self.districts.get(name.strip().lower())
        if district is None:
            problems.append(
                _("%(column)s “%(name)s” is not one of our districts.")
                % {"column": column, "name": name}
            )
        return district

    def sector_list(self, value: str, problems: list[str]) -> list[Sector]:
        found, unknown = [], []
        for name in split_list(value):
            sector = self.sectors.get(name.lower())
            if sector is None:
                unknown.append(name)
            else:
                found.append(sector)
        if unknown:
            problems.append(_("Sectors not known: %(names)s.") % {"names": ", ".join(unknown)})
        return found


@dataclass
class ParsedRow:
    line: int
    key: str
    label: str
    fields: dict[str, Any] = field(default_factory=dict)
    m2m: dict[str, Any] = field(default_factory=dict)


# --- Employers ---------------------------------------------------------------------------------


def employers_import_file(*, content: bytes, filename: str, by: User | None = None) -> ImportResult:
    table = table_read(content=content, filename=filename, required=EMPLOYER_COLUMNS)
    return employers_import(table=table, by=by)


def employers_import(*, table: Table, by: User | None = None) -> ImportResult:
    """Create or update employers from the rows, all or nothing (``ImportInvalid`` otherwise)."""
    rows = _parse_employers(table)
    numbers = [
        row.fields["companies_house_number"]
        for row in rows
        if row.fields.get("companies_house_number")
    ]
    by_number = {
        e.companies_house_number: e
        for e in Employer.objects.filter(companies_house_number__in=numbers).select_related(
            "organisation"
        )
    }
    result = ImportResult()
    with transaction.atomic():
        for row in rows:
            number = row.fields.get("companies_house_number", "")
            employer = by_number.get(number) if number else None
            if employer is None:
                # Not known by its number: an employer of the same name with no number yet is
                # the same employer (a row without a number matches by name alone).
                same_name = Employer.objects.select_related("organisation").filter(
                    name__iexact=row.fields["name"]
                )
                if number:
                    same_name = same_name.filter(companies_house_number="")
                employer = same_name.order_by("pk").first()
            if employer is None:
                employer_create(by=by, sectors=row.m2m.get("sectors"), **row.fields)
                result.record("created", row.label)
            elif employer_update(
                employer=employer, by=by, sectors=row.m2m.get("sectors"), **row.fields
            ):
                result.record("updated", row.label)
            else:
                result.record("unchanged", row.label)
    return result


def _parse_employers(table: Table) -> list[ParsedRow]:
    lookups = _Lookups()
    errors: list[RowError] = []
    rows: list[ParsedRow] = []
    seen: dict[str, int] = {}
    for row in table.rows:
        problems: list[str] = []
        fields: dict[str, Any] = {}
        m2m: dict[str, Any] = {}
        name = row.get("name")
        if not name:
            problems.append(_("The name is empty."))
        elif len(name) > 200:
            problems.append(_("The name is longer than 200 characters."))
        fields["name"] = name
        number = ""
        if table.has("companies_house_number") and row.get("companies_house_number"):
            number = companies_house_number_tidy(row.get("companies_house_number"))
            try:
                companies_house_validator(number)
            except ValidationError:
                problems.append(
                    _(
                        "Companies House number “%(number)s” is not 8 characters "
                        "(8 digits, or 2 letters and 6 digits)."
                    )
                    % {"number": row.get("companies_house_number")}
                )
            fields["companies_house_number"] = number
        size_band = _SIZE_BANDS.get(row.get("size_band").lower().replace(" ", "").replace("–", "-"))
        if size_band is None:
            problems.append(
                _(
                    "Size band “%(value)s” is not micro, small, medium or large (1-9, 10-49, "
                    "50-249 or 250+)."
                )
                % {"value": row.get("size_band")}
            )
        fields["size_band"] = size_band
        if table.has("sectors"):
            m2m["sectors"] = lookups.sector_list(row.get("sectors"), problems)
        if table.has("district"):
            fields["district"] = (
                lookups.district(row.get("district"), problems, _("District"))
                if row.get("district")
                else None
            )
        if table.has("postcode"):
            fields["postcode"] = _postcode(row, "postcode", problems)
        if table.has("cornerstone"):
            cornerstone = parse_yes_no(row.get("cornerstone"))
            if cornerstone is None:
                problems.append(
                    _("Cornerstone “%(value)s” is not yes or no.")
                    % {"value": row.get("cornerstone")}
                )
            fields["is_cornerstone"] = cornerstone
        if table.has("disability_confident"):
            value = row.get("disability_confident") or Employer.DisabilityConfident.NONE
            level = _choice(value, Employer.DisabilityConfident)
            if level is None:
                problems.append(
                    _(
                        "Disability Confident “%(value)s” is not none, committed, employer or "
                        "leader."
                    )
                    % {"value": value}
                )
            fields["disability_confident"] = level
        key = f"number:{number}" if number else f"name:{name.lower()}"
        if name and key in seen:
            problems.append(_("This employer is also on line %(line)d.") % {"line": seen[key]})
        seen.setdefault(key, row.line)
        if problems:
            errors.append(RowError(line=row.line, message=" ".join(problems)))
        else:
            label = f"{name} ({number})" if number else name
            rows.append(ParsedRow(row.line, key, label, fields, m2m))
    if errors:
        raise ImportInvalid(errors)
    return rows


def _postcode(row: Row, column: str, problems: list[str]) -> str:
    postcode = postcode_normalise(row.get(column))
    if postcode and " " not in postcode:  # postcode_normalise spaces only a well-formed postcode
        problems.append(
            _("Postcode “%(postcode)s” is not a UK postcode.") % {"postcode": row.get(column)}
        )
    return postcode


# --- Enterprise Advisers -----------------------------------------------------------------------


def advisers_import_file(*, content: bytes, filename: str, by: User | None = None) -> ImportResult:
    table = table_read(content=content, filename=filename, required=ADVISER_COLUMNS)
    return advisers_import(table=table, by=by)


def advisers_import(
    *, table: Table, by: User | None = None, today: date | None = None
) -> ImportResult:
    """Create or update Enterprise Advisers from the rows, all or nothing.

    A new adviser gets an account (verified e-mail, no password: they sign in with an e-mailed
    code) and an Enterprise Adviser membership of their employer's organisation.
    """
    rows = _parse_advisers(table, today or timezone.localdate())
    existing = {
        adviser.user.email: adviser
        for adviser in EnterpriseAdviser.objects.filter(
            user__email__in=[row.key for row in rows]
        ).select_related("user", "employer__organisation")
    }
    result = ImportResult()
    errors: list[RowError] = []
    with transaction.atomic():
        for row in rows:
            adviser = existing.get(row.key)
            full_name = row.fields.pop("full_name")
            try:
                if adviser is None:
                    adviser_create(
                        by=by, email=row.key, full_name=full_name, **row.m2m, **row.fields
                    )
                    result.record("created", row.label)
                elif adviser_update(
                    adviser=adviser, by=by, full_name=full_name, **row.m2m, **row.fields
                ):
                    result.record("updated", row.label)
                else:
                    result.record("unchanged", row.label)
            except NotAllowed:
                raise
            except DomainError as error:
                errors.append(RowError(line=row.line, message=str(error.detail)))
        if errors:
            raise ImportInvalid(errors)  # inside the transaction: nothing is kept
    return result


def _employer_index() -> tuple[dict[str, Employer], dict[str, list[Employer]]]:
    by_number: dict[str, Employer] = {}
    by_name: dict[str, list[Employer]] = {}
    for employer in Employer.objects.select_related("organisation"):
        if employer.companies_house_number:
            by_number[employer.companies_house_number] = employer
        by_name.setdefault(employer.name.lower(), []).append(employer)
    return by_number, by_name


def _parse_advisers(table: Table, today: date) -> list[ParsedRow]:
    lookups = _Lookups()
    by_number, by_name = _employer_index()
    errors: list[RowError] = []
    rows: list[ParsedRow] = []
    seen: dict[str, int] = {}
    for row in table.rows:
        problems: list[str] = []
        fields: dict[str, Any] = {}
        m2m: dict[str, Any] = {}
        email = User.objects.normalize_email(row.get("email")).lower()
        try:
            validate_email(email)
        except ValidationError:
            problems.append(
                _("E-mail address “%(email)s” is not valid.") % {"email": row.get("email")}
                if email
                else _("The e-mail address is empty.")
            )
        else:
            if email in seen:
                problems.append(
                    _("%(email)s is also on line %(line)d.") % {"email": email, "line": seen[email]}
                )
            seen.setdefault(email, row.line)
        full_name = row.get("full_name")
        if not full_name:
            problems.append(_("The full name is empty."))
        elif len(full_name) > 200:
            problems.append(_("The full name is longer than 200 characters."))
        fields["full_name"] = full_name
        fields["employer"] = _employer(row.get("employer"), by_number, by_name, problems)
        if table.has("occupation"):
            if len(row.get("occupation")) > 200:
                problems.append(_("The occupation is longer than 200 characters."))
            fields["occupation"] = row.get("occupation")
        if table.has("sectors"):
            m2m["sectors"] = lookups.sector_list(row.get("sectors"), problems)
        if table.has("expertise"):
            fields["expertise_tags"] = canonical_tags(row.get("expertise"))
        if table.has("preferred_districts"):
            m2m["preferred_districts"] = [
                district
                for name in split_list(row.get("preferred_districts"))
                if (district := lookups.district(name, problems, _("Preferred district")))
            ]
        if table.has("postcode"):
            fields["postcode"] = _postcode(row, "postcode", problems)
        for column, field_name, default, low, high, text in (
            ("max_travel_km", "max_travel_km", 15, 0, MAX_TRAVEL_KM, _("Will travel (km)")),
            ("capacity", "capacity", 1, 1, MAX_CAPACITY, _("Capacity")),
        ):
            if not table.has(column):
                continue
            value = row.get(column) or str(default)
            if not value.isdigit() or not low <= int(value) <= high:
                problems.append(
                    _("%(field)s “%(value)s” must be a whole number from %(low)d to %(high)d.")
                    % {"field": text, "value": value, "low": low, "high": high}
                )
            else:
                fields[field_name] = int(value)
        if table.has("dbs_checked_on"):
            fields["dbs_checked_on"] = None
            if row.get("dbs_checked_on"):
                checked_on = parse_date(row.get("dbs_checked_on"))
                if checked_on is None:
                    problems.append(
                        _("DBS check date “%(value)s” is not a date like 2025-03-27 or 27/03/2025.")
                        % {"value": row.get("dbs_checked_on")}
                    )
                elif checked_on > today:
                    problems.append(
                        _("DBS check date %(value)s is in the future.")
                        % {"value": row.get("dbs_checked_on")}
                    )
                fields["dbs_checked_on"] = checked_on
        for choice_column, choices, choice_default, choices_text in (
            (
                "dbs_status",
                EnterpriseAdviser.DbsStatus,
                "not_started",
                _("not_started, pending, clear or expired"),
            ),
            (
                "status",
                EnterpriseAdviser.Status,
                "recruited",
                _("recruited, inducted, matched, paused or left"),
            ),
        ):
            if not table.has(choice_column):
                continue
            value = row.get(choice_column) or choice_default
            choice = _choice(value, choices)
            if choice is None:
                problems.append(
                    _("%(column)s “%(value)s” is not one of %(choices)s.")
                    % {"column": choice_column, "value": value, "choices": choices_text}
                )
            fields[choice_column] = choice
        if table.has("induction_done"):
            induction = parse_yes_no(row.get("induction_done"))
            if induction is None:
                problems.append(
                    _("induction_done “%(value)s” is not yes or no.")
                    % {"value": row.get("induction_done")}
                )
            fields["induction_done"] = induction
        if problems:
            errors.append(RowError(line=row.line, message=" ".join(problems)))
        else:
            rows.append(ParsedRow(row.line, email, f"{full_name} <{email}>", fields, m2m))
    if errors:
        raise ImportInvalid(errors)
    return rows


def _employer(
    value: str,
    by_number: dict[str, Employer],
    by_name: dict[str, list[Employer]],
    problems: list[str],
) -> Employer | None:
    if not value:
        problems.append(_("The employer is empty."))
        return None
    employer = by_number.get(companies_house_number_tidy(value))
    if employer is not None:
        return employer
    matches = by_name.get(value.strip().lower(), [])
    if len(matches) == 1:
        return matches[0]
    if matches:
        problems.append(
            _("More than one employer is called “%(name)s”: give its Companies House number.")
            % {"name": value}
        )
    else:
        problems.append(
            _("Employer “%(name)s” is not on the register: import or add it first.")
            % {"name": value}
        )
    return None
