"""Attendees' rights over their personal data: subject access and erasure; the retention period.

Who may act on a request: the organisers of the events the person registered for (the Careers
Hub's coordinators or the Jobcentre's organisers — for their own events only), strategy leads
and administrators (every event). A person is found by their e-mail address.

- **Subject access**: everything held about the person — registrations, tickets, admissions at
  the door, visits to employers' stands, adjustments asked for, consent — as data (JSON) and as
  a readable page or CSV.
- **Erasure**: the same erasure as the retention purge (``registrations_personal_data_erase``),
  done now: names, contact details and free text go; the rows and everything the measures count
  stay, so no figure changes. It cannot be undone.

Every search, download and erasure is written to the audit log, with the registrations it
touched and a keyed hash of the e-mail address (so an auditor holding the address can check which
entries concern it, while the log itself never holds the address).

Pupils stay pseudonymous: a school group's tickets are labelled "Pupil, Year 9, <school>" unless
the school chose to give names, and the encounter ledger keeps only the references a school gives
(``Encounter.pupil_refs``), never names.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
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
from core.tabular import spreadsheet_text
from events.models import CheckIn, Registration, StandInteraction, Ticket
from events.permissions import ORGANISER_ROLES
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


def normalise_subject_email(email: str) -> str:
    """The e-mail address to search by, checked: a clear message for anything else."""
    email = (email or "").strip().lower()
    if not email:
        raise PersonalDataError(
            _("Enter the e-mail address the person registered with."), code="email_required"
        )
    try:
        validate_email(email)
    except ValidationError:
        raise PersonalDataError(
            _("Enter an e-mail address like name@example.com."), code="invalid_email"
        ) from None
    return email


def subject_key(email: str) -> str:
    """A keyed hash of the address for the audit log: no address there, yet checkable."""
    digest = hmac.new(settings.SECRET_KEY.encode(), email.encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


# --- Reads ----------------------------------------------------------------------------------


def subject_registrations(*, viewer: User, email: str) -> QuerySet[Registration]:
    """The person's registrations (by e-mail, any case) at the events ``viewer`` may act for,
    newest event first, with their tickets, scans and stand visits loaded in a few queries."""
    _require_handler(viewer)
    email = normalise_subject_email(email)
    registrations = Registration.objects.filter(email__iexact=email)
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


def _iso(value: datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def _stand_visits(registrations: list[Registration]) -> dict[int, list[StandInteraction]]:
    """Visits to employers' stands by ticket, in one query."""
    ticket_ids = [t.pk for r in registrations for t in r.tickets.all()]
    visits: dict[int, list[StandInteraction]] = {}
    for visit in (
        StandInteraction.objects.filter(ticket_id__in=ticket_ids)
        .select_related("application__employer")
        .order_by("created_at", "pk")
    ):
        visits.setdefault(visit.ticket_id, []).append(visit)
    return visits


def _registration_data(
    registration: Registration, visits: dict[int, list[StandInteraction]]
) -> dict[str, Any]:
    event = registration.event
    return {
        "registration_id": registration.pk,
        "event": {
            "id": event.pk,
            "title": event.title,
            "kind": event.kind,
            "starts_at": _iso(event.starts_at),
            "ends_at": _iso(event.ends_at),
            "venue": event.venue.name if event.venue else None,
            "organiser": event.organiser.name,
        },
        "name": registration.name,
        "email": registration.email,
        "phone": registration.phone,
        "category": registration.category,
        "status": registration.status,
        "walk_in": registration.walk_in,
        "school": registration.school.name if registration.school else None,
        "year_group": registration.year_group,
        "places": registration.group_size,
        "adjustments": list(registration.adjustments),
        "adjustments_detail": registration.adjustments_detail,
        "adjustments_asked_after_deadline": registration.adjustments_late,
        "equality_answers": {
            "age_band": registration.age_band,
            "disability": registration.disability,
            "ethnicity_group": registration.ethnicity_group,
            "sex": registration.sex,
            "complex_barriers": registration.complex_barriers,
            "priority_groups": [answer.group for answer in registration.priority_groups.all()],
        },
        "consent": {
            "privacy_notice_accepted_at": _iso(registration.privacy_consent_at),
            "employers_may_contact": registration.consent_contact_employers,
        },
        "language": registration.language,
        "registered_at": _iso(registration.created_at),
        "updated_at": _iso(registration.updated_at),
        "waitlisted_at": _iso(registration.waitlisted_at),
        "promoted_at": _iso(registration.promoted_at),
        "cancelled_at": _iso(registration.cancelled_at),
        "emails_sent": {
            "confirmation": _iso(registration.confirmation_sent_at),
            "promotion": _iso(registration.promotion_sent_at),
            "reminder": _iso(registration.reminder_sent_at),
            "cancellation": _iso(registration.cancellation_sent_at),
        },
        "personal_data_erased_at": _iso(registration.personal_data_purged_at),
        "tickets": [
            {
                # The token itself is a credential (it admits its holder): only its number here.
                "number": ticket.number,
                "holder": ticket.holder_label,
                "status": ticket.status,
                "issued_at": _iso(ticket.created_at),
                "revoked_at": _iso(ticket.revoked_at),
                "checked_in_at": _iso(ticket.checked_in_at),
                "scans": [
                    {
                        "scanned_at": _iso(scan.scanned_at),
                        "received_at": _iso(scan.received_at),
                        "result": scan.result,
                        "offline": scan.offline,
                        "walk_in": scan.walk_in,
                    }
                    for scan in ticket.check_ins.all()
                ],
                "stand_visits": [
                    {
                        "employer": visit.application.employer.name,
                        "met_at": _iso(visit.created_at),
                        "note": visit.note,
                    }
                    for visit in visits.get(ticket.pk, [])
                ],
            }
            for ticket in registration.tickets.all()
        ],
    }


