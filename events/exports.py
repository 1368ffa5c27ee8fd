"""An event's registrations and stand applications as CSV (streamed) and XLSX (with a second
sheet that defines every column), for the organisers who plan the day."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font

from core.tabular import spreadsheet_text
from events.calendars import LONDON
from events.forms import SHORT_ADJUSTMENT_LABELS
from events.models import Registration, StandApplication, Vacancy

CHUNK = 500


@dataclass(frozen=True)
class Column:
    heading: Any
    definition: Any
    value: Callable[[Any], Any]


def _when(moment: Any) -> str:
    return timezone.localtime(moment, LONDON).strftime("%Y-%m-%d %H:%M") if moment else ""


def _yes_no(value: bool | None) -> str:
    return "" if value is None else str(_("Yes") if value else _("No"))


def _adjustments(registration: Registration) -> str:
    return "; ".join(
        str(SHORT_ADJUSTMENT_LABELS.get(code, code)) for code in registration.adjustments
    )


def _vacancy_summary(vacancy: Vacancy) -> str:
    kind = str(vacancy.get_type_display())
    if vacancy.level:
        kind = str(_("%(type)s, level %(level)d") % {"type": kind, "level": vacancy.level})
    parts = [f"{vacancy.title} ({vacancy.posts})", kind]
    if vacancy.filled:
        parts.append(str(_("filled or closed")))
    if vacancy.link:
        parts.append(vacancy.link)
    return " ".join([parts[0], "–", ", ".join(parts[1:])])


REGISTRATION_COLUMNS = [
    Column(
        _("Tickets"),
        _("Ticket numbers issued (one a place); empty while on the waiting list."),
        lambda r: " ".join(t.number for t in r.tickets.all()),
    ),
    Column(
        _("Name"),
        _("The attendee's name, or the Careers Leader's for a school group."),
        lambda r: r.name,
    ),
    Column(_("E-mail"), _("E-mail address, if given."), lambda r: r.email),
    Column(_("Phone"), _("Phone number, if given."), lambda r: r.phone),
    Column(_("Category"), _("Who the attendee said they are."), lambda r: r.get_category_display()),
    Column(
        _("Status"),
        _("Confirmed, on the waiting list, or cancelled."),
        lambda r: r.get_status_display(),
    ),
    Column(
        _("Adjustments"),
        _("Reasonable adjustments asked for, separated by semicolons."),
        _adjustments,
    ),
    Column(
        _("Adjustments detail"),
        _("What the attendee wrote about the adjustments."),
        lambda r: r.adjustments_detail,
    ),
    Column(
        _("Asked after the deadline"),
        _("Yes when adjustments that need booking were asked for after the event's deadline."),
        lambda r: _yes_no(r.adjustments_late),
    ),
    Column(
        _("School"),
        _("For a school group: the school."),
        lambda r: r.school.name if r.school else "",
    ),
    Column(_("Year group"), _("For a school group: the year group."), lambda r: r.year_group or ""),
    Column(
        _("Places"), _("Places the registration takes (pupils in a group)."), lambda r: r.group_size
    ),
    Column(
        _("Employers may contact"),
        _("Yes when the attendee agreed that employers they meet may contact them."),
        lambda r: _yes_no(r.consent_contact_employers),
    ),
    Column(
        _("Registered"),
        _("Date and time registered (Europe/London)."),
        lambda r: _when(r.created_at),
    ),
]

STAND_COLUMNS = [
    Column(_("Employer"), _("The employer applying for a stand."), lambda a: a.employer.name),
    Column(
        _("Status"),
        _("Waiting for a decision, approved, declined, waitlisted or withdrawn."),
        lambda a: a.get_status_display(),
    ),
    Column(_("Stand number"), _("Given when approved."), lambda a: a.stand_number or ""),
    Column(
        _("Representatives"), _("How many people staff the stand."), lambda a: a.representatives
    ),
    Column(
        _("Representatives' names"),
        _("Names given, separated by semicolons."),
        lambda a: "; ".join(a.representative_names),
    ),
    Column(_("Vacancies"), _("Number of posts on offer in all."), lambda a: a.vacancies_count),
    Column(
        _("Vacancy titles"),
        _(
            "Each vacancy as title (posts), its type (with the apprenticeship level) and link, "
            "separated by semicolons; a filled or closed one is marked so."
        ),
        lambda a: "; ".join(_vacancy_summary(v) for v in a.vacancies.all()),
    ),
    Column(
        _("Sectors"),
        _("Sectors the employer recruits for."),
        lambda a: "; ".join(s.name for s in a.sectors.all()),
    ),
    Column(
        _("Needs power"),
        _("Yes when the stand needs a power socket."),
        lambda a: _yes_no(a.needs_power),
    ),
    Column(
        _("Needs a table"), _("Yes when the stand needs a table."), lambda a: _yes_no(a.needs_table)
    ),
    Column(_("Access needs"), _("Access needs of the employer's staff."), lambda a: a.access_needs),
    Column(
        _("Applied"),
        _("Date and time of the application (Europe/London)."),
        lambda a: _when(a.created_at),
    ),
]


def _level(vacancy: Vacancy) -> Any:
    return vacancy.level or ""


# The open feed's columns: the vacancy, the employer's name and the fair; nothing about a person.
OPPORTUNITY_COLUMNS = [
    Column(_("Vacancy"), _("The vacancy's title."), lambda v: v.title),
    Column(
        _("Type"),
        _(
            "Job, apprenticeship, traineeship, sector-based work academy, work experience or "
            "volunteering."
        ),
        lambda v: v.type,
    ),
    Column(_("Level"), _("An apprenticeship's level, 2 to 7."), _level),
    Column(
        _("Sector"), _("The sector of the vacancy."), lambda v: v.sector.name if v.sector else ""
    ),
    Column(
        _("Employer"), _("The employer with the vacancy."), lambda v: v.application.employer.name
    ),
    Column(_("Posts"), _("Number of posts."), lambda v: v.posts),
    Column(_("Hours"), _("Full-time, part-time or flexible."), lambda v: v.hours),
    Column(_("Pay"), _("Pay, as the employer gives it."), lambda v: v.pay),
    Column(
        _("District"),
        _("The Hertfordshire district where the work is, if given."),
        lambda v: v.district.name if v.district else "",
    ),
    Column(_("Location"), _("Where the work is, as the employer wrote it."), lambda v: v.location),
    Column(
        _("Closing date"),
        _("The last day to apply (YYYY-MM-DD); empty when open."),
        lambda v: v.closing_date.isoformat() if v.closing_date else "",
    ),
    Column(
        _("Open to people aged 50+"),
        _("Yes when the employer says the vacancy is age-friendly."),
        lambda v: _yes_no(v.fifty_plus_friendly),
    ),
    Column(
        _("Disability Confident"),
        _("Yes when the employer is a Disability Confident employer."),
        lambda v: _yes_no(v.disability_confident),
    ),
    Column(
        _("No experience needed"),
        _("Yes when no experience is needed."),
        lambda v: _yes_no(v.no_experience_needed),
    ),
    Column(_("Link"), _("The advert."), lambda v: v.link),
    Column(
        _("Fair"), _("The fair where the employer will be."), lambda v: v.application.event.title
    ),
    Column(_("Fair id"), _("The fair's id in the API."), lambda v: v.application.event_id),
    Column(
        _("Fair starts"),
        _("Date and time the fair starts (Europe/London)."),
        lambda v: _when(v.application.event.starts_at),
    ),
]


def _rows(columns: list[Column], objects: Iterable[Any]) -> Iterator[list[Any]]:
    yield [str(column.heading) for column in columns]
    for obj in objects:
        yield [spreadsheet_text(column.value(obj)) for column in columns]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(columns: list[Column], queryset: QuerySet[Any]) -> Iterator[str]:
    """CSV text line by line (with a BOM so Excel reads the accents), reading rows in chunks."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    for row in _rows(columns, queryset.iterator(chunk_size=CHUNK)):
        yield writer.writerow(row)


def xlsx_bytes(columns: list[Column], queryset: QuerySet[Any], *, title: str) -> bytes:
    """An XLSX file: the rows on the first sheet, what each column means on the second."""
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = str(title)[:31]
    for row in _rows(columns, queryset.iterator(chunk_size=CHUNK)):
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    definitions = workbook.create_sheet(str(_("Columns")))
    definitions.append([str(_("Column")), str(_("What it means"))])
    for cell in definitions[1]:
        cell.font = Font(bold=True)
    for column in columns:
        definitions.append([str(column.heading), str(column.definition)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def registrations_for_export(queryset: QuerySet[Registration]) -> QuerySet[Registration]:
    return queryset.select_related("school").prefetch_related("tickets")


def stand_applications_for_export(
    queryset: QuerySet[StandApplication],
) -> QuerySet[StandApplication]:
    return queryset.select_related("employer").prefetch_related("sectors", "vacancies")
