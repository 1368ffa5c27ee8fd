"""Feedback after every event: the morning after, each admitted attendee and each employer
present is sent one link (no account); the answer is kept on the link's row, so answering again
updates it. Comments are stored with personal data removed.

Refused with a clear message: a link for an event the person was not admitted to, a link used
before the event ended or after the feedback window closed, answers not in the lists."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from core.exceptions import DomainError
from core.text import clean_text
from events.barriers import BarrierTheme
from events.calendars import LONDON
from events.models import (
    AdjustmentsMetAnswer,
    CandidateQuality,
    Event,
    FeedbackBarrier,
    FeedbackRequest,
    MessageKind,
    Registration,
    StandApplication,
    StandInteraction,
    StandPresence,
    Ticket,
    Usefulness,
    YesNoNotSure,
)

# Feedback is taken for this many days after the event ends.
FEEDBACK_WINDOW_DAYS = 28
COMMENT_MAX_LENGTH = 2000
NOTHING = "nothing"


class FeedbackError(DomainError):
    code = "feedback_invalid"


# --- Personal data out of comments ---------------------------------------------------------

_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(\.[\w-]+)+", re.UNICODE)
# UK numbers written the ways people write them: +44 7700 900123, 07700-900 123, (01234) 567890.
_PHONE = re.compile(r"(?<![\w])(\+?\d[\d\s().-]{8,}\d)(?![\w])")


def comment_scrub(text: str, *, names: Iterable[str] = ()) -> str:
    """The comment with e-mail addresses, phone numbers and the given names (the person's own,
    whole or each part of three letters or more) replaced by "[removed]"."""
    removed = _("[removed]")
    text = _EMAIL.sub(removed, text)
    text = _PHONE.sub(
        lambda match: removed if sum(c.isdigit() for c in match.group(0)) >= 9 else match[0], text
    )
    parts: set[str] = set()
    for name in names:
        name = (name or "").strip()
        if name:
            parts.add(name)
            parts.update(part for part in re.split(r"[\s,]+", name) if len(part) >= 3)
    for part in sorted(parts, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(part)}(?!\w)", removed, text, flags=re.IGNORECASE)
    return text


# --- Invitations ---------------------------------------------------------------------------


def _admitted(event_ids: Sequence[int]) -> Q:
    return Q(event_id__in=event_ids) & Q(
        Exists(Ticket.objects.filter(registration=OuterRef("pk"), checked_in_at__isnull=False))
    )


def _present_stands(event_ids: Sequence[int]) -> Q:
    return Q(event_id__in=event_ids, status=StandApplication.Status.APPROVED) & (
        Q(presence=StandPresence.PRESENT)
        | Q(Exists(StandInteraction.objects.filter(application=OuterRef("pk"))))
    )


def feedback_events_due(*, now: datetime) -> list[int]:
    """Events that ended before today (in London) and whose feedback window is still open."""
    start_of_today = datetime.combine(timezone.localtime(now, LONDON).date(), time(), LONDON)
    return list(
        Event.objects.filter(
            ends_at__lt=start_of_today,
            ends_at__gte=now - timedelta(days=FEEDBACK_WINDOW_DAYS),
            status__in=[Event.Status.PUBLISHED, Event.Status.COMPLETED],
        ).values_list("pk", flat=True)
    )


def feedback_invitations_send(*, now: datetime | None = None) -> int:
    """Create the feedback links owed (admitted attendees who can be reached, employers present)
    and owe each one invitation through the outbox. Running it again sends nothing twice: a
    person or stand has one link, and a link is invited once. Returns invitations owed."""
    from events.outbox import outbox_message_add

    now = now or timezone.now()
    event_ids = feedback_events_due(now=now)
    if not event_ids:
        return 0
    with transaction.atomic():
        registrations = (
            Registration.objects.filter(_admitted(event_ids), school__isnull=True)
            .exclude(status=Registration.Status.CANCELLED)
            .exclude(email="", phone="")
            .filter(feedback_request__isnull=True)
            .values_list("pk", "event_id")
        )
        stands = (
            StandApplication.objects.filter(_present_stands(event_ids))
            .filter(feedback_request__isnull=True)
            .values_list("pk", "event_id")
        )
        FeedbackRequest.objects.bulk_create(
            [FeedbackRequest(registration_id=pk, event_id=e) for pk, e in registrations]
            + [FeedbackRequest(stand_application_id=pk, event_id=e) for pk, e in stands],
            ignore_conflicts=True,
        )
        owed = list(
            FeedbackRequest.objects.select_for_update(of=("self",))
            .filter(event_id__in=event_ids, invited_at__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        FeedbackRequest.objects.filter(pk__in=owed).update(invited_at=now)
        for feedback_id in owed:
            outbox_message_add(kind=MessageKind.FEEDBACK_INVITATION, object_id=feedback_id)
    return len(owed)


def feedback_url(feedback: FeedbackRequest) -> str:
    return settings.SITE_URL + reverse("feedback:answer", args=[feedback.token])


def _employer_addresses(application: StandApplication) -> list[str]:
    if application.applied_by is not None and application.applied_by.is_active:
        return [application.applied_by.email]
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=application.employer.organisation_id,
            memberships__role=Role.EMPLOYER_CONTACT,
        ).values_list("email", flat=True)
    )


def feedback_invitation_send(*, feedback_id: int) -> None:
    """The outbox's sender: the link, by e-mail, or by SMS to a person with a phone only."""
    from events.messaging import person_message_send

    feedback = (
        FeedbackRequest.objects.select_related(
            "event",
            "registration",
            "stand_application__employer",
            "stand_application__applied_by",
        )
        .filter(pk=feedback_id)
        .first()
    )
    if feedback is None:
        return
    context = {"event": feedback.event, "feedback_url": feedback_url(feedback)}
    if feedback.registration is not None:
        registration = feedback.registration
        person_message_send(
            template="feedback_invitation",
            context={**context, "name": registration.name},
            email=registration.email,
            phone=registration.phone,
            language=registration.language,
        )
    elif feedback.stand_application is not None:
        application = feedback.stand_application
        person_message_send(
            template="feedback_invitation_employer",
            context={**context, "employer": application.employer},
            emails=_employer_addresses(application),
        )


