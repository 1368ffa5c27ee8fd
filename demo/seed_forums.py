"""DEMO DATA: the records of the Voice of the Customer forums already held, for "you said, we did".

Every forum that has taken place gets a published record — who took part, barriers across the
themes in the participants' (INVENTED) words, actions agreed in every status, some overdue —
except Borehamwood's, left deliberately without one so the measure and the public page show a
forum that took place with no record. Written through the same services an organiser uses, as
the demo administrator. Idempotent: a forum whose record already has barriers is left alone.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from accounts.models import Organisation, OrganisationKind, User
from demo import data
from demo.loading import seeded_rng
from events.forums import FORUM, took_place_q
from events.models import Event, ForumActionStatus, ForumRecord
from events.services.forums import (
    forum_action_save,
    forum_action_status_set,
    forum_barrier_save,
    forum_participation_set,
    forum_record_get_or_create,
    forum_record_publish,
)

ADMIN = "admin@example.org"
WITHOUT_A_RECORD = data.jobcentre_name("Borehamwood")
COUNCIL = "Hertfordshire County Council"
BUS_OPERATORS = "Intalink (the county's bus partnership)"

# (theme, the words, the action agreed or None, its owner: "jobcentre", "hub", "council" or
# an outside body's name). Invented, as said above.
BARRIERS = [
    (
        "transport",
        "The last bus back from the industrial estate leaves before most shifts end.",
        "Ask the bus partnership about a later service on the estate route.",
        BUS_OPERATORS,
    ),
    (
        "health_and_disability",
        "I never know whether to mention my condition on an application form.",
        "Run a session with Disability Confident employers on when and how to disclose.",
        "jobcentre",
    ),
    (
        "caring_responsibilities",
        "Interviews are always at school pick-up time and nobody offers another slot.",
        "Ask employers at our jobs fairs to offer interview times between 10am and 2pm.",
        "jobcentre",
    ),
    (
        "confidence",
        "After years out of work I freeze in interviews.",
        "Add mock interviews with volunteers to the next jobs fair.",
        "hub",
    ),
    (
        "digital_access",
        "Every application is online and I only have my phone.",
        "Open the Jobcentre's computers for job applications on two afternoons a week.",
        "jobcentre",
    ),
    (
        "employer_attitudes",
        "When they see the gap in my CV they stop listening.",
        "Brief employers at the jobs fair on recruiting people returning after illness.",
        "council",
    ),
    (
        "in_work_support",
        "I got the job, but nobody checked how I was doing after the first week.",
        "Offer a call from a work coach four weeks into each new job.",
        "jobcentre",
    ),
    (
        "benefits_and_work",
        "I am afraid that taking a few hours of work will stop my benefits.",
        "Put a benefits adviser at every forum and jobs fair to answer questions in person.",
        "jobcentre",
    ),
    (
        "skills_and_qualifications",
        "The courses that would help me are full or too far away.",
        "Ask colleges for a short course in the Jobcentre's own training room.",
        "council",
    ),
    (
        "other",
        "The building's lift was out of order on the day.",
        None,
        "",
    ),
]

# The statuses actions are moved to, in turn; "open" ones due in the past show as overdue.
STATUSES = [
    ForumActionStatus.DONE,
    ForumActionStatus.IN_PROGRESS,
    ForumActionStatus.OPEN,
    ForumActionStatus.NOT_POSSIBLE,
    ForumActionStatus.OPEN,
]


def seed_demo_forums() -> dict[str, int]:
    """Record the forums held (inside seed_demo's transaction); returns counts."""
    admin = User.objects.get(email=ADMIN)
    now = timezone.now()
    owners = {
        "hub": Organisation.objects.get(kind=OrganisationKind.HUB, name=data.HUB_NORTH_EAST),
        "council": Organisation.objects.get(kind=OrganisationKind.PARTNER, name=COUNCIL),
    }
    forums = (
        Event.objects.filter(kind=FORUM)
        .filter(took_place_q(now))
        .exclude(venue__name=WITHOUT_A_RECORD)
        .select_related("venue", "organiser")
        .order_by("venue__name", "pk")
    )
    created = 0
    for position, forum in enumerate(forums):
        if ForumRecord.objects.filter(event=forum, barriers__isnull=False).exists():
            continue
        _record(forum, position, admin, owners, now.date())
        created += 1
    return {"forum_records": ForumRecord.objects.count(), "created": created}


def _record(
    forum: Event, position: int, admin: User, owners: dict[str, Organisation], today: date
) -> None:
    rng = seeded_rng("forum", forum.venue.name if forum.venue else forum.pk)
    record = forum_record_get_or_create(event=forum, by=admin)
    participants = rng.randint(9, 24)
    forum_participation_set(
        record=record,
        by=admin,
        participants=participants,
        groups={
            "disabled_people": rng.randint(participants // 2, participants),
            "health_conditions": rng.randint(2, participants // 2),
            "carers": rng.randint(0, 4),
            "fifty_plus": rng.randint(1, participants // 3),
            "young_people": rng.randint(0, 3),
        },
    )
    forum_day = timezone.localtime(forum.starts_at).date()
    chosen = rng.sample(BARRIERS, k=rng.randint(3, 4))
    for index, (theme, words, action_text, owner) in enumerate(chosen):
        barrier = forum_barrier_save(record=record, by=admin, theme=theme, description=words)
        if action_text is None:
            continue
        organisation = forum.organiser if owner == "jobcentre" else owners.get(owner)
        status = STATUSES[(position + index) % len(STATUSES)]
        # Open actions alternate between due already (overdue) and due in the new year.
        weeks = 4 if (position + index) % 2 == 0 else 20
        action = forum_action_save(
            record=record,
            by=admin,
            description=action_text,
            owner_organisation=organisation,
            owner_name="" if organisation else owner,
            due_on=forum_day + timedelta(weeks=weeks),
            barrier=barrier,
        )
        if status != ForumActionStatus.OPEN:
            forum_action_status_set(
                action=action,
                by=admin,
                status=status,
                reason=(
                    "The owner has no budget for it this year; the next forum will hear why."
                    if status == ForumActionStatus.NOT_POSSIBLE
                    else ""
                ),
                note="Agreed with the owner; next check at the following forum."
                if status == ForumActionStatus.IN_PROGRESS
                else "",
            )
    forum_record_publish(record=record, by=admin)
