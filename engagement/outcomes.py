"""What fairs led to, counted from the stands' records: interviews offered, job offers, job
starts (and starts within 13 weeks, and the 50+ share of starts where known), per summary row,
per fair, per Jobcentre and per quarter; and a fair's funnel from the door to job starts.

How the day and the return combine (``engagement.outcome_definitions``): per stand, interviews
offered are the larger of the return's figure and the day's count, never their sum; offers and
starts come from the return alone. One SQL query per figure set (GROUP BY over the stands).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import District, Role, Sector
from accounts.permissions import is_admin, is_lead
from core.periods import Period, financial_quarters, financial_year
from employers.models import Employer
from engagement.ledger import COUNTED_STATUSES
from engagement.models import SbwaAcademy
from engagement.outcome_definitions import (
    INTERVIEWS_OFFERED,
    JOB_OFFERS,
    JOB_STARTS,
    JOB_STARTS_13_WEEKS,
    METHOD_ON_THE_DAY,
    METHOD_REPORTED,
)
from engagement.sbwa import METHOD, may_record_academies, sbwa_figures
from events.models import (
    Event,
    StandApplication,
    StandInteraction,
    StandReturnRevision,
    Ticket,
    VisitOutcome,
)
from events.returns import FAIR_KINDS, stands_present

FIGURES = ("interviews_offered", "job_offers", "job_starts", "job_starts_within_13_weeks")


@dataclass
class OutcomeFigures:
    interviews_offered: int = 0
    job_offers: int = 0
    job_starts: int = 0
    job_starts_within_13_weeks: int = 0
    # Starts whose age the employer gave, and of those, people aged 50 or over.
    starts_age_known: int = 0
    starts_fifty_plus: int = 0

    @property
    def fifty_plus_share(self) -> float | None:
        """The 50+ share of starts where known (None: no start's age is known)."""
        if not self.starts_age_known:
            return None
        return round(100 * self.starts_fifty_plus / self.starts_age_known, 1)


def outcome_stands_visible_to(user: Any) -> QuerySet[StandApplication]:
    """The stands whose outcome counts ``user`` may see: leads and administrators every stand,
    an employer contact its employer's, an organiser its fairs'; nobody else any."""
    stands = StandApplication.objects.all()
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return stands.none()
    if is_admin(user) or is_lead(user):
        return stands
    scope = Q(employer__organisation_id__in=user.organisation_ids(Role.EMPLOYER_CONTACT))
    scope |= Q(
        event__organiser_id__in=user.organisation_ids(Role.COORDINATOR, Role.JOBCENTRE_ORGANISER)
    )
    return stands.filter(scope)


def counted_stands(
    stands: QuerySet[StandApplication] | None = None, period: Period | None = None
) -> QuerySet[StandApplication]:
    """Stands of fairs held (not drafts, not cancelled) whose employer came, in ``period``."""
    found = stands_present().filter(event__kind__in=FAIR_KINDS, event__status__in=COUNTED_STATUSES)
    if stands is not None:
        found = found.filter(pk__in=stands.values("pk"))
    if period is not None:
        found = found.filter(
            event__starts_at__gte=period.starts_at, event__starts_at__lt=period.ends_at
        )
    return found


def _zero(expression: Any) -> Any:
    return Coalesce(expression, Value(0), output_field=IntegerField())


def _per_stand(stands: QuerySet[StandApplication]) -> QuerySet[StandApplication]:
    """Each stand with its own figures (``o_*``), by the definitions."""
    day_interviews = (
        VisitOutcome.objects.filter(
            interaction__application=OuterRef("pk"), interview_offered=True, visitor_agreed=True
        )
        .order_by()
        .values("interaction__application")
        .annotate(n=Count("pk"))
        .values("n")
    )
    by_13_weeks = (
        StandReturnRevision.objects.filter(
            stand_return__application=OuterRef("pk"), within_13_weeks=True
        )
        .order_by("-saved_at", "-pk")
        .annotate(both=F("job_starts") + F("apprenticeship_starts"))
        .values("both")[:1]
    )
    starts = _zero(F("outcome_return__job_starts")) + _zero(
        F("outcome_return__apprenticeship_starts")
    )
    return stands.annotate(
        o_day=_zero(Subquery(day_interviews)) + _zero(F("day_count__unscanned_interviews_offered")),
        o_reported=_zero(F("outcome_return__interviews_offered")),
        o_interviews=Greatest(F("o_day"), F("o_reported")),
        o_offers=_zero(F("outcome_return__job_offers")),
        o_starts=starts,
        o_starts_13=_zero(Subquery(by_13_weeks)),
        o_age_known=Case(
            When(outcome_return__starts_aged_50_plus__isnull=False, then=starts),
            default=Value(0),
            output_field=IntegerField(),
        ),
        o_fifty=_zero(F("outcome_return__starts_aged_50_plus")),
    )


_SUMS = {
    "interviews_offered": Sum("o_interviews"),
    "job_offers": Sum("o_offers"),
    "job_starts": Sum("o_starts"),
    "job_starts_within_13_weeks": Sum("o_starts_13"),
    "starts_age_known": Sum("o_age_known"),
    "starts_fifty_plus": Sum("o_fifty"),
}


def _figures(values: dict[str, Any]) -> OutcomeFigures:
    return OutcomeFigures(**{name: int(values.get(name) or 0) for name in _SUMS})


def outcome_totals(stands: QuerySet[StandApplication]) -> OutcomeFigures:
    """The figures over ``stands`` (each stand once)."""
    return _figures(_per_stand(stands).aggregate(**_SUMS))


def outcomes_by(stands: QuerySet[StandApplication], key: Any) -> dict[Any, OutcomeFigures]:
    """The figures per value of ``key`` (an expression over a stand)."""
    rows: Any = _per_stand(stands).order_by().values(key_value=key).annotate(**_SUMS)
    return {row["key_value"]: _figures(row) for row in rows}


# --- The summary's rows -------------------------------------------------------------------------

# Where a summary grouping finds a stand; groupings missing here cannot hold outcomes (0).
SUMMARY_KEYS: dict[str, Any] = {
    "employer": F("employer_id"),
    "district": F("event__venue__district_id"),
    "sector": F("employer__sectors__id"),
}
_LABELS: dict[str, Any] = {"employer": Employer, "district": District, "sector": Sector}


def summary_outcomes_add(
    rows: list[Any],
    totals: Any,
    *,
    period: Period,
    group_by: str,
    stands: QuerySet[StandApplication] | None = None,
) -> None:
    """Fill the outcome figures of a summary's rows and totals (``stands``: what the viewer may
    count; None: every stand). A group with outcomes and no encounter gets a row of its own."""
    counted = counted_stands(stands, period)
    total = outcome_totals(counted)
    for name in FIGURES:
        setattr(totals, name, getattr(total, name))
    key = SUMMARY_KEYS.get(str(group_by))
    if key is None:
        return
    found = outcomes_by(counted, key)
    by_key = {row.key: row for row in rows}
    extra = [k for k, figures in found.items() if k not in by_key and any(_values(figures))]
    names = dict(_LABELS[str(group_by)].objects.filter(pk__in=extra).values_list("pk", "name"))
    row_type = type(totals)
    for k in extra:
        label = names.get(k)
        group = gettext(str(label)) if label else gettext("Not recorded")
        rows.append(row_type(key=k, group=group))
        by_key[k] = rows[-1]
    for k, figures in found.items():
        if k in by_key:
            for name in FIGURES:
                setattr(by_key[k], name, getattr(figures, name))
    if extra:
        rows.sort(key=lambda row: (row.key is None, row.group, str(row.key)))


def _values(figures: OutcomeFigures) -> list[int]:
    return [getattr(figures, name) for name in FIGURES]


# --- A fair's funnel ----------------------------------------------------------------------------


@dataclass
class FunnelStep:
    name: str
    value: int
    definition: str


def fair_funnel(event: Event) -> list[FunnelStep]:
    """From the door to job starts at one fair: admitted, stand visits, interviews offered,
    job offers, job starts (the steps are counts of different things, each by its definition)."""
    admitted = Ticket.objects.filter(event=event, checked_in_at__isnull=False).count()
    visits = StandInteraction.objects.filter(
        application__event=event, application__status=StandApplication.Status.APPROVED
    ).count()
    figures = outcome_totals(counted_stands(StandApplication.objects.filter(event=event)))
    return [
        FunnelStep(gettext("Admitted"), admitted, gettext("Tickets admitted at the door.")),
        FunnelStep(
            gettext("Stand visits"),
            visits,
            gettext("Visitors scanned at employers' stands (one per visitor and stand)."),
        ),
        FunnelStep(
            gettext("Interviews offered"),
            figures.interviews_offered,
            gettext(
                "Per stand, the larger of the employer's return and the day's record; "
                "a return restates the day, it never adds to it."
            ),
        ),
        FunnelStep(
            gettext("Job offers"), figures.job_offers, gettext("Reported by employers after.")
        ),
        FunnelStep(
            gettext("Job starts"),
            figures.job_starts,
            gettext("Reported by employers after, apprenticeships included."),
        ),
    ]


# --- The dashboards' panel ----------------------------------------------------------------------


@dataclass
class OutcomeRow:
    label: str
    figures: OutcomeFigures
    url: str = ""


@dataclass
class OutcomePanel:
    period_label: str
    totals: OutcomeFigures
    fairs: list[OutcomeRow]
    quarters: list[OutcomeRow]
    jobcentres: list[OutcomeRow]
    definitions: list[tuple[str, str, str]]
    sbwa: dict[str, Any] | None = None


def outcome_definitions() -> list[tuple[str, str, str]]:
    """(figure, definition, method) for every outcome figure, as shown beside it."""
    return [
        (
            gettext("Interviews offered"),
            str(INTERVIEWS_OFFERED),
            gettext("%(a)s, or %(b)s") % {"a": METHOD_ON_THE_DAY, "b": METHOD_REPORTED},
        ),
        (gettext("Job offers"), str(JOB_OFFERS), str(METHOD_REPORTED)),
        (gettext("Job starts"), str(JOB_STARTS), str(METHOD_REPORTED)),
        (gettext("Starts within 13 weeks"), str(JOB_STARTS_13_WEEKS), str(METHOD_REPORTED)),
        (
            gettext("Share of starts aged 50 or over"),
            gettext(
                "Of the starts whose age the employer gave, the share by people aged 50 or over "
                "(blank when no age was given)"
            ),
            str(METHOD_REPORTED),
        ),
    ]


def _sum(figures: list[OutcomeFigures]) -> OutcomeFigures:
    return OutcomeFigures(**{name: sum(getattr(f, name) for f in figures) for name in _SUMS})


def outcome_panel(*, start_year: int, jobcentre: Any = None, viewer: Any = None) -> OutcomePanel:
    """A financial year's outcomes: per fair, per quarter and (county-wide) per Jobcentre. A
    stand belongs to one fair, so quarters, Jobcentres and the total add up the fairs."""
    year = financial_year(start_year)
    stands = counted_stands(period=year)
    if jobcentre is not None:
        stands = stands.filter(event__organiser=jobcentre)
    # Each fair's figures with what the panel shows of the fair, in one statement.
    per_fair: Any = (
        _per_stand(stands)
        .order_by()
        .values("event_id", "event__title", "event__starts_at", "event__organiser_id")
        .annotate(organiser_name=F("event__organiser__name"), **_SUMS)
        .order_by("event__starts_at", "event_id")
    )
    events = [
        {
            "pk": row["event_id"],
            "title": row["event__title"],
            "starts_at": row["event__starts_at"],
            "organiser_id": row["event__organiser_id"],
            "organiser__name": row["organiser_name"],
        }
        for row in per_fair
    ]
    by_fair = {row["event_id"]: _figures(row) for row in per_fair}
    fairs = [
        OutcomeRow(
            f"{event['title']} ({timezone.localtime(event['starts_at']):%d/%m/%Y})",
            by_fair[event["pk"]],
        )
        for event in events
    ]
    quarters = [
        OutcomeRow(
            gettext("Quarter %(n)d") % {"n": n},
            _sum(
                [
                    by_fair[event["pk"]]
                    for event in events
                    if quarter.starts_at <= event["starts_at"] < quarter.ends_at
                ]
            ),
        )
        for n, quarter in enumerate(financial_quarters(start_year), start=1)
    ]
    jobcentres = []
    if jobcentre is None:
        names = {event["organiser_id"]: event["organiser__name"] for event in events}
        jobcentres = sorted(
            (
                OutcomeRow(
                    name,
                    _sum([by_fair[e["pk"]] for e in events if e["organiser_id"] == organiser_id]),
                )
                for organiser_id, name in names.items()
            ),
            key=lambda row: row.label,
        )
    return OutcomePanel(
        period_label=year.label,
        totals=_sum(list(by_fair.values())),
        fairs=fairs,
        quarters=quarters,
        jobcentres=jobcentres,
        definitions=outcome_definitions(),
        sbwa=_sbwa_panel(year, jobcentre, viewer),
    )


def _sbwa_panel(year: Period, jobcentre: Any, viewer: Any) -> dict[str, Any]:
    academies = []
    may_record = False
    if jobcentre is not None:
        academies = list(
            SbwaAcademy.objects.filter(jobcentre=jobcentre)
            .select_related("sector")
            .order_by("-starts_on", "-pk")[:10]
        )
        may_record = viewer is not None and may_record_academies(viewer, jobcentre.pk)
    return {
        "figures": sbwa_figures(period=year, jobcentre=jobcentre),
        "method": METHOD,
        "academies": academies,
        "jobcentre": jobcentre,
        "may_record": may_record,
    }
