"""Venues, programmes, events, employers' stands, attendee registrations, tickets, calendar feeds.

Invariants the database holds on its own (so that no code path, admin edit or race breaks them):
an event ends after it starts; one live stand application per employer per event; stand numbers
are unique per event among approved stands; an e-mail address registers once per event
(case-insensitive, cancelled registrations aside); ticket tokens and numbers are unique.
Capacity (places and stands) is enforced by the services, which count inside a row lock on the
event: a count cannot be a constraint.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import District, Organisation, Sector
from events.models.tokens import new_feed_token, new_public_id, new_ticket_token  # noqa: F401


class Venue(models.Model):
    class Kind(models.TextChoices):
        JOBCENTRE = "jobcentre", _("Jobcentre")
        SCHOOL = "school", _("School")
        COLLEGE = "college", _("College")
        COMMUNITY = "community", _("Community venue")
        EMPLOYER_SITE = "employer_site", _("Employer site")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="venues",
        help_text=_("For a Jobcentre: the Jobcentre whose organisers run events here."),
    )
    district = models.ForeignKey(District, on_delete=models.PROTECT, verbose_name=_("district"))
    address = models.TextField(_("address"), blank=True)
    postcode = models.CharField(_("postcode"), max_length=8, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    step_free = models.BooleanField(_("step-free access"), default=False)
    hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    accessible_toilet = models.BooleanField(_("accessible toilet"), default=False)
    parking = models.BooleanField(_("parking"), default=False)
    public_transport = models.TextField(_("public transport"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")

    def __str__(self) -> str:
        return self.name

    def _street_lines(self) -> list[str]:
        return [line.strip() for line in self.address.splitlines() if line.strip()]

    @property
    def address_lines(self) -> list[str]:
        """The address as a letter shows it: its lines, the postcode, then the district unless a
        line already names it (a town and its district often share a name)."""
        lines = self._street_lines() + ([self.postcode] if self.postcode else [])
        district = str(self.district)
        if district.casefold() not in {line.casefold() for line in lines}:
            lines.append(district)
        return lines

    @property
    def location_line(self) -> str:
        """Name, address and postcode on one line, as a calendar's LOCATION shows it."""
        parts = (self.name, *self._street_lines(), self.postcode)
        return ", ".join(part for part in parts if part)


class EventKind(models.TextChoices):
    # The codes are part of the public API: scanners and dashboards rely on them.
    CAREERS_FAIR = "careers_fair", _("Careers fair")
    JOBS_FAIR = "jobs_fair", _("Jobs fair")
    FIFTY_PLUS_JOBS_FAIR = "fifty_plus_jobs_fair", _("50+ jobs fair")
    VOICE_OF_THE_CUSTOMER_FORUM = "voice_of_the_customer_forum", _("Voice of the Customer forum")
    SECTOR_SKILLS_EVENT = "sector_skills_event", _("Sector skills event")
    EMPLOYER_WORKSHOP = "employer_workshop", _("Employer workshop")
    SCHOOL_ENCOUNTER = "school_encounter", _("School encounter")


# Short prefixes for human ticket numbers ("JF7-0042").
TICKET_PREFIXES = {
    EventKind.CAREERS_FAIR: "CF",
    EventKind.JOBS_FAIR: "JF",
    EventKind.FIFTY_PLUS_JOBS_FAIR: "FP",
    EventKind.VOICE_OF_THE_CUSTOMER_FORUM: "VC",
    EventKind.SECTOR_SKILLS_EVENT: "SS",
    EventKind.EMPLOYER_WORKSHOP: "EW",
    EventKind.SCHOOL_ENCOUNTER: "SE",
}


class EventAudience(models.TextChoices):
    # Who an event is for, chosen by its organiser (an encounter's audience is engagement's).
    PUPILS = "pupils", _("Pupils")
    JOBSEEKERS = "jobseekers", _("Jobseekers")
    FIFTY_PLUS = "fifty_plus", _("People aged 50 and over")
    DISABLED_RESIDENTS = "disabled_residents", _("Disabled residents")
    EMPLOYERS = "employers", _("Employers")
    SKILLS_PROVIDERS = "skills_providers", _("Skills providers")


YEAR_GROUPS = range(7, 14)
# How long a person offered a freed place has to claim it, unless the organiser says otherwise.
DEFAULT_OFFER_CLAIM_HOURS = 48


