"""Results, red/amber/green, the rule registry and the scopes rules count over."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from django.db.models import Exists, IntegerField, OuterRef, Q, QuerySet, Value
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import District, Organisation, OrganisationKind
from core.exceptions import DomainError
from core.numbers import grouped
from core.periods import Period
from core.request_memo import memoized
from engagement.models import Encounter, Measure
from events.models import Event, StandApplication, StandPresence, Ticket, Venue
from events.programme_grid import EMPLOYER_EVENT_KINDS, event_counts_for
from schools.models import Hub, School

ScopeObject = Hub | District | Organisation | School | None
HUNDRED = Decimal(100)
TWO_PLACES = Decimal("0.01")


class MeasureError(DomainError):
    code = "measure"


# --- Results and red/amber/green -------------------------------------------------------------


@dataclass
class BreakdownRow:
    label: str
    value: str
    note: str = ""


@dataclass
class MeasureResult:
    """What a rule returns. ``actual`` is None when there is nothing to count (no Jobcentres, no
    pupils on roll). ``target`` is set only by rules whose target follows the data (year on
    year); otherwise the measure's stored target applies."""

    actual: Decimal | None
    detail: str = ""
    breakdown: list[BreakdownRow] = field(default_factory=list)
    target: Decimal | None = None
    # "On track" for measures of events: how many were held and how many are booked (published,
    # still to come) in the period; ``projected`` is the figure once the booked ones are held,
    # and red/amber/green compares it with the target. ``out_of`` is how many Jobcentres a
    # percentage of Jobcentres is of, so its target can be said as a number.
    held: int | None = None
    booked: int | None = None
    projected: Decimal | None = None
    out_of: int | None = None
    # A reported figure's provenance: "reported by <who> on <date> from <source>".
    reported: str = ""


