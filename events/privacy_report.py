"""The subject access report (``events.privacy``): everything held about one person, built from
their registrations as data (JSON), a readable page and a one-line-per-registration CSV.

Besides the registration itself: its tickets, admissions at the door, visits to employers' stands
and what each visit led to as the employer recorded it, the person's feedback after the event
(with the barrier themes they ticked), the follow-through of each adjustment they asked for, and
the places offered to them from the waiting list. All of it is loaded in a fixed number of
queries, however many registrations the person has.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from core.tabular import spreadsheet_text
from events.models import (
    Adjustment,
    AdjustmentItem,
    AdjustmentsMetAnswer,
    AdjustmentStatus,
    FeedbackRequest,
    PlaceOffer,
    Registration,
    StandInteraction,
    Usefulness,
    YesNoNotSure,
)

# What the report reads beyond the registrations' tickets and scans: one query each.
REPORT_PREFETCHES = (
    Prefetch("feedback_request", queryset=FeedbackRequest.objects.all()),
    "feedback_request__barriers",
    Prefetch("adjustment_items", queryset=AdjustmentItem.objects.order_by("adjustment", "pk")),
    Prefetch("place_offers", queryset=PlaceOffer.objects.order_by("offered_at", "pk")),
)


def iso(value: datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def _label(choices: Any, value: str) -> str:
    """The readable label of a stored choice (the code itself if it is no longer a choice)."""
    return str(dict(choices.choices).get(value, value)) if value else ""


def stand_visits_by_ticket(registrations: list[Registration]) -> dict[int, list[StandInteraction]]:
    """Visits to employers' stands by ticket, with what each led to, in one query."""
    ticket_ids = [t.pk for r in registrations for t in r.tickets.all()]
    visits: dict[int, list[StandInteraction]] = {}
    for visit in (
        StandInteraction.objects.filter(ticket_id__in=ticket_ids)
        .select_related("application__employer", "outcome")
        .order_by("created_at", "pk")
    ):
        visits.setdefault(visit.ticket_id, []).append(visit)
    return visits


def _visit_data(visit: StandInteraction) -> dict[str, Any]:
    outcome = getattr(visit, "outcome", None)
    return {
        "employer": visit.application.employer.name,
        "met_at": iso(visit.created_at),
        "note": visit.note,
        "outcome": None
        if outcome is None
        else {
            "visitor_agreed": outcome.visitor_agreed,
            "interview_offered": outcome.interview_offered,
            "application_started": outcome.application_started,
            "rating": outcome.rating,
            "note": outcome.note,
            "updated_at": iso(outcome.updated_at),
        },
    }


def _feedback_data(registration: Registration) -> dict[str, Any] | None:
    feedback = getattr(registration, "feedback_request", None)
    if feedback is None:
        return None
    themes = sorted(feedback.barriers.all(), key=lambda barrier: barrier.theme)
    return {
        "invited_at": iso(feedback.invited_at),
        "answered_at": iso(feedback.answered_at),
        "usefulness": feedback.usefulness,
        "usefulness_label": _label(Usefulness, feedback.usefulness),
        "met_employer": feedback.met_employer,
        "met_employer_label": _label(YesNoNotSure, feedback.met_employer),
        "nothing_in_the_way": feedback.nothing_in_the_way,
        "barriers": [barrier.theme for barrier in themes],
        "barriers_labels": [barrier.get_theme_display() for barrier in themes],
        "adjustments_met": feedback.adjustments_met,
        "adjustments_met_label": _label(AdjustmentsMetAnswer, feedback.adjustments_met),
        "come_again": feedback.come_again,
        "come_again_label": _label(YesNoNotSure, feedback.come_again),
        "comment": feedback.comment,
    }


