"""DEMO DATA for events: the 2026-27 programme, with its history, its gaps and its bookings.

What it adds (every name, date choice and booking is INVENTED for the demo):
- the 2026-27 programme of jobs fairs, one per quarter at every Jobcentre (``programme_generate``);
  quarters already over are marked held, except two deliberate gaps (Hatfield Q2, Hertford Q3,
  cancelled) so the programme grid shows "missing" cells; the rest are published, registration
  open;
- the Voice of the Customer forum at every Jobcentre (Stevenage's moved to January and kept
  small, so it has a waiting list and adjustments to plan for), the two sector skills events, two
  50+ jobs fairs, one careers fair per Careers Hub;
- two extra Stevenage jobs fairs dated from the day the demo is loaded (two and six weeks on), so
  ``jobcentre@example.org`` always has upcoming fairs at its own Jobcentre;
- attendee registrations (some asking for adjustments, one by phone only, a waiting list on the
  small forum), a school group booked by ``careersleader@example.org``, and stand applications
  from demo employers, ``employer@example.org``'s among them (approved, pending, waitlisted).

Writes go through the events services, so the demo obeys the same rules as users (capacity,
waiting list, ticket numbers, stand numbers). Two exceptions, each said where it happens: past
events are marked held directly (the services rightly refuse to publish an event in the past),
and the demo's rows are marked "already told" in the same transaction, so the e-mail tasks the
services queue find nothing to send — seeding never e-mails anyone.

Idempotent (every row is found by its natural key before it is made) and deterministic (names
come from ``random.Random`` seeded from 2026 and the row's key).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import F
from django.utils import timezone

from accounts.models import Organisation, OrganisationKind, Sector, User
from demo import data
from demo.seed_bookings import (
    Counter,
    People,
    book_registrations,
    book_stands,
)
from events.calendars import LONDON
from events.models import (
    Event,
    EventAudience,
    EventKind,
    Registration,
    StandApplication,
    Venue,
)
from events.programmes import programme_generate
from events.services import (
    event_cancel,
    event_create,
    event_publish,
    event_update,
)

FINANCIAL_YEAR = 2026

# Deliberate gaps in the jobs-fair grid: (Jobcentre town, quarter, reason).
GAPS = [
    ("Hatfield", 2, "The room was double-booked with a benefits surgery; not rearranged."),
    ("Hertford", 3, "Too few employers signed up in time; the fair was called off."),
]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def _wednesday_on_or_after(day: date) -> date:
    return day + timedelta(days=(2 - day.weekday()) % 7)


@dataclass
class _Plan:
    """An event outside the yearly programmes."""

    kind: str
    title: str
    venue: Venue
    day: date
    hours: tuple[int, int]
    capacity: int
    stand_capacity: int
    audiences: Sequence[str]
    sectors: list[str]
    description: str
    year_groups: list[int] = field(default_factory=list)


def seed_demo_events() -> dict[str, int]:
    """Load the events demo (call inside seed_demo's transaction). Returns what the demo holds
    and how many rows this run created and updated (both 0 on a second run)."""
    users = {user.email: user for user in User.objects.filter(email__in=_DEMO_EMAILS)}
    people = People(
        organiser=users["jobcentre@example.org"],
        coordinator=users["coordinator@example.org"],
        careers_leader=users["careersleader@example.org"],
        employer_contact=users["employer@example.org"],
        admin=users["admin@example.org"],
    )
    now = timezone.now()
    counter = Counter()
    venues = {venue.name: venue for venue in Venue.objects.all()}
    started_with = Event.objects.count()

    jobs_fairs = programme_generate(
        financial_year=FINANCIAL_YEAR, kind=EventKind.JOBS_FAIR, by=people.coordinator
    ).programme
    forums = programme_generate(
        financial_year=FINANCIAL_YEAR,
        kind=EventKind.VOICE_OF_THE_CUSTOMER_FORUM,
        by=people.coordinator,
    ).programme
    hub_north_east = Organisation.objects.get(kind=OrganisationKind.HUB, name=data.HUB_NORTH_EAST)
    hub_south_west = Organisation.objects.get(kind=OrganisationKind.HUB, name=data.HUB_SOUTH_WEST)
    skills = programme_generate(
        financial_year=FINANCIAL_YEAR,
        kind=EventKind.SECTOR_SKILLS_EVENT,
        by=people.coordinator,
        organiser=hub_north_east,
    ).programme

    # Drafts the programme made that the organisers have since settled (first run only: once
    # published or held, an event is left as it is).
    stevenage = venues[data.JOBCENTRE_STEVENAGE]
    forum = forums.events.get(venue=stevenage)
    if forum.status == Event.Status.DRAFT:
        # Moved to January and kept small: a waiting list and adjustments to plan for.
        day = date(2027, 1, 20)
        event_update(
            event=forum,
            by=people.organiser,
            starts_at=_at(day, 10),
            ends_at=_at(day, 12, 30),
            adjustments_deadline=_at(day - timedelta(days=21), 17),
            capacity=12,
        )
        counter.updated += 1
    for event, venue_name in zip(
        skills.events.order_by("starts_at"),
        ["Comet Way College — Great Hall", "Watford Junction College — Sports Hall"],
        strict=True,
    ):
        if event.status == Event.Status.DRAFT and event.venue_id is None:
            event_update(event=event, by=people.admin, venue=venues[venue_name])
            counter.updated += 1
    for town, quarter, reason in GAPS:
        venue = venues[data.jobcentre_name(town)]
        gap = jobs_fairs.events.get(programme_slot=f"venue:{venue.pk}:Q{quarter}")
        if gap.status != Event.Status.CANCELLED:
            event_cancel(event=gap, by=people.admin, reason=reason)
            counter.updated += 1

    extra = _extra_events(people, venues, hub_north_east, hub_south_west, now, counter)
    counter.updated += _settle_statuses(
        [jobs_fairs.pk, forums.pk, skills.pk], extra, people.admin, now
    )
    counter.created += Event.objects.count() - started_with
    for event in [*extra.values(), forum]:
        event.refresh_from_db()  # published or held just now

    book_registrations(people, forum, extra, now, counter)
    book_stands(people, extra, now, counter)
    # The demo's people are "already told", in this transaction: the confirmation and stand
    # e-mails the services queued for after the commit find nothing to send.
    Registration.objects.filter(
        pk__in=counter.registration_ids, confirmation_sent_at__isnull=True
    ).update(confirmation_sent_at=now)
    StandApplication.objects.filter(pk__in=counter.application_ids).exclude(
        notified_status=F("status")
    ).update(notified_status=F("status"))

    return {
        "events": Event.objects.count(),
        "registrations": Registration.objects.count(),
        "stand_applications": StandApplication.objects.count(),
        "created": counter.created,
        "updated": counter.updated,
    }


_DEMO_EMAILS = [
    "jobcentre@example.org",
    "coordinator@example.org",
    "careersleader@example.org",
    "employer@example.org",
    "admin@example.org",
]


def _extra_events(
    people: People,
    venues: dict[str, Venue],
    hub_north_east: Organisation,
    hub_south_west: Organisation,
    now: datetime,
    counter: Counter,
) -> dict[str, Event]:
    """Events outside the yearly programmes, found by (organiser, title)."""
    stevenage_jc = venues[data.JOBCENTRE_STEVENAGE]
    watford_jc = venues[data.jobcentre_name("Watford")]
    stevenage_org = stevenage_jc.organisation
    watford_org = watford_jc.organisation
    if stevenage_org is None or watford_org is None:
        raise ValueError("Demo data: every Jobcentre venue belongs to its Jobcentre.")
    today = timezone.localdate(now)
    # Dated from the day the demo is first loaded, so the Jobcentre login always has
    # upcoming fairs to show; found again by title on later runs, so never duplicated.
    soon = _wednesday_on_or_after(today + timedelta(days=14))
    later = _wednesday_on_or_after(today + timedelta(days=42))
    jobs = [EventAudience.JOBSEEKERS, EventAudience.FIFTY_PLUS, EventAudience.EMPLOYERS]
    pupils = [EventAudience.PUPILS, EventAudience.EMPLOYERS, EventAudience.SKILLS_PROVIDERS]
    plans = [
        (
            "stevenage_winter",
            stevenage_org,
            people.organiser,
            _Plan(
                kind=EventKind.JOBS_FAIR,
                title="Stevenage jobs fair: retail, logistics and care vacancies",
                venue=stevenage_jc,
                day=soon,
                hours=(10, 14),
                capacity=120,
                stand_capacity=6,
                audiences=jobs,
                sectors=["retail", "high-end-logistics", "health-social-care"],
                description="Employers recruiting now in Stevenage and North Hertfordshire. "
                "Bring a CV if you have one; advisers can help on the day.",
            ),
        ),
        (
            "stevenage_apprenticeships",
            stevenage_org,
            people.organiser,
            _Plan(
                kind=EventKind.JOBS_FAIR,
                title="Stevenage jobs fair: apprenticeships and traineeships",
                venue=stevenage_jc,
                day=later,
                hours=(13, 16),
                capacity=100,
                stand_capacity=12,
                audiences=jobs,
                sectors=["engineering-manufacturing", "life-sciences", "digital"],
                description="Apprenticeships, traineeships and sector-based work academy "
                "places with a guaranteed interview.",
            ),
        ),
        (
            "fifty_plus_stevenage",
            stevenage_org,
            people.organiser,
            _Plan(
                kind=EventKind.FIFTY_PLUS_JOBS_FAIR,
                title="50+ jobs fair, Stevenage",
                venue=venues["Bedwell Community Hall"],
                day=date(2027, 1, 27),
                hours=(10, 13),
                capacity=80,
                stand_capacity=10,
                audiences=[EventAudience.FIFTY_PLUS, EventAudience.EMPLOYERS],
                sectors=["health-social-care", "retail", "financial-business-services"],
                description="Employers who value experience, and advice on changing career "
                "after 50.",
            ),
        ),
        (
            "fifty_plus_watford",
            watford_org,
            people.admin,
            _Plan(
                kind=EventKind.FIFTY_PLUS_JOBS_FAIR,
                title="50+ jobs fair, Watford",
                venue=watford_jc,
                day=date(2027, 3, 17),
                hours=(10, 13),
                capacity=70,
                stand_capacity=8,
                audiences=[EventAudience.FIFTY_PLUS, EventAudience.EMPLOYERS],
                sectors=["high-end-logistics", "leisure-hospitality"],
                description="Flexible and part-time roles with employers who value experience.",
            ),
        ),
        (
            "careers_fair_north_east",
            hub_north_east,
            people.coordinator,
            _Plan(
                kind=EventKind.CAREERS_FAIR,
                title="North and East Hertfordshire careers fair",
                venue=venues["Comet Way College — Great Hall"],
                day=date(2027, 2, 3),
                hours=(9, 15),
                capacity=400,
                stand_capacity=30,
                audiences=pupils,
                year_groups=[9, 10, 11, 12, 13],
                sectors=["engineering-manufacturing", "life-sciences", "digital"],
                description="Employers, colleges and universities for Years 9 to 13.",
            ),
        ),
        (
            "careers_fair_south_west",
            hub_south_west,
            people.admin,
            _Plan(
                kind=EventKind.CAREERS_FAIR,
                title="South and West Hertfordshire careers fair",
                venue=venues["Watford Junction College — Sports Hall"],
                day=date(2027, 3, 3),
                hours=(9, 15),
                capacity=350,
                stand_capacity=25,
                audiences=pupils,
                year_groups=[10, 11, 12, 13],
                sectors=["film-media-creative", "digital", "financial-business-services"],
                description="Employers, colleges and universities for Years 10 to 13.",
            ),
        ),
    ]
    sectors = {sector.slug: sector for sector in Sector.objects.all()}
    existing = {
        (event.organiser_id, event.title): event
        for event in Event.objects.filter(
            programme__isnull=True, title__in=[plan.title for *_rest, plan in plans]
        )
    }
    events: dict[str, Event] = {}
    for key, organiser, by, plan in plans:
        event = existing.get((organiser.pk, plan.title))
        if event is None:
            start_hour, end_hour = plan.hours
            event = event_create(
                by=by,
                organiser=organiser,
                kind=plan.kind,
                title=plan.title,
                description=plan.description,
                venue=plan.venue,
                starts_at=_at(plan.day, start_hour),
                ends_at=_at(plan.day, end_hour),
                capacity=plan.capacity,
                stand_capacity=plan.stand_capacity,
                audiences=[str(audience) for audience in plan.audiences],
                year_groups=plan.year_groups,
                adjustments_deadline=_at(plan.day - timedelta(days=7), 17),
                sector_focus=[sectors[slug] for slug in plan.sectors],
            )
        events[key] = event
    return events


def _settle_statuses(
    programme_ids: list[int], extra: dict[str, Event], admin: User, now: datetime
) -> int:
    """Drafts already over are marked held; drafts still to come are published."""
    drafts = Event.objects.filter(status=Event.Status.DRAFT, venue__isnull=False).filter(
        pk__in=[event.pk for event in extra.values()]
    ) | Event.objects.filter(
        status=Event.Status.DRAFT, venue__isnull=False, programme_id__in=programme_ids
    )
    drafts = drafts.order_by("starts_at", "pk")
    past = [event.pk for event in drafts if event.starts_at <= now]
    # Directly, not through event_publish/event_complete: the services refuse to publish an
    # event whose start has passed, which is right for users but not for the demo's history.
    held = Event.objects.filter(pk__in=past).update(
        status=Event.Status.COMPLETED, published_at=F("starts_at") - timedelta(days=28)
    )
    published = 0
    for event in drafts.filter(starts_at__gt=now):
        event_publish(event=event, by=admin)
        published += 1
    return held + published
