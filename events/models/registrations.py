"""Who comes: attendees' registrations (with the anonymous equality answers the measures count)
and their tickets. An e-mail address registers once per event (case-insensitive, cancelled
registrations aside); ticket tokens and numbers are unique."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from events.models.tokens import new_registration_token, new_ticket_token
from events.people import person_key


class AttendeeCategory(models.TextChoices):
    # Codes of the public API: keep them stable.
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
        "events.Event",
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("event"),
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=16, blank=True)
    # With both an address and a phone: text messages as well as e-mails (opt-in).
    sms_too = models.BooleanField(_("also text me"), default=False)
    # One person across events without keeping who: a keyed hash of the e-mail address or the
    # phone number (events.people.person_key); blank when neither was given.
    person_key = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
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
    # The key of the person's own page while they wait (position, leaving, claiming an offered
    # place): like a ticket's token, the only key to it.
    link_token = models.CharField(
        max_length=64, unique=True, default=new_registration_token, editable=False
    )

    class Meta:
        ordering = ["event", "created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [
            models.Index(fields=["event", "status", "waitlisted_at"], name="registration_queue"),
            # The organiser's list, a page at a time, in its order (no sort of the whole event).
            models.Index(fields=["event", "status", "created_at", "id"], name="registration_list"),
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

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Erasing the contact details keeps the key: the person still counts once in the figures.
        if self.email or self.phone:
            self.person_key = person_key(email=self.email, phone=self.phone)
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and {"email", "phone"} & set(update_fields):
                kwargs["update_fields"] = {*update_fields, "person_key"}
        super().save(*args, **kwargs)

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
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="tickets")
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
    # When the door's copy of this ticket last changed (issued, admitted, revoked, corrected,
    # renamed): scanner phones fetch only the tickets changed since their last sync. A bulk
    # ``update()`` of these fields sets it too; the registration's own ``updated_at`` covers
    # what the door shows from the registration.
    changed_at = models.DateTimeField(auto_now=True, editable=False)

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
