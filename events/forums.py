"""Reads of Voice of the Customer forum records: when a forum counts as held, what "you said,
we did" shows, and how many times each barrier theme was raised.

A forum counts as held when it took place (over, not cancelled), people took part (its record
counts at least one participant, or at least one person was admitted at the door: a forum is
often a room of people who never registered), and its record of barriers exists (at least one
barrier, or the organiser's explicit "no barriers were raised").

"You said, we did" shows only published records of forums that took place, and nothing that
names a person: themes, the participants' words with contact details removed, counts by group,
and the actions with their owner organisation, due date and status.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, OrganisationKind
from accounts.permissions import is_admin, is_lead
from events.barriers import BarrierTheme
from events.models import (
    SETTLED_ACTION_STATUSES,
    Event,
    EventKind,
    ForumAction,
    ForumBarrier,
    ForumRecord,
    Ticket,
    Venue,
)
from events.permissions import ORGANISER_ROLES
from events.programme_grid import event_counts_for, event_jobcentre_id

FORUM = EventKind.VOICE_OF_THE_CUSTOMER_FORUM


def took_place_q(now: datetime, prefix: str = "") -> Q:
    """Over and not cancelled: completed, or published and ended."""
    return Q(**{f"{prefix}status": Event.Status.COMPLETED}) | Q(
        **{f"{prefix}status": Event.Status.PUBLISHED, f"{prefix}ends_at__lte": now}
    )


def forums_held(*, now: datetime | None = None) -> QuerySet[Event]:
    """Forums that count as held (see the module's definition)."""
    now = now or timezone.now()
    admitted = Ticket.objects.filter(event=OuterRef("pk"), checked_in_at__isnull=False)
    barriers = ForumBarrier.objects.filter(record__event=OuterRef("pk"))
    return (
        Event.objects.filter(kind=FORUM)
        .filter(took_place_q(now))
        .filter(Exists(admitted) | Q(forum_record__participants__gt=0))
        .filter(Exists(barriers) | Q(forum_record__no_barriers_raised=True))
    )


def forum_record_missing(record: ForumRecord, *, now: datetime | None = None) -> list[str]:
    """What the record still lacks before the forum counts as held and the record can be
    published (empty: nothing)."""
    now = now or timezone.now()
    event = record.event
    missing = []
    if not Event.objects.filter(pk=event.pk).filter(took_place_q(now)).exists():
        missing.append(str(_("The forum must have taken place.")))
    if record.participants <= 0 and not event.tickets.filter(checked_in_at__isnull=False).exists():
        missing.append(str(_("Record how many people took part.")))
    if not record.no_barriers_raised and not record.barriers.exists():
        missing.append(str(_("Record the barriers raised, or say that no barriers were raised.")))
    return missing


def published_records(*, now: datetime | None = None) -> QuerySet[ForumRecord]:
    """Records anyone may read: published, of forums that took place."""
    now = now or timezone.now()
    return (
        ForumRecord.objects.filter(published_at__isnull=False, event__kind=FORUM)
        .filter(took_place_q(now, "event__"))
        .select_related("event", "event__organiser", "event__venue")
    )


def records_of_jobcentre(
    records: QuerySet[ForumRecord], jobcentre_id: int
) -> QuerySet[ForumRecord]:
    return records.filter(
        Q(event__organiser_id=jobcentre_id)
        | (
            Q(event__venue__organisation_id=jobcentre_id, event__venue__kind=Venue.Kind.JOBCENTRE)
            & ~Q(event__organiser__kind=OrganisationKind.JOBCENTRE)
        )
    )


@dataclass(frozen=True)
class ThemeRaised:
    """How often one barrier theme was raised in one Jobcentre in one financial year."""

    jobcentre_id: int | None
    year: int  # the financial year it starts in (2026 for 2026-27)
    theme: str
    count: int
    source: str = "forum"


def financial_year_starting(day: date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def forum_theme_counts(records: QuerySet[ForumRecord]) -> list[ThemeRaised]:
    """Barriers raised at these forums, counted by Jobcentre, financial year and theme.

    Feedback after events adds its own rows (``source`` "feedback") beside these: the figures
    and pages take any list of ``ThemeRaised``."""
    tally: Counter[tuple[int | None, int, str]] = Counter()
    rows = ForumBarrier.objects.filter(record__in=records).values_list(
        "theme",
        "record__event__starts_at",
        "record__event__organiser_id",
        "record__event__organiser__kind",
        "record__event__venue__organisation_id",
        "record__event__venue__kind",
    )
    for theme, starts_at, organiser, organiser_kind, venue_org, venue_kind in rows:
        day = timezone.localtime(starts_at).date()
        jobcentre = event_counts_for(
            organiser_id=organiser,
            organiser_kind=organiser_kind,
            venue_org_id=venue_org,
            venue_kind=venue_kind or "",
        )
        tally[(jobcentre, financial_year_starting(day), theme)] += 1
    return [ThemeRaised(j, y, t, n) for (j, y, t), n in sorted(tally.items(), key=_order)]


def _order(item: tuple[tuple[int | None, int, str], int]) -> tuple[int, int, str]:
    (jobcentre, year, theme), _count = item
    return (jobcentre or 0, year, theme)


def theme_totals(rows: Iterable[ThemeRaised]) -> list[tuple[str, str, int, int]]:
    """(theme, label, times raised at forums, times said in feedback) for every theme in the
    list's order, summed over ``rows``."""
    forums: Counter[str] = Counter()
    feedback: Counter[str] = Counter()
    for row in rows:
        (feedback if row.source == "feedback" else forums)[row.theme] += row.count
    return [
        (theme.value, str(theme.label), forums[theme.value], feedback[theme.value])
        for theme in BarrierTheme
    ]


def action_is_overdue(action: ForumAction, today: date) -> bool:
    return action.due_on < today and action.status not in SETTLED_ACTION_STATUSES


def overdue_actions(records: QuerySet[ForumRecord], today: date) -> QuerySet[ForumAction]:
    """Actions past their due date and neither done nor found not possible."""
    return ForumAction.objects.filter(record__in=records, due_on__lt=today).exclude(
        status__in=SETTLED_ACTION_STATUSES
    )


@dataclass
class JobcentreVoice:
    """One Jobcentre's "you said, we did": its published forum records."""

    jobcentre: Organisation
    records: list[ForumRecord] = field(default_factory=list)
    themes: list[tuple[str, str, int, int]] = field(default_factory=list)

    @property
    def has_themes(self) -> bool:
        return any(forums or feedback for _code, _label, forums, feedback in self.themes)

    @property
    def barrier_count(self) -> int:
        return sum(forums for _theme, _label, forums, _feedback in self.themes)


def _with_lists(records: QuerySet[ForumRecord]) -> QuerySet[ForumRecord]:
    return records.prefetch_related(
        Prefetch("barriers", queryset=ForumBarrier.objects.order_by("theme", "pk")),
        Prefetch(
            "actions",
            queryset=ForumAction.objects.select_related("owner_organisation", "barrier"),
        ),
    ).order_by("-event__starts_at")


def public_theme_rows(*, now: datetime | None = None) -> list[ThemeRaised]:
    """The barrier themes "you said, we did" counts: those of published forum records, and
    those attendees named in feedback after events (``source`` "feedback"; a Jobcentre's when
    it organised the event, else the county's only; groups of fewer than 5 answers left out)."""
    return forum_theme_counts(published_records(now=now)) + feedback_theme_rows(now=now)


def feedback_theme_rows(*, now: datetime | None = None) -> list[ThemeRaised]:
    from events.feedback_figures import feedback_barrier_counts

    jobcentres = set(
        Organisation.objects.filter(kind=OrganisationKind.JOBCENTRE).values_list("pk", flat=True)
    )
    return [
        ThemeRaised(
            jobcentre_id=row["organiser_id"] if row["organiser_id"] in jobcentres else None,
            year=row["financial_year"],
            theme=row["theme"],
            count=row["count"],
            source="feedback",
        )
        for row in feedback_barrier_counts(now=now)
        if row["count"]
    ]


def you_said_we_did(
    *, jobcentre: Organisation | None = None, now: datetime | None = None
) -> list[JobcentreVoice]:
    """Every Jobcentre (or one), with its published records and the themes raised there."""
    records = published_records(now=now)
    jobcentres = Organisation.objects.filter(kind=OrganisationKind.JOBCENTRE).order_by("name")
    if jobcentre is not None:
        jobcentres = jobcentres.filter(pk=jobcentre.pk)
        records = records_of_jobcentre(records, jobcentre.pk)
    counts = public_theme_rows(now=now)
    voices = {org.pk: JobcentreVoice(org) for org in jobcentres}
    for record in _with_lists(records):
        event = record.event
        owner = event_jobcentre_id(event)
        if owner in voices:
            voices[owner].records.append(record)
    for pk, voice in voices.items():
        voice.themes = theme_totals(row for row in counts if row.jobcentre_id == pk)
    return list(voices.values())


def forum_records_for(*, viewer: Any) -> QuerySet[ForumRecord]:
    """The records ``viewer`` may read: leads and administrators all; a forum's organisers
    (the hub's coordinators, the Jobcentre's organisers) their own; anyone else none."""
    records = ForumRecord.objects.filter(event__kind=FORUM).select_related(
        "event", "event__organiser", "event__venue"
    )
    if is_admin(viewer) or is_lead(viewer):
        return records
    if not getattr(viewer, "is_authenticated", False):
        return records.none()
    return records.filter(event__organiser_id__in=viewer.organisation_ids(*ORGANISER_ROLES))
