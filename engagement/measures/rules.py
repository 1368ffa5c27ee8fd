"""The rules that count the strategy's measures, each registered with ``@rule("code")``.

Each reads through SQL aggregates (``engagement.rollups`` for encounters): none runs a query
per school or per Jobcentre.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import District, Organisation
from core.numbers import grouped
from core.periods import Period, financial_year
from engagement.coverage import benchmark5_coverage, unique_employers_by_school
from engagement.measures.core import (
    JOBCENTRE_SCOPES,
    SCHOOL_SCOPES,
    TWO_PLACES,
    BreakdownRow,
    MeasureResult,
    ScopeKind,
    ScopeObject,
    booked_events,
    encounters_for,
    event_counts_together,
    event_jobcentre_ids_together,
    events_of_jobcentre,
    format_figure,
    held_events,
    jobcentre_names,
    jobcentres_in,
    rule,
    schools_in,
    share,
)
from engagement.models import Measure
from engagement.people import residents_with_complex_barriers
from engagement.rollups import employer_sums, summary
from engagement.sbwa import SbwaFigures, sbwa_figures
from engagement.summary_columns import GroupBy
from events.forums import forums_held, took_place_q
from events.models import Event, EventKind

# --- Helpers the rules share ----------------------------------------------------------------


def _events_in_scope(events: QuerySet[Event], scope: ScopeObject) -> QuerySet[Event]:
    if isinstance(scope, District):
        return events.filter(venue__district=scope)
    if isinstance(scope, Organisation):
        return events_of_jobcentre(events, scope)
    return events


def _every_jobcentre_held(
    kind: str,
    period: Period,
    scope: ScopeObject,
    *,
    held_in_period: QuerySet[Event] | None = None,
    incomplete: QuerySet[Event] | None = None,
) -> MeasureResult:
    """The share of Jobcentres that held an event of ``kind``: each counted for the Jobcentre
    that organised it. Booked ones (published, still to come) make the figure on track.
    ``held_in_period``: the events held, when "held" means more for ``kind`` than
    ``held_events`` asks; ``incomplete``: those that took place without all it asks."""
    jobcentres = jobcentre_names(scope)
    if held_in_period is None:
        held_in_period = held_events(kind, period)
    sets = [held_in_period, booked_events(kind, period)]
    counted = event_jobcentre_ids_together(sets + ([incomplete] if incomplete is not None else []))
    held = set(counted[0].values())
    booked = set(counted[1].values()) - held
    short = set(counted[2].values()) if incomplete is not None else set()
    done = [pk for pk, _name in jobcentres if pk in held]
    coming = [pk for pk, _name in jobcentres if pk in booked]
    detail = _("%(held)d of %(all)d Jobcentres so far in %(period)s.") % {
        "held": len(done),
        "all": len(jobcentres),
        "period": period.label,
    }
    breakdown = [
        BreakdownRow(
            name,
            str(_("Held"))
            if pk in held
            else str(_("Booked"))
            if pk in booked
            else str(_("Took place; record incomplete"))
            if pk in short
            else str(_("Not yet")),
        )
        for pk, name in jobcentres
    ]
    return MeasureResult(
        actual=share(len(done), len(jobcentres)),
        detail=detail,
        breakdown=breakdown,
        held=len(done),
        booked=len(coming),
        projected=share(len(done) + len(coming), len(jobcentres)),
        out_of=len(jobcentres),
    )


def _count_result(kind: str, period: Period, scope: ScopeObject, what: str) -> MeasureResult:
    held_rows, booked_rows = event_counts_together(
        [
            _events_in_scope(held_events(kind, period), scope),
            _events_in_scope(booked_events(kind, period), scope),
        ],
        "pk",
    )
    held, booked = len(held_rows), len(booked_rows)
    return MeasureResult(
        actual=Decimal(held),
        detail=_("%(count)d %(what)s held so far in %(period)s.")
        % {"count": held, "what": what, "period": period.label},
        held=held,
        booked=booked,
        projected=Decimal(held + booked),
    )


# --- The rules --------------------------------------------------------------------------------


@rule(
    "jobs-fair-every-jobcentre-quarterly", scopes=JOBCENTRE_SCOPES, event_kind=EventKind.JOBS_FAIR
)
def jobs_fair_every_jobcentre_quarterly(period: Period, scope: ScopeObject) -> MeasureResult:
    return _every_jobcentre_held(EventKind.JOBS_FAIR, period, scope)


@rule(
    "voice-of-the-customer-every-jobcentre",
    scopes=JOBCENTRE_SCOPES,
    event_kind=EventKind.VOICE_OF_THE_CUSTOMER_FORUM,
)
def voice_of_the_customer_every_jobcentre(period: Period, scope: ScopeObject) -> MeasureResult:
    # A forum counts when it took place, people took part and its record of barriers exists
    # (events.forums.forums_held): a room booked is not a voice heard.
    in_period = {"starts_at__gte": period.starts_at, "starts_at__lt": period.ends_at}
    held = forums_held().filter(**in_period)
    took_place = Event.objects.filter(kind=EventKind.VOICE_OF_THE_CUSTOMER_FORUM, **in_period)
    return _every_jobcentre_held(
        EventKind.VOICE_OF_THE_CUSTOMER_FORUM,
        period,
        scope,
        held_in_period=held,
        incomplete=took_place.filter(took_place_q(timezone.now())).exclude(pk__in=held),
    )


@rule(
    "fifty-plus-jobs-fairs",
    scopes=JOBCENTRE_SCOPES,
    target_everywhere=False,
    event_kind=EventKind.FIFTY_PLUS_JOBS_FAIR,
)
def fifty_plus_jobs_fairs_held(period: Period, scope: ScopeObject) -> MeasureResult:
    return _count_result(EventKind.FIFTY_PLUS_JOBS_FAIR, period, scope, str(_("50+ jobs fairs")))


def _fifty_plus(rows: list[tuple[Any, ...]]) -> int:
    # Audiences are a JSON list, which SQLite cannot search inside: the year's few workshops
    # are read and filtered here.
    return sum(1 for (audience,) in rows if "fifty_plus" in (audience or []))


@rule("fifty-plus-employer-workshop", event_kind=EventKind.EMPLOYER_WORKSHOP)
def fifty_plus_employer_workshop_held(period: Period, scope: ScopeObject) -> MeasureResult:
    held_rows, booked_rows = event_counts_together(
        [
            held_events(EventKind.EMPLOYER_WORKSHOP, period),
            booked_events(EventKind.EMPLOYER_WORKSHOP, period),
        ],
        "audiences",
    )
    held, booked = _fifty_plus(held_rows), _fifty_plus(booked_rows)
    return MeasureResult(
        actual=Decimal(held),
        detail=_("%(count)d %(what)s held so far in %(period)s.")
        % {"count": held, "what": _("workshops on 50+ workers"), "period": period.label},
        held=held,
        booked=booked,
        projected=Decimal(held + booked),
    )


@rule(
    "sector-skills-events",
    scopes=(ScopeKind.DISTRICT,),
    target_everywhere=False,
    event_kind=EventKind.SECTOR_SKILLS_EVENT,
)
def sector_skills_events_held(period: Period, scope: ScopeObject) -> MeasureResult:
    return _count_result(
        EventKind.SECTOR_SKILLS_EVENT, period, scope, str(_("sector skills events"))
    )


def _placements(period: Period, scope: ScopeObject) -> SbwaFigures:
    """The academy figures at the Jobcentres ``scope`` covers (a Jobcentre's own read as its
    page reads them, so the page counts them once)."""
    if isinstance(scope, Organisation) or scope is None:  # None: at every Jobcentre
        return sbwa_figures(period=period, jobcentre=scope)
    return sbwa_figures(period=period, jobcentres=jobcentres_in(scope))


@rule("sbwa-placements-year-on-year", scopes=JOBCENTRE_SCOPES, computed_target=True)
def sbwa_placements_year_on_year(period: Period, scope: ScopeObject) -> MeasureResult:
    """This financial year's placements against last year's plus one."""
    last_year = financial_year(period.start.year - 1)
    figures = _placements(period, scope)
    return MeasureResult(
        actual=Decimal(figures.placements),
        target=Decimal(figures.placements_year_before + 1),
        detail=_("%(this)d placements so far in %(period)s; %(last)d in %(last_period)s.")
        % {
            "this": figures.placements,
            "period": period.label,
            "last": figures.placements_year_before,
            "last_period": last_year.label,
        },
    )


@rule("sbwa-placements-fifty-plus", scopes=JOBCENTRE_SCOPES)
def sbwa_placements_fifty_plus_share(period: Period, scope: ScopeObject) -> MeasureResult:
    figures = _placements(period, scope)
    return MeasureResult(
        actual=share(figures.fifty_plus, figures.placements),
        detail=_("%(older)d of %(all)d placements in %(period)s were for people aged 50+.")
        % {"older": figures.fifty_plus, "all": figures.placements, "period": period.label},
    )


@rule("complex-barriers-residents", scopes=JOBCENTRE_SCOPES, target_everywhere=False)
def complex_barriers_residents_engaged(period: Period, scope: ScopeObject) -> MeasureResult:
    """Distinct people in the financial year (see ``residents_with_complex_barriers``)."""
    count = residents_with_complex_barriers(period, scope)
    return MeasureResult(
        actual=Decimal(count),
        detail=_("%(count)s residents so far in %(period)s.")
        % {"count": grouped(count), "period": period.label},
    )


@rule("benchmark-5-coverage", scopes=SCHOOL_SCOPES)
def benchmark5_coverage_share(period: Period, scope: ScopeObject) -> MeasureResult:
    coverage = benchmark5_coverage(period=period, schools=schools_in(scope))
    by_year: dict[int, list[int]] = {year: [0, 0] for year in range(7, 14)}
    for row in coverage:
        by_year[row.year_group][0] += row.covered
        by_year[row.year_group][1] += row.on_roll
    covered = sum(row.covered for row in coverage)
    on_roll = sum(row.on_roll for row in coverage)
    return MeasureResult(
        actual=share(covered, on_roll),
        detail=_("%(covered)s of %(on_roll)s pupils on roll in %(period)s.")
        % {"covered": grouped(covered), "on_roll": grouped(on_roll), "period": period.label},
        breakdown=[
            BreakdownRow(
                str(_("Year %(n)d") % {"n": year}),
                format_figure(share(done, roll), Measure.Unit.PERCENT),
                f"{grouped(done)} / {grouped(roll)}",
            )
            for year, (done, roll) in by_year.items()
            if roll
        ],
    )


@rule("unique-employers-per-school", scopes=SCHOOL_SCOPES)
def unique_employers_per_school(period: Period, scope: ScopeObject) -> MeasureResult:
    schools = schools_in(scope)
    count = schools.count()
    met = unique_employers_by_school(period=period, schools=schools)
    average = (
        (Decimal(sum(met.values())) / Decimal(count)).quantize(TWO_PLACES, ROUND_HALF_UP)
        if count
        else None
    )
    return MeasureResult(
        actual=average,
        detail=_("%(schools)d schools; %(none)d met no employer yet in %(period)s.")
        % {"schools": count, "none": count - len(met), "period": period.label},
    )


@rule("employer-encounters", scopes=SCHOOL_SCOPES, target_everywhere=False)
def employer_encounters_by_sector(period: Period, scope: ScopeObject) -> MeasureResult:
    rows = summary(
        period=period,
        group_by=GroupBy.SECTOR,
        queryset=encounters_for(scope).filter(employer__isnull=False),
        people_too=False,  # sums only: distinct people and attendance are not shown here
    )
    total = employer_sums(period=period, queryset=encounters_for(scope)).employer_encounters
    return MeasureResult(
        actual=Decimal(total),
        detail=_("%(count)s encounters with employers in %(period)s.")
        % {"count": grouped(total), "period": period.label},
        breakdown=[
            BreakdownRow(row.group, grouped(row.encounters))
            for row in sorted(rows, key=lambda row: -row.encounters)
        ],
    )


@rule("priority-sector-encounters", scopes=SCHOOL_SCOPES)
def priority_sector_encounters_share(period: Period, scope: ScopeObject) -> MeasureResult:
    totals = employer_sums(period=period, queryset=encounters_for(scope))
    return MeasureResult(
        actual=share(totals.priority_sector_encounters, totals.employer_encounters),
        detail=_("%(part)s of %(all)s encounters with employers in %(period)s.")
        % {
            "part": grouped(totals.priority_sector_encounters),
            "all": grouped(totals.employer_encounters),
            "period": period.label,
        },
    )


@rule("sme-encounters", scopes=SCHOOL_SCOPES)
def sme_encounters_share(period: Period, scope: ScopeObject) -> MeasureResult:
    totals = employer_sums(period=period, queryset=encounters_for(scope))
    return MeasureResult(
        actual=share(totals.sme_encounters, totals.employer_encounters),
        detail=_("%(part)s of %(all)s encounters with employers in %(period)s.")
        % {
            "part": grouped(totals.sme_encounters),
            "all": grouped(totals.employer_encounters),
            "period": period.label,
        },
    )
