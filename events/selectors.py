"""Reads for events: what a viewer may see, places left, tickets by token, calendar feeds
(the programme grid is in ``events.programme_grid``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from accounts.permissions import is_admin, is_lead, visible
from core.periods import financial_quarter_of, financial_year, financial_year_of
from core.phones import InvalidPhoneNumber, normalise_uk_phone
from events.models import (
    CalendarFeed,
    Event,
    Registration,
    StandApplication,
    Ticket,
)
from events.tickets import is_well_formed_token

# --- Periods -----------------------------------------------------------------------------------


def financial_year_and_quarter(day: date) -> tuple[int, int]:
    """(financial year, quarter) of ``day``: the year starts on 1 April, Q1 = April–June."""
    period = financial_quarter_of(day)
    return financial_year_of(day).start.year, int(period.label[-1])


def financial_year_bounds(start_year: int) -> tuple[datetime, datetime]:
    """[1 April, next 1 April) in Europe/London, as aware datetimes."""
    period = financial_year(start_year)
    return period.starts_at, period.ends_at


# --- Counting places and stands (the services call these inside the event lock) ----------------


def places_taken(event: Event) -> int:
    """Places held by valid tickets (confirmed people and school-group pupils)."""
    return Ticket.objects.filter(event=event, status=Ticket.Status.VALID).count()


def stands_held(event: Event) -> int:
    """Stands allocated (approved) or held while the organiser decides (pending)."""
    return StandApplication.objects.filter(
        event=event, status__in=StandApplication.HOLDING_STATUSES
    ).count()


@dataclass(frozen=True)
class EventFigures:
    capacity: int
    places_taken: int
    waitlisted: int
    registrations: int
    adjustments_requested: int
    stand_capacity: int
    stands_approved: int
    stands_pending: int
    stands_waitlisted: int

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.places_taken, 0)

    @property
    def stands_left(self) -> int:
        return max(self.stand_capacity - self.stands_approved - self.stands_pending, 0)


def event_figures(*, event: Event) -> EventFigures:
    """The organiser's headline numbers for one event, in three queries."""
    places = Ticket.objects.filter(event=event, status=Ticket.Status.VALID).count()
    people = Registration.objects.filter(event=event).aggregate(
        waitlisted=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
        registrations=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
        adjustments=Count(
            "pk", filter=Q(status=Registration.Status.CONFIRMED) & ~Q(adjustments=[])
        ),
    )
    stands = StandApplication.objects.filter(event=event).aggregate(
        approved=Count("pk", filter=Q(status=StandApplication.Status.APPROVED)),
        pending=Count("pk", filter=Q(status=StandApplication.Status.PENDING)),
        waitlisted=Count("pk", filter=Q(status=StandApplication.Status.WAITLISTED)),
    )
    return EventFigures(
        capacity=event.capacity,
        places_taken=places,
        waitlisted=people["waitlisted"],
        registrations=people["registrations"],
        adjustments_requested=people["adjustments"],
        stand_capacity=event.stand_capacity,
        stands_approved=stands["approved"],
        stands_pending=stands["pending"],
        stands_waitlisted=stands["waitlisted"],
    )


# --- Lists a viewer may see --------------------------------------------------------------------


@dataclass(frozen=True)
class EventFilters:
    kind: str | None = None
    starts_from: datetime | None = None
    starts_to: datetime | None = None
    venue_id: int | None = None
    district_id: int | None = None
    status: str | None = None
    mine: bool = False


def event_list(*, viewer: User, filters: EventFilters | None = None) -> QuerySet[Event]:
    """Events ``viewer`` may see (published ones, and their own drafts), filtered."""
    filters = filters or EventFilters()
    events = visible(viewer, Event.objects.all()).select_related(
        "venue", "venue__district", "organiser"
    )
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.starts_from:
        events = events.filter(starts_at__gte=filters.starts_from)
    if filters.starts_to:
        events = events.filter(starts_at__lt=filters.starts_to)
    if filters.venue_id:
        events = events.filter(venue_id=filters.venue_id)
    if filters.district_id:
        events = events.filter(venue__district_id=filters.district_id)
    if filters.status:
        events = events.filter(status=filters.status)
    if filters.mine:
        events = events.filter(
            organiser_id__in=viewer.organisation_ids(Role.COORDINATOR, Role.JOBCENTRE_ORGANISER)
        )
    return events.order_by("starts_at", "pk")


