"""Keeps the monthly tallies (``engagement.models.tallies``) in step with the ledger, and reads
them for the rollups.

Writes call :func:`slices_touch` (the ledger's own functions do, and so do saves of single
encounters, deletions of an event, and changes to an employer's size or sectors) in the same
transaction: that moves the version of each slice — one school's month — on. Reads call
:func:`cells`, which first builds any month never built, then rebuilds each slice whose cells are
older than its version, one slice per transaction under a row lock on the slice:

* a write that commits before the rebuild reads the ledger is in the rebuilt cells;
* a write that commits after must take the slice's row lock to move its version on, so it waits
  for the rebuild and leaves the slice marked "to rebuild" again.

So a figure is never older than the last committed write, a quiet month is read, not recomputed,
and a write costs its next reader one school's month, not the county's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, F, IntegerField, Max, Q, QuerySet, Sum, Value
from django.db.models.lookups import Exact, In
from django.utils import timezone

from accounts.models import Sector
from core.periods import Period
from core.request_memo import memoized
from employers.models import SME_SIZE_BANDS, Employer
from engagement.models import Encounter, EncounterMethod
from engagement.models.tallies import EncounterTally, TallyMonth, TallySlice

# The ledger columns a cell is keyed by, in order.
CELL_FIELDS = ("district_id", "hub_id", "jobcentre_id", "school_id", "year_group", "audience")


def month_of(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def months_in(period: Period) -> list[date] | None:
    """The months that exactly make up ``period``, or None if it does not start and end on the
    first of a month (then the rollups read the ledger itself)."""
    if period.start.day != 1 or period.end.day != 1 or period.end <= period.start:
        return None
    months = []
    month = period.start
    while month < period.end:
        months.append(month)
        month = next_month(month)
    return months


# --- writes ------------------------------------------------------------------------------------


def slices_touch(pairs: Iterable[tuple[date, int | None]]) -> None:
    """Mark the slices of (day, school id) pairs as changed. Call it in the writing transaction."""
    keys = sorted({(month_of(day), school_id or 0) for day, school_id in pairs})
    if not keys:
        return
    table = connection.ops.quote_name(TallySlice._meta.db_table)
    # One statement on SQLite and PostgreSQL alike: insert the slice, or move its version on (an
    # UPDATE alone would miss a slice that another transaction is inserting now). The table
    # name is the model's own, nothing from outside.
    sql = (
        f"INSERT INTO {table} (month, school_key, version, built_version) "  # noqa: S608
        f"VALUES (%s, %s, 1, 0) "
        f"ON CONFLICT (month, school_key) DO UPDATE SET version = {table}.version + 1"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, keys)


def slices_touch_for(queryset: QuerySet[Encounter]) -> None:
    """Mark the slices of the encounters in ``queryset`` (before deleting, or after writing)."""
    slices_touch(queryset.order_by().values_list("occurred_on", "school_id").distinct())


def employer_changed(employer_id: int) -> None:
    """An employer's size or sectors changed: its SME and priority-sector counts follow."""
    slices_touch_for(Encounter.objects.filter(employer_id=employer_id))


def priority_sectors_changed() -> None:
    """Which sectors are priorities changed: every month is built again on its next read."""
    TallyMonth.objects.all().delete()


# --- building ----------------------------------------------------------------------------------


@dataclass
class _Cell:
    encounters: int = 0
    meaningful: int = 0
    employer_encounters: int = 0
    scanned_employer: int = 0
    meaningful_employer: int = 0
    people: int = 0
    complex: int = 0
    sme: int = 0
    priority: int = 0
    largest: int = 0
    employers: int = 0  # a bitmap as a Python int
    refs: set[str] = field(default_factory=set)


