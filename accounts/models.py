"""Users, the organisations they belong to, their roles, and the reference data every app shares.

A user signs in with an e-mail address. What they may see and change follows from their
memberships: each membership ties the user to one organisation (a Careers Hub, a Jobcentre, an
employer, a school, or a strategic partner such as the LEP) in one role.
"""

from __future__ import annotations

from functools import cached_property
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Careers Hub coordinator")
    JOBCENTRE_ORGANISER = "jobcentre_organiser", _("Jobcentre organiser")
    EMPLOYER_CONTACT = "employer_contact", _("Employer contact")
    ENTERPRISE_ADVISER = "enterprise_adviser", _("Enterprise Adviser")
    CAREERS_LEADER = "careers_leader", _("Careers Leader")
    LEAD = "lead", _("Strategy lead")
    ADMIN = "admin", _("Administrator")


# Roles that see other people's personal data or run the programme: they must use two-factor.
STAFF_ROLES = frozenset({Role.COORDINATOR, Role.JOBCENTRE_ORGANISER, Role.LEAD, Role.ADMIN})


class OrganisationKind(models.TextChoices):
    HUB = "hub", _("Careers Hub")
    JOBCENTRE = "jobcentre", _("Jobcentre")
    EMPLOYER = "employer", _("Employer")
    SCHOOL = "school", _("School or college")
    PARTNER = "partner", _("Strategic partner")


