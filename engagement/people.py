"""People, not rows: distinct people reached, fair attendance, and residents with complex
barriers, counted from the raw rows (a person met by three employers, or at three fairs, is one
person). The monthly tallies cannot answer these (distinct people do not add up over months), so
each is one COUNT(DISTINCT ...) query, plus a pass over school groups counted by number.

Who a person is: an adult's key across events (``Registration.person_key``); a walk-in who left
neither e-mail nor phone, and a pupil in a school group, is their ticket. Pupils a school names by
reference count once; a group counted only by number counts as its largest group per school ×
year group ("at least"). Pupils with complex barriers likewise: each named pupil flagged once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    JSONField,
    Max,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat

from accounts.models import District, Organisation, OrganisationKind
from core.periods import Period
from engagement.ledger import COUNTED_STATUSES
from engagement.models import Encounter
from events.models import AgeBand, AttendeeCategory, EventKind, StandPresence, Ticket, Venue

FAIR_KINDS = (EventKind.CAREERS_FAIR, EventKind.JOBS_FAIR, EventKind.FIFTY_PLUS_JOBS_FAIR)
AGED_19_PLUS = (
    AgeBand.FROM_19_TO_24,
    AgeBand.FROM_25_TO_49,
    AgeBand.FROM_50_TO_64,
    AgeBand.FROM_65,
)
_PRESENT = Q(
    event__stand_applications__status="approved",
    event__stand_applications__presence=StandPresence.PRESENT,
)
# Who the holder of a ticket is (see the module docstring), as SQL.
TICKET_PERSON = Case(
    When(
        Q(registration__school__isnull=True) & ~Q(registration__person_key=""),
        then=F("registration__person_key"),
    ),
    default=Concat(Value("ticket:"), Cast("pk", CharField())),
    output_field=CharField(),
)
# The key of each grouping on an admitted ticket (employers and sectors: those present there).
ATTENDANCE_KEYS: dict[str, Any] = {
    "school": F("registration__school_id"),
    "hub": F("registration__school__hub_id"),
    "district": Coalesce("registration__school__district_id", "event__venue__district_id"),
    "year_group": F("registration__year_group"),
    "employer": F("event__stand_applications__employer_id"),
    "sector": F("event__stand_applications__employer__sectors__id"),
}
# Filters of the ledger restated for tickets (the dashboards' drill-downs); a district is the
# school's district, else the venue's, as in ATTENDANCE_KEYS and the ledger.
_TICKET_FILTERS = {
    "school_id": "registration__school_id",
    "hub_id": "registration__school__hub_id",
    "district_id": "district_key",
    "year_group": "registration__year_group",
    "jobcentre_id": "event__organiser_id",
}


@dataclass
class People:
    people: int = 0
    pupils: int = 0
    complex_barriers: int = 0


@dataclass
class _Groups:
    """School groups counted by number, per (school, year group, audience): named pupils and
    the largest group given only as a number."""

    named: dict[tuple[Any, ...], set[str]] = field(default_factory=lambda: defaultdict(set))
    largest: dict[tuple[Any, ...], int] = field(default_factory=lambda: defaultdict(int))
    # Pupils with complex barriers: those named, and the largest number given without names.
    complex_named: dict[tuple[Any, ...], set[str]] = field(default_factory=lambda: defaultdict(set))
    complex_largest: dict[tuple[Any, ...], int] = field(default_factory=lambda: defaultdict(int))


def distinct_people(encounters: QuerySet[Encounter], key_field: str | None) -> dict[Any, People]:
    """Distinct people in ``encounters`` per value of ``key_field`` (None: one total, key None).

    Two queries: adults by their key (COUNT DISTINCT), then pupils and groups."""
    key: Any = F(key_field) if key_field else Value(None, output_field=CharField())
    result: dict[Any, People] = defaultdict(People)
    adults: Any = encounters.filter(_BY_KEY).order_by().values(key=key).annotate(**_ADULTS)
    for row in adults:
        result[row["key"]].people += row["n"]
        result[row["key"]].complex_barriers += row["complex_n"]
    _add_groups(result, _group_rows(encounters, [key]))
    return dict(result)


def distinct_people_by(
    encounters: QuerySet[Encounter], key_fields: Sequence[str | None]
) -> list[dict[Any, People]]:
    """``distinct_people`` for several integer groupings of the same encounters at once (None:
    the total), in two queries whatever their number: the adults' counts of every grouping in
    one statement, and the school groups' rows once with every grouping's key."""
    parts: list[Any] = [
        encounters.filter(_BY_KEY)
        .order_by()
        .values(
            grouping=Value(index, output_field=IntegerField()),
            key=F(key_field) if key_field else Value(None, output_field=IntegerField()),
        )
        .annotate(**_ADULTS)
        for index, key_field in enumerate(key_fields)
    ]
    results: list[dict[Any, People]] = [defaultdict(People) for _field in key_fields]
    for row in parts[0].union(*parts[1:], all=True):
        counted = results[row["grouping"]][row["key"]]
        counted.people += row["n"]
        counted.complex_barriers += row["complex_n"]
    columns = [key_field for key_field in key_fields if key_field]
    rows = list(_group_rows(encounters, columns))
    width = len(columns)
    for key_field, result in zip(key_fields, results, strict=True):
        at = columns.index(key_field) if key_field else None
        _add_groups(result, ((None if at is None else row[at], *row[width:]) for row in rows))
    return [dict(result) for result in results]


# Adults are counted by their key; pupils in a school's group are counted by number or name.
_BY_KEY = ~Q(person="") & ~Q(audience="pupils", school__isnull=False)
_ADULTS: dict[str, Any] = {
    "n": Count("person", distinct=True),
    "complex_n": Count("person", distinct=True, filter=Q(complex_barriers_people__gt=0)),
}
_GROUP_COLUMNS = (
    "school_id",
    "year_group",
    "audience",
    "pupil_refs",
    "people",
    "complex_barriers_people",
)


def _group_rows(encounters: QuerySet[Encounter], keys: Sequence[Any]) -> Iterable[tuple[Any, ...]]:
    """The school groups' rows for ``_add_groups``: ``keys`` then ``_GROUP_COLUMNS``, in one
    statement. A group without names counts as its place's largest, so those arrive already
    reduced to one row per place and key (the largest group, the largest number facing
    complex barriers); a named group arrives row by row, its names to be joined."""
    groups = encounters.exclude(_BY_KEY).order_by()
    named = groups.exclude(pupil_refs=[]).values_list(*keys, *_GROUP_COLUMNS)
    unnamed = (
        groups.filter(pupil_refs=[])
        .values_list(
            *keys, "school_id", "year_group", "audience", Value([], output_field=JSONField())
        )
        .annotate(largest=Max("people"), complex_largest=Max("complex_barriers_people"))
    )
    return named.union(unnamed, all=True)


def _add_groups(result: dict[Any, People], rows: Iterable[tuple[Any, ...]]) -> None:
    """Add the school groups of ``rows`` (key, then ``_GROUP_COLUMNS``) to ``result``."""
    groups: dict[Any, _Groups] = defaultdict(_Groups)
    for row_key, school, year, audience, refs, people, complex_ in rows:
        place = (school, year, audience)
        group = groups[row_key]
        if refs:
            group.named[place].update(refs)
            if complex_:
                group.complex_named[place].update(refs)
        else:
            group.largest[place] = max(group.largest[place], people)
            group.complex_largest[place] = max(group.complex_largest[place], complex_)
    for row_key, group in groups.items():
        for place in set(group.named) | set(group.largest):
            counted = max(len(group.named.get(place, ())), group.largest.get(place, 0))
            result[row_key].people += counted
            result[row_key].complex_barriers += max(
                len(group.complex_named.get(place, ())), group.complex_largest.get(place, 0)
            )
            if place[2] == "pupils":
                result[row_key].pupils += counted


def admitted(period: Period) -> QuerySet[Ticket]:
    """Tickets admitted at a fair on a day of ``period``. An admission stays a fact: a ticket
    cancelled afterwards still came (an organiser's correction takes an admission back)."""
    return Ticket.objects.filter(
        checked_in_at__gte=period.starts_at,
        checked_in_at__lt=period.ends_at,
        event__kind__in=FAIR_KINDS,
        event__status__in=COUNTED_STATUSES,  # as the ledger: not drafts, not cancelled
    )


def attendance_of(queryset: QuerySet[Encounter] | None) -> QuerySet[Ticket] | None:
    """The admitted tickets matching the simple filters of an encounter queryset (a dashboard's
    place or employer), or None when its filters cannot be restated for tickets."""
    from engagement.tallies import cell_filters_with_employer

    filters = cell_filters_with_employer(queryset)
    if filters is None:
        return None
    tickets = Ticket.objects.all()
    for name, value in filters.items():
        attname, _sep, lookup = name.partition("__")
        suffix = f"__{lookup}" if lookup else ""
        if attname == "employer_id":
            tickets = tickets.filter(
                _PRESENT, **{f"event__stand_applications__employer_id{suffix}": value}
            )
        elif attname in _TICKET_FILTERS:
            if attname == "district_id":  # the school's district, else the venue's: as grouped
                tickets = tickets.annotate(district_key=ATTENDANCE_KEYS["district"])
            tickets = tickets.filter(**{f"{_TICKET_FILTERS[attname]}{suffix}": value})
        else:
            return None  # an audience: a fair's attendance has no such column
    return tickets


def fair_attendance(
    period: Period, tickets: QuerySet[Ticket] | None, group_by: str | None
) -> dict[Any, int] | None:
    """Distinct people admitted to fairs in ``period`` per group (None: one total, key None).
    ``tickets`` narrows them (what the viewer may see); None means the figure cannot be given."""
    if tickets is None or tickets.query.is_empty():
        return None  # the viewer may count none of them here: the figure is left blank
    base = admitted(period).filter(pk__in=tickets.values("pk"))
    if group_by is None:
        n = base.aggregate(n=Count(TICKET_PERSON, distinct=True))["n"]
        return {None: n or 0}
    if group_by not in ATTENDANCE_KEYS:
        return None
    if group_by in ("employer", "sector"):
        base = base.filter(_PRESENT)
    return dict(
        base.order_by()
        .values(key=ATTENDANCE_KEYS[group_by])
        .annotate(n=Count(TICKET_PERSON, distinct=True))
        .values_list("key", "n")
    )


def fair_attendance_by(
    period: Period, tickets: QuerySet[Ticket] | None, group_bys: Sequence[str | None]
) -> list[dict[Any, int] | None]:
    """``fair_attendance`` for several groupings by place (None: the total) in one statement."""
    if tickets is None or tickets.query.is_empty():
        return [None for _group_by in group_bys]
    if any(g in ("employer", "sector") or (g and g not in ATTENDANCE_KEYS) for g in group_bys):
        return [fair_attendance(period, tickets, group_by) for group_by in group_bys]
    base = admitted(period).filter(pk__in=tickets.values("pk"))
    parts = [
        base.order_by()
        .values(
            grouping=Value(index, output_field=IntegerField()),
            key=ATTENDANCE_KEYS[group_by] if group_by else Value(None, IntegerField()),
        )
        .annotate(n=Count(TICKET_PERSON, distinct=True))
        .values_list("grouping", "key", "n")
        for index, group_by in enumerate(group_bys)
    ]
    results: list[dict[Any, int]] = [{} for _group_by in group_bys]
    for grouping, key, n in parts[0].union(*parts[1:], all=True):
        results[grouping][key] = n
    for group_by, result in zip(group_bys, results, strict=True):
        if group_by is None:  # one total, as an aggregate gives it: 0 over no tickets
            result[None] = result.get(None) or 0
    return list(results)


def residents_with_complex_barriers(period: Period, scope: Any = None) -> int:
    """Residents aged 19+ with complex barriers: distinct people admitted at any of the county's
    events starting in ``period`` (a financial year) who stated an age band of 19 or over and
    said they face complex barriers. A blank age band is not 19+; pupils are not residents
    here; without e-mail or phone a person counts once per ticket. A later cancellation of a
    ticket does not undo its admission. ``scope``: a district (events held there) or a
    Jobcentre (events it organised, or held at its office by an organiser that is not one)."""
    tickets = Ticket.objects.filter(
        checked_in_at__isnull=False,
        event__starts_at__gte=period.starts_at,
        event__starts_at__lt=period.ends_at,
        event__status__in=COUNTED_STATUSES,
        registration__complex_barriers=True,
        registration__age_band__in=AGED_19_PLUS,
    ).exclude(
        Q(event__kind=EventKind.SCHOOL_ENCOUNTER) | Q(registration__category=AttendeeCategory.PUPIL)
    )
    if isinstance(scope, District):
        tickets = tickets.filter(event__venue__district=scope)
    elif isinstance(scope, Organisation):
        tickets = tickets.filter(
            Q(event__organiser=scope)
            | (
                Q(event__venue__organisation=scope, event__venue__kind=Venue.Kind.JOBCENTRE)
                & ~Q(event__organiser__kind=OrganisationKind.JOBCENTRE)
            )
        )
    return tickets.aggregate(n=Count(TICKET_PERSON, distinct=True))["n"] or 0
