"""The programme grid: every Jobcentre × financial-year quarter as held, planned or missing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Event, Venue
from events.selectors import financial_year_and_quarter, financial_year_bounds


class CellState:
    HELD = "held"
    PLANNED = "planned"
    MISSING = "missing"


CELL_STATE_LABELS = {
    CellState.HELD: _("Held"),
    CellState.PLANNED: _("Planned"),
    CellState.MISSING: _("Missing"),
}


@dataclass
class GridCell:
    quarter: int
    state: str = CellState.MISSING
    event_ids: list[int] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(CELL_STATE_LABELS[self.state])


@dataclass
class GridRow:
    venue: Venue
    cells: list[GridCell]

    @property
    def year_state(self) -> str:
        """The year as a whole (what an annual forum's row shows)."""
        return _best_state([cell.state for cell in self.cells])


@dataclass
class ProgrammeGrid:
    financial_year: int
    kind: str
    rows: list[GridRow]

    @property
    def missing_cells(self) -> list[tuple[Venue, int]]:
        return [
            (row.venue, cell.quarter)
            for row in self.rows
            for cell in row.cells
            if cell.state == CellState.MISSING
        ]


_STATE_RANK = {CellState.HELD: 2, CellState.PLANNED: 1, CellState.MISSING: 0}


def _best_state(states: list[str]) -> str:
    return max(states, key=_STATE_RANK.__getitem__, default=CellState.MISSING)


def event_cell_state(status: str, ends_at: datetime, now: datetime) -> str:
    """Held: completed, or published and over. Planned: a draft or published event still to come.
    Missing: cancelled, or a draft whose date passed without being published."""
    if status == Event.Status.COMPLETED:
        return CellState.HELD
    if status == Event.Status.PUBLISHED:
        return CellState.HELD if ends_at <= now else CellState.PLANNED
    if status == Event.Status.DRAFT and ends_at > now:
        return CellState.PLANNED
    return CellState.MISSING


def programme_grid(*, financial_year: int, kind: str, now: datetime | None = None) -> ProgrammeGrid:
    """Every Jobcentre × financial-year quarter (Q1 = April–June) for one kind of event, each
    cell held, planned or missing. Two queries, whatever the number of Jobcentres."""
    now = now or timezone.now()
    start, end = financial_year_bounds(financial_year)
    venues = list(Venue.objects.filter(kind=Venue.Kind.JOBCENTRE).order_by("name"))
    rows = {
        venue.pk: GridRow(venue=venue, cells=[GridCell(q) for q in range(1, 5)]) for venue in venues
    }
    events = Event.objects.filter(
        kind=kind, venue_id__in=rows, starts_at__gte=start, starts_at__lt=end
    ).values_list("pk", "venue_id", "starts_at", "ends_at", "status")
    tz = timezone.get_default_timezone()
    for pk, venue_id, starts_at, ends_at, status in events:
        _year, quarter = financial_year_and_quarter(starts_at.astimezone(tz).date())
        cell = rows[venue_id].cells[quarter - 1]
        cell.event_ids.append(pk)
        cell.state = _best_state([cell.state, event_cell_state(status, ends_at, now)])
    return ProgrammeGrid(financial_year=financial_year, kind=kind, rows=list(rows.values()))
