"""The outcome figures' names, definitions and methods: one place for the summary's columns, the
exports' "Definitions" sheet, the API's schema and the dashboards (kept lazy: translated when
shown). The names are a public contract: keep them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

METHOD_ON_THE_DAY = _("recorded by the employer on the day")
METHOD_REPORTED = _("reported by the employer after the fair")
METHOD_SBWA = _("Sector-based work academy record")

INTERVIEWS_OFFERED = _(
    "Interviews offered at fairs: for each employer's stand, the larger of the interviews the "
    "employer reported after the fair and those recorded on the day (scanned visitors whose "
    "outcome was recorded with their agreement, plus the stand's count for people not "
    "scanned); a return restates the day, it never adds to it"
)
JOB_OFFERS = _("Job offers the employers reported after the fair, stand by stand")
JOB_STARTS = _(
    "Job starts the employers reported after the fair, apprenticeship starts included, as "
    "last updated"
)
JOB_STARTS_13_WEEKS = _(
    "Of those, the starts already reported within 13 weeks of the fair (the latest return "
    "saved by then)"
)

# (column, definition) in the summary's order.
OUTCOME_COLUMNS: list[tuple[str, StrPromise]] = [
    ("interviews_offered", INTERVIEWS_OFFERED),
    ("job_offers", JOB_OFFERS),
    ("job_starts", JOB_STARTS),
    ("job_starts_within_13_weeks", JOB_STARTS_13_WEEKS),
]

ROWS_WITHOUT_OUTCOMES = _(
    "Outcomes belong to employers' stands: rows by school, hub or year group show 0; a "
    "district is the fair's venue's"
)
