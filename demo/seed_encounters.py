"""DEMO DATA for the encounter ledger: a year of encounters in 2025-26 (1 Sep 2025 – 31 Aug 2026).

What it adds (every encounter, fair, visitor and pupil reference is INVENTED for the demo):
- encounters that schools and the hubs recorded, for most schools and every year group on roll:
  employer talks, workplace visits, mock interviews, mentoring, enterprise competitions and
  provider encounters (colleges, apprenticeship providers); most meaningful (all four facts
  recorded), some not; mentoring and some mock interviews list pseudonymous pupil references
  instead of a number. A few schools recorded nothing, so coverage has gaps to show;
- three fairs already held in 2025-26 — a careers fair for each Careers Hub and a Stevenage jobs
  fair — with approved stands, school groups and jobseekers admitted at the door. Most employers
  came (marked present), one per fair did not (a no-show); jobseekers were scanned at the stands
  they visited, and each school group's Careers Leader recorded afterwards that the group met
  every employer present. Their encounters are never written here: the ledger derives them from
  that evidence (``encounters_rebuild_for_event``), as it does for every fair held that year;
  admission at the door is the fair's attendance, not an employer encounter.

Idempotent (recorded rows have deterministic ``source_key``s and are created only when missing;
a fair is found by its organiser and title) and deterministic (``random.Random`` seeded from 2026
and the row's key).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from accounts.models import Organisation, OrganisationKind, User
from core.periods import Period, academic_year, academic_year_of
from demo import data
from employers.models import Employer
from engagement.ledger import encounters_rebuild_for_event, event_encounter_facts_update
from engagement.models import Encounter, EncounterKind, EncounterSource, FairGroupRecord
from engagement.models.encounters import Audience
from engagement.tallies import slices_touch
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
from schools.models import School, YearGroupRoll

YEAR = academic_year(2025)
# The last school day of the demo year: nothing is recorded in the summer holiday.
LAST_SCHOOL_DAY = date(2026, 7, 17)
# Schools (by URN) that recorded nothing: the coverage charts show what a gap looks like.
SCHOOLS_WITHOUT_ENCOUNTERS_EVERY = 9  # about one school in nine
PROVIDERS = [
    "Comet Way College",
    "Watford Junction College",
    "Lea Valley Apprenticeships Ltd",
    "Chiltern Training Partnership",
    "Hertfordshire University Technical College",
]
# (kind, the year groups it suits, share of meaningful ones)
KINDS: list[tuple[str, range, float]] = [
    (EncounterKind.EMPLOYER_TALK, range(7, 14), 0.75),
    (EncounterKind.WORKPLACE_VISIT, range(9, 14), 0.9),
    (EncounterKind.MOCK_INTERVIEWS, range(10, 14), 0.9),
    (EncounterKind.MENTORING, range(9, 14), 0.95),
    (EncounterKind.ENTERPRISE_COMPETITION, range(7, 11), 0.8),
    (EncounterKind.PROVIDER_ENCOUNTER, range(8, 14), 0.85),
]


def _rng(*key: object) -> random.Random:
    return random.Random(f"{data.SEED}:encounters:" + ":".join(str(part) for part in key))  # noqa: S311


def _school_day(rng: random.Random, first: date, last: date) -> date:
    """A weekday from ``first`` to ``last``, not in the Christmas holiday."""
    span = (last - first).days
    while True:
        day = first + timedelta(days=rng.randint(0, span))
        christmas = date(first.year, 12, 20) <= day <= date(first.year + 1, 1, 4)
        if day.weekday() < 5 and not christmas:
            return day


def _terms() -> list[tuple[Period, date, int]]:
    """The demo's school years, each with its last day and the most encounters a year group
    has: 2025-26 in full, and the current academic year up to yesterday, so that today's
    dashboards (which open on the current year) have something to show too."""
    terms = [(YEAR, LAST_SCHOOL_DAY, 5)]
    yesterday = timezone.localdate() - timedelta(days=1)
    current = academic_year_of(yesterday)
    if current.start > YEAR.start and yesterday >= current.start + timedelta(days=7):
        terms.append((current, yesterday, 2))  # a week in at least: there are school days
    return terms


def seed_demo_encounters() -> dict[str, int]:
    """Load the encounters demo (inside seed_demo's transaction); returns what it holds and how
    many rows this run created (0 on a second run)."""
    created = _recorded_encounters()
    created += _fairs_held()
    # Every fair held in the year, whoever added it: its encounters follow its check-ins.
    for event_id in Event.objects.filter(
        status=Event.Status.COMPLETED,
        starts_at__gte=YEAR.starts_at,
        starts_at__lt=YEAR.ends_at,
    ).values_list("pk", flat=True):
        encounters_rebuild_for_event(event_id=event_id)
    return {
        "encounters": Encounter.objects.filter(
            occurred_on__gte=YEAR.start, occurred_on__lt=YEAR.end
        ).count(),
        "created": created,
        "updated": 0,
    }


def _recorded_encounters() -> int:
    schools = list(School.objects.order_by("urn"))
    rolls: dict[int, dict[int, int]] = {}
    for school_id, year_group, pupils in YearGroupRoll.objects.values_list(
        "school_id", "year_group", "pupils"
    ):
        rolls.setdefault(school_id, {})[year_group] = pupils
    employers = list(Employer.objects.order_by("companies_house_number"))
    by_district: dict[int | None, list[Employer]] = {}
    for employer in employers:
        by_district.setdefault(employer.district_id, []).append(employer)
    users = {u.email: u for u in User.objects.filter(email__in=_RECORDERS.values())}
    careers_leader_school = School.objects.filter(name=_CAREERS_LEADER_SCHOOL).first()
    coordinator = users.get(_RECORDERS["coordinator"])
    hub_north_east = Organisation.objects.filter(
        kind=OrganisationKind.HUB, name=data.HUB_NORTH_EAST
    ).first()

    rows: list[Encounter] = []
    for index, school in enumerate(schools):
        if index % SCHOOLS_WITHOUT_ENCOUNTERS_EVERY == SCHOOLS_WITHOUT_ENCOUNTERS_EVERY - 1:
            continue
        if careers_leader_school and school.pk == careers_leader_school.pk:
            recorder = users.get(_RECORDERS["careers_leader"])
        elif hub_north_east and school.hub and school.hub.organisation_id == hub_north_east.pk:
            recorder = coordinator
        else:
            recorder = None  # recorded by the other hub's coordinator, who has no demo login
        local = by_district.get(school.district_id) or employers
        for year_group, on_roll in sorted(rolls.get(school.pk, {}).items()):
            suitable = [k for k in KINDS if year_group in k[1]]
            for year, last_day, most in _terms():
                rng = _rng(school.urn, year_group, *([] if year == YEAR else [year.label]))
                for number in range(rng.randint(1 if year == YEAR else 0, most)):
                    kind, _years, meaningful_share = rng.choice(suitable)
                    rows.append(
                        _recorded(
                            rng=rng,
                            key=f"demo:{year.label}:{school.urn}:{year_group}:{number}",
                            kind=kind,
                            school=school,
                            year_group=year_group,
                            on_roll=on_roll,
                            employer=rng.choice(local if rng.random() < 0.7 else employers),
                            meaningful=rng.random() < meaningful_share,
                            recorder=recorder,
                            days=(year.start, last_day),
                        )
                    )
    existing = set(
        Encounter.objects.filter(source_key__in=[row.source_key for row in rows]).values_list(
            "source_key", flat=True
        )
    )
    missing = [row for row in rows if row.source_key not in existing]
    Encounter.objects.bulk_create(missing, batch_size=500)
    slices_touch((row.occurred_on, row.school_id) for row in missing)
    return len(missing)


_RECORDERS = {
    "coordinator": "coordinator@example.org",
    "careers_leader": "careersleader@example.org",
}
_CAREERS_LEADER_SCHOOL = "Fairlands Valley Academy"
_EMPLOYER_LOGIN = "Fairlands Aerostructures Ltd"


def _recorded(
    *,
    rng: random.Random,
    key: str,
    kind: str,
    school: School,
    year_group: int,
    on_roll: int,
    employer: Employer,
    meaningful: bool,
    recorder: User | None,
    days: tuple[date, date],
) -> Encounter:
    # Whole year group for a talk or a provider; a class for a visit; a few for the rest.
    if kind in {EncounterKind.EMPLOYER_TALK, EncounterKind.PROVIDER_ENCOUNTER}:
        people = max(1, int(on_roll * rng.uniform(0.5, 1.0)))
    elif kind in {EncounterKind.WORKPLACE_VISIT, EncounterKind.ENTERPRISE_COMPETITION}:
        people = max(1, min(on_roll, rng.randint(12, 32)))
    else:
        people = max(1, min(on_roll, rng.randint(4, 16)))
    refs: list[str] = []
    if kind == EncounterKind.MENTORING or (
        kind == EncounterKind.MOCK_INTERVIEWS and rng.random() < 0.5
    ):
        # Pseudonymous references from the school's own system, never names.
        refs = sorted(
            {
                f"P{school.urn[-3:]}{year_group:02d}{n:03d}"
                for n in rng.sample(range(on_roll), people)
            }
        )
        people = len(refs)
    facts = [True, True, True, True]
    if not meaningful:
        facts = [rng.random() < 0.5 for _fact in range(3)] + [False]  # no reflection time
    is_provider = kind == EncounterKind.PROVIDER_ENCOUNTER
    return Encounter(
        kind=kind,
        source=EncounterSource.RECORDED,
        source_key=key,
        occurred_on=_school_day(rng, *days),
        employer=None if is_provider else employer,
        provider_name=rng.choice(PROVIDERS) if is_provider else "",
        school=school,
        year_group=year_group,
        audience=Audience.PUPILS,
        people=people,
        pupil_refs=refs,
        purpose_shared=facts[0],
        learning_outcomes=facts[1],
        two_way=facts[2],
        reflection=facts[3],
        # bulk_create skips save(): the four facts decide, as the table's constraint checks.
        meaningful=all(facts),
        district_id=school.district_id,
        hub_id=school.hub_id,
        recorded_by=recorder,
    )


# --- Fairs already held ------------------------------------------------------------------------


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


def _fairs_held() -> int:
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
            .exclude(name=_CAREERS_LEADER_SCHOOL)
            .order_by("urn")[:count]
        )

    def employers_near(slugs: list[str], count: int) -> list[Employer]:
        # The employer login's company had a stand at its hub's fair, so it has encounters.
        near = Employer.objects.filter(district__slug__in=slugs).exclude(name=_EMPLOYER_LOGIN)
        chosen = list(near.order_by("companies_house_number")[:count])
        own = Employer.objects.filter(name=_EMPLOYER_LOGIN, district__slug__in=slugs).first()
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
    return created


def _fair_evidence(event: Event, key: str, admin: User) -> int:
    """What shows who met whom at a held fair, once: which employers came (the last stand a
    no-show), the stands each admitted jobseeker was scanned at, and each school group's record
    that it met every employer present. Then the ledger derives the fair's encounters."""
    if StandApplication.objects.filter(event=event).exclude(presence=StandPresence.EXPECTED):
        return 0  # the door already marked who came: this fair's evidence is in
    rng = _rng("evidence", key)
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
    StandInteraction.objects.filter(application__event=event).update(created_at=scanned_at)
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
    rng = _rng("fair", fair.key)
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
    return 1 + len(stands) + len(registrations) + len(tickets)
