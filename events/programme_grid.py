"""The programme grid: every Jobcentre × financial-year quarter as held, planned or missing.

An event counts for the Jobcentre that organised it, wherever it was held (else for the
Jobcentre whose venue hosted it), and is held only with evidence: it is over, someone was
admitted at the door and, for a fair with stands, an approved employer was present. The
strategy measures count the same way (``event_counts_for``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import OrganisationKind
from accounts.permissions import is_lead
from core.request_memo import memoized
from events.models import (
    Event,
    EventKind,
    StandApplication,
    StandPresence,
    Ticket,
    Venue,
)
from events.permissions import may_organise_for
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


# Kinds of event held only when at least one employer came to a stand.
EMPLOYER_EVENT_KINDS = frozenset(
    {EventKind.JOBS_FAIR, EventKind.FIFTY_PLUS_JOBS_FAIR, EventKind.SECTOR_SKILLS_EVENT}
)


def event_counts_for(
    *, organiser_id: int, organiser_kind: str, venue_org_id: int | None, venue_kind: str
) -> int | None:
    """The Jobcentre (organisation id) an event counts for: the Jobcentre that organised it,
    wherever it was held; else the Jobcentre whose venue hosted it; else none."""
    if organiser_kind == OrganisationKind.JOBCENTRE:
        return organiser_id
    if venue_org_id and venue_kind == Venue.Kind.JOBCENTRE:
        return venue_org_id
    return None


def event_jobcentre_id(event: Event) -> int | None:
    """``event_counts_for`` of a loaded event (its organiser and venue read)."""
    venue = event.venue
    return event_counts_for(
        organiser_id=event.organiser_id,
        organiser_kind=event.organiser.kind,
        venue_org_id=venue.organisation_id if venue else None,
        venue_kind=venue.kind if venue else "",
    )


@dataclass
class GridEvent:
    """An event shown in a cell: linked by its date, with its own state."""

    pk: int
    title: str
    day: str
    state: str
    organiser_id: int
    public_id: str
    public: bool
    href: str = ""


@dataclass
class GridCell:
    quarter: int
    state: str = CellState.MISSING
    events: list[GridEvent] = field(default_factory=list)

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

    def row_for(self, jobcentre: int | None, jobcentre_venue: int | None) -> GridRow | None:
        """The row an event counts on: its Jobcentre's (a Jobcentre with several venues is shown
        on its first), else the Jobcentre venue that hosted it; None when neither is listed."""
        for row in self.rows:
            if jobcentre is not None and row.venue.organisation_id == jobcentre:
                return row
        for row in self.rows:
            if row.venue.pk == jobcentre_venue:
                return row
        return None

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


def event_cell_state(
    status: str, ends_at: datetime, now: datetime, *, evidenced: bool = True
) -> str:
    """Held: completed, or published and over, with evidence (``evidenced``: someone admitted
    and, where there are stands, an employer present). Planned: a draft or published event still
    to come. Missing: cancelled, a draft whose date passed unpublished, or over without evidence."""
    over = status == Event.Status.COMPLETED or (status == Event.Status.PUBLISHED and ends_at <= now)
    if over:
        return CellState.HELD if evidenced else CellState.MISSING
    if status in (Event.Status.DRAFT, Event.Status.PUBLISHED) and ends_at > now:
        return CellState.PLANNED
    return CellState.MISSING


@memoized  # a page's grids (jobs fairs, 50+, forums) share the venues
def _jobcentre_venues() -> list[Venue]:
    return list(Venue.objects.filter(kind=Venue.Kind.JOBCENTRE).order_by("name"))


def programme_grid(*, financial_year: int, kind: str, now: datetime | None = None) -> ProgrammeGrid:
    """Every Jobcentre × financial-year quarter (Q1 = April–June) for one kind of event, each
    cell held, planned or missing, with the events behind it (cancelled ones left out)."""
    return programme_grids(financial_year=financial_year, kinds=[kind], now=now)[kind]


def programme_grids(
    *, financial_year: int, kinds: list[str], now: datetime | None = None
) -> dict[str, ProgrammeGrid]:
    """``programme_grid`` of each of ``kinds``: two queries, whatever the number of kinds and
    Jobcentres (the venues, and the year's events of every kind together)."""
    now = now or timezone.now()
    start, end = financial_year_bounds(financial_year)
    venues = _jobcentre_venues()
    grids = {kind: _empty_grid(financial_year, kind, venues) for kind in dict.fromkeys(kinds)}
    admitted = Exists(Ticket.objects.filter(event=OuterRef("pk"), checked_in_at__isnull=False))
    present = Exists(
        StandApplication.objects.filter(
            event=OuterRef("pk"),
            status=StandApplication.Status.APPROVED,
            presence=StandPresence.PRESENT,
        )
    )
    events = (
        Event.objects.filter(kind__in=list(grids), starts_at__gte=start, starts_at__lt=end)
        .annotate(admitted=admitted, present=present)
        .order_by("starts_at", "pk")
        .values_list(
            "kind",
            "pk",
            "public_id",
            "title",
            "starts_at",
            "ends_at",
            "status",
            "admitted",
            "present",
            "organiser_id",
            "organiser__kind",
            "venue_id",
            "venue__organisation_id",
            "venue__kind",
        )
    )
    tz = timezone.get_default_timezone()
    for (
        kind,
        pk,
        public_id,
        title,
        starts_at,
        ends_at,
        status,
        admitted_anyone,
        employer_present,
        organiser_id,
        organiser_kind,
        venue_id,
        venue_org_id,
        venue_kind,
    ) in events:
        found = grids[kind].row_for(
            event_counts_for(
                organiser_id=organiser_id,
                organiser_kind=organiser_kind,
                venue_org_id=venue_org_id,
                venue_kind=venue_kind,
            ),
            venue_id if venue_kind == Venue.Kind.JOBCENTRE else None,
        )
        if found is None:
            continue
        local_start = starts_at.astimezone(tz)
        _year, quarter = financial_year_and_quarter(local_start.date())
        cell = found.cells[quarter - 1]
        # Evidence: someone admitted and, at a fair with stands, an employer present.
        evidenced = bool(admitted_anyone) and (
            kind not in EMPLOYER_EVENT_KINDS or bool(employer_present)
        )
        state = event_cell_state(status, ends_at, now, evidenced=evidenced)
        cell.state = _best_state([cell.state, state])
        if status != Event.Status.CANCELLED:
            cell.events.append(
                GridEvent(
                    pk=pk,
                    title=title,
                    day=formats.date_format(local_start.date(), "j M"),
                    state=state,
                    organiser_id=organiser_id,
                    public_id=public_id,
                    public=status in Event.PUBLIC_STATUSES,
                )
            )
    return grids


def _empty_grid(financial_year: int, kind: str, venues: list[Venue]) -> ProgrammeGrid:
    return ProgrammeGrid(
        financial_year=financial_year,
        kind=kind,
        rows=[GridRow(venue=venue, cells=[GridCell(q) for q in range(1, 5)]) for venue in venues],
    )


def grid_links_for(grid: ProgrammeGrid, user: Any) -> ProgrammeGrid:
    """Point each listed event where ``user`` can open it: the organiser's page for those who
    run it (and leads, who read every organiser page), else the public page of a published
    event; an unpublished event of another organiser is listed unlinked."""
    reads_all = is_lead(user)
    for row in grid.rows:
        for cell in row.cells:
            for item in cell.events:
                if reads_all or may_organise_for(user, item.organiser_id):
                    item.href = reverse("events:dashboard", args=[item.pk])
                elif item.public:
                    item.href = reverse("events:detail", args=[item.public_id])
    return grid
