"""Venues, programmes, events, employers' stands, attendee registrations, tickets, calendar feeds.

Invariants the database holds on its own (so that no code path, admin edit or race breaks them):
an event ends after it starts; one live stand application per employer per event; stand numbers
are unique per event among approved stands; an e-mail address registers once per event
(case-insensitive, cancelled registrations aside); ticket tokens and numbers are unique.
Capacity (places and stands) is enforced by the services, which count inside a row lock on the
event: a count cannot be a constraint.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from accounts.models import District, Organisation, Sector


def new_public_id() -> str:
    """An unguessable id for public URLs (128 bits), never all digits (those route to the pk)."""
    while True:
        token = secrets.token_urlsafe(16)
        if not token.isdigit():
            return token


def new_ticket_token() -> str:
    """What a ticket's QR code encodes: 192 random bits, URL-safe, no personal data."""
    return secrets.token_urlsafe(24)


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


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

    @property
    def location_line(self) -> str:
        """Name, address and postcode on one line, as a calendar's LOCATION shows it."""
        address = ", ".join(line.strip() for line in self.address.splitlines() if line.strip())
        return ", ".join(part for part in (self.name, address, self.postcode) if part)


class EventKind(models.TextChoices):
    # The codes are CONTRACT.md's: scanners and dashboards rely on them.
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


class Audience(models.TextChoices):
    PUPILS = "pupils", _("Pupils")
    JOBSEEKERS = "jobseekers", _("Jobseekers")
    FIFTY_PLUS = "fifty_plus", _("People aged 50 and over")
    DISABLED_RESIDENTS = "disabled_residents", _("Disabled residents")
    EMPLOYERS = "employers", _("Employers")
    SKILLS_PROVIDERS = "skills_providers", _("Skills providers")


YEAR_GROUPS = range(7, 14)


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
    vacancies_count = models.PositiveIntegerField(_("vacancies on offer"), default=0)
    # [{"title": "Warehouse operative", "count": 4, "link": "https://..."}]
    vacancies = models.JSONField(_("vacancies"), default=list, blank=True)
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


class AttendeeCategory(models.TextChoices):
    # CONTRACT.md codes.
    JOBSEEKER = "jobseeker", _("Jobseeker")
    FIFTY_PLUS = "fifty_plus", _("Jobseeker aged 50 or over")
    PUPIL = "pupil", _("Pupil")
    PARENT_CARER = "parent_carer", _("Parent or carer")
    PROVIDER = "provider", _("Education or skills provider")
    OTHER = "other", _("Other")


class Adjustment(models.TextChoices):
    BSL_INTERPRETER = "bsl_interpreter", _("British Sign Language interpreter")
    HEARING_LOOP = "hearing_loop", _("Hearing loop")
    STEP_FREE_ACCESS = "step_free_access", _("Step-free access")
    LARGE_PRINT = "large_print", _("Large print")
    QUIET_ROOM = "quiet_room", _("A quiet room")
    COMPANION = "companion", _("Bringing a companion")
    OTHER = "other", _("Something else")


# Adjustments the organiser has to book (an interpreter, a portable loop, printing, a room): these
# are what the event's adjustments deadline is for. Step-free access and a companion need no
# booking and may be asked for until registration closes.
ADJUSTMENTS_NEEDING_BOOKING = frozenset(
    {
        Adjustment.BSL_INTERPRETER,
        Adjustment.HEARING_LOOP,
        Adjustment.LARGE_PRINT,
        Adjustment.QUIET_ROOM,
        Adjustment.OTHER,
    }
)

PREFER_NOT_TO_SAY = "prefer_not_to_say"


class AgeBand(models.TextChoices):
    UNDER_19 = "under_19", _("Under 19")
    FROM_19_TO_24 = "19_24", _("19 to 24")
    FROM_25_TO_49 = "25_49", _("25 to 49")
    FROM_50_TO_64 = "50_64", _("50 to 64")
    FROM_65 = "65_plus", _("65 or over")
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY, _("Prefer not to say")