def public_events() -> QuerySet[Event]:
    """Events anyone may see without signing in: published, cancelled (so people learn of it),
    and held ones."""
    return Event.objects.filter(status__in=Event.PUBLIC_STATUSES).select_related("venue")


def registration_list(
    *,
    event: Event,
    viewer: User,
    status: str | None = None,
    category: str | None = None,
    with_adjustments: bool = False,
    search: str = "",
) -> QuerySet[Registration]:
    """An event's registrations the viewer may see (organisers: all; a Careers Leader: their
    school's groups), adjustments first so nobody misses them. ``search``: part of the name,
    e-mail address or phone number, or a whole ticket number."""
    registrations = visible(viewer, Registration.objects.filter(event=event)).select_related(
        "school"
    )
    if search := search.strip():
        registrations = registrations.filter(_registration_search(search))
    if status:
        registrations = registrations.filter(status=status)
    if category:
        registrations = registrations.filter(category=category)
    if with_adjustments:
        registrations = registrations.exclude(adjustments=[])
    return registrations.prefetch_related("tickets").order_by("status", "created_at", "pk")


def _registration_search(text: str) -> Q:
    match = (
        Q(name__icontains=text)
        | Q(email__icontains=text)
        | Q(phone__contains=text)
        | Q(Exists(Ticket.objects.filter(registration=OuterRef("pk"), number__iexact=text)))
    )
    try:
        phone = normalise_uk_phone(text)
    except InvalidPhoneNumber:
        return match
    return match | Q(phone=phone) if phone else match


def stand_application_list(
    *, viewer: User, event: Event | None = None, status: str | None = None
) -> QuerySet[StandApplication]:
    """Stand applications the viewer may see: organisers theirs, employer contacts their own."""
    applications = visible(viewer, StandApplication.objects.all()).select_related(
        "event", "employer", "applied_by"
    )
    if event is not None:
        applications = applications.filter(event=event)
    if status:
        applications = applications.filter(status=status)
    return applications.prefetch_related("sectors", "vacancies").order_by(
        "event__starts_at", "created_at"
    )


# --- Tickets -----------------------------------------------------------------------------------


def ticket_by_token(token: str) -> Ticket | None:
    """The ticket a scanned token belongs to, with its registration and event, in one indexed
    query; ``None`` for unknown or malformed tokens (which never reach the database)."""
    if not is_well_formed_token(token):
        return None
    return (
        Ticket.objects.select_related("registration", "registration__school", "event")
        .filter(token=token)
        .first()
    )


# --- Calendar feeds ----------------------------------------------------------------------------


def user_calendar_events(*, user: User) -> QuerySet[Event]:
    """A person's own events: those they organise, their employer's stands (approved), their
    school's group bookings, and events they registered for with their account's e-mail."""
    organiser_ids = user.organisation_ids(Role.COORDINATOR, Role.JOBCENTRE_ORGANISER)
    employer_ids = user.organisation_ids(Role.EMPLOYER_CONTACT)
    school_ids = user.organisation_ids(Role.CAREERS_LEADER)
    live = ~Q(registrations__status=Registration.Status.CANCELLED)
    mine = (
        Q(organiser_id__in=organiser_ids)
        | Q(
            stand_applications__employer__organisation_id__in=employer_ids,
            stand_applications__status=StandApplication.Status.APPROVED,
        )
        | (Q(registrations__school__organisation_id__in=school_ids) & live)
        | (Q(registrations__email__iexact=user.email) & live)
    )
    ids = Event.objects.filter(mine).values("pk")
    return public_events().filter(pk__in=ids).order_by("starts_at", "pk")


