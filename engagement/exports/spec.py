"""What an export covers (period, grouping, content, format), parsed from a request's
parameters, and the columns of each file."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exceptions import DomainError
from core.periods import Period, academic_year_of, parse_academic_year
from engagement.models import ExportLog
from engagement.summary_columns import GroupBy

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A worksheet holds 1,048,576 rows; one is the header.
XLSX_MAX_ROWS = 1_048_575
# Rows per chunk of a streamed CSV: big enough that the per-chunk cost vanishes, small enough
# that a chunk is a few hundred kilobytes.
CSV_ROWS_PER_CHUNK = 2000
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# The encounter-rows export: (column, the ``encounter_rows`` field it comes from, definition).
ENCOUNTER_COLUMNS: list[tuple[str, str, Any]] = [
    ("date", "occurred_on", gettext_lazy("The day the encounter happened")),
    (
        "kind",
        "kind",
        gettext_lazy("Fair, jobs fair, talk, workplace visit, mock interviews, mentoring..."),
    ),
    (
        "source",
        "source",
        gettext_lazy("event: derived from a fair's evidence; recorded; imported"),
    ),
    (
        "method",
        "method",
        gettext_lazy(
            "The evidence that they met: scanned at the employer's stand, or recorded by a "
            "school, the hub or the fair's organiser"
        ),
    ),
    (
        "employer",
        "employer__name",
        gettext_lazy("The employer met (empty for a provider encounter)"),
    ),
    ("employer_size", "employer__size_band", gettext_lazy("micro, small, medium (SMEs) or large")),
    (
        "provider",
        "provider_name",
        gettext_lazy("The college or training provider, for provider encounters"),
    ),
    ("school_urn", "school__urn", gettext_lazy("The school's unique reference number")),
    ("school", "school__name", gettext_lazy("The school or college whose pupils met the employer")),
    ("year_group", "year_group", gettext_lazy("School year group, 7 to 13")),
    (
        "audience",
        "audience",
        gettext_lazy("Pupils, jobseekers, people aged 50+, parents and carers..."),
    ),
    ("people", "people", gettext_lazy("People in the audience (1 for a scanned visitor)")),
    (
        "meaningful",
        "meaningful",
        gettext_lazy(
            "yes when all four facts of a meaningful encounter were recorded (Gatsby Benchmark 5)"
        ),
    ),
    ("district", "district__name", gettext_lazy("The district where it counts")),
    ("hub", "hub__name", gettext_lazy("The Careers Hub of the school")),
    ("event", "event__title", gettext_lazy("The fair it happened at, if any")),
]


# The words over each column of the rows export in a spreadsheet.
ENCOUNTER_HEADINGS: dict[str, Any] = {
    "date": gettext_lazy("Date"),
    "kind": gettext_lazy("Kind"),
    "source": gettext_lazy("Source"),
    "method": gettext_lazy("Evidence"),
    "employer": gettext_lazy("Employer"),
    "employer_size": gettext_lazy("Employer size"),
    "provider": gettext_lazy("Provider"),
    "school_urn": gettext_lazy("School URN"),
    "school": gettext_lazy("School"),
    "year_group": gettext_lazy("Year group"),
    "audience": gettext_lazy("Audience"),
    "people": gettext_lazy("People"),
    "meaningful": gettext_lazy("Meaningful"),
    "district": gettext_lazy("District"),
    "hub": gettext_lazy("Hub"),
    "event": gettext_lazy("Event"),
}


class ExportError(DomainError):
    code = "invalid_export"


# The drill-downs outcomes can be attributed to: each outcome is recorded against an employer's
# stand at a fair, never against a school, hub or district of its own.
OUTCOME_DRILL_DOWNS = frozenset({"employer"})


@dataclass(frozen=True)
class ExportSpec:
    """What an export covers: the period, the grouping, the content and the format."""

    period: Period
    group_by: GroupBy
    content: str = ExportLog.Content.SUMMARY
    format: str = ExportLog.Format.CSV
    # Extra narrowing beyond what the viewer may see, for the Definitions sheet and the log.
    filters: dict[str, str] = field(default_factory=dict)
    # The ids of what ``filters`` names (``{"employer": 7}``), to count outcomes by them.
    filter_ids: dict[str, int] = field(default_factory=dict)

    @property
    def filename(self) -> str:
        what = "encounters" if self.content == ExportLog.Content.ENCOUNTERS else self.group_by
        return f"engagement-{self.period.label}-{what}.{self.format}"

    @property
    def outcomes_counted(self) -> bool:
        """Whether the file counts outcomes: over the whole county (what the viewer may see),
        or narrowed to one employer and nothing outcomes cannot be attributed to."""
        if not self.filters:
            return True
        return "employer" in self.filter_ids and set(self.filters) <= OUTCOME_DRILL_DOWNS

    @property
    def outcome_employer(self) -> int | None:
        """The employer whose stands' outcomes alone the file counts (None: no such narrowing)."""
        return self.filter_ids.get("employer") if self.outcomes_counted else None

    def params(self) -> dict[str, Any]:
        return {
            "academic_year": self.period.label,
            "group_by": str(self.group_by),
            "filters": dict(self.filters),
        }


def export_spec_parse(
    *,
    academic_year: str | None,
    group_by: str | None,
    format: str | None = ExportLog.Format.CSV,  # noqa: A002  (the word every caller uses)
    rows: bool = False,
    filters: dict[str, str] | None = None,
    filter_ids: dict[str, int] | None = None,
    today: date | None = None,
) -> ExportSpec:
    """Check an export's options; a bad one raises ``ExportError`` with a plain message.

    The academic year defaults to the current one, the grouping to ``school``.
    """
    if academic_year:
        try:
            period = parse_academic_year(academic_year)
        except ValueError:
            raise ExportError(
                _("An academic year looks like 2025-26 (two years in a row), not “%(value)s”.")
                % {"value": academic_year},
                code="invalid_academic_year",
            ) from None
    else:
        period = academic_year_of(today or timezone.localdate())
    try:
        grouping = GroupBy(group_by or GroupBy.SCHOOL)
    except ValueError:
        raise ExportError(
            _("Group by one of %(choices)s, not “%(value)s”.")
            % {"choices": ", ".join(GroupBy), "value": group_by},
            code="invalid_group_by",
        ) from None
    if format not in ExportLog.Format.values:
        raise ExportError(
            _("The format is csv or xlsx, not “%(value)s”.") % {"value": format},
            code="invalid_format",
        )
    content = ExportLog.Content.ENCOUNTERS if rows else ExportLog.Content.SUMMARY
    return ExportSpec(
        period=period,
        group_by=grouping,
        content=content,
        format=format,
        filters=filters or {},
        filter_ids=filter_ids or {},
    )
