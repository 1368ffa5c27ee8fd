"""Demo fairs already held this school year: who came, which stands they visited, which
employers each school group met, and which employers did not come."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from accounts.models import Organisation, OrganisationKind, User
from demo import data
from demo.loading import seeded_rng
from employers.models import Employer
from engagement.ledger import encounters_rebuild_for_event, event_encounter_facts_update
from engagement.models import FairGroupRecord
from events.calendars import LONDON
from events.models import (
    CheckIn,
    Event,
    EventKind,
    Registration,
    StandApplication,
    StandInteraction,
    StandPresence,
    Ticket,
    Venue,
)
from events.people import person_key
from schools.models import School


@dataclass
class _Fair:
    key: str
    kind: str
    title: str
    organiser: Organisation
    venue: Venue
    day: date
    audiences: list[str]
    year_groups: list[int]
    employers: list[Employer]
    schools: list[School]  # school groups (careers fairs)
    jobseekers: int  # individual visitors (jobs fairs)


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=LONDON)


def fairs_held() -> int:
    admin = User.objects.filter(email="admin@example.org").first()
    if admin is None:
        return 0
    venues = {venue.name: venue for venue in Venue.objects.all()}
    hubs = {
        org.name: org
        for org in Organisation.objects.filter(
            kind=OrganisationKind.HUB, name__in=[data.HUB_NORTH_EAST, data.HUB_SOUTH_WEST]
        )
    }
    stevenage = venues.get(data.JOBCENTRE_STEVENAGE)
    college_ne = venues.get("Comet Way College — Great Hall")
    college_sw = venues.get("Watford Junction College — Sports Hall")
    if not (stevenage and stevenage.organisation and college_ne and college_sw and len(hubs) == 2):
        return 0

    def schools_of(hub_name: str, count: int) -> list[School]:
        # The Careers Leader's school books its own groups (the events demo): not booked here.
        return list(
            School.objects.filter(hub__name=hub_name, phase__in=["secondary", "all_through"])
            .exclude(name=data.SCHOOL_OF_THE_DEMO_CAREERS_LEADER)
            .order_by("urn")[:count]
        )

    def employers_near(slugs: list[str], count: int) -> list[Employer]:
        # The employer login's company had a stand at its hub's fair, so it has encounters.
        own_name = data.EMPLOYER_OF_THE_DEMO_CONTACT
        near = Employer.objects.filter(district__slug__in=slugs).exclude(name=own_name)
        chosen = list(near.order_by("companies_house_number")[:count])
        own = Employer.objects.filter(name=own_name, district__slug__in=slugs).first()
        return [own, *chosen[: count - 1]] if own else chosen

    fairs = [
        _Fair(
            key="careers_ne",
            kind=EventKind.CAREERS_FAIR,
            title="North and East Hertfordshire careers fair (spring 2026)",
            organiser=hubs[data.HUB_NORTH_EAST],
            venue=college_ne,
            day=date(2026, 3, 11),
            audiences=["pupils", "employers", "skills_providers"],
            year_groups=[9, 10, 11, 12],
            employers=employers_near(["stevenage", "north-hertfordshire", "welwyn-hatfield"], 8),
            schools=schools_of(data.HUB_NORTH_EAST, 8),
            jobseekers=0,
        ),
        _Fair(
            key="careers_sw",
            kind=EventKind.CAREERS_FAIR,
            title="South and West Hertfordshire careers fair (summer 2026)",
            organiser=hubs[data.HUB_SOUTH_WEST],
            venue=college_sw,
            day=date(2026, 6, 17),
            audiences=["pupils", "employers", "skills_providers"],
            year_groups=[10, 11, 12],
            employers=employers_near(["watford", "dacorum", "st-albans", "three-rivers"], 8),
            schools=schools_of(data.HUB_SOUTH_WEST, 8),
            jobseekers=0,
        ),
        _Fair(
            key="jobs_stevenage",
            kind=EventKind.JOBS_FAIR,
            title="Stevenage jobs fair (February 2026)",
            organiser=stevenage.organisation,
            venue=stevenage,
            day=date(2026, 2, 11),
            audiences=["jobseekers", "fifty_plus", "employers"],
            year_groups=[],
            employers=employers_near(["stevenage", "north-hertfordshire"], 6),
            schools=[],
            jobseekers=60,
        ),
    ]
    created = 0
    for fair in fairs:
        event = Event.objects.filter(organiser=fair.organiser, title=fair.title).first()
        if event is None:
            created += _hold_fair(fair, admin)
            event = Event.objects.get(organiser=fair.organiser, title=fair.title)
        created += _fair_evidence(event, fair.key, admin)
    return created + programme_events_held(admin)


def _fair_evidence(event: Event, key: str, admin: User) -> int:
    """What shows who met whom at a held fair, once: which employers came (the last stand a
    no-show), the stands each admitted jobseeker was scanned at, and each school group's record
    that it met every employer present. Then the ledger derives the fair's encounters."""
    if StandApplication.objects.filter(event=event).exclude(presence=StandPresence.EXPECTED):
        return 0  # the door already marked who came: this fair's evidence is in
    rng = seeded_rng("encounters", "evidence", key)
    stands = list(
        StandApplication.objects.filter(
            event=event, status=StandApplication.Status.APPROVED
        ).order_by("stand_number")
    )
    came = stands[:-1] if len(stands) > 2 else stands
    scanned_at = event.starts_at + timedelta(hours=1)
    StandApplication.objects.filter(pk__in=[s.pk for s in came]).update(
        presence=StandPresence.PRESENT, presence_marked_at=event.starts_at
    )
    StandApplication.objects.filter(pk__in=[s.pk for s in stands if s not in came]).update(
        presence=StandPresence.NO_SHOW, presence_marked_at=event.starts_at + timedelta(hours=2)
    )
    visitors = Ticket.objects.filter(
        event=event, checked_in_at__isnull=False, registration__school__isnull=True
    ).order_by("pk")
    visits = [
        StandInteraction(application=stand, ticket=ticket, scanned_by=admin)
        for ticket in visitors
        for stand in rng.sample(came, k=min(len(came), rng.randint(1, 3)))
    ]
    StandInteraction.objects.bulk_create(visits, batch_size=500)
    # Dated when they happened: on the day of the fair, not the day the demo was loaded.
    # By the stands' ids, not through a join: PostgreSQL plans a join's IN-subquery badly on a
    # freshly loaded table (seconds per fair).
    StandInteraction.objects.filter(application_id__in=[s.pk for s in stands]).update(
        created_at=scanned_at
    )
    groups = 0
    for registration in Registration.objects.filter(event=event, school__isnull=False):
        pupils = Ticket.objects.filter(
            registration=registration, checked_in_at__isnull=False
        ).count()
        if pupils and registration.year_group:
            FairGroupRecord.objects.get_or_create(
                event=event,
                school_id=registration.school_id,
                year_group=registration.year_group,
                defaults={"pupils": pupils, "all_present_stands": True, "recorded_by": admin},
            )
            groups += 1
    encounters_rebuild_for_event(event_id=event.pk)
    return len(visits) + groups


