"""The encounter ledger: one employer meeting one audience on one occasion.

Rows come from a fair (derived from its check-ins and stand visits, rebuilt from them, so an
edited or cancelled event or ticket always gives the right count), from a school's own record
(a talk, a workplace visit...), or from an import. Every row has a ``source_key``: the same
source can never add a row twice.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import District, Organisation
from employers.models import Employer
from schools.models import Hub, School


class EncounterKind(models.TextChoices):
    CAREERS_FAIR = "careers_fair", _("Careers fair")
    JOBS_FAIR = "jobs_fair", _("Jobs fair")
    EVENT = "event", _("Other event")
    EMPLOYER_TALK = "employer_talk", _("Employer talk")
    WORKPLACE_VISIT = "workplace_visit", _("Workplace visit")
    MOCK_INTERVIEWS = "mock_interviews", _("Mock interviews")
    MENTORING = "mentoring", _("Mentoring")
    ENTERPRISE_COMPETITION = "enterprise_competition", _("Enterprise competition")
    PROVIDER_ENCOUNTER = "provider_encounter", _("Provider encounter (college, apprenticeships)")


class EncounterSource(models.TextChoices):
    EVENT = "event", _("A fair's check-ins and stand visits")
    RECORDED = "recorded", _("Recorded by a school or the hub")
    IMPORTED = "imported", _("Imported")


class EncounterMethod(models.TextChoices):
    # How we know they met: every figure can be split by it.
    SCANNED = "scanned", _("Scanned at the employer's stand")
    RECORDED = "recorded", _("Recorded by a school, the hub or the organiser")


class Audience(models.TextChoices):
    PUPILS = "pupils", _("Pupils")
    JOBSEEKERS = "jobseekers", _("Jobseekers")
    FIFTY_PLUS = "fifty_plus", _("People aged 50 and over")
    PARENTS_CARERS = "parents_carers", _("Parents and carers")
    PROVIDERS = "providers", _("Skills providers")
    OTHER = "other", _("Other residents")


MEANINGFUL = models.Q(purpose_shared=True, learning_outcomes=True, two_way=True, reflection=True)


class Encounter(models.Model):
    kind = models.CharField(_("kind"), max_length=30, choices=EncounterKind.choices)
    source = models.CharField(_("source"), max_length=10, choices=EncounterSource.choices)
    source_key = models.CharField(max_length=120, unique=True, editable=False)
    method = models.CharField(
        _("evidence"),
        max_length=10,
        choices=EncounterMethod.choices,
        default=EncounterMethod.RECORDED,
    )
    occurred_on = models.DateField(_("date"), db_index=True)
    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, null=True, blank=True, related_name="encounters"
    )
    provider_name = models.CharField(
        _("provider"), max_length=200, blank=True, help_text=_("For provider encounters.")
    )
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="encounters"
    )
    year_group = models.PositiveSmallIntegerField(
        _("year group"),
        null=True,
        blank=True,
        validators=[MinValueValidator(7), MaxValueValidator(13)],
    )
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    people = models.PositiveIntegerField(_("people"))
    # A scanned visitor's key across events (events.people.person_key), or "ticket:<id>" for
    # one without a key and for a pupil in a school group: distinct people are counted by it.
    # Blank for a group counted by number.
    person = models.CharField(max_length=64, blank=True, db_index=True)
    # Pseudonymous pupil references a school chose to give (never names): they let a pupil
    # met twice be counted once.
    pupil_refs = models.JSONField(_("pupil references"), default=list, blank=True)
    complex_barriers_people = models.PositiveIntegerField(
        _("of whom face complex barriers"), default=0
    )
    purpose_shared = models.BooleanField(
        _("purpose shared with employer and pupils"), default=False
    )
    learning_outcomes = models.BooleanField(_("learning outcomes set"), default=False)
    two_way = models.BooleanField(_("two-way interaction"), default=False)
    reflection = models.BooleanField(_("time for reflection afterwards"), default=False)
    meaningful = models.BooleanField(_("meaningful (Gatsby Benchmark 5)"), default=False)
    # Denormalised where the encounter happened, for rollups without joins.
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    hub = models.ForeignKey(Hub, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    jobcentre = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on"]
        verbose_name = _("encounter")
        verbose_name_plural = _("encounters")
        indexes = [
            models.Index(fields=["school", "year_group"], name="encounter_school_year"),
            models.Index(fields=["employer", "occurred_on"], name="encounter_employer_date"),
            models.Index(fields=["event"], name="encounter_event"),
        ]
        constraints = [
            # "Meaningful" is exactly the four facts, whoever wrote the row.
            models.CheckConstraint(
                condition=(models.Q(meaningful=True) & MEANINGFUL)
                | (models.Q(meaningful=False) & ~MEANINGFUL),
                name="encounter_meaningful_is_the_four_facts",
            ),
            models.CheckConstraint(
                condition=models.Q(employer__isnull=False) | ~models.Q(provider_name=""),
                name="encounter_has_employer_or_provider",
            ),
        ]

    def __str__(self) -> str:
        who = self.employer or self.provider_name
        return f"{who} — {self.get_audience_display()} ({self.people}) on {self.occurred_on}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.meaningful = all(
            (self.purpose_shared, self.learning_outcomes, self.two_way, self.reflection)
        )
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class EventEncounterFacts(models.Model):
    """What the organiser records once for a fair, which every encounter at it inherits: the
    four facts that make an encounter meaningful, and when the ledger was last rebuilt."""

    event = models.OneToOneField(
        "events.Event", on_delete=models.CASCADE, related_name="encounter_facts"
    )
    purpose_shared = models.BooleanField(
        _("purpose shared with employers and visitors"), default=False
    )
    learning_outcomes = models.BooleanField(_("learning outcomes set"), default=False)
    two_way = models.BooleanField(_("two-way interaction"), default=False)
    reflection = models.BooleanField(_("time for reflection afterwards"), default=False)
    synced_at = models.DateTimeField(_("ledger rebuilt"), null=True, blank=True)

    class Meta:
        verbose_name = _("event encounter facts")
        verbose_name_plural = _("event encounter facts")

    def __str__(self) -> str:
        return f"Facts for {self.event_id}"


class FairGroupRecord(models.Model):
    """After a careers fair whose pupils were not scanned, the organiser or the school's Careers
    Leader records which employers a school's year group met: a list of the fair's present
    stands, or every present stand as an explicit choice. The ledger derives its encounters."""

    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="group_records"
    )
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    year_group = models.PositiveSmallIntegerField(
        _("year group"), validators=[MinValueValidator(7), MaxValueValidator(13)]
    )
    pupils = models.PositiveIntegerField(_("pupils"))
    all_present_stands = models.BooleanField(_("met every employer present"), default=False)
    employers = models.ManyToManyField(Employer, blank=True, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("school group's record of a fair")
        verbose_name_plural = _("school groups' records of fairs")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "school", "year_group"], name="fair_group_record_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.school_id} Y{self.year_group} at {self.event_id}"


class SbwaAgeBand(models.TextChoices):
    FROM_16_TO_24 = "16_24", _("16 to 24")
    FROM_25_TO_49 = "25_49", _("25 to 49")
    FIFTY_PLUS = "50_plus", _("50 or over")


class SbwaAcademy(models.Model):
    """A Sector-based work academy: pre-employment training, a work placement and a guaranteed
    job interview, run by a Jobcentre with a provider (and usually an employer) in a sector."""

    jobcentre = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="sbwa_academies"
    )
    sector = models.ForeignKey(
        "accounts.Sector",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sector"),
    )
    provider = models.CharField(_("training provider"), max_length=200, blank=True)
    employer = models.ForeignKey(
        Employer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("employer"),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    places = models.PositiveIntegerField(_("places"), default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("Sector-based work academy")
        verbose_name_plural = _("Sector-based work academies")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="sbwa_academy_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.jobcentre} {self.starts_on}"


class SbwaPlacement(models.Model):
    """One participant's placement on a Sector-based work academy, with what it led to: the
    pre-employment training completed, the guaranteed interview (offered, attended) and the job
    (offered, started). Placements recorded before academies were kept have an academy made for
    them (one per Jobcentre, start date, sector and employer)."""

    jobcentre = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="sbwa_placements"
    )
    academy = models.ForeignKey(
        SbwaAcademy,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="participants",
        verbose_name=_("academy"),
    )
    started_on = models.DateField(_("started on"))
    sector = models.ForeignKey(
        "accounts.Sector", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    employer = models.ForeignKey(
        Employer, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    age_band = models.CharField(
        _("age band"), max_length=10, choices=SbwaAgeBand.choices, blank=True
    )
    # Follows the age band when one is given (``save``); what older records and readers use.
    aged_50_plus = models.BooleanField(_("participant aged 50 or over"), default=False)
    training_completed = models.BooleanField(_("pre-employment training completed"), default=False)
    interview_offered = models.BooleanField(_("guaranteed interview offered"), default=False)
    interview_attended = models.BooleanField(_("interview attended"), default=False)
    job_offered = models.BooleanField(_("job offered"), default=False)
    job_started = models.BooleanField(_("job started"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-started_on"]
        verbose_name = _("Sector-based work academy placement")
        verbose_name_plural = _("Sector-based work academy placements")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(interview_attended=False) | models.Q(interview_offered=True),
                name="sbwa_attended_needs_offer",
            ),
            models.CheckConstraint(
                condition=models.Q(job_started=False) | models.Q(job_offered=True),
                name="sbwa_started_needs_offer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.jobcentre} {self.started_on}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.age_band:
            self.aged_50_plus = self.age_band == SbwaAgeBand.FIFTY_PLUS
        elif self.aged_50_plus:
            self.age_band = SbwaAgeBand.FIFTY_PLUS
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "aged_50_plus", "age_band"}
        super().save(*args, **kwargs)