class Rag(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NONE = "none"  # no target at this level (a county total seen for one Jobcentre)
    EMPTY = "empty"  # nothing to count yet (no Jobcentres, no pupils on roll, no placements)

    @property
    def label(self) -> str:
        return str(RAG_LABELS[self])

    @property
    def tag_class(self) -> str:
        return {
            Rag.GREEN: "govuk-tag--green",
            Rag.AMBER: "govuk-tag--yellow",
            Rag.RED: "govuk-tag--red",
            Rag.NONE: "govuk-tag--grey",
            Rag.EMPTY: "govuk-tag--grey",
        }[self]


RAG_LABELS = {
    Rag.GREEN: gettext_lazy("Green: on target"),
    Rag.AMBER: gettext_lazy("Amber: close to target"),
    Rag.RED: gettext_lazy("Red: off target"),
    Rag.NONE: gettext_lazy("No target here"),
    Rag.EMPTY: gettext_lazy("No data yet"),
}


def rag_for(
    *,
    actual: Decimal | None,
    target: Decimal | None,
    amber_from: Decimal,
    lower_is_better: bool = False,
) -> Rag:
    """Green at or above the target; amber from ``amber_from`` × target; red below that.

    Where lower is better (a NEET rate) it is the mirror: green at or below the target, amber
    up to (2 − ``amber_from``) × target, red above that.
    """
    if actual is None:
        return Rag.EMPTY
    if target is None:
        return Rag.NONE
    if lower_is_better:
        if actual <= target:
            return Rag.GREEN
        ceiling = ((Decimal(2) - amber_from) * target).quantize(TWO_PLACES, ROUND_HALF_UP)
        return Rag.AMBER if actual <= ceiling else Rag.RED
    if actual >= target:
        return Rag.GREEN
    if actual >= (amber_from * target).quantize(TWO_PLACES, ROUND_HALF_UP):
        return Rag.AMBER
    return Rag.RED


def share(part: int, whole: int) -> Decimal | None:
    """``part`` as a percentage of ``whole`` to two places; None when there is no whole."""
    if not whole:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(TWO_PLACES, ROUND_HALF_UP)


def format_figure(value: Decimal | None, unit: str) -> str:
    if value is None:
        return str(_("No data"))
    if value == value.to_integral():
        text = grouped(int(value))
    else:
        text = grouped(value.quantize(TWO_PLACES, ROUND_HALF_UP).normalize())
    return f"{text}%" if unit == Measure.Unit.PERCENT else text


# --- The registry -----------------------------------------------------------------------------

RuleFunction = Callable[[Period, Any], MeasureResult]


class ScopeKind(StrEnum):
    COUNTY = "county"
    HUB = "hub"
    DISTRICT = "district"
    JOBCENTRE = "jobcentre"
    SCHOOL = "school"


@dataclass(frozen=True)
class RuleSpec:
    code: str
    function: RuleFunction
    # Where the rule can count (the county always).
    scopes: frozenset[str]
    # Where the stored target means something: a county total (7,000 residents) says nothing
    # about one Jobcentre, a percentage or an average does.
    target_scopes: frozenset[str]
    computed_target: bool = False
    # The kind of event the rule counts, when it counts events: an audited change to such an
    # event after a period was frozen touches the period.
    event_kind: str | None = None


RULES: dict[str, RuleSpec] = {}

SCHOOL_SCOPES = (ScopeKind.HUB, ScopeKind.DISTRICT, ScopeKind.SCHOOL)
JOBCENTRE_SCOPES = (ScopeKind.DISTRICT, ScopeKind.JOBCENTRE)


def rule(
    code: str,
    *,
    scopes: Iterable[str] = (),
    target_everywhere: bool = True,
    computed_target: bool = False,
    event_kind: str | None = None,
) -> Callable[[RuleFunction], RuleFunction]:
    """Register the rule that counts the measure whose ``Measure.code`` is ``code``."""

    def decorator(function: RuleFunction) -> RuleFunction:
        where = frozenset({ScopeKind.COUNTY, *scopes})
        RULES[code] = RuleSpec(
            code=code,
            function=function,
            scopes=where,
            target_scopes=where if target_everywhere else frozenset({ScopeKind.COUNTY}),
            computed_target=computed_target,
            event_kind=event_kind,
        )
        return function

    return decorator


def scope_kind(scope: ScopeObject) -> ScopeKind:
    if scope is None:
        return ScopeKind.COUNTY
    if isinstance(scope, Hub):
        return ScopeKind.HUB
    if isinstance(scope, District):
        return ScopeKind.DISTRICT
    if isinstance(scope, School):
        return ScopeKind.SCHOOL
    if isinstance(scope, Organisation) and scope.kind == OrganisationKind.JOBCENTRE:
        return ScopeKind.JOBCENTRE
    raise ValueError(f"Measures are not counted for {scope!r}.")


def scope_label(scope: ScopeObject) -> str:
    return str(_("Hertfordshire")) if scope is None else str(getattr(scope, "name", scope))


# --- Scope helpers: each a queryset, never a loop ----------------------------------------------


def jobcentres_in(scope: ScopeObject) -> QuerySet[Organisation]:
    """The Hertfordshire Jobcentres a scope covers (a district: those with a venue in it)."""
    jobcentres = Organisation.objects.filter(kind=OrganisationKind.JOBCENTRE)
    if isinstance(scope, District):
        jobcentres = jobcentres.filter(
            venues__kind=Venue.Kind.JOBCENTRE, venues__district=scope
        ).distinct()
    elif isinstance(scope, Organisation):
        jobcentres = jobcentres.filter(pk=scope.pk)
    return jobcentres.order_by("name")


@memoized  # several measures and the forums panel list the same Jobcentres
def jobcentre_names(scope: ScopeObject) -> list[tuple[int, str]]:
    """(id, name) of the Jobcentres ``scope`` covers, by name."""
    if isinstance(scope, Organisation):  # a Jobcentre covers itself, and nothing else does
        return [(scope.pk, scope.name)] if scope.kind == OrganisationKind.JOBCENTRE else []
    return list(jobcentres_in(scope).values_list("pk", "name"))


def schools_in(scope: ScopeObject) -> QuerySet[School]:
    schools = School.objects.all()
    if isinstance(scope, Hub):
        return schools.filter(hub=scope)
    if isinstance(scope, District):
        return schools.filter(district=scope)
    if isinstance(scope, School):
        return schools.filter(pk=scope.pk)
    return schools


def encounters_for(scope: ScopeObject) -> QuerySet[Encounter]:
    encounters = Encounter.objects.all()
    if isinstance(scope, Hub):
        return encounters.filter(hub=scope)
    if isinstance(scope, District):
        return encounters.filter(district=scope)
    if isinstance(scope, School):
        return encounters.filter(school=scope)
    return encounters


def _in_period(kind: str, period: Period) -> QuerySet[Event]:
    return Event.objects.filter(
        kind=kind, starts_at__gte=period.starts_at, starts_at__lt=period.ends_at
    )


def held_events(kind: str, period: Period, *, now: datetime | None = None) -> QuerySet[Event]:
    """Events of ``kind`` starting in ``period`` that took place with evidence: over (completed,
    or published and ended), at least one person admitted at the door, and for a jobs fair, a
    50+ fair or a sector skills event at least one approved employer present on the day."""
    now = now or timezone.now()
    admitted = Ticket.objects.filter(event=OuterRef("pk"), checked_in_at__isnull=False)
    events = (
        _in_period(kind, period)
        .filter(
            Q(status=Event.Status.COMPLETED) | Q(status=Event.Status.PUBLISHED, ends_at__lte=now)
        )
        .filter(Exists(admitted))
    )
    if kind in EMPLOYER_EVENT_KINDS:
        present = StandApplication.objects.filter(
            event=OuterRef("pk"),
            status=StandApplication.Status.APPROVED,
            presence=StandPresence.PRESENT,
        )
        events = events.filter(Exists(present))
    return events


def booked_events(kind: str, period: Period, *, now: datetime | None = None) -> QuerySet[Event]:
    """Events of ``kind`` starting in ``period`` that are published and not over yet: what is
    booked, for "on track" (held + booked against the target)."""
    now = now or timezone.now()
    return _in_period(kind, period).filter(status=Event.Status.PUBLISHED, ends_at__gt=now)


def event_jobcentre_ids(events: QuerySet[Event]) -> dict[int, int]:
    """Event id → the Jobcentre it counts for: the Jobcentre that organised it, wherever it was
    held; else the Jobcentre whose venue hosted it. Events of neither are left out."""
    counted: dict[int, int] = {}
    for pk, organiser, organiser_kind, venue_org, venue_kind in events.values_list(
        "pk", "organiser_id", "organiser__kind", "venue__organisation_id", "venue__kind"
    ):
        jobcentre = event_counts_for(
            organiser_id=organiser,
            organiser_kind=organiser_kind,
            venue_org_id=venue_org,
            venue_kind=venue_kind,
        )
        if jobcentre is not None:
            counted[pk] = jobcentre
    return counted


def event_jobcentre_ids_together(sets: list[QuerySet[Event]]) -> list[dict[int, int]]:
    """``event_jobcentre_ids`` of several sets of events, in one statement (UNION ALL, each row
    tagged with its set)."""
    parts = [
        events.order_by().values_list(
            Value(index, output_field=IntegerField()),
            "pk",
            "organiser_id",
            "organiser__kind",
            "venue__organisation_id",
            "venue__kind",
        )
        for index, events in enumerate(sets)
    ]
    counted: list[dict[int, int]] = [{} for _events in sets]
    for index, pk, organiser, organiser_kind, venue_org, venue_kind in parts[0].union(
        *parts[1:], all=True
    ):
        jobcentre = event_counts_for(
            organiser_id=organiser,
            organiser_kind=organiser_kind,
            venue_org_id=venue_org,
            venue_kind=venue_kind,
        )
        if jobcentre is not None:
            counted[index][pk] = jobcentre
    return counted


def event_counts_together(sets: list[QuerySet[Event]], *fields: str) -> list[list[tuple[Any, ...]]]:
    """The rows (``fields``) of several sets of events, in one statement (UNION ALL)."""
    parts = [
        events.order_by().values_list(Value(index, output_field=IntegerField()), *fields)
        for index, events in enumerate(sets)
    ]
    rows: list[list[tuple[Any, ...]]] = [[] for _events in sets]
    for index, *values in parts[0].union(*parts[1:], all=True):
        rows[index].append(tuple(values))
    return rows


def events_of_jobcentre(events: QuerySet[Event], jobcentre: Organisation) -> QuerySet[Event]:
    """The events that count for ``jobcentre`` (see ``event_jobcentre_ids``)."""
    return events.filter(
        Q(organiser=jobcentre)
        | (
            Q(venue__organisation=jobcentre, venue__kind=Venue.Kind.JOBCENTRE)
            & ~Q(organiser__kind=OrganisationKind.JOBCENTRE)
        )
    )
