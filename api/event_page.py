"""``GET /api/v1/events/`` without filters: a page of the events the caller may see, read by
fixed SQL built once per database (every value a parameter), the way the door reads a ticket.

Two statements for a page: the page itself (the caller's right to see each event, the places
taken as the database keeps them tallied, stands counted, venue, district and organiser joined,
and the number of events the caller may see, all in one), then the sectors of the page's
events. Compiling the same queries through the ORM on every request (the caller's scope, the
counting sub-query, the joins, the count, the prefetch) cost the list several times what
running them did.

- ``visible_sql``: the events the caller may see, the rule of ``accounts.permissions.visible``
  with the events' scope (``events.permissions``): everything for an admin or a lead;
  published, cancelled and completed events, and the drafts of the organisations the caller
  organises for, otherwise (held equal to ``events.selectors.event_list`` by a test);
- the rows are ``api.event_list.event_rows``'s, written from the columns (held equal to
  ``EventSerializer``'s answer by the same tests as the ORM path).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection

from accounts.models import Membership, Organisation, Role, Sector, User
from api.event_list import EventRowWriter
from core.rows import converting_columns, fields_in_order
from events.models import Event, EventTally, StandApplication, Venue
from events.permissions import ORGANISER_ROLES

EVENT_FIELDS = fields_in_order(
    Event,
    ("id", "public_id", "kind", "title", "description", "venue_id", "starts_at", "ends_at",
     "audiences", "year_groups", "capacity", "stand_capacity", "max_representatives_per_stand",
     "registration_opens_at", "registration_closes_at", "adjustments_deadline",
     "allow_reentry", "organiser_id", "status", "cancellation_reason"),
)  # fmt: skip
VENUE_FIELDS = fields_in_order(
    Venue,
    ("id", "name", "kind", "address", "postcode", "step_free", "hearing_loop",
     "accessible_toilet", "parking", "public_transport"),
)  # fmt: skip
ORGANISER_FIELDS = fields_in_order(Organisation, ("id", "name", "kind"))


@dataclass(frozen=True)
class PageSql:
    page: str  # parameters: the scope's, then LIMIT and OFFSET
    count: str  # parameters: the scope's
    converters: list[tuple[int, Any]]  # (position, converter) of the columns that need one
    names: tuple[str, ...]  # the columns' names, as EventRowWriter reads them


def _column(model: Any, name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(name).column)


def _table(model: Any) -> str:
    return connection.ops.quote_name(model._meta.db_table)


@functools.cache  # one text per database vendor and kind of caller
def visible_sql(vendor: str, everything: bool) -> str:
    """The WHERE condition on events ``e`` the caller may see. Parameters: the user's id, the
    admin and lead roles, the user's id, the organiser roles, the public statuses; none when
    ``everything`` (a superuser)."""
    if everything:
        return "1 = 1"
    members, user = _table(Membership), _column(Membership, "user")
    role = _column(Membership, "role")
    organisation = _column(Membership, "organisation")
    organisers = ", ".join(["%s"] * len(ORGANISER_ROLES))
    statuses = ", ".join(["%s"] * len(Event.PUBLIC_STATUSES))
    return (  # identifiers from the models; every value is a parameter
        f"(EXISTS (SELECT 1 FROM {members} WHERE {user} = %s AND {role} IN (%s, %s))"  # noqa: S608
        f" OR e.{_column(Event, 'organiser')} IN (SELECT {organisation} FROM {members}"
        f" WHERE {user} = %s AND {role} IN ({organisers}))"
        f" OR e.{_column(Event, 'status')} IN ({statuses}))"
    )


def visible_params(user: User) -> list[Any]:
    if user.is_superuser:
        return []
    return [
        user.pk, str(Role.ADMIN), str(Role.LEAD),
        user.pk, *(str(role) for role in ORGANISER_ROLES),
        *(str(status) for status in Event.PUBLIC_STATUSES),
    ]  # fmt: skip


@functools.cache  # one statement per database vendor and kind of caller
def page_sql(vendor: str, everything: bool) -> PageSql:
    stands = StandApplication
    columns = [f"e.{_column(Event, f.name)}" for f in EVENT_FIELDS]
    columns += [f"v.{_column(Venue, f.name)}" for f in VENUE_FIELDS]
    columns += [f"o.{_column(Organisation, f.name)}" for f in ORGANISER_FIELDS]
    district = Venue._meta.get_field("district").related_model
    columns.append(f"d.{_column(district, 'name')}")
    holding = ", ".join(["%s"] * len(StandApplication.HOLDING_STATUSES))
    event_id = f"e.{_column(Event, 'id')}"
    # Places taken (valid tickets, as the database keeps them tallied) and stands held
    # (counted), as ``with_places_and_stands`` reads them.
    columns.append(f"COALESCE(t.{_column(EventTally, 'places_taken')}, 0)")
    columns.append(
        f"(SELECT COUNT(*) FROM {_table(stands)}"  # noqa: S608 - identifiers from the models
        f" WHERE {_column(stands, 'event')} = {event_id}"
        f" AND {_column(stands, 'status')} IN ({holding}))"
    )
    tables = (
        f" FROM {_table(Event)} e"
        f" LEFT OUTER JOIN {_table(Venue)} v ON v.{_column(Venue, 'id')}"
        f" = e.{_column(Event, 'venue')}"
        f" LEFT OUTER JOIN {_table(district)} d ON d.{_column(district, 'id')}"
        f" = v.{_column(Venue, 'district')}"
        f" INNER JOIN {_table(Organisation)} o ON o.{_column(Organisation, 'id')}"
        f" = e.{_column(Event, 'organiser')}"
        f" LEFT OUTER JOIN {_table(EventTally)} t ON t.{_column(EventTally, 'event')}"
        f" = {event_id}"
        f" WHERE {visible_sql(vendor, everything)}"
    )
    order = f" ORDER BY e.{_column(Event, 'starts_at')} ASC, {event_id} ASC"
    fields = (*EVENT_FIELDS, *VENUE_FIELDS, *ORGANISER_FIELDS)
    names = (
        *(f.attname for f in EVENT_FIELDS),
        *(f"venue__{f.attname}" for f in VENUE_FIELDS),
        *(f"organiser__{f.attname}" for f in ORGANISER_FIELDS),
        "district__name", "places_taken", "stands_held", "total",
    )  # fmt: skip
    return PageSql(
        # The total in the same statement: a window over every visible event, before LIMIT.
        page="SELECT "
        + ", ".join(columns)
        + ", COUNT(*) OVER ()"
        + tables
        + order
        + " LIMIT %s OFFSET %s",
        count=f"SELECT COUNT(*){tables}",
        converters=converting_columns(fields, connection.alias),
        names=names,
    )


def _count_params() -> list[Any]:
    return [str(s) for s in StandApplication.HOLDING_STATUSES]


@functools.cache
def sectors_sql(vendor: str, events: int) -> str:
    through: Any = Event.sector_focus.through
    event = _column(through, "event")
    sector = _column(through, "sector")
    marks = ", ".join(["%s"] * events)
    return (  # identifiers from the models; the ids are parameters
        f"SELECT m.{event}, s.{_column(Sector, 'slug')} FROM {_table(through)} m"  # noqa: S608
        f" INNER JOIN {_table(Sector)} s ON s.{_column(Sector, 'id')} = m.{sector}"
        f" WHERE m.{event} IN ({marks}) ORDER BY s.{_column(Sector, 'name')} ASC"
    )


def sector_slugs(event_ids: Sequence[int]) -> dict[int, list[str]]:
    """Each event's sectors' slugs, in the sectors' order (by name)."""
    found: dict[int, list[str]] = {pk: [] for pk in event_ids}
    if not event_ids:
        return found
    with connection.cursor() as cursor:
        cursor.execute(sectors_sql(connection.vendor, len(event_ids)), list(event_ids))
        for event_id, slug in cursor.fetchall():
            found[event_id].append(slug)
    return found