# Which kind of organisation each role is held in.
ROLE_ORGANISATION_KINDS: dict[str, frozenset[str]] = {
    Role.COORDINATOR: frozenset({OrganisationKind.HUB}),
    Role.JOBCENTRE_ORGANISER: frozenset({OrganisationKind.JOBCENTRE}),
    Role.EMPLOYER_CONTACT: frozenset({OrganisationKind.EMPLOYER}),
    Role.ENTERPRISE_ADVISER: frozenset({OrganisationKind.EMPLOYER}),
    Role.CAREERS_LEADER: frozenset({OrganisationKind.SCHOOL}),
    Role.LEAD: frozenset({OrganisationKind.PARTNER}),
    Role.ADMIN: frozenset({OrganisationKind.HUB, OrganisationKind.PARTNER}),
}


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    is_staff = models.BooleanField(
        _("Django admin access"), default=False, help_text=_("May sign in to the admin site.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return (self.full_name.split(" ")[0] if self.full_name else "") or self.email

    @cached_property
    def role_memberships(self) -> list[tuple[str, int, str]]:
        """(role, organisation id, organisation kind) for every membership, read once a request."""
        rows = list(
            self.memberships.values_list(
                "role", "organisation_id", "organisation__kind", "organisation__require_two_factor"
            )
        )
        # Read in the same query: the two-factor rule asks it on every request.
        self._organisation_requires_two_factor = any(row[3] for row in rows)
        return [(role, org, kind) for role, org, kind, _required in rows]

    @property
    def organisation_requires_two_factor(self) -> bool:
        """True when any of the user's organisations requires two-factor sign-in."""
        self.role_memberships  # noqa: B018 - reads the memberships once, with the flag
        return self._organisation_requires_two_factor

    @property
    def roles(self) -> set[str]:
        roles = {role for role, _org, _kind in self.role_memberships}
        if self.is_superuser:
            roles.add(Role.ADMIN)
        return roles

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    def organisation_ids(self, *roles: str) -> set[int]:
        """Organisations the user belongs to, in any of ``roles`` (or in any role)."""
        return {org for role, org, _kind in self.role_memberships if not roles or role in roles}

    @property
    def is_staff_role(self) -> bool:
        return bool(self.roles & STAFF_ROLES)

    @property
    def primary_role(self) -> str | None:
        """The role whose home page the user lands on, most powerful first."""
        for role in Role.values[::-1]:
            if role in self.roles:
                return role
        return None


class District(models.Model):
    """One of Hertfordshire's ten districts (data, so a boundary change is an edit, not code)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    neighbours = models.ManyToManyField(
        "self", blank=True, verbose_name=_("neighbouring districts")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name


class Sector(models.Model):
    """An economic sector; the strategy's priority and recruitment-difficulty ones are flagged."""

    class Group(models.TextChoices):
        PRIORITY = "priority", _("Priority growth sector")
        RECRUITMENT_DIFFICULTY = "recruitment_difficulty", _("Recruitment-difficulty sector")
        OTHER = "other", _("Other sector")

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    group = models.CharField(_("group"), max_length=30, choices=Group.choices, default=Group.OTHER)

    class Meta:
        ordering = ["name"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        # Stored data; the strategy's sector names are in the catalogue, shown translated.
        return gettext(self.name) if self.name else self.name


class Organisation(models.Model):
    """The unit of membership and of permission: hub, Jobcentre, employer, school or partner."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    require_two_factor = models.BooleanField(
        _("require two-factor sign-in"),
        default=False,
        help_text=_("Every member must sign in with an authenticator app as well as a password."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(fields=["kind", "name"], name="organisation_unique_kind_name")
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    welcomed_at = models.DateTimeField(_("welcome e-mail sent"), null=True, blank=True)

    class Meta:
        ordering = ["organisation__name", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_user_org_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organisation}"

    def clean(self) -> None:
        allowed = ROLE_ORGANISATION_KINDS.get(self.role, frozenset())
        if self.organisation_id and self.organisation.kind not in allowed:
            raise ValidationError(
                {
                    "organisation": _("A %(role)s belongs to a %(kinds)s, not a %(kind)s.")
                    % {
                        "role": self.get_role_display(),
                        "kinds": " or ".join(
                            str(OrganisationKind(kind).label) for kind in sorted(allowed)
                        ),
                        "kind": self.organisation.get_kind_display(),
                    }
                }
            )


class PostcodeCentroid(models.Model):
    """The centre of a postcode district (its outward code, e.g. "SG1"), for distances.

    Outward-code centroids are precise to a few kilometres, which is what matching an adviser to a
    school needs, and they are not personal data. Load them with ``import_postcode_centroids``.
    """

    outward_code = models.CharField(_("outward code"), max_length=4, unique=True)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    class Meta:
        ordering = ["outward_code"]
        verbose_name = _("postcode centroid")
        verbose_name_plural = _("postcode centroids")

    def __str__(self) -> str:
        return self.outward_code


# --- The audit trail and the retention period ------------------------------------------------


class AuditAction(models.TextChoices):
    CHECKIN_ADMIT = "checkin.admit", _("Ticket admitted at the door")
    CHECKIN_DUPLICATE = "checkin.duplicate", _("Second admission of a ticket refused")
    CHECKIN_WALK_IN = "checkin.walk_in", _("Walk-in registered and admitted")
    STAND_APPROVE = "stand.approve", _("Stand approved")
    STAND_DECLINE = "stand.decline", _("Stand declined")
    STAND_PRESENCE = "stand.presence", _("Employer marked present or absent on the day")
    STAND_VACANCIES = "stand.vacancies", _("An employer's vacancies at a fair changed")
    ATTENDANCE_CORRECT = "attendance.correct", _("Attendance corrected")
    MEMBERSHIP_ROLE_CHANGE = "membership.role_change", _("Role given or taken away")
    MEASURE_TARGET_CHANGE = "measure.target_change", _("Measure's target changed")
    MEASURE_REPORTED_VALUE = "measure.reported_value", _("Reported figure entered or corrected")
    EXPORT_DOWNLOAD = "export.download", _("Engagement figures exported")
    REGISTRATION_SUBJECT_ACCESS = (
        "registration.subject_access",
        _("An attendee's personal data looked up or downloaded"),
    )
    REGISTRATION_ERASE = "registration.erase", _("An attendee's personal data erased")
    RETENTION_CHANGE = "retention.change", _("Retention period changed")
    RETENTION_PURGE = "retention.purge", _("Attendees' personal data purged after retention")
    REGISTRATION_EXPORT = "registration.export", _("An event's registrations exported")
    REGISTRATION_LIST_READ = "registration.list_read", _("An event's registrations read (API)")
    DOOR_SEARCH = "door.search", _("Tickets searched for at the door")
    TICKET_CANCEL_BY_HOLDER = "ticket.cancel_by_holder", _("A place cancelled by its ticket holder")
    WAITLIST_LEAVE = "waitlist.leave", _("A person left the waiting list")
    OFFER_CLAIM = "offer.claim", _("An offered place claimed")
    OFFER_DECLINE = "offer.decline", _("An offered place declined")
    GROUP_BOOKING_RESIZE = "group_booking.resize", _("A school group booking resized")
    GROUP_BOOKING_CANCEL = "group_booking.cancel", _("A school group booking cancelled")
    FORUM_RECORD_CHANGE = "forum.record_change", _("A forum's record changed")
    FORUM_RECORD_PUBLISH = "forum.record_publish", _("A forum's record published or withdrawn")
    GROUP_MESSAGE_SEND = "group_message.send", _("A message sent to a group of an event's people")
    REGISTRATION_CANCEL_BY_ORGANISER = (
        "registration.cancel_by_organiser",
        _("A registration cancelled by an organiser"),
    )
    REGISTRATION_TICKET_RESEND = (
        "registration.ticket_resend",
        _("A ticket sent again by an organiser"),
    )
    REGISTRATION_ADJUSTMENTS_CHANGE = (
        "registration.adjustments_change",
        _("A registration's adjustments changed by an organiser"),
    )
    REGISTRATION_PROMOTE = (
        "registration.promote",
        _("A person on the waiting list given a place by an organiser"),
    )
    REGISTRATION_ADMIT_BY_HAND = (
        "registration.admit_by_hand",
        _("A person admitted by hand by an organiser (ticket not scanned)"),
    )
    EVENT_CREATE = "event.create", _("An event created (or copied from another)")
    EVENT_UPDATE = "event.update", _("An event's details changed")
    EVENT_PUBLISH = "event.publish", _("An event published")
    EVENT_CANCEL = "event.cancel", _("An event cancelled")
    EVENT_COMPLETE = "event.complete", _("An event marked as held")
    PROGRAMME_GENERATE = "programme.generate", _("A year's programme of draft events created")
    PROGRAMME_DRAFTS_DELETE = "programme.drafts_delete", _("A programme's untouched drafts deleted")


class AuditLogImmutable(Exception):
    """An audit entry is written once: it is never changed or deleted."""


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: object) -> int:
        raise AuditLogImmutable("Audit entries cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditLogImmutable("Audit entries cannot be deleted.")

    def bulk_update(self, *args: object, **kwargs: object) -> int:
        raise AuditLogImmutable("Audit entries cannot be changed.")


class AuditEntry(models.Model):
    """Who did what to which object, when, and from where. Written once, never changed.

    The object is named by its content type in natural-key form ("events.ticket") and its id as
    text, with a short label read at the time: no foreign key, so the entry outlives the object
    and costs no query to write. The label never holds an attendee's name or contact details.
    On PostgreSQL a trigger refuses UPDATE and DELETE on the table as well (migration 0003).
    """

    # None: the system (a scheduled task or a management command).
    actor = models.ForeignKey(
        User,
        on_delete=models.PROTECT,  # whoever acted stays on record: deactivate them instead
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    # The e-mail address the actor had at the time (they may change it later).
    actor_email = models.CharField(_("who (e-mail then)"), max_length=254, blank=True)
    action = models.CharField(_("what"), max_length=40, choices=AuditAction.choices)
    target_type = models.CharField(_("kind of object"), max_length=100, blank=True)
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    target_label = models.CharField(_("object"), max_length=200, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    ip = models.GenericIPAddressField(_("from (IP address)"), null=True, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [
            models.Index(fields=["action", "created_at"], name="audit_action_created"),
            models.Index(fields=["target_type", "target_id"], name="audit_target"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_email or 'system'} {self.action}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding or kwargs.get("force_update") or kwargs.get("update_fields"):
            raise AuditLogImmutable("Audit entries cannot be changed.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AuditLogImmutable("Audit entries cannot be deleted.")

    @property
    def details_text(self) -> str:
        """The details as indented JSON, for people to read."""
        import json

        return json.dumps(self.details, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)


class DataRetentionPolicy(models.Model):
    """How long attendees' personal data is kept after their event, as a strategy lead set it.

    One row at most (id 1). With no row, ``ATTENDEE_RETENTION_DAYS`` from the environment applies.
    """

    MIN_ATTENDEE_DAYS = 30
    MAX_ATTENDEE_DAYS = 2555  # seven years

    attendee_days = models.PositiveIntegerField(
        _("days attendees' personal data is kept after their event"),
        validators=[MinValueValidator(MIN_ATTENDEE_DAYS), MaxValueValidator(MAX_ATTENDEE_DAYS)],
    )
    changed_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("data retention policy")
        verbose_name_plural = _("data retention policy")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="retention_policy_one_row"),
            models.CheckConstraint(
                condition=models.Q(attendee_days__gte=30, attendee_days__lte=2555),
                name="retention_policy_attendee_days_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attendee_days} days"

    @classmethod
    def attendee_days_in_force(cls) -> int:
        """The lead's choice, else the environment's default (``ATTENDEE_RETENTION_DAYS``)."""
        days = cls.objects.filter(pk=1).values_list("attendee_days", flat=True).first()
        return days if days is not None else int(settings.ATTENDEE_RETENTION_DAYS)