def _visitor_email(key: str, index: int) -> str:
    # Some visitors go to more than one fair: the first ten of each fair are the same people.
    return (
        f"visitor.{index + 1}@example.net"
        if index < 10
        else f"visitor.{key}.{index + 1}@example.net"
    )


def _hold_fair(fair: _Fair, admin: User) -> int:
    """A fair held in the past: made directly (the services rightly refuse dates in the past),
    its visitors admitted at the door; the ledger then derives its encounters."""
    starts_at = _at(fair.day, 9 if fair.kind == EventKind.CAREERS_FAIR else 10)
    event = Event.objects.create(
        kind=fair.kind,
        title=fair.title,
        description="A fair already held (demo history).",
        venue=fair.venue,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=5),
        audiences=fair.audiences,
        year_groups=fair.year_groups,
        capacity=400,
        stand_capacity=max(10, len(fair.employers)),
        status=Event.Status.COMPLETED,
        organiser=fair.organiser,
        published_at=starts_at - timedelta(days=42),
        created_by=admin,
    )
    return 1 + _fill_fair(event, fair, admin)


def _fill_fair(event: Event, fair: _Fair, admin: User) -> int:
    """A held event's approved stands, its registrations and their tickets (most admitted)."""
    rng = seeded_rng("encounters", "fair", fair.key)
    starts_at = event.starts_at
    stands = [
        StandApplication(
            event=event,
            employer=employer,
            applied_by=admin,
            representatives=rng.randint(1, 3),
            status=StandApplication.Status.APPROVED,
            stand_number=number,
            decided_by=admin,
            decided_at=starts_at - timedelta(days=21),
            notified_status=StandApplication.Status.APPROVED,
        )
        for number, employer in enumerate(fair.employers, start=1)
    ]
    StandApplication.objects.bulk_create(stands)
    consent = starts_at - timedelta(days=30)
    registrations: list[tuple[Registration, int]] = []
    for school in fair.schools:
        year_group = rng.choice(fair.year_groups)
        size = rng.randint(15, 40)
        registrations.append(
            (
                Registration(
                    event=event,
                    name=f"{school.name} — Year {year_group}",
                    email=f"careers.{school.urn}@example.net",
                    category="pupil",
                    privacy_consent_at=consent,
                    school=school,
                    year_group=year_group,
                    group_size=size,
                    confirmation_sent_at=consent,
                ),
                size,
            )
        )
    for index in range(fair.jobseekers):
        registrations.append(
            (
                Registration(
                    event=event,
                    name=f"Visitor {index + 1}",
                    email=_visitor_email(fair.key, index),
                    # Saved in bulk (no save()): the person's key is set here.
                    person_key=person_key(email=_visitor_email(fair.key, index)),
                    category=rng.choice(["jobseeker", "jobseeker", "fifty_plus", "other"]),
                    age_band=rng.choice(["19_24", "25_49", "25_49", "50_64", ""]),
                    complex_barriers=rng.random() < 0.25,
                    privacy_consent_at=consent,
                    confirmation_sent_at=consent,
                ),
                1,
            )
        )
    Registration.objects.bulk_create([registration for registration, _size in registrations])
    tickets: list[Ticket] = []
    for registration, size in registrations:
        for _place in range(size):
            tickets.append(
                Ticket(
                    registration=registration,
                    event=event,
                    number=f"{event.ticket_prefix}-{len(tickets) + 1:04d}",
                    holder_label=(
                        f"Pupil, Year {registration.year_group}"
                        if registration.school_id
                        else registration.name
                    ),
                    # Most came; a few did not turn up.
                    checked_in_at=starts_at + timedelta(minutes=rng.randint(0, 180))
                    if rng.random() < 0.88
                    else None,
                )
            )
    Ticket.objects.bulk_create(tickets, batch_size=500)
    event.tickets_issued = len(tickets)
    event.save(update_fields=["tickets_issued"])
    CheckIn.objects.bulk_create(
        [
            CheckIn(
                event=event,
                ticket=ticket,
                result=CheckIn.Result.OK,
                scanned_at=ticket.checked_in_at,
                by=admin,
            )
            for ticket in tickets
            if ticket.checked_in_at is not None
        ],
        batch_size=500,
    )
    # The organiser recorded what made it meaningful; the ledger rebuilds the fair's rows.
    careers = fair.kind == EventKind.CAREERS_FAIR
    event_encounter_facts_update(
        event=event,
        by=admin,
        purpose_shared=True,
        learning_outcomes=careers,
        two_way=True,
        reflection=careers,
    )
    return len(stands) + len(registrations) + len(tickets)