@dataclass
class SubjectAccessReport:
    registrations: list[dict[str, Any]]
    generated_at: datetime
    generated_by: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "generated_at": _iso(self.generated_at),
            "generated_by": self.generated_by,
            "registrations": self.registrations,
        }


def _audit_access(
    *, viewer: User, email: str, step: str, registrations: Iterable[Registration], **extra: Any
) -> None:
    ids = [registration.pk for registration in registrations]
    audit_record(
        actor=viewer,
        action=AuditAction.REGISTRATION_SUBJECT_ACCESS,
        label=_("%(count)d registrations") % {"count": len(ids)},
        details={"step": step, "subject": subject_key(email), "registrations": ids, **extra},
    )


def subject_access_search(*, viewer: User, email: str) -> list[Registration]:
    """The person's registrations the viewer may act for; the look-up is audited."""
    registrations = list(subject_registrations(viewer=viewer, email=email))
    _audit_access(
        viewer=viewer,
        email=normalise_subject_email(email),
        step="search",
        registrations=registrations,
    )
    return registrations


def subject_access_report(*, viewer: User, email: str, file_format: str) -> SubjectAccessReport:
    """Everything held about the person (at the events the viewer may act for); audited with
    the format it was taken in."""
    if file_format not in ("json", "csv", "html"):
        raise PersonalDataError(_("Choose JSON, CSV or a web page."), code="invalid_format")
    registrations = list(subject_registrations(viewer=viewer, email=email))
    if not registrations:
        raise PersonalDataError(
            _("No registrations with this e-mail address at events you can act for."),
            code="not_found",
        )
    _audit_access(
        viewer=viewer,
        email=normalise_subject_email(email),
        step="download",
        registrations=registrations,
        format=file_format,
    )
    visits = _stand_visits(registrations)
    return SubjectAccessReport(
        registrations=[_registration_data(r, visits) for r in registrations],
        generated_at=timezone.now(),
        generated_by=viewer.email,
    )


CSV_COLUMNS = [
    "registration_id",
    "event",
    "event_starts_at",
    "name",
    "email",
    "phone",
    "category",
    "status",
    "adjustments",
    "adjustments_detail",
    "privacy_notice_accepted_at",
    "employers_may_contact",
    "tickets",
    "checked_in_at",
    "stand_visits",
    "personal_data_erased_at",
]


def subject_access_csv(report: SubjectAccessReport) -> str:
    """One line per registration: the readable summary (the JSON has every field)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in report.registrations:
        tickets = row["tickets"]
        writer.writerow(
            spreadsheet_text(value)
            for value in [
                row["registration_id"],
                row["event"]["title"],
                row["event"]["starts_at"],
                row["name"],
                row["email"],
                row["phone"],
                row["category"],
                row["status"],
                " ".join(row["adjustments"]),
                row["adjustments_detail"],
                row["consent"]["privacy_notice_accepted_at"],
                "yes" if row["consent"]["employers_may_contact"] else "no",
                " ".join(t["number"] for t in tickets),
                " ".join(t["checked_in_at"] for t in tickets if t["checked_in_at"]),
                "; ".join(v["employer"] for t in tickets for v in t["stand_visits"]),
                row["personal_data_erased_at"] or "",
            ]
        )
    return out.getvalue()


# --- Erasure --------------------------------------------------------------------------------


def subject_erase(*, viewer: User, email: str) -> int:
    """Erase the person's personal data now, at the events the viewer may act for: the same
    erasure as the retention purge. Counts are kept. Each registration erased is audited.
    Returns the number of registrations erased."""
    email = normalise_subject_email(email)
    with transaction.atomic():
        registrations = list(
            subject_registrations(viewer=viewer, email=email)
            .select_for_update(of=("self",))
            .prefetch_related(None)
            .prefetch_related("tickets")
        )
        if not registrations:
            raise PersonalDataError(
                _("No registrations with this e-mail address at events you can act for."),
                code="not_found",
            )
        now = timezone.now()
        registrations_personal_data_erase(registration_ids=[r.pk for r in registrations], now=now)
        key = subject_key(email)
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