class YesNoPreferNot(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY, _("Prefer not to say")


class EthnicityGroup(models.TextChoices):
    # The five high-level groups of the England and Wales census.
    ASIAN = "asian", _("Asian or Asian British")
    BLACK = "black", _("Black, Black British, Caribbean or African")
    MIXED = "mixed", _("Mixed or multiple ethnic groups")
    WHITE = "white", _("White")
    OTHER = "other", _("Other ethnic group")
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY, _("Prefer not to say")


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY, _("Prefer not to say")


class Registration(models.Model):
    """One person (or one school group) registered for an event; no account is needed.

    ``group_size`` is the number of places it takes: 1 for a person, the number of pupils for a
    Careers Leader's school-group booking (one anonymous ticket per pupil unless names are given).
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=16, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=AttendeeCategory.choices)
    adjustments = models.JSONField(_("reasonable adjustments"), default=list, blank=True)
    adjustments_detail = models.TextField(_("more about the adjustments"), blank=True)
    adjustments_late = models.BooleanField(
        _("adjustments asked for after the deadline"), default=False
    )
    age_band = models.CharField(_("age"), max_length=20, choices=AgeBand.choices, blank=True)
    disability = models.CharField(
        _("disability"), max_length=20, choices=YesNoPreferNot.choices, blank=True
    )
    ethnicity_group = models.CharField(
        _("ethnic group"), max_length=20, choices=EthnicityGroup.choices, blank=True
    )
    sex = models.CharField(_("sex"), max_length=20, choices=Sex.choices, blank=True)
    complex_barriers = models.BooleanField(
        _("I face complex barriers to learning or work"), null=True, blank=True
    )
    consent_contact_employers = models.BooleanField(
        _("employers I meet may contact me"), default=False
    )
    privacy_consent_at = models.DateTimeField(_("privacy notice accepted"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CONFIRMED
    )
    waitlisted_at = models.DateTimeField(_("waiting since"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("moved off the waiting list"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    school = models.ForeignKey(
        "schools.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("school"),
    )
    year_group = models.PositiveSmallIntegerField(_("year group"), null=True, blank=True)
    group_size = models.PositiveIntegerField(_("places"), default=1)
    walk_in = models.BooleanField(_("walked in without registering"), default=False)
    language = models.CharField(max_length=10, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # What the person has been told, so each e-mail task can run twice and send once.
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    promotion_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancellation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    notified_sequence = models.PositiveIntegerField(default=0, editable=False)
    personal_data_purged_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["event", "created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [
            models.Index(fields=["event", "status", "waitlisted_at"], name="registration_queue"),
        ]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "event",
                condition=~models.Q(email="")
                & ~models.Q(status="cancelled")
                & models.Q(school__isnull=True),
                name="registration_one_per_email_per_event",
            ),
            models.CheckConstraint(
                # A walk-in registered at the door may leave no contact details.
                condition=~models.Q(email="", phone="")
                | models.Q(personal_data_purged_at__isnull=False)
                | models.Q(walk_in=True),
                name="registration_email_or_phone",
            ),
            models.CheckConstraint(
                condition=models.Q(group_size__gte=1), name="registration_at_least_one_place"
            ),
            models.CheckConstraint(
                condition=models.Q(year_group__isnull=True)
                | models.Q(year_group__gte=7, year_group__lte=13),
                name="registration_year_group_7_to_13",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.event}"

    @property
    def is_group(self) -> bool:
        return self.school_id is not None


class Ticket(models.Model):
    """One place at an event. The token is what the QR code holds and what the door checks."""

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        REVOKED = "revoked", _("Revoked")

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="tickets")
    # Denormalised from the registration so the door checks "this ticket, this event" in one row.
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="tickets")
    token = models.CharField(max_length=64, unique=True, default=new_ticket_token, editable=False)
    number = models.CharField(_("ticket number"), max_length=20)
    holder_label = models.CharField(_("holder"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.VALID
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)
    # The first admission at the door. Set once, by a conditional UPDATE, so two scanners
    # racing for one ticket cannot both admit it (see events.checkin).
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["event", "number"]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        indexes = [models.Index(fields=["event", "status"], name="ticket_event_status")]
        constraints = [
            models.UniqueConstraint(fields=["event", "number"], name="ticket_unique_number"),
        ]

    def __str__(self) -> str:
        return self.number


class CalendarFeed(models.Model):
    """A subscribable iCalendar feed behind an unguessable URL: a person's, a venue's, a hub's."""

    class Kind(models.TextChoices):
        USER = "user", _("My events")
        VENUE = "venue", _("A venue's events")
        HUB = "hub", _("A Careers Hub's events")

    token = models.CharField(max_length=64, unique=True, default=new_feed_token, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_feeds",
    )
    venue = models.ForeignKey(
        Venue, on_delete=models.CASCADE, null=True, blank=True, related_name="calendar_feeds"
    )
    hub = models.ForeignKey(
        "schools.Hub",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_feeds",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="user", user__isnull=False, venue__isnull=True, hub__isnull=True)
                    | models.Q(
                        kind="venue", user__isnull=True, venue__isnull=False, hub__isnull=True
                    )
                    | models.Q(kind="hub", user__isnull=True, venue__isnull=True, hub__isnull=False)
                ),
                name="calendar_feed_one_owner",
            ),
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(kind="user"), name="calendar_feed_one_per_user"
            ),
            models.UniqueConstraint(
                fields=["venue"],
                condition=models.Q(kind="venue"),
                name="calendar_feed_one_per_venue",
            ),
            models.UniqueConstraint(
                fields=["hub"], condition=models.Q(kind="hub"), name="calendar_feed_one_per_hub"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.pk})"


# The door: scanners, the scan log, walk-ins and stand interactions (issue 5), in their own module.
from events.models.checkin import (  # noqa: E402, F401  (re-exported)
    CheckIn,
    ScannerAssignment,
    StandInteraction,
)

# The e-mail outbox (issue 7): e-mails owed, written in the transaction that owes them.
from events.models.outbox import OutboxMessage  # noqa: E402, F401  (re-exported)
