"""Sector-based work academies: an academy a Jobcentre runs, its participants and what the
academy led to. "Placements year on year", "25% aged 50+" and "interview → job" are counted from
these records (``engagement.measures`` and ``sbwa_figures``), never typed in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Organisation, OrganisationKind, Role
from accounts.permissions import is_admin
from core.exceptions import DomainError, NotAllowed
from core.periods import Period, financial_year
from core.request_memo import memoized
from employers.models import Employer
from engagement.models import SbwaAcademy, SbwaAgeBand, SbwaPlacement

METHOD = gettext_lazy("Sector-based work academy record")


class SbwaError(DomainError):
    code = "invalid_sbwa"


def may_record_academies(user: Any, jobcentre_id: int) -> bool:
    """A Jobcentre's organisers (and administrators) keep its academies."""
    return is_admin(user) or jobcentre_id in user.organisation_ids(Role.JOBCENTRE_ORGANISER)


def sbwa_academy_create(
    *,
    jobcentre: Organisation,
    by: Any,
    starts_on: date,
    ends_on: date | None = None,
    places: int = 0,
    provider: str = "",
    sector_id: int | None = None,
    employer: Employer | None = None,
) -> SbwaAcademy:
    """Record an academy; it ends on or after it starts and offers at least one place."""
    if not may_record_academies(by, jobcentre.pk):
        raise NotAllowed(_("Only the Jobcentre's organisers record its academies."))
    if ends_on is not None and ends_on < starts_on:
        raise SbwaError(_("The end date must be on or after the start date."), field="ends_on")
    if places < 1:
        raise SbwaError(_("An academy has at least one place."), field="places")
    return SbwaAcademy.objects.create(
        jobcentre=jobcentre,
        starts_on=starts_on,
        ends_on=ends_on,
        places=places,
        provider=provider.strip()[:200],
        sector_id=sector_id,
        employer=employer,
        recorded_by=by,
    )


@dataclass(frozen=True)
class ParticipantInput:
    age_band: str
    training_completed: bool = False
    interview_offered: bool = False
    interview_attended: bool = False
    job_offered: bool = False
    job_started: bool = False


def sbwa_participant_record(
    *,
    academy: SbwaAcademy,
    by: Any,
    answers: ParticipantInput,
    participant: SbwaPlacement | None = None,
) -> SbwaPlacement:
    """Add a participant to an academy (a placement), or update what their placement led to.
    The guaranteed interview is attended only once offered, a job started only once offered;
    an academy takes no more participants than its places, and none before it starts."""
    if not may_record_academies(by, academy.jobcentre_id):
        raise NotAllowed(_("Only the Jobcentre's organisers record its academies."))
    if answers.age_band not in SbwaAgeBand.values:
        raise SbwaError(_("Choose the participant's age band."), field="age_band")
    if answers.interview_attended and not answers.interview_offered:
        raise SbwaError(
            _("An interview can only be attended once it was offered."),
            field="interview_attended",
        )
    if answers.job_started and not answers.job_offered:
        raise SbwaError(_("A job can only be started once it was offered."), field="job_started")
    if academy.starts_on > timezone.localdate():
        raise SbwaError(
            _("Participants are added once the academy has started."), code="future_date"
        )
    values = {
        "age_band": answers.age_band,
        "training_completed": answers.training_completed,
        "interview_offered": answers.interview_offered,
        "interview_attended": answers.interview_attended,
        "job_offered": answers.job_offered,
        "job_started": answers.job_started,
    }
    with transaction.atomic():
        locked = SbwaAcademy.objects.select_for_update().get(pk=academy.pk)
        if participant is None:
            if locked.participants.count() >= locked.places:
                raise SbwaError(_("Every place on this academy is taken."), code="academy_full")
            return SbwaPlacement.objects.create(
                academy=locked,
                jobcentre_id=locked.jobcentre_id,
                started_on=locked.starts_on,
                sector_id=locked.sector_id,
                employer_id=locked.employer_id,
                recorded_by=by,
                **values,
            )
        for name, value in values.items():
            setattr(participant, name, value)
        participant.save(update_fields=list(values))
        return participant


@dataclass
class SbwaFigures:
    placements: int = 0
    fifty_plus: int = 0
    training_completed: int = 0
    interviews_offered: int = 0
    interviews_attended: int = 0
    jobs_offered: int = 0
    jobs_started: int = 0
    # Placements that started in the financial year before the period's (year on year).
    placements_year_before: int = 0

    @property
    def fifty_plus_share(self) -> float | None:
        return round(100 * self.fifty_plus / self.placements, 1) if self.placements else None

    @property
    def interview_to_job(self) -> float | None:
        """Of those who attended their guaranteed interview, the share who started the job."""
        if not self.interviews_attended:
            return None
        return round(100 * self.jobs_started / self.interviews_attended, 1)


@memoized  # a Jobcentre's page reads them for two measures, its placements and its outcomes
def sbwa_figures(
    *,
    period: Period,
    jobcentre: Organisation | None = None,
    jobcentres: QuerySet[Organisation] | None = None,
) -> SbwaFigures:
    """Placements starting in ``period`` (at one Jobcentre, at ``jobcentres``, else at every
    Jobcentre) and what they led to, and the placements of the financial year before, in one
    statement."""
    placements: QuerySet[SbwaPlacement] = SbwaPlacement.objects.all()
    if jobcentre is not None:
        placements = placements.filter(jobcentre=jobcentre)
    elif jobcentres is not None:
        placements = placements.filter(jobcentre__in=jobcentres)
    else:
        placements = placements.filter(jobcentre__kind=OrganisationKind.JOBCENTRE)
    before = financial_year(period.start.year - 1)
    within = Q(started_on__gte=period.start, started_on__lt=period.end)
    counts = placements.aggregate(
        placements=Count("pk", filter=within),
        fifty_plus=Count("pk", filter=within & Q(age_band=SbwaAgeBand.FIFTY_PLUS)),
        training_completed=Count("pk", filter=within & Q(training_completed=True)),
        interviews_offered=Count("pk", filter=within & Q(interview_offered=True)),
        interviews_attended=Count("pk", filter=within & Q(interview_attended=True)),
        jobs_offered=Count("pk", filter=within & Q(job_offered=True)),
        jobs_started=Count("pk", filter=within & Q(job_started=True)),
        placements_year_before=Count(
            "pk", filter=Q(started_on__gte=before.start, started_on__lt=before.end)
        ),
    )
    return SbwaFigures(**counts)


def sbwa_definitions() -> list[tuple[str, str]]:
    """(figure, definition) for the academy figures, as shown beside them."""
    return [
        (_("Placements"), _("Participants whose academy started in the period.")),
        (
            _("Aged 50 or over"),
            _("Placements whose participant's age band is 50 or over, and their share."),
        ),
        (_("Training completed"), _("Participants who completed the pre-employment training.")),
        (
            _("Guaranteed interview"),
            _("Participants offered the guaranteed job interview, and those who attended it."),
        ),
        (_("Job offered / started"), _("Participants offered a job, and those who started it.")),
        (
            _("Interview → job"),
            _("Of those who attended the interview, the share who started the job."),
        ),
    ]