# --- Answering -----------------------------------------------------------------------------


def feedback_by_token(token: str) -> FeedbackRequest | None:
    if not token or len(token) > 64:
        return None
    return (
        FeedbackRequest.objects.select_related("event", "registration", "stand_application")
        .filter(token=token)
        .first()
    )


def feedback_check_open(feedback: FeedbackRequest, *, now: datetime | None = None) -> None:
    """Refuse, with the reason, a link that cannot take an answer now."""
    now = now or timezone.now()
    event = feedback.event
    if feedback.registration is not None and not (
        feedback.registration.tickets.filter(checked_in_at__isnull=False).exists()
    ):
        raise FeedbackError(
            _(
                "Our records do not show you at this event, so we cannot take feedback about it "
                "from this link. If you were there, please tell the organiser."
            ),
            code="not_attended",
        )
    if event.ends_at > now:
        raise FeedbackError(
            _("This event has not finished yet. Please come back after it ends."),
            code="event_not_over",
        )
    if now > event.ends_at + timedelta(days=FEEDBACK_WINDOW_DAYS):
        raise FeedbackError(
            _(
                "Feedback for this event closed %(days)d days after it ended. Thank you all the "
                "same."
            )
            % {"days": FEEDBACK_WINDOW_DAYS},
            code="window_closed",
        )


def _choice(value: str, choices: Sequence[str], *, required: bool = False) -> str:
    if (value or required) and value not in choices:
        raise FeedbackError(_("Choose an answer from the list."), code="invalid_answer")
    return value


def feedback_answer(
    *,
    feedback: FeedbackRequest,
    usefulness: str = "",
    met_employer: str = "",
    barriers: Sequence[str] = (),
    adjustments_met: str = "",
    candidate_quality: str = "",
    come_again: str = "",
    comment: str = "",
    now: datetime | None = None,
) -> FeedbackRequest:
    """Record (or update: one answer per link) the answer given through ``feedback``'s link."""
    now = now or timezone.now()
    feedback_check_open(feedback, now=now)
    chosen = set(barriers)
    if chosen - {*BarrierTheme.values, NOTHING}:
        raise FeedbackError(_("Choose what got in the way from the list."), code="invalid_theme")
    if NOTHING in chosen and len(chosen) > 1:
        raise FeedbackError(
            _("Choose what got in the way, or “Nothing got in the way”, not both."),
            code="invalid_theme",
        )
    names: list[str] = []
    if feedback.is_employer:
        _choice(candidate_quality, CandidateQuality.values, required=True)
        _choice(come_again, YesNoNotSure.values)
        usefulness = met_employer = adjustments_met = ""
        chosen = set()
    else:
        _choice(usefulness, Usefulness.values, required=True)
        _choice(met_employer, YesNoNotSure.values)
        registration = feedback.registration
        asked = bool(registration is not None and registration.adjustments)
        adjustments_met = _choice(adjustments_met, AdjustmentsMetAnswer.values) if asked else ""
        candidate_quality = come_again = ""
        names = [registration.name] if registration is not None else []
    comment = comment_scrub(clean_text(comment, multiline=True)[:COMMENT_MAX_LENGTH], names=names)
    with transaction.atomic():
        feedback = FeedbackRequest.objects.select_for_update().get(pk=feedback.pk)
        feedback.usefulness, feedback.met_employer = usefulness, met_employer
        feedback.adjustments_met, feedback.comment = adjustments_met, comment
        feedback.candidate_quality, feedback.come_again = candidate_quality, come_again
        feedback.nothing_in_the_way = NOTHING in chosen
        feedback.answered_at = feedback.answered_at or now
        feedback.updated_at = now
        feedback.save(
            update_fields=[
                "usefulness",
                "met_employer",
                "adjustments_met",
                "comment",
                "candidate_quality",
                "come_again",
                "nothing_in_the_way",
                "answered_at",
                "updated_at",
            ]
        )
        FeedbackBarrier.objects.filter(feedback=feedback).delete()
        FeedbackBarrier.objects.bulk_create(
            FeedbackBarrier(feedback=feedback, theme=theme)
            for theme in BarrierTheme.values
            if theme in chosen
        )
    return feedback