class Programme(models.Model):
    """A financial year's programme of one kind of event, e.g. "a jobs fair per quarter at every
    Jobcentre, 2026-27". Generating it creates draft events; the grid shows what is missing."""

    class Rule(models.TextChoices):
        EVERY_JOBCENTRE_EVERY_QUARTER = (
            "jobcentre_quarterly",
            _("One per quarter at every Jobcentre"),
        )
        EVERY_JOBCENTRE_EVERY_YEAR = "jobcentre_yearly", _("One a year at every Jobcentre")
        TWICE_A_YEAR = "twice_yearly", _("Two a year")

    name = models.CharField(_("name"), max_length=200)
    financial_year = models.PositiveSmallIntegerField(
        _("financial year"), help_text=_("The year it starts in: 2026 for 2026-27.")
    )
    kind = models.CharField(_("kind of event"), max_length=40, choices=EventKind.choices)
    rule = models.CharField(_("rule"), max_length=30, choices=Rule.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-financial_year", "kind"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.UniqueConstraint(
                fields=["financial_year", "kind"], name="programme_unique_year_kind"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def financial_year_label(self) -> str:
        return f"{self.financial_year}-{(self.financial_year + 1) % 100:02d}"


class Event(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")
        COMPLETED = "completed", _("Completed")

    # Statuses anyone may see (and subscribe to); drafts are the organiser's alone.
    PUBLIC_STATUSES = (Status.PUBLISHED, Status.CANCELLED, Status.COMPLETED)

    public_id = models.CharField(
        _("public id"), max_length=32, unique=True, default=new_public_id, editable=False
    )
    uid = models.UUIDField(_("calendar UID"), unique=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=40, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    venue = models.ForeignKey(
        Venue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("venue"),
        help_text=_("A draft may wait for its venue; an event is published with one."),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    audiences = models.JSONField(_("audiences"), default=list, blank=True)
    year_groups = models.JSONField(
        _("year groups"), default=list, blank=True, help_text=_("For pupils: years 7 to 13.")
    )
    sector_focus = models.ManyToManyField(
        Sector, blank=True, related_name="events", verbose_name=_("sector focus")
    )
    capacity = models.PositiveIntegerField(_("attendee places"))
    stand_capacity = models.PositiveIntegerField(_("employer stands"), default=0)
    max_representatives_per_stand = models.PositiveSmallIntegerField(
        _("representatives per stand"), default=3
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("Empty: registration closes when the event starts."),
    )
    adjustments_deadline = models.DateTimeField(
        _("deadline for adjustments that need booking"), null=True, blank=True
    )
    allow_reentry = models.BooleanField(_("visitors may leave and come back"), default=False)
    # How long a person offered a freed place has to claim it (events.services.waiting_list).
    offer_claim_hours = models.PositiveSmallIntegerField(
        _("hours to claim a freed place"),
        default=DEFAULT_OFFER_CLAIM_HOURS,
        help_text=_(
            "When a place frees up, the next person on the waiting list is offered it for this "
            "long. Offers always end 2 hours before the event; nearer the day, or with 0 here, "
            "the place is given straight away."
        ),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    organiser = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="organised_events",
        verbose_name=_("organiser"),
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("programme"),
    )
    # Which slot of its programme this event fills ("venue:3:Q2"): what makes generation idempotent.
    programme_slot = models.CharField(max_length=60, blank=True, editable=False)
    sequence = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    tickets_issued = models.PositiveIntegerField(default=0, editable=False)
    cancellation_reason = models.TextField(_("reason for cancelling"), blank=True)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["status", "starts_at"], name="event_status_starts")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["programme", "programme_slot"],
                condition=models.Q(programme__isnull=False) & ~models.Q(programme_slot=""),
                name="event_unique_programme_slot",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def calendar_uid(self) -> str:
        return f"event-{self.uid}@herts-fairs"

    @property
    def ticket_prefix(self) -> str:
        return f"{TICKET_PREFIXES.get(EventKind(self.kind), 'EV')}{self.pk}"

    @property
    def is_public(self) -> bool:
        return self.status in self.PUBLIC_STATUSES


class StandPresence(models.TextChoices):
    EXPECTED = "expected", _("Expected")
    PRESENT = "present", _("Present")
    NO_SHOW = "no_show", _("Did not come")


class StandApplication(models.Model):
    """An employer asks for a stand at an event: who comes, which vacancies, what they need."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        WAITLISTED = "waitlisted", _("On the waiting list")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # Pending and approved applications hold a stand; waitlisted ones wait for one.
    HOLDING_STATUSES = (Status.PENDING, Status.APPROVED)
    LIVE_STATUSES = (Status.PENDING, Status.APPROVED, Status.WAITLISTED)

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="stand_applications", verbose_name=_("event")
    )
    employer = models.ForeignKey(
        "employers.Employer",
        on_delete=models.PROTECT,
        related_name="stand_applications",
        verbose_name=_("employer"),
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    representatives = models.PositiveSmallIntegerField(_("representatives"))
    representative_names = models.JSONField(_("representatives' names"), default=list, blank=True)
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="+", verbose_name=_("sectors")
    )
    needs_power = models.BooleanField(_("needs power"), default=False)
    needs_table = models.BooleanField(_("needs a table"), default=True)
    access_needs = models.TextField(_("access needs"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    stand_number = models.PositiveSmallIntegerField(_("stand number"), null=True, blank=True)
    waitlisted_at = models.DateTimeField(_("waiting since"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("note to the employer"), blank=True)
    # Whether the employer came on the day: the door marks it, or their first stand scan does.
    presence = models.CharField(
        _("on the day"), max_length=10, choices=StandPresence.choices, default="expected"
    )
    presence_marked_at = models.DateTimeField(_("presence marked"), null=True, blank=True)
    # The status the employer was last told about by e-mail: makes the e-mail task repeatable.
    notified_status = models.CharField(max_length=10, blank=True, editable=False)
    notified_sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("applied"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["event", "created_at", "pk"]
        verbose_name = _("stand application")
        verbose_name_plural = _("stand applications")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "employer"],
                condition=models.Q(status__in=["pending", "approved", "waitlisted"]),
                name="stand_one_live_application_per_employer",
            ),
            models.UniqueConstraint(
                fields=["event", "stand_number"],
                condition=models.Q(status="approved", stand_number__isnull=False),
                name="stand_unique_number_per_event",
            ),
            models.CheckConstraint(
                condition=models.Q(representatives__gte=1), name="stand_at_least_one_representative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employer} — {self.event}"

    @property
    def vacancies_count(self) -> int:
        """Posts on offer in all (filled ones included: they were offered at the fair). Reads
        the prefetched vacancies when a list prefetched them."""
        return sum(vacancy.posts for vacancy in self.vacancies.all())


# Registrations and tickets, calendar feeds, the door, and the e-mail outbox: one module each.
# Feedback after events, adjustments followed through, priority groups: one module each.
from events.models.adjustments import AdjustmentItem, AdjustmentStatus  # noqa: E402, F401
from events.models.calendars import CalendarFeed  # noqa: E402, F401  (re-exported)
from events.models.checkin import (  # noqa: E402, F401  (re-exported)
    CheckIn,
    ScannerAssignment,
    StandInteraction,
)
from events.models.feedback import (  # noqa: E402, F401  (re-exported)
    AdjustmentsMetAnswer,
    CandidateQuality,
    FeedbackBarrier,
    FeedbackRequest,
    Usefulness,
    YesNoNotSure,
)
from events.models.forums import (  # noqa: E402, F401  (re-exported)
    PARTICIPATION_GROUPS,
    SETTLED_ACTION_STATUSES,
    ForumAction,
    ForumActionStatus,
    ForumBarrier,
    ForumRecord,
)
from events.models.group_messages import GroupMessage, MessageGroup  # noqa: E402, F401
from events.models.lookups import TicketLookup  # noqa: E402, F401  (re-exported)
from events.models.offers import PlaceOffer  # noqa: E402, F401  (re-exported)
from events.models.outbox import MessageKind, OutboxMessage  # noqa: E402, F401  (re-exported)
from events.models.outcomes import (  # noqa: E402, F401  (re-exported)
    ReturnRequestStage,
    StandDayCount,
    StandReturn,
    StandReturnRequest,
    StandReturnRevision,
    VisitOutcome,
)
from events.models.reach import PriorityGroup, RegistrationPriorityGroup  # noqa: E402, F401
from events.models.registrations import (  # noqa: E402, F401  (re-exported)
    ADJUSTMENTS_NEEDING_BOOKING,
    PREFER_NOT_TO_SAY,
    Adjustment,
    AgeBand,
    AttendeeCategory,
    EthnicityGroup,
    Registration,
    Sex,
    Ticket,
    YesNoPreferNot,
)
from events.models.tallies import EventTally  # noqa: E402, F401  (re-exported)
from events.models.vacancies import (  # noqa: E402, F401  (re-exported)
    MAX_LEVEL,
    MAX_POSTS,
    MAX_VACANCIES,
    MIN_LEVEL,
    Vacancy,
    VacancyHours,
    VacancyType,
)
