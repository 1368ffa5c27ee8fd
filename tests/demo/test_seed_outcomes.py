"""The demo fills the outcome figures: returns for past fairs (some late, some missing), outcomes
recorded on the day, and an SBWA cohort; a second run adds nothing."""

from __future__ import annotations

import pytest

from demo.seed import seed_demo
from engagement.models import SbwaPlacement
from engagement.outcomes import counted_stands, outcome_totals
from events.models import (
    OutboxMessage,
    StandReturn,
    StandReturnRevision,
    VisitOutcome,
)
from events.returns import stand_return_requests_owe

pytestmark = pytest.mark.django_db


def test_the_demo_has_returns_on_time_late_and_missing_and_an_sbwa_cohort():
    seed_demo(with_passwords=False)
    counts = (
        StandReturn.objects.count(),
        StandReturnRevision.objects.count(),
        VisitOutcome.objects.count(),
        SbwaPlacement.objects.filter(academy__isnull=False).count(),
    )
    stands = counted_stands().filter(event__kind__in=["jobs_fair", "fifty_plus_jobs_fair"])
    returned = stands.filter(outcome_return__isnull=False).count()
    assert 0 < returned < stands.count()  # some never sent one
    assert StandReturnRevision.objects.filter(within_13_weeks=False).exists()  # some late
    assert StandReturnRevision.objects.filter(within_13_weeks=True).exists()
    assert counts[2] > 0 and counts[3] >= 10
    assert outcome_totals(counted_stands()).job_starts > 0
    # The past fairs were asked at the time: the daily task owes nobody an e-mail now.
    assert stand_return_requests_owe() == 0
    assert not OutboxMessage.objects.filter(kind="stand_return_request").exists()

    seed_demo(with_passwords=False)
    again = (
        StandReturn.objects.count(),
        StandReturnRevision.objects.count(),
        VisitOutcome.objects.count(),
        SbwaPlacement.objects.filter(academy__isnull=False).count(),
    )
    assert again == counts
