"""DEMO DATA for events: attendee registrations, a school group booking and stand applications.

Every name is INVENTED (from ``random.Random`` seeded from 2026 and the row's key); writes go
through the events services, so bookings obey the same rules as users' (see ``demo.seed_events``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from accounts.models import User
from demo.loading import seeded_rng
from employers.models import Employer
from events.models import (
    Event,
    EventKind,
    Registration,
    StandApplication,
)
from events.services import (
    group_booking_create,
    registration_closes_at,
    registration_create,
    stand_apply,
    stand_approve,
)
from schools.models import School

FIRST_NAMES = [
    "Amara", "Ben", "Chloe", "Darius", "Ella", "Farhan", "Grace", "Harry", "Isla", "Jamal",
    "Katie", "Liam", "Maya", "Nathan", "Olivia", "Priya", "Qasim", "Rosie", "Sean", "Tara",
    "Umar", "Vicky", "Wesley", "Yasmin", "Zoe", "Graham", "Linda", "Trevor", "Maureen", "Keith",
]  # fmt: skip
LAST_NAMES = [
    "Adeyemi", "Barker", "Chowdhury", "Doyle", "Evans", "Fraser", "Gill", "Hughes", "Iqbal",
    "Jones", "Kaur", "Lewis", "Murphy", "Nowak", "O'Brien", "Patel", "Quinn", "Reid", "Singh",
    "Taylor", "Walsh", "Young",
]  # fmt: skip

# Adjustments asked for, in turn, by every third person (the forum: by most).
ADJUSTMENT_SETS = [
    (["bsl_interpreter"], "I lip-read too; please face me when speaking."),
    (["step_free_access", "companion"], "I use a wheelchair and come with my support worker."),
    (["hearing_loop"], ""),
    (["large_print"], "Printed vacancy lists in 16 pt, please."),
    (["quiet_room"], "Busy halls make me anxious; a quiet space for a break would help."),
]


@dataclass
class Counter:
    created: int = 0
    updated: int = 0
    registration_ids: list[int] = field(default_factory=list)
    application_ids: list[int] = field(default_factory=list)


@dataclass
class People:
    organiser: User  # jobcentre@example.org, Stevenage Jobcentre
    coordinator: User  # coordinator@example.org, the North and East hub
    careers_leader: User
    employer_contact: User
    admin: User  # acts for the Jobcentres and the hub that have no demo login


def invented_person(key: str, index: int) -> tuple[str, str]:
    rng = seeded_rng("attendee", key, index)
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    email_name = f"{first}.{last}".lower().replace("'", "")
    return f"{first} {last}", f"{email_name}.{index}@example.net"


def open_for_registration(event: Event, now: datetime) -> bool:
    return event.status == Event.Status.PUBLISHED and now < registration_closes_at(event)


def register_people(
    event: Event,
    key: str,
    count: int,
    categories: list[str],
    counter: Counter,
    now: datetime,
    adjustments_every: int = 3,
) -> None:
    if not open_for_registration(event, now):
        return
    done = set(Registration.objects.filter(event=event).values_list("email", "phone"))
    for index in range(count):
        name, email = invented_person(key, index)
        phone = ""
        # Every seventh person has no e-mail address: a printable ticket, reached by phone.
        if index % 7 == 6:
            email, phone = "", f"+447700900{index:03d}"
        if (email, phone) in done:
            continue
        adjustments, detail = (
            ADJUSTMENT_SETS[index // adjustments_every % len(ADJUSTMENT_SETS)]
            if index % adjustments_every == 0
            else ([], "")
        )
        rng = seeded_rng("answers", key, index)
        result = registration_create(
            event=event,
            name=name,
            email=email,
            phone=phone,
            category=categories[index % len(categories)],
            adjustments=adjustments,
            adjustments_detail=detail,
            age_band=rng.choice(["19_24", "25_49", "25_49", "50_64", "prefer_not_to_say"])
            if event.kind != EventKind.FIFTY_PLUS_JOBS_FAIR
            else "50_64",
            disability=rng.choice(["yes", "no", "no", "prefer_not_to_say"]),
            consent_contact_employers=rng.random() < 0.7,
            privacy_consent=True,
        )
        counter.registration_ids.append(result.registration.pk)
        counter.created += 1


def book_registrations(
    people: People,
    forum: Event,
    extra: dict[str, Event],
    now: datetime,
    counter: Counter,
) -> None:
    jobseekers = ["jobseeker", "jobseeker", "fifty_plus", "parent_carer", "provider", "other"]
    register_people(extra["stevenage_winter"], "stevenage_winter", 28, jobseekers, counter, now)
    register_people(
        extra["stevenage_apprenticeships"],
        "stevenage_apprenticeships",
        14,
        jobseekers,
        counter,
        now,
    )
    register_people(
        extra["fifty_plus_stevenage"], "fifty_plus_stevenage", 12, ["fifty_plus"], counter, now
    )
    register_people(
        extra["fifty_plus_watford"], "fifty_plus_watford", 8, ["fifty_plus"], counter, now
    )
    # The forum holds 12: the last three join the waiting list; most ask for adjustments.
    register_people(
        forum, "forum_stevenage", 15, ["jobseeker", "fifty_plus"], counter, now, adjustments_every=1
    )
    # A school group, anonymous tickets: pupils are never named.
    careers_fair = extra["careers_fair_north_east"]
    school = School.objects.get(name="Fairlands Valley Academy")
    if (
        open_for_registration(careers_fair, now)
        and not Registration.objects.filter(event=careers_fair, school=school).exists()
    ):
        booking = group_booking_create(
            event=careers_fair,
            school=school,
            year_group=10,
            group_size=30,
            by=people.careers_leader,
            privacy_consent=True,
            adjustments=["step_free_access"],
            adjustments_detail="Two pupils use wheelchairs.",
        )
        counter.registration_ids.append(booking.registration.pk)
        counter.created += 1


def book_stands(
    people: People,
    extra: dict[str, Event],
    now: datetime,
    counter: Counter,
) -> None:
    """The winter fair has 6 stands and 8 applicants: 4 approved, 2 pending, 2 waitlisted."""
    employers = list(
        Employer.objects.filter(district__slug__in=["stevenage", "north-hertfordshire"])
        .exclude(name="Fairlands Aerostructures Ltd")
        .order_by("companies_house_number")[:7]
    )
    fairlands = Employer.objects.get(name="Fairlands Aerostructures Ltd")
    plans = [
        ("stevenage_winter", [fairlands, *employers], 4),
        ("stevenage_apprenticeships", [*employers[:3], fairlands], 1),
        ("careers_fair_north_east", [fairlands, *employers[3:6]], 2),
    ]
    for key, applicants, to_approve in plans:
        event = extra[key]
        if not open_for_registration(event, now) or event.stand_capacity == 0:
            continue
        applied = set(
            StandApplication.objects.filter(event=event).values_list("employer_id", flat=True)
        )
        for index, employer in enumerate(applicants):
            if employer.pk in applied:
                continue
            rng = seeded_rng("stand", key, employer.companies_house_number)
            contact = people.employer_contact if employer == fairlands else people.admin
            representatives = min(event.max_representatives_per_stand, rng.randint(1, 3))
            vacancies = rng.randint(1, 6)
            application = stand_apply(
                event=event,
                employer=employer,
                by=contact,
                representatives=representatives,
                representative_names=["Marcus Bell"] if employer == fairlands else [],
                vacancies=[
                    {
                        "title": rng.choice(_VACANCY_TITLES),
                        "posts": vacancies,
                        "link": f"https://example.com/jobs/{employer.companies_house_number}",
                    }
                ],
                sectors=list(employer.sectors.all()),
                needs_power=rng.random() < 0.4,
                access_needs="A ground-floor pitch near the door, please." if index == 2 else "",
            )
            counter.application_ids.append(application.pk)
            counter.created += 1
            if index < to_approve and application.status == StandApplication.Status.PENDING:
                runs_it = event.organiser_id in people.organiser.organisation_ids()
                stand_approve(
                    application=application,
                    by=people.organiser if runs_it else people.coordinator,
                    note="See you there.",
                )


_VACANCY_TITLES = [
    "Warehouse operative",
    "Care assistant",
    "Customer service adviser",
    "Apprentice engineer",
    "Laboratory technician",
    "Retail assistant",
    "Delivery driver",
    "Junior developer",
]
