"""Importing school encounters from CSV or XLSX (a school's MIS export, a hub's spreadsheet).

All or nothing: every row is parsed and checked first; one bad row and nothing changes, and the
importer gets every bad row with its line number. Rows are written only through the ledger
(``school_encounter_record``, ``encounters_remove``) inside one transaction.

Each row has a stable key, so importing the same file again updates rather than duplicates:
- with a ``reference`` (the encounter's id in the school's own system), the key is the school's
  URN and that reference: the date, employer, pupils... of that encounter can then be corrected
  by importing again;
- without one, the key is school URN + date + kind + year group + employer (or provider): the
  same encounter imported twice is one encounter, but changing one of those five makes it a new
  encounter (say so on the page; give a ``reference`` to be able to correct them).
A row whose encounter is already in the ledger with the same details is left as it is; a row
whose details changed replaces it. An encounter missing from a later file stays in the ledger.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.exceptions import DomainError
from core.tabular import (
    FileRejected,
    ImportInvalid,
    ImportResult,
    RowError,
    Table,
    table_read,
)
from engagement.import_rows import (
    EMPLOYER,
    FACTS,
    IMPORTABLE_KINDS,
    PROVIDER_NAME,
    PUPIL_REFERENCES,
    PUPILS,
    REQUIRED_COLUMNS,
    TEMPLATE_COLUMNS,
    TEMPLATE_EXAMPLE,
    EncounterRow,
    parse_rows,
)
from engagement.ledger import encounters_remove, school_encounter_record
from engagement.models import Encounter, EncounterKind, EncounterSource

# The import page and its template file read the columns and kinds from here.
__all__ = [
    "FACTS",
    "IMPORTABLE_KINDS",
    "TEMPLATE_COLUMNS",
    "TEMPLATE_EXAMPLE",
    "encounters_import",
    "encounters_import_file",
    "encounters_template_csv",
]


def encounters_import_file(*, content: bytes, filename: str, by: User) -> ImportResult:
    """Read an uploaded file and import its encounters (see ``encounters_import``)."""
    table = table_read(content=content, filename=filename, required=REQUIRED_COLUMNS)
    if not table.has(EMPLOYER) and not table.has(PROVIDER_NAME):
        raise FileRejected(_("The file needs an employer column, a provider_name column or both."))
    if not table.has(PUPILS) and not table.has(PUPIL_REFERENCES):
        raise FileRejected(_("The file needs a pupils column, a pupil_references column or both."))
    return encounters_import(table=table, by=by)


def encounters_import(*, table: Table, by: User) -> ImportResult:
    """Record the file's school encounters in the ledger, all or nothing.

    ``by`` must be allowed to change each row's school (a Careers Leader their school, a
    coordinator their hub's schools, an administrator any): a row for another school is a bad
    row. Raises ``ImportInvalid`` listing every bad row; then nothing has changed.
    """
    rows = parse_rows(table, by)
    existing = {
        encounter.source_key: encounter
        for encounter in Encounter.objects.filter(source_key__in=[row.key for row in rows])
    }
    result = ImportResult()
    to_write: list[tuple[EncounterRow, str]] = []
    replaced: list[int] = []
    for row in rows:
        previous = existing.get(row.key)
        if previous is None:
            to_write.append((row, "created"))
        elif _same(previous, row):
            result.record("unchanged", _label(row))
        else:
            replaced.append(previous.pk)
            to_write.append((row, "updated"))
    try:
        with transaction.atomic():
            if replaced:
                encounters_remove(Encounter.objects.filter(pk__in=replaced))
            errors: list[RowError] = []
            for row, outcome in to_write:
                try:
                    school_encounter_record(
                        encounter=row.encounter,
                        by=by,
                        source=EncounterSource.IMPORTED,
                        source_key=row.key,
                    )
                except DomainError as refused:
                    # The ledger's own rules have the last word; the checks above mirror them so
                    # that every bad row is reported at once, not only the first.
                    errors.append(RowError(line=row.line, message=refused.detail))
                else:
                    result.record(outcome, _label(row))
            if errors:
                raise ImportInvalid(errors)  # leaving the block rolls every row back
    except IntegrityError as clash:
        raise FileRejected(
            _(
                "Someone else imported some of these encounters at the same moment. Nothing "
                "was imported from your file: upload it again."
            )
        ) from clash
    return result


def encounters_template_csv() -> str:
    """The header every import understands and one example row, for people to fill in."""
    return ",".join(TEMPLATE_COLUMNS) + "\r\n" + ",".join(TEMPLATE_EXAMPLE) + "\r\n"


def _same(previous: Encounter, row: EncounterRow) -> bool:
    encounter = row.encounter
    school = encounter.school
    is_provider = encounter.kind == EncounterKind.PROVIDER_ENCOUNTER
    employer_id = None if is_provider or encounter.employer is None else encounter.employer.pk
    return (
        previous.kind == encounter.kind
        and previous.occurred_on == encounter.occurred_on
        and previous.school_id == school.pk
        and previous.year_group == encounter.year_group
        and previous.employer_id == employer_id
        and previous.provider_name == (encounter.provider_name if is_provider else "")
        and previous.people == row.people
        and list(previous.pupil_refs) == list(row.pupil_refs)
        and all(getattr(previous, fact) == getattr(encounter, fact) for fact in FACTS)
        and previous.note == encounter.note
        and previous.hub_id == school.hub_id
        and previous.district_id == school.district_id
    )


def _label(row: EncounterRow) -> str:
    encounter = row.encounter
    return _(
        "Line %(line)d: %(school)s (%(urn)s), Year %(year)d, %(kind)s with %(who)s on %(date)s"
    ) % {
        "line": row.line,
        "school": encounter.school.name,
        "urn": encounter.school.urn,
        "year": encounter.year_group,
        "kind": EncounterKind(encounter.kind).label,
        "who": encounter.employer.name if encounter.employer else encounter.provider_name,
        "date": encounter.occurred_on.isoformat(),
    }
