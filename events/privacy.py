"""Attendees' rights over their personal data: subject access and erasure; the retention period.

Who may act on a request: the organisers of the events the person registered for (the Careers
Hub's coordinators or the Jobcentre's organisers — for their own events only), strategy leads
and administrators (every event). A person is found by the e-mail address they registered with
or, since many register with a mobile number only, by that number (typed in any common UK form).

- **Subject access**: everything held about the person — registrations, tickets, admissions at
  the door, visits to employers' stands and what they led to, feedback, adjustments asked for and
  their follow-through, places offered, consent — as data (JSON) and as a readable page or CSV
  (``events.privacy_report``).
- **Erasure**: the same erasure as the retention purge (``registrations_personal_data_erase``),
  done now: names, contact details and free text go; the rows and everything the measures count
  stay, so no figure changes. It cannot be undone.

Every search, download and erasure is written to the audit log, with the registrations it
touched and a keyed hash of the address or number (so an auditor holding it can check which
entries concern it, while the log itself never holds it).

Pupils stay pseudonymous: a school group's tickets are labelled "Pupil, Year 9, <school>" unless
the school chose to give names, and the encounter ledger keeps only the references a school gives
(``Encounter.pupil_refs``), never names.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.models import AuditAction, DataRetentionPolicy, User
from accounts.permissions import is_admin, is_lead
from core.exceptions import DomainError, NotAllowed
from core.phones import InvalidPhoneNumber, normalise_uk_phone
from events.models import CheckIn, Registration, Ticket
from events.permissions import ORGANISER_ROLES
from events.privacy_report import (  # noqa: F401  (re-exported: the report's public names)
    CSV_COLUMNS,
    REPORT_PREFETCHES,
    SubjectAccessReport,
    subject_access_csv,
    subject_access_report_build,
)
from events.services import registrations_personal_data_erase


class PersonalDataError(DomainError):
    code = "personal_data_invalid"


# --- Who may act ----------------------------------------------------------------------------


def may_handle_personal_data_requests(user: Any) -> bool:
    """Event organisers (for their own events), strategy leads and administrators."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return is_admin(user) or is_lead(user) or user.has_role(*ORGANISER_ROLES)


def may_change_retention(user: Any) -> bool:
    return is_admin(user) or is_lead(user)


def _require_handler(user: User) -> None:
    if not may_handle_personal_data_requests(user):
        raise NotAllowed(
            _("Only event organisers, strategy leads and administrators handle these requests.")
        )


# --- Who the request is about ---------------------------------------------------------------


@dataclass(frozen=True)
class Subject:
    """The person a request is about: the e-mail address or the phone number (E.164) they
    registered with, normalised as registrations normalise them."""

    email: str = ""
    phone: str = ""

    @property
    def value(self) -> str:
        """What is searched by, and what forms carry from one step to the next."""
        return self.email or self.phone

    @property
    def key(self) -> str:
        return subject_key(self.value)

    def not_found(self) -> PersonalDataError:
        message = (
            _("No registrations with this phone number at events you can act for.")
            if self.phone
            else _("No registrations with this e-mail address at events you can act for.")
        )
        return PersonalDataError(message, code="not_found")


def subject_from(contact: str) -> Subject:
    """The person to search for from what was typed: anything with an "@" is an e-mail address,
    anything else a UK phone number. A clear message for what is neither; nothing is searched."""
    contact = (contact or "").strip()
    if not contact:
        raise PersonalDataError(
            _("Enter the e-mail address or mobile number the person registered with."),
            code="contact_required",
        )
    if "@" in contact:
        email = contact.lower()
        try:
            validate_email(email)
        except ValidationError:
            raise PersonalDataError(
                _("Enter an e-mail address like name@example.com."), code="invalid_email"
            ) from None
        return Subject(email=email)
    try:
        return Subject(phone=normalise_uk_phone(contact))
    except InvalidPhoneNumber:
        raise PersonalDataError(
            _(
                "Enter an e-mail address like name@example.com, or a UK mobile number like "
                "07700 900123."
            ),
            code="invalid_contact",
        ) from None