def feed_events(feed: CalendarFeed, *, now: datetime | None = None) -> list[Event]:
    """What a subscribed calendar shows: public events from a year ago onwards."""
    since = (now or timezone.now()) - timedelta(days=365)
    if feed.kind == CalendarFeed.Kind.USER and feed.user is not None:
        events = user_calendar_events(user=feed.user)
    elif feed.kind == CalendarFeed.Kind.VENUE and feed.venue_id is not None:
        events = public_events().filter(venue_id=feed.venue_id)
    elif feed.kind == CalendarFeed.Kind.HUB and feed.hub is not None:
        events = public_events().filter(organiser_id=feed.hub.organisation_id)
    else:
        return []
    return list(events.filter(ends_at__gte=since).select_related("venue").order_by("starts_at"))


def feed_name(feed: CalendarFeed) -> str:
    if feed.kind == CalendarFeed.Kind.USER and feed.user is not None:
        return str(_("Herts fairs: my events"))
    if feed.kind == CalendarFeed.Kind.VENUE and feed.venue is not None:
        return str(_("Herts fairs at %(venue)s") % {"venue": feed.venue.name})
    if feed.kind == CalendarFeed.Kind.HUB and feed.hub is not None:
        return str(_("Herts fairs: %(hub)s") % {"hub": feed.hub.name})
    return str(_("Herts fairs"))


def feed_by_token(token: str) -> CalendarFeed | None:
    if not is_well_formed_token(token):
        return None
    return CalendarFeed.objects.select_related("user", "venue", "hub").filter(token=token).first()


# --- Reminders ---------------------------------------------------------------------------------


def registrations_due_reminder(*, day: date) -> QuerySet[Registration]:
    """Confirmed registrations with an e-mail address for published events starting on ``day``
    (Europe/London) that have not had their reminder."""
    tz = timezone.get_default_timezone()
    start = datetime(day.year, day.month, day.day, tzinfo=tz)
    end = start + timedelta(days=1)
    # Midnight to midnight in London, also on a 23- or 25-hour clock-change day.
    end = datetime(end.year, end.month, end.day, tzinfo=tz)
    return Registration.objects.filter(
        event__status=Event.Status.PUBLISHED,
        event__starts_at__gte=start,
        event__starts_at__lt=end,
        status=Registration.Status.CONFIRMED,
        reminder_sent_at__isnull=True,
    ).exclude(email="", phone="")


# --- HTML pages --------------------------------------------------------------------------------


def _count_of(queryset: QuerySet) -> Coalesce:
    """A correlated COUNT(*) subquery: several counts on one list without multiplying rows."""
    counted = queryset.order_by().values("event").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _places_taken_tallied() -> Coalesce:
    """The event's valid tickets, as the database keeps them counted (``EventTally``): one
    joined row per event, not a count over its tickets."""
    return Coalesce(F("tally__places_taken"), 0)


def with_places_and_stands(events: QuerySet[Event]) -> QuerySet[Event]:
    """``events`` with what ``places_taken`` and ``stands_held`` count, for a whole list in one
    query: ``places_taken_count``, ``places_left_count`` (capacity less places taken; below
    zero only if capacity was lowered by hand) and ``stands_held_count``. Pages and the API both
    read places left here."""
    held = StandApplication.objects.filter(
        event=OuterRef("pk"), status__in=StandApplication.HOLDING_STATUSES
    )
    return events.annotate(
        places_taken_count=_places_taken_tallied(),
        stands_held_count=_count_of(held),
    ).annotate(places_left_count=F("capacity") - F("places_taken_count"))


def public_upcoming_events(
    *,
    kind: str | None = None,
    district_id: int | None = None,
    starts_from: datetime | None = None,
    now: datetime | None = None,
) -> QuerySet[Event]:
    """Published events not yet over (and starting from ``starts_from``), for anyone: venue and
    district joined, places taken counted in the same query (``places_taken_count``)."""
    now = now or timezone.now()
    events = Event.objects.filter(status=Event.Status.PUBLISHED, ends_at__gt=now).select_related(
        "venue", "venue__district"
    )
    events = with_places_and_stands(events)
    if kind:
        events = events.filter(kind=kind)
    if district_id:
        events = events.filter(venue__district_id=district_id)
    if starts_from:
        events = events.filter(starts_at__gte=starts_from)
    return events.order_by("starts_at", "pk")