# The programme's events that count as held only with people (and employers) there.
PROGRAMME_KINDS = [
    EventKind.JOBS_FAIR,
    EventKind.FIFTY_PLUS_JOBS_FAIR,
    EventKind.SECTOR_SKILLS_EVENT,
    EventKind.VOICE_OF_THE_CUSTOMER_FORUM,
]


def programme_events_held(admin: User) -> int:
    """Every programme event the demo marked held but nobody came to gets its history: a few
    dozen visitors admitted and, where there are stands, local employers, one of them a no-show.
    Without it a "held" fair would have no evidence and would rightly not count as held."""
    employers = list(Employer.objects.order_by("companies_house_number"))
    created = 0
    empty = (
        Event.objects.filter(status=Event.Status.COMPLETED, kind__in=PROGRAMME_KINDS)
        .exclude(tickets__isnull=False)
        .select_related("venue", "organiser")
        .order_by("starts_at", "pk")
    )
    for event in empty:
        key = f"programme-{event.kind}-{event.starts_at:%Y%m%d}-{event.venue_id}"
        rng = seeded_rng("encounters", "programme", key)
        with_stands = event.kind != EventKind.VOICE_OF_THE_CUSTOMER_FORUM
        near = [e for e in employers if event.venue and e.district_id == event.venue.district_id]
        chosen = (near or employers)[: rng.randint(3, 5)] if with_stands else []
        fair = _Fair(
            key=key,
            kind=event.kind,
            title=event.title,
            organiser=event.organiser,
            venue=event.venue,
            day=event.starts_at.date(),
            audiences=list(event.audiences),
            year_groups=[],
            employers=chosen,
            schools=[],
            jobseekers=rng.randint(12, 30) if with_stands else rng.randint(8, 14),
        )
        created += _fill_fair(event, fair, admin)
        created += _fair_evidence(event, key, admin)
    return created