def subject_key(contact: str) -> str:
    """A keyed hash of the normalised address or number for the audit log: neither is kept
    there, yet an auditor holding one can check which entries concern it. (An address has an
    "@" and a number none, so the two never share a key.)"""
    digest = hmac.new(settings.SECRET_KEY.encode(), contact.encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


# --- Reads ----------------------------------------------------------------------------------


def subject_registrations(*, viewer: User, contact: str) -> QuerySet[Registration]:
    """The person's registrations (by e-mail in any case, or by phone number) at the events
    ``viewer`` may act for, newest event first, with their tickets and scans loaded."""
    _require_handler(viewer)
    subject = subject_from(contact)
    registrations = (
        Registration.objects.filter(email__iexact=subject.email)
        if subject.email
        else Registration.objects.filter(phone=subject.phone)
    )
    if not (is_admin(viewer) or is_lead(viewer)):
        registrations = registrations.filter(
            event__organiser_id__in=viewer.organisation_ids(*ORGANISER_ROLES)
        )
    tickets = Ticket.objects.order_by("number").prefetch_related(
        Prefetch("check_ins", queryset=CheckIn.objects.order_by("scanned_at", "pk"))
    )
    return (
        registrations.select_related("event", "event__venue", "event__organiser", "school")
        .prefetch_related(Prefetch("tickets", queryset=tickets), "priority_groups")
        .order_by("-event__starts_at", "pk")
    )


def _audit_access(
    *,
    viewer: User,
    subject: Subject,
    step: str,
    registrations: Iterable[Registration],
    **extra: Any,
) -> None:
    ids = [registration.pk for registration in registrations]
    audit_record(
        actor=viewer,
        action=AuditAction.REGISTRATION_SUBJECT_ACCESS,
        label=_("%(count)d registrations") % {"count": len(ids)},
        details={"step": step, "subject": subject.key, "registrations": ids, **extra},
    )


def subject_access_search(*, viewer: User, contact: str) -> list[Registration]:
    """The person's registrations the viewer may act for; the look-up is audited."""
    registrations = list(subject_registrations(viewer=viewer, contact=contact))
    _audit_access(
        viewer=viewer, subject=subject_from(contact), step="search", registrations=registrations
    )
    return registrations


def subject_access_report(*, viewer: User, contact: str, file_format: str) -> SubjectAccessReport:
    """Everything held about the person (at the events the viewer may act for); audited with
    the format it was taken in. A fixed number of queries, however many registrations."""
    if file_format not in ("json", "csv", "html"):
        raise PersonalDataError(_("Choose JSON, CSV or a web page."), code="invalid_format")
    subject = subject_from(contact)
    registrations = list(
        subject_registrations(viewer=viewer, contact=contact).prefetch_related(*REPORT_PREFETCHES)
    )
    if not registrations:
        raise subject.not_found()
    _audit_access(
        viewer=viewer,
        subject=subject,
        step="download",
        registrations=registrations,
        format=file_format,
    )
    return subject_access_report_build(registrations=registrations, generated_by=viewer.email)


# --- Erasure --------------------------------------------------------------------------------


def subject_erase(*, viewer: User, contact: str) -> int:
    """Erase the person's personal data now, at the events the viewer may act for: the same
    erasure as the retention purge. Counts are kept. Each registration erased is audited.
    Returns the number of registrations erased."""
    subject = subject_from(contact)
    with transaction.atomic():
        registrations = list(
            subject_registrations(viewer=viewer, contact=contact)
            .select_for_update(of=("self",))
            .prefetch_related(None)
            .prefetch_related("tickets")
        )
        if not registrations:
            raise subject.not_found()
        now = timezone.now()
        registrations_personal_data_erase(registration_ids=[r.pk for r in registrations], now=now)
        key = subject.key
        for registration in registrations:
            numbers = [ticket.number for ticket in registration.tickets.all()]
            audit_record(
                actor=viewer,
                action=AuditAction.REGISTRATION_ERASE,
                target=registration,
                # Never str(registration): it starts with the person's name.
                label=f"{', '.join(numbers) or registration.pk} — {registration.event.title}",
                details={
                    "subject": key,
                    "event_id": registration.event_id,
                    "tickets": numbers,
                },
            )
    return len(registrations)


# --- The retention period -------------------------------------------------------------------


@dataclass
class RetentionPeriod:
    attendee_days: int
    is_default: bool
    changed_by: User | None
    changed_at: datetime | None


def retention_period() -> RetentionPeriod:
    policy = DataRetentionPolicy.objects.select_related("changed_by").filter(pk=1).first()
    if policy is None:
        return RetentionPeriod(
            attendee_days=int(settings.ATTENDEE_RETENTION_DAYS),
            is_default=True,
            changed_by=None,
            changed_at=None,
        )
    return RetentionPeriod(
        attendee_days=policy.attendee_days,
        is_default=False,
        changed_by=policy.changed_by,
        changed_at=policy.changed_at,
    )


@transaction.atomic
def retention_period_set(*, attendee_days: int, by: User) -> DataRetentionPolicy:
    """A strategy lead (or an administrator) sets how long attendees' personal data is kept
    after their event: between 30 days and 7 years (2,555 days). Audited with the old value."""
    if not may_change_retention(by):
        raise NotAllowed(_("Only a strategy lead can change the retention period."))
    low, high = DataRetentionPolicy.MIN_ATTENDEE_DAYS, DataRetentionPolicy.MAX_ATTENDEE_DAYS
    if isinstance(attendee_days, bool) or not isinstance(attendee_days, int):
        raise PersonalDataError(
            _("Enter the number of days as a whole number."), code="invalid_retention"
        )
    if not low <= attendee_days <= high:
        raise PersonalDataError(
            _("Enter a number of days between %(low)d and %(high)d.") % {"low": low, "high": high},
            code="invalid_retention",
        )
    before = DataRetentionPolicy.attendee_days_in_force()
    policy, _created = DataRetentionPolicy.objects.update_or_create(
        pk=1,
        defaults={"attendee_days": attendee_days, "changed_by": by, "changed_at": timezone.now()},
    )
    audit_record(
        actor=by,
        action=AuditAction.RETENTION_CHANGE,
        target=policy,
        label=_("Attendees' personal data: %(days)d days") % {"days": attendee_days},
        details={"attendee_days": {"before": before, "after": attendee_days}},
    )
    return policy