# The highest page number read together with the count; a higher one is counted first.
MAX_PAGE_READ_AHEAD = 10**9


def page_rows(number: str, size: int) -> slice | None:
    """The rows of page ``number`` (the query's ``page``), as the paginator will slice them;
    None past any list's end (and past what an SQL OFFSET holds): the paginator decides."""
    if not number.isdigit() or not 1 <= int(number) <= MAX_PAGE_READ_AHEAD:
        return None
    return slice((int(number) - 1) * size, int(number) * size)


class VisibleEventPages:
    """The events ``viewer`` may see, as Django's ``Paginator`` reads an object list (``count()``
    and a slice), each a row of the list's answer. Told the page asked for, the first call
    reads that page and the count together."""

    def __init__(self, viewer: User, *, expected: slice | None = None) -> None:
        self.viewer = viewer
        self.expected = expected
        self.total: int | None = None
        self.read: tuple[int, list[dict[str, Any]]] | None = None

    def _sql(self) -> PageSql:
        return page_sql(connection.vendor, bool(self.viewer.is_superuser))

    def _page(self, offset: int, limit: int) -> list[dict[str, Any]]:
        sql = self._sql()
        params = [*_count_params(), *visible_params(self.viewer), limit, offset]
        with connection.cursor() as cursor:
            cursor.execute(sql.page, params)
            rows = cursor.fetchall()
        if rows:
            self.total = rows[0][-1]
        elif offset == 0:
            self.total = 0
        names = sql.names
        values = []
        for row in rows:
            columns = list(row)
            for position, convert in sql.converters:
                columns[position] = convert(columns[position])
            values.append(dict(zip(names, columns, strict=True)))
        writer = EventRowWriter()
        sectors = sector_slugs([value["id"] for value in values])
        return [writer.row(value, sectors[value["id"]]) for value in values]

    def count(self) -> int:
        if self.total is None and self.expected is not None:
            start, stop = self.expected.start, self.expected.stop
            self.read = (start, self._page(start, stop - start))
        if self.total is None:
            sql = self._sql()
            with connection.cursor() as cursor:
                cursor.execute(sql.count, visible_params(self.viewer))
                self.total = int(cursor.fetchone()[0])
        return self.total

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, wanted: slice) -> list[dict[str, Any]]:
        start, stop = wanted.start or 0, wanted.stop
        if self.read is not None and self.read[0] == start:
            return self.read[1][: stop - start]
        return self._page(start, stop - start)