def _cells_of(ledger: QuerySet[Encounter], month: date) -> Iterator[EncounterTally]:
    """Cells computed from ``ledger`` (one month's encounters, or one slice of them)."""
    sme = set(Employer.objects.filter(size_band__in=SME_SIZE_BANDS).values_list("pk", flat=True))
    priority = set(
        Employer.objects.filter(sectors__group=Sector.Group.PRIORITY).values_list("pk", flat=True)
    )
    # Gatsby Benchmark 5 counts meaningful *employer* encounters only: never a provider's.
    counted_group = Q(
        meaningful=True, audience="pupils", year_group__isnull=False, employer__isnull=False
    )
    per_employer = (
        ledger.order_by()
        .values_list(*CELL_FIELDS, "employer_id")
        .annotate(
            n=Count("pk"),
            meaningful_n=Count("pk", filter=Q(meaningful=True)),
            scanned_n=Count("pk", filter=Q(method=EncounterMethod.SCANNED)),
            people_n=Sum("people"),
            complex_n=Sum("complex_barriers_people"),
            largest=Max("people", filter=counted_group & Q(pupil_refs=[])),
        )
    )
    cells: dict[tuple[Any, ...], _Cell] = defaultdict(_Cell)
    for *key, employer_id, n, meaningful, scanned, people, complex_, largest in _raw_rows(
        per_employer
    ):
        cell = cells[tuple(key)]
        cell.encounters += n
        cell.meaningful += meaningful
        if employer_id is not None:
            cell.employer_encounters += n
            cell.scanned_employer += scanned
            cell.meaningful_employer += meaningful
        cell.people += people or 0
        cell.complex += complex_ or 0
        cell.largest = max(cell.largest, largest or 0)
        if employer_id is not None:
            cell.employers |= 1 << employer_id
            cell.sme += n if employer_id in sme else 0
            cell.priority += n if employer_id in priority else 0
    named = ledger.filter(counted_group).exclude(pupil_refs=[])
    for *where, refs in named.order_by().values_list(*CELL_FIELDS, "pupil_refs"):
        cells[tuple(where)].refs.update(refs)
    for place, cell in cells.items():
        yield EncounterTally(
            month=month,
            **dict(zip(CELL_FIELDS, place, strict=True)),
            encounters=cell.encounters,
            meaningful=cell.meaningful,
            employer_encounters=cell.employer_encounters,
            scanned_employer_encounters=cell.scanned_employer,
            meaningful_employer=cell.meaningful_employer,
            people=cell.people,
            complex_barriers_people=cell.complex,
            sme_encounters=cell.sme,
            priority_sector_encounters=cell.priority,
            employer_bits=cell.employers.to_bytes((cell.employers.bit_length() + 7) // 8, "little"),
            largest_meaningful_group=cell.largest,
            pupil_refs=sorted(cell.refs),
        )


def _month_ledger(month: date) -> QuerySet[Encounter]:
    return Encounter.objects.filter(occurred_on__gte=month, occurred_on__lt=next_month(month))


@transaction.atomic
def _build_month(month: date) -> None:
    """Build every cell of a month from the ledger (a month never built: a bulk load, or
    encounters that were there before the tallies were)."""
    TallyMonth.objects.get_or_create(month=month)
    if TallyMonth.objects.select_for_update().get(month=month).built_at is not None:
        return  # another request built it while this one waited
    seen = dict(
        TallySlice.objects.filter(month=month)
        .select_for_update()
        .values_list("school_key", "version")
    )
    EncounterTally.objects.filter(month=month).delete()
    cells = list(_cells_of(_month_ledger(month), month))
    EncounterTally.objects.bulk_create(cells, batch_size=2000)
    for school_key, version in seen.items():
        TallySlice.objects.filter(month=month, school_key=school_key).update(built_version=version)
    TallySlice.objects.bulk_create(
        [
            TallySlice(month=month, school_key=key, version=1, built_version=1)
            for key in {cell.school_id or 0 for cell in cells} - set(seen)
        ],
        ignore_conflicts=True,  # a slice a writer created meanwhile stays "to rebuild"
    )
    TallyMonth.objects.filter(month=month).update(built_at=timezone.now())


@transaction.atomic
def _rebuild_slice(month: date, school_key: int) -> None:
    state = TallySlice.objects.select_for_update().get(month=month, school_key=school_key)
    if state.version == state.built_version:
        return  # another request rebuilt it while this one waited
    in_slice = Q(school_id=school_key) if school_key else Q(school_id__isnull=True)
    EncounterTally.objects.filter(in_slice, month=month).delete()
    EncounterTally.objects.bulk_create(
        _cells_of(_month_ledger(month).filter(in_slice), month), batch_size=2000
    )
    TallySlice.objects.filter(pk=state.pk).update(built_version=state.version)


# --- reading -----------------------------------------------------------------------------------


def cells(months: list[date], **filters: Any) -> QuerySet[EncounterTally]:
    """The tallies of ``months`` (built or rebuilt first where the ledger moved on), filtered."""
    _bring_up_to_date(tuple(months))
    return EncounterTally.objects.filter(month__in=months, **filters)


@memoized  # a page's panels read the same months: checked once per page
def _bring_up_to_date(months: tuple[date, ...]) -> None:
    # One query: the months built (key -1) and the slices changed since they were built.
    built_months = (
        TallyMonth.objects.filter(month__in=months, built_at__isnull=False)
        .order_by()
        .values_list("month", Value(-1, output_field=IntegerField()))
    )
    changed_slices = (
        TallySlice.objects.filter(month__in=months)
        .exclude(version=F("built_version"))
        .order_by()
        .values_list("month", "school_key")
    )
    state = list(built_months.union(changed_slices, all=True))
    built = {month for month, key in state if key == -1}
    for month in months:
        if month not in built:
            _build_month(month)
    for month, school_key in state:
        if school_key != -1:
            _rebuild_slice(month, school_key)


def _raw_rows(queryset: QuerySet[Any]) -> Iterator[tuple[Any, ...]]:
    """The rows of a ``values_list`` queryset of integers, texts and bytes, read with a plain
    cursor: tens of thousands of small rows, where Django's per-value conversion would cost more
    than the query."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(10_000):
            yield from chunk


def bitmaps(queryset: QuerySet[EncounterTally], key: str) -> Iterator[tuple[Any, Any]]:
    """(``key``, employer bitmap) of each cell."""
    return _raw_rows(queryset.values_list(key, "employer_bits"))


def bitmap_rows(queryset: QuerySet[EncounterTally], *keys: str) -> Iterator[tuple[Any, ...]]:
    """(each of ``keys``, employer bitmap) of each cell: several groupings' keys at once."""
    return _raw_rows(queryset.values_list(*keys, "employer_bits"))


def employers_by(rows: Iterable[tuple[Any, Any]]) -> dict[Any, int]:
    """Different employers per group, from (group, employer bitmap) rows."""
    union: dict[Any, int] = defaultdict(int)
    for group, bits in rows:
        if bits:
            union[group] |= int.from_bytes(bits, "little")
    return {group: bits.bit_count() for group, bits in union.items()}


# Filters on the ledger that the tallies can answer: equality or "in" on a cell column.
_CELL_ATTNAMES = frozenset(CELL_FIELDS)


def cell_filters(queryset: QuerySet[Encounter] | None) -> dict[str, Any] | None:
    """The filters of ``queryset`` restated for the tallies, or None if they cannot be (a join,
    an OR, a date, a negation: then the rollups read the ledger itself)."""
    return _simple_filters(queryset, _CELL_ATTNAMES)


def cell_filters_with_employer(queryset: QuerySet[Encounter] | None) -> dict[str, Any] | None:
    """As ``cell_filters``, also allowing the employer (for restating them on other rows). A
    filter on a key (``school=``, ``district_id=``) leaves a join Django trimmed and no longer
    uses in the query's aliases: only joins still used count as a join here."""
    return _simple_filters(queryset, _CELL_ATTNAMES | {"employer_id"}, trimmed_joins_ok=True)


def _simple_filters(
    queryset: QuerySet[Encounter] | None,
    attnames: frozenset[str],
    *,
    trimmed_joins_ok: bool = False,
) -> dict[str, Any] | None:
    if queryset is None:
        return {}
    query = queryset.query
    tables = (
        sum(1 for count in query.alias_refcount.values() if count)
        if trimmed_joins_ok
        else len(query.alias_map)
    )
    if query.distinct or query.combinator or query.is_sliced or tables > 1:
        return None
    where = query.where
    if where.negated or (len(where.children) > 1 and where.connector != "AND"):
        return None
    filters: dict[str, Any] = {}
    for child in where.children:
        if not isinstance(child, Exact | In):
            return None
        attname = getattr(getattr(child.lhs, "target", None), "attname", None)
        if attname not in attnames or not isinstance(child.rhs, int | str | list | tuple):
            return None
        name = f"{attname}__in" if isinstance(child, In) else attname
        if name in filters:
            return None
        rhs: Any = child.rhs
        filters[name] = list(rhs) if isinstance(child, In) else rhs
    return filters
