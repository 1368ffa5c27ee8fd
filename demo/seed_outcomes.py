"""What the demo's held fairs led to: outcomes recorded on the day at some stands (with the
visitors' agreement), employers' returns after each fair (most on time, some late, some never
sent), and a Sector-based work academy cohort with its outcomes. Invented numbers; idempotent:
a stand with a return, a visit with an outcome and an academy with participants are left alone.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from accounts.models import Membership, Role, Sector, User
from demo.loading import seeded_rng
from engagement.models import SbwaAcademy, SbwaPlacement
from events.models import (
    EventKind,
    StandDayCount,
    StandInteraction,
    StandReturn,
    StandReturnRequest,
    VisitOutcome,
)
from events.returns import (
    FAIR_KINDS,
    REQUEST_DUE_AFTER,
    ReturnInput,
    stand_return_save,
    stands_present,
)

JOBS_FAIRS = (EventKind.JOBS_FAIR, EventKind.FIFTY_PLUS_JOBS_FAIR)
ACADEMY_PROVIDER = "Hertfordshire Skills Academy (invented for the demo)"


def seed_demo_outcomes() -> dict[str, int]:
    now = timezone.now()
    stands = (
        stands_present()
        .filter(event__kind__in=JOBS_FAIRS, event__ends_at__lt=now)
        .select_related("event")
        .order_by("pk")
    )
    returns = outcomes = 0
    for position, stand in enumerate(stands):
        # One generator each: what a second run skips must not shift the other's draws.
        outcomes += _on_the_day(stand, seeded_rng("outcomes", stand.event_id, stand.employer_id))
        returns += _return(
            stand, seeded_rng("returns", stand.event_id, stand.employer_id), now, position
        )
    asked = stands_present().filter(event__kind__in=FAIR_KINDS, event__ends_at__lt=now)
    for stand in asked.select_related("event"):
        _requests_already_sent(stand, now)
    return {
        "stand_returns": returns,
        "visit_outcomes": outcomes,
        "sbwa_participants": _academy(now),
    }


def _on_the_day(stand, rng) -> int:
    if rng.random() < 0.3:
        return 0  # this stand recorded nothing on the day
    if StandDayCount.objects.filter(application=stand).exists():
        return 0  # recorded by an earlier run
    made = 0
    visits = list(StandInteraction.objects.filter(application=stand).order_by("pk")[:6])
    for visit in visits:
        if rng.random() < 0.5:
            continue
        VisitOutcome.objects.create(
            interaction=visit,
            visitor_agreed=True,
            interview_offered=rng.random() < 0.6,
            application_started=rng.random() < 0.4,
            rating=rng.randint(2, 5),
        )
        made += 1
    StandDayCount.objects.get_or_create(
        application=stand,
        defaults={
            "unscanned_visitors": rng.randint(0, 12),
            "unscanned_interviews_offered": rng.randint(0, 2),
        },
    )
    return made


def _return(stand, rng, now, position: int) -> int:
    if position % 4 == 3 or StandReturn.objects.filter(application=stand).exists():
        return 0  # one stand in four never sends a return
    late = position % 4 == 1  # and one in four sends it after the 13 weeks
    saved_at = stand.event.ends_at + timedelta(
        weeks=rng.randint(15, 20) if late else rng.randint(1, 4)
    )
    if saved_at > now:
        return 0  # not due yet for a recent fair
    offered = rng.randint(1, 8)
    held = rng.randint(0, offered)
    offers = rng.randint(0, held)
    starts = rng.randint(0, offers)
    apprentices = rng.randint(0, offers - starts)
    stand_return_save(
        application=stand,
        figures=ReturnInput(
            interviews_offered=offered,
            interviews_held=held,
            job_offers=offers,
            job_starts=starts,
            apprenticeship_starts=apprentices,
            starts_aged_50_plus=rng.randint(0, starts + apprentices)
            if rng.random() < 0.6
            else None,
        ),
        via_link=True,
        now=saved_at,
    )
    return 1


def _requests_already_sent(stand, now) -> None:
    # The demo's past fairs were asked for their returns at the time: no e-mail is owed now.
    for stage, after in REQUEST_DUE_AFTER.items():
        if stand.event.ends_at + after <= now:
            StandReturnRequest.objects.get_or_create(application=stand, stage=stage)


def _academy(now) -> int:
    membership = (
        Membership.objects.filter(
            user__email="jobcentre@example.org", role=Role.JOBCENTRE_ORGANISER
        )
        .select_related("organisation")
        .first()
    )
    if membership is None:
        return 0
    starts_on = timezone.localdate(now) - timedelta(weeks=10)
    academy, _created = SbwaAcademy.objects.get_or_create(
        jobcentre=membership.organisation,
        provider=ACADEMY_PROVIDER,
        defaults={
            "starts_on": starts_on,
            "ends_on": starts_on + timedelta(weeks=4),
            "places": 12,
            "sector": Sector.objects.filter(name__icontains="care").first(),
            "recorded_by": User.objects.filter(email="jobcentre@example.org").first(),
        },
    )
    if academy.participants.exists():
        return academy.participants.count()
    rng = seeded_rng("sbwa", academy.jobcentre_id)
    bands = [
        "50_plus",
        "50_plus",
        "50_plus",
        "25_49",
        "25_49",
        "25_49",
        "16_24",
        "16_24",
        "16_24",
        "25_49",
    ]
    for band in bands:
        completed = rng.random() < 0.85
        offered = completed
        attended = offered and rng.random() < 0.85
        job_offered = attended and rng.random() < 0.7
        SbwaPlacement.objects.create(
            academy=academy,
            jobcentre=academy.jobcentre,
            started_on=academy.starts_on,
            sector=academy.sector,
            age_band=band,
            training_completed=completed,
            interview_offered=offered,
            interview_attended=attended,
            job_offered=job_offered,
            job_started=job_offered and rng.random() < 0.85,
            recorded_by=academy.recorded_by,
        )
    return len(bands)
