"""Sector-based work academies: participants and their outcomes, counted not typed, and the
placements kept from before academies existed."""

from __future__ import annotations

from contextlib import nullcontext
from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts.models import OrganisationKind, Role
from core.exceptions import NotAllowed
from core.periods import financial_year_of
from engagement.measures.rules import sbwa_placements_fifty_plus_share
from engagement.models import SbwaAcademy, SbwaPlacement
from engagement.sbwa import (
    ParticipantInput,
    SbwaError,
    sbwa_academy_create,
    sbwa_figures,
    sbwa_participant_record,
)
from tests.factories import OrganisationFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def jobcentre():
    return OrganisationFactory(kind=OrganisationKind.JOBCENTRE)


@pytest.fixture
def organiser(jobcentre):
    return member(Role.JOBCENTRE_ORGANISER, jobcentre)


@pytest.fixture
def academy(jobcentre, organiser):
    return sbwa_academy_create(
        jobcentre=jobcentre,
        by=organiser,
        starts_on=timezone.localdate() - timedelta(days=20),
        places=4,
        provider="Herts Skills Ltd",
    )


def test_participants_outcomes_are_counted_and_the_measure_counts_age_bands(academy, organiser):
    plan = [
        ParticipantInput("50_plus", True, True, True, True, True),
        ParticipantInput("16_24", True, True, True, True, False),
        ParticipantInput("25_49", True, True, False),
        ParticipantInput("50_plus", False),
    ]
    for answers in plan:
        sbwa_participant_record(academy=academy, by=organiser, answers=answers)
    with pytest.raises(SbwaError) as full:
        sbwa_participant_record(academy=academy, by=organiser, answers=plan[0])
    assert full.value.code == "academy_full"

    period = financial_year_of(academy.starts_on)
    figures = sbwa_figures(period=period, jobcentre=academy.jobcentre)
    rows = list(SbwaPlacement.objects.filter(academy=academy))
    # Recounted from the rows by the definitions.
    attended = [p for p in rows if p.interview_attended]
    started = [p for p in attended if p.job_started]
    assert figures.placements == len(rows) == 4
    assert figures.fifty_plus == sum(p.age_band == "50_plus" for p in rows) == 2
    assert figures.interview_to_job == round(100 * len(started) / len(attended), 1) == 50.0
    assert figures.training_completed == 3
    result = sbwa_placements_fifty_plus_share(period, academy.jobcentre)
    assert result.actual == 50


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        (ParticipantInput("25_49", interview_attended=True), "interview_attended"),
        (ParticipantInput("25_49", job_started=True), "job_started"),
        (ParticipantInput("30_40"), "age_band"),
    ],
)
def test_an_outcome_that_cannot_be_is_refused_and_nothing_saved(academy, organiser, answers, field):
    with pytest.raises(SbwaError) as refused:
        sbwa_participant_record(academy=academy, by=organiser, answers=answers)
    assert refused.value.extra["field"] == field
    assert not SbwaPlacement.objects.exists()


def test_only_the_jobcentres_organisers_keep_its_academies(academy, jobcentre):
    stranger = member(Role.JOBCENTRE_ORGANISER)
    with pytest.raises(NotAllowed):
        sbwa_participant_record(academy=academy, by=stranger, answers=ParticipantInput("16_24"))
    with pytest.raises(NotAllowed):
        sbwa_academy_create(jobcentre=jobcentre, by=stranger, starts_on=date(2026, 4, 1), places=1)


def test_an_academy_ending_before_it_starts_is_refused(jobcentre, organiser):
    with pytest.raises(SbwaError):
        sbwa_academy_create(
            jobcentre=jobcentre,
            by=organiser,
            starts_on=date(2026, 4, 10),
            ends_on=date(2026, 4, 1),
            places=3,
        )
    assert not SbwaAcademy.objects.exists()


def test_the_academy_pages_add_a_participant(client, academy, organiser):
    client.force_login(organiser)
    page = client.get(f"/dashboard/academies/{academy.pk}/")
    assert page.status_code == 200
    refused = client.post(
        f"/dashboard/academies/{academy.pk}/", {"age_band": "25_49", "job_started": "on"}
    )
    assert b"only be started once it was offered" in refused.content
    saved = client.post(
        f"/dashboard/academies/{academy.pk}/", {"age_band": "50_plus", "training_completed": "on"}
    )
    assert saved.status_code == 302
    assert SbwaPlacement.objects.get().aged_50_plus is True
    dashboard = client.get(f"/dashboard/jobcentres/{academy.jobcentre_id}/")
    assert b"data-sbwa-figures" in dashboard.content and b"Record an academy" in dashboard.content


def test_the_migration_made_each_old_placement_a_participant(jobcentre):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("engagement.migrations.0012_sbwa_academies")
    old = [
        SbwaPlacement.objects.create(
            jobcentre=jobcentre, started_on=date(2025, 5, 1), aged_50_plus=True
        ),
        SbwaPlacement.objects.create(
            jobcentre=jobcentre, started_on=date(2025, 5, 1), aged_50_plus=False
        ),
    ]
    SbwaPlacement.objects.filter(pk__in=[p.pk for p in old]).update(academy=None, age_band="")
    migration.placements_into_academies(apps, None)
    academy = SbwaAcademy.objects.get()
    assert academy.places == 2 and academy.participants.count() == 2
    assert sorted(p.age_band for p in academy.participants.all()) == ["", "50_plus"]


def test_the_county_measure_and_outcome_panel_count_the_same_placements(jobcentre):
    """County-wide, placements are those at Jobcentres: a row recorded against any other kind
    of organisation is in neither the measure nor the academy panel, and the two agree."""
    from core.request_memo import request_memo
    from engagement.measures.rules import sbwa_placements_year_on_year
    from engagement.outcomes import outcome_panel

    today = timezone.localdate()
    other_jobcentre = OrganisationFactory(kind=OrganisationKind.JOBCENTRE)
    not_a_jobcentre = OrganisationFactory(kind=OrganisationKind.HUB)
    for where, age_band in [
        (jobcentre, "50_plus"),
        (jobcentre, "16_24"),
        (other_jobcentre, "50_plus"),
        (not_a_jobcentre, "50_plus"),
    ]:
        SbwaPlacement.objects.create(jobcentre=where, started_on=today, age_band=age_band)
    period = financial_year_of(today)
    at_jobcentres = [
        p
        for p in SbwaPlacement.objects.select_related("jobcentre")
        if p.jobcentre.kind == OrganisationKind.JOBCENTRE
    ]
    for memo in (False, True):  # alone, and sharing one read as the county page does
        with request_memo() if memo else nullcontext():
            measure = sbwa_placements_year_on_year(period, None)
            panel = outcome_panel(start_year=period.start.year)
        assert measure.actual == len(at_jobcentres) == 3
        assert panel.sbwa["figures"].placements == 3
        assert panel.sbwa["figures"].fifty_plus == 2