def registration_data(
    registration: Registration, visits: dict[int, list[StandInteraction]]
) -> dict[str, Any]:
    """Everything held on one registration, as plain data (dates in ISO 8601, local time)."""
    event = registration.event
    return {
        "registration_id": registration.pk,
        "event": {
            "id": event.pk,
            "title": event.title,
            "kind": event.kind,
            "starts_at": iso(event.starts_at),
            "ends_at": iso(event.ends_at),
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
        "adjustments_follow_through": [
            {
                "adjustment": item.adjustment,
                "adjustment_label": _label(Adjustment, item.adjustment),
                "status": item.status,
                "status_label": _label(AdjustmentStatus, item.status),
                "arranged_at": iso(item.arranged_at),
                "confirmed_at": iso(item.confirmed_at),
                "met_at": iso(item.met_at),
            }
            for item in registration.adjustment_items.all()
        ],
        "equality_answers": {
            "age_band": registration.age_band,
            "disability": registration.disability,
            "ethnicity_group": registration.ethnicity_group,
            "sex": registration.sex,
            "complex_barriers": registration.complex_barriers,
            "priority_groups": [answer.group for answer in registration.priority_groups.all()],
        },
        "consent": {
            "privacy_notice_accepted_at": iso(registration.privacy_consent_at),
            "employers_may_contact": registration.consent_contact_employers,
        },
        "language": registration.language,
        "registered_at": iso(registration.created_at),
        "updated_at": iso(registration.updated_at),
        "waitlisted_at": iso(registration.waitlisted_at),
        "promoted_at": iso(registration.promoted_at),
        "cancelled_at": iso(registration.cancelled_at),
        "place_offers": [
            {
                "places": offer.places,
                "status": offer.status,
                "status_label": _label(PlaceOffer.Status, offer.status),
                "offered_at": iso(offer.offered_at),
                "expires_at": iso(offer.expires_at),
                "resolved_at": iso(offer.resolved_at),
            }
            for offer in registration.place_offers.all()
        ],
        "emails_sent": {
            "confirmation": iso(registration.confirmation_sent_at),
            "promotion": iso(registration.promotion_sent_at),
            "reminder": iso(registration.reminder_sent_at),
            "cancellation": iso(registration.cancellation_sent_at),
        },
        "feedback": _feedback_data(registration),
        "personal_data_erased_at": iso(registration.personal_data_purged_at),
        "tickets": [
            {
                # The token itself is a credential (it admits its holder): only its number here.
                "number": ticket.number,
                "holder": ticket.holder_label,
                "status": ticket.status,
                "issued_at": iso(ticket.created_at),
                "revoked_at": iso(ticket.revoked_at),
                "checked_in_at": iso(ticket.checked_in_at),
                "scans": [
                    {
                        "scanned_at": iso(scan.scanned_at),
                        "received_at": iso(scan.received_at),
                        "result": scan.result,
                        "offline": scan.offline,
                        "walk_in": scan.walk_in,
                    }
                    for scan in ticket.check_ins.all()
                ],
                "stand_visits": [_visit_data(visit) for visit in visits.get(ticket.pk, [])],
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
            "generated_at": iso(self.generated_at),
            "generated_by": self.generated_by,
            "registrations": self.registrations,
        }


def subject_access_report_build(
    *, registrations: list[Registration], generated_by: str
) -> SubjectAccessReport:
    """The report of registrations loaded with ``REPORT_PREFETCHES`` (and tickets, scans)."""
    visits = stand_visits_by_ticket(registrations)
    return SubjectAccessReport(
        registrations=[registration_data(r, visits) for r in registrations],
        generated_at=timezone.now(),
        generated_by=generated_by,
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
    "adjustments_follow_through",
    "privacy_notice_accepted_at",
    "employers_may_contact",
    "tickets",
    "checked_in_at",
    "stand_visits",
    "stand_visit_outcomes",
    "feedback",
    "place_offers",
    "personal_data_erased_at",
]


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _outcome_summary(visit: dict[str, Any]) -> str:
    outcome = visit["outcome"]
    if outcome is None:
        return f"{visit['employer']}: -"
    parts = [
        f"interview offered {_yes_no(outcome['interview_offered'])}",
        f"application started {_yes_no(outcome['application_started'])}",
    ]
    if outcome["rating"] is not None:
        parts.append(f"rating {outcome['rating']}")
    if outcome["note"]:
        parts.append(f"note {outcome['note']}")
    return f"{visit['employer']}: {', '.join(parts)}"


def _feedback_summary(feedback: dict[str, Any] | None) -> str:
    if feedback is None or not feedback["answered_at"]:
        return ""
    parts = [
        f"usefulness {feedback['usefulness'] or '-'}",
        f"met employer {feedback['met_employer'] or '-'}",
        f"barriers {' '.join(feedback['barriers']) or '-'}",
        f"adjustments met {feedback['adjustments_met'] or '-'}",
    ]
    if feedback["comment"]:
        parts.append(f"comment {feedback['comment']}")
    return f"{feedback['answered_at']}: {', '.join(parts)}"


def subject_access_csv(report: SubjectAccessReport) -> str:
    """One line per registration: the readable summary (the JSON has every field)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in report.registrations:
        tickets = row["tickets"]
        visits = [visit for ticket in tickets for visit in ticket["stand_visits"]]
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
                "; ".join(
                    f"{item['adjustment']} {item['status']}"
                    for item in row["adjustments_follow_through"]
                ),
                row["consent"]["privacy_notice_accepted_at"],
                _yes_no(row["consent"]["employers_may_contact"]),
                " ".join(t["number"] for t in tickets),
                " ".join(t["checked_in_at"] for t in tickets if t["checked_in_at"]),
                "; ".join(visit["employer"] for visit in visits),
                "; ".join(_outcome_summary(visit) for visit in visits if visit["outcome"]),
                _feedback_summary(row["feedback"]),
                "; ".join(
                    f"{offer['places']} {offer['status']} {offer['offered_at']}"
                    for offer in row["place_offers"]
                ),
                row["personal_data_erased_at"] or "",
            ]
        )
    return out.getvalue()
