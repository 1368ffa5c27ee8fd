"""Importing schools from the government's register of schools (GIAS "edubase" CSV export).

All or nothing: every row is parsed and checked first; one bad row and nothing changes, and the
coordinator gets every bad row with its line number. Importing the same file again updates the
schools by URN and creates no duplicates. Used by the upload page and ``import_schools``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import District, User
from core.geography import postcode_normalise
from core.tabular import ImportInvalid, ImportResult, RowError, Table, table_read
from schools.models import Hub, School, postcode_validator, urn_validator
from schools.services import school_create, school_update

URN = "urn"
NAME = "establishmentname"
TYPE = "typeofestablishment (name)"
PHASE = "phaseofeducation (name)"
POSTCODE = "postcode"
DISTRICT = "districtadministrative (name)"
PUPILS = "numberofpupils"
STATUS = "establishmentstatus (name)"
# As the register names them; NumberOfPupils is optional (we keep pupils per year group).
REQUIRED_COLUMNS = (
    "URN",
    "EstablishmentName",
    "TypeOfEstablishment (name)",
    "PhaseOfEducation (name)",
    "Postcode",
    "DistrictAdministrative (name)",
)

# The register's PhaseOfEducation values we take as they are.
_PHASES = {
    "primary": School.Phase.PRIMARY,
    "middle deemed primary": School.Phase.PRIMARY,
    "secondary": School.Phase.SECONDARY,
    "middle deemed secondary": School.Phase.SECONDARY,
    "all-through": School.Phase.ALL_THROUGH,
    "all through": School.Phase.ALL_THROUGH,
    "16 plus": School.Phase.SIXTH_FORM,
}


def school_phase_from_register(phase_name: str, type_name: str) -> str | None:
    """Our phase for the register's PhaseOfEducation and TypeOfEstablishment; None if unknown.

    The type decides first where it says more than the phase does: the register gives special
    schools, pupil referral units, colleges and independent schools the phase "Not applicable".
    """
    kind = type_name.strip().lower()
    if "further education" in kind:
        return School.Phase.FE_COLLEGE
    if "special" in kind:
        return School.Phase.SPECIAL
    if "pupil referral" in kind or "alternative provision" in kind:
        return School.Phase.ALTERNATIVE_PROVISION
    if "independent" in kind:
        return School.Phase.INDEPENDENT
    if "sixth form" in kind or "16 to 19" in kind or "16-19" in kind:
        return School.Phase.SIXTH_FORM
    return _PHASES.get(phase_name.strip().lower())


@dataclass(frozen=True)
class SchoolRow:
    line: int
    urn: str
    name: str
    phase: str
    postcode: str
    district: District


def schools_import_file(
    *, content: bytes, filename: str, hub: Hub, by: User | None = None
) -> ImportResult:
    """Read an uploaded register export and import it into ``hub`` (see ``schools_import``)."""
    return schools_import(
        table=table_read(content=content, filename=filename, required=REQUIRED_COLUMNS),
        hub=hub,
        by=by,
    )


def schools_import(*, table: Table, hub: Hub, by: User | None = None) -> ImportResult:
    """Create or update ``hub``'s schools from the register's rows, all or nothing.

    A school already in another Careers Hub is a bad row: a coordinator imports only into their
    own hub. Closed establishments (EstablishmentStatus "Closed") are skipped, not imported.
    Raises ``ImportInvalid`` listing every bad row; then nothing has changed.
    """
    rows, skipped = _parse(table, hub)
    result = ImportResult()
    for line, label in skipped:
        result.record(
            "skipped", _("line %(line)d: %(school)s is closed") % {"line": line, "school": label}
        )
    existing = {
        school.urn: school
        for school in School.objects.filter(urn__in=[row.urn for row in rows]).select_related(
            "hub", "organisation"
        )
    }
    with transaction.atomic():
        for row in rows:
            fields: dict[str, Any] = {
                "name": row.name,
                "phase": row.phase,
                "postcode": row.postcode,
                "district": row.district,
                "hub": hub,
            }
            school = existing.get(row.urn)
            label = f"{row.name} ({row.urn})"
            if school is None:
                school_create(by=by, urn=row.urn, **fields)
                result.record("created", label)
            elif school_update(school=school, by=by, **fields):
                result.record("updated", label)
            else:
                result.record("unchanged", label)
    return result


def _parse(table: Table, hub: Hub) -> tuple[list[SchoolRow], list[tuple[int, str]]]:
    districts = {district.name.lower(): district for district in District.objects.all()}
    hubs_by_urn = dict(
        School.objects.filter(urn__in=[row.get(URN) for row in table.rows])
        .exclude(hub=None)
        .exclude(hub=hub)
        .values_list("urn", "hub__name")
    )
    errors: list[RowError] = []
    rows: list[SchoolRow] = []
    skipped: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    for row in table.rows:
        problems: list[str] = []
        urn, name = row.get(URN), row.get(NAME)
        if row.get(STATUS).lower().startswith("closed"):
            skipped.append((row.line, f"{name} ({urn})"))
            continue
        try:
            urn_validator(urn)
        except ValidationError:
            problems.append(
                _("URN “%(urn)s” is not six digits.") % {"urn": urn} if urn else _("URN is empty.")
            )
        else:
            if urn in seen:
                problems.append(
                    _("URN %(urn)s is also on line %(line)d.") % {"urn": urn, "line": seen[urn]}
                )
            else:
                seen[urn] = row.line
            if urn in hubs_by_urn:
                problems.append(
                    _("URN %(urn)s belongs to another Careers Hub (%(hub)s).")
                    % {"urn": urn, "hub": hubs_by_urn[urn]}
                )
        if not name:
            problems.append(_("EstablishmentName is empty."))
        elif len(name) > 200:
            problems.append(_("EstablishmentName is longer than 200 characters."))
        phase = school_phase_from_register(row.get(PHASE), row.get(TYPE))
        if phase is None:
            problems.append(
                _("Phase “%(phase)s” with type “%(type)s” is not a phase we keep.")
                % {"phase": row.get(PHASE), "type": row.get(TYPE)}
            )
        postcode = postcode_normalise(row.get(POSTCODE))
        if postcode:
            try:
                postcode_validator(postcode)
            except ValidationError:
                problems.append(
                    _("Postcode “%(postcode)s” is not a UK postcode.")
                    % {"postcode": row.get(POSTCODE)}
                )
        district = districts.get(row.get(DISTRICT).lower())
        if district is None:
            problems.append(
                _("District “%(district)s” is not one of our districts.")
                % {"district": row.get(DISTRICT)}
                if row.get(DISTRICT)
                else _("DistrictAdministrative is empty.")
            )
        pupils = row.get(PUPILS)
        if pupils and not pupils.isdigit():
            problems.append(
                _("NumberOfPupils “%(pupils)s” is not a whole number.") % {"pupils": pupils}
            )
        if problems:
            errors.append(RowError(line=row.line, message=" ".join(problems)))
        elif district is not None and phase is not None:
            rows.append(SchoolRow(row.line, urn, name, phase, postcode, district))
    if errors:
        raise ImportInvalid(errors)
    return rows, skipped