def approved_stands(*, event: Event) -> QuerySet[StandApplication]:
    """The employers attending an event (approved stands), by stand number."""
    return (
        StandApplication.objects.filter(event=event, status=StandApplication.Status.APPROVED)
        .select_related("employer")
        .order_by("stand_number", "employer__name")
    )


def organiser_event_list(*, viewer: User, status: str | None = None) -> QuerySet[Event]:
    """The events a coordinator or Jobcentre organiser runs (leads and admins: all of them),
    with their headline counts, in one query."""
    events = visible(viewer, Event.objects.all())
    if not (is_admin(viewer) or is_lead(viewer)):
        events = events.filter(
            organiser_id__in=viewer.organisation_ids(Role.COORDINATOR, Role.JOBCENTRE_ORGANISER)
        )
    if status:
        events = events.filter(status=status)
    registrations = Registration.objects.filter(event=OuterRef("pk"))
    stands = StandApplication.objects.filter(event=OuterRef("pk"))
    return (
        events.select_related("venue", "organiser")
        .annotate(
            places_taken_count=_places_taken_tallied(),
            waitlisted_count=_count_of(registrations.filter(status=Registration.Status.WAITLISTED)),
            adjustments_count=_count_of(
                registrations.filter(status=Registration.Status.CONFIRMED).exclude(adjustments=[])
            ),
            stands_approved_count=_count_of(stands.filter(status=StandApplication.Status.APPROVED)),
            stands_pending_count=_count_of(stands.filter(status=StandApplication.Status.PENDING)),
        )
        .order_by("starts_at", "pk")
    )


def adjustment_counts(registrations: QuerySet[Registration]) -> dict[str, int]:
    """How many of ``registrations`` asked for each adjustment, and in all (``"any"``): one
    query. ``icontains`` on the JSON text works alike on SQLite and PostgreSQL."""
    from events.models import Adjustment

    aggregates = {
        code: Count("pk", filter=Q(adjustments__icontains=f'"{code}"'))
        for code in Adjustment.values
    }
    aggregates["any"] = Count("pk")
    # Only the rows that asked for something are searched, one LIKE per adjustment each.
    return registrations.exclude(adjustments=[]).order_by().aggregate(**aggregates)


def stand_applications_of_employer_contact(*, viewer: User) -> QuerySet[StandApplication]:
    """An employer contact's own applications, with each waitlisted one's place in the queue."""
    ahead = StandApplication.objects.filter(
        event=OuterRef("event"),
        status=StandApplication.Status.WAITLISTED,
        waitlisted_at__lte=OuterRef("waitlisted_at"),
    )
    return (
        StandApplication.objects.filter(
            employer__organisation_id__in=viewer.organisation_ids(Role.EMPLOYER_CONTACT)
        )
        .select_related("event", "event__venue", "employer")
        .annotate(waitlist_position=_count_of(ahead))
        .order_by("-event__starts_at", "-created_at")
    )


def events_open_for_stands(*, now: datetime | None = None) -> QuerySet[Event]:
    """Published, upcoming events with employer stands whose applications are still open."""
    now = now or timezone.now()
    return (
        Event.objects.filter(status=Event.Status.PUBLISHED, stand_capacity__gt=0, starts_at__gt=now)
        .filter(Q(registration_closes_at__isnull=True) | Q(registration_closes_at__gt=now))
        .select_related("venue", "venue__district")
        .order_by("starts_at", "pk")
    )


def events_open_to_pupils(*, now: datetime | None = None) -> QuerySet[Event]:
    """Published, upcoming events a school group may be booked onto."""
    now = now or timezone.now()
    events = (
        Event.objects.filter(status=Event.Status.PUBLISHED, starts_at__gt=now)
        .filter(Q(audiences=[]) | Q(audiences__icontains='"pupils"'))
        .filter(Q(registration_closes_at__isnull=True) | Q(registration_closes_at__gt=now))
        .select_related("venue", "venue__district")
    )
    return with_places_and_stands(events).order_by("starts_at", "pk")
