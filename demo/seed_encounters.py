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
from datetime import date, timedelta

from django.utils import timezone

from accounts.models import Organisation, OrganisationKind, User
from core.periods import Period, academic_year, academic_year_of
from demo import data
from demo.loading import seeded_rng
from demo.seed_fairs import fairs_held
from employers.models import Employer
from engagement.ledger import encounters_rebuild_for_event
from engagement.models import Encounter, EncounterKind, EncounterSource
from engagement.models.encounters import Audience
from engagement.tallies import slices_touch
from events.models import (
    Event,
)
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
    created += fairs_held()
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
    careers_leader_school = School.objects.filter(
        name=data.SCHOOL_OF_THE_DEMO_CAREERS_LEADER
    ).first()
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
                earlier = [] if year == YEAR else [year.label]
                rng = seeded_rng("encounters", school.urn, year_group, *earlier)
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
