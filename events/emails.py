"""The messages the events app sends (by e-mail, or by SMS to people who gave only a phone
number, or both for those who asked). Each function is what one Celery task calls: it takes ids,
locks the row it reports on, sends only if the row says it has not been sent, and records that it
has — so a task that runs twice (a retry, a beat tick repeated) sends one e-mail.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Role, User
from events.messaging import event_url, person_message_send
from events.models import Event, Registration, StandApplication, Ticket
from events.selectors import registrations_due_reminder
from events.waitlist_messages import waiting_context


def _locked_registration(registration_id: int, **unsent: Any) -> Registration | None:
    return (
        # The row alone: the model's ordering joins the event, and a FOR UPDATE over that join
        # would lock the event's row too (a deadlock with a registration holding it).
        Registration.objects.select_for_update(of=("self",))
        .filter(pk=registration_id, **unsent)
        .exclude(email="", phone="")
        .order_by()
        .first()
    )


def _load_event(event_id: int) -> Event:
    return Event.objects.select_related("venue", "organiser").get(pk=event_id)


def _valid_tickets(registration: Registration) -> list[Ticket]:
    return list(registration.tickets.filter(status=Ticket.Status.VALID).order_by("number"))


def registration_confirmation_send(*, registration_id: int) -> bool:
    """ "You're registered" with the ticket(s), QR code(s) and .ics — or "you're on the waiting
    list". Once per registration."""
    with transaction.atomic():
        registration = _locked_registration(registration_id, confirmation_sent_at__isnull=True)
        if registration is None or registration.status == Registration.Status.CANCELLED:
            return False
        event = _load_event(registration.event_id)
        waitlisted = registration.status == Registration.Status.WAITLISTED
        person_message_send(
            email=registration.email,
            phone=registration.phone,
            sms_too=registration.sms_too,
            about=registration,
            template="registration_confirmation",
            context={
                "registration": registration,
                "waitlisted": waitlisted,
                **waiting_context(registration, event),
            },
            language=registration.language,
            event=None if waitlisted else event,  # no calendar file for a place not held
            tickets=[] if waitlisted else _valid_tickets(registration),
        )
        registration.confirmation_sent_at = timezone.now()
        registration.save(update_fields=["confirmation_sent_at"])
    return True


def registration_resend_send(*, registration_id: int) -> bool:
    """The confirmation again, with the ticket(s) as they are now: someone registered with this
    address a second time. Its outbox row is what makes it go once."""
    registration = (
        Registration.objects.filter(pk=registration_id)
        .exclude(email="", phone="")
        .exclude(status=Registration.Status.CANCELLED)
        .first()
    )
    if registration is None:
        return False
    waitlisted = registration.status == Registration.Status.WAITLISTED
    event = _load_event(registration.event_id)
    person_message_send(
        email=registration.email,
        phone=registration.phone,
        sms_too=registration.sms_too,
        about=registration,
        template="registration_confirmation",
        context={
            "registration": registration,
            "waitlisted": waitlisted,
            **waiting_context(registration, event),
        },
        language=registration.language,
        event=None if waitlisted else event,
        tickets=[] if waitlisted else _valid_tickets(registration),
    )
    return True


def registration_cancelled_send(*, registration_id: int) -> bool:
    """ "The organisers have cancelled your place": the ticket no longer works. Once per
    registration; no calendar file, which would put the event back in the person's calendar."""
    with transaction.atomic():
        registration = _locked_registration(
            registration_id,
            cancellation_sent_at__isnull=True,
            status=Registration.Status.CANCELLED,
        )
        if registration is None:
            return False
        event = _load_event(registration.event_id)
        person_message_send(
            email=registration.email,
            phone=registration.phone,
            sms_too=registration.sms_too,
            about=registration,
            template="registration_cancelled",
            context={"registration": registration, "event": event, "event_url": event_url(event)},
            language=registration.language,
        )
        registration.cancellation_sent_at = timezone.now()
        registration.save(update_fields=["cancellation_sent_at"])
    return True


def registration_promoted_send(*, registration_id: int) -> bool:
    """ "A place has come up" with the new ticket. Once per registration."""
    with transaction.atomic():
        registration = _locked_registration(
            registration_id,
            promotion_sent_at__isnull=True,
            promoted_at__isnull=False,
            status=Registration.Status.CONFIRMED,
        )
        if registration is None:
            return False
        event = _load_event(registration.event_id)
        person_message_send(
            email=registration.email,
            phone=registration.phone,
            sms_too=registration.sms_too,
            about=registration,
            template="registration_promoted",
            context={"registration": registration},
            language=registration.language,
            event=event,
            tickets=_valid_tickets(registration),
        )
        registration.promotion_sent_at = timezone.now()
        registration.save(update_fields=["promotion_sent_at"])
    return True


def registration_reminder_send(*, registration_id: int) -> bool:
    """The day-before reminder, with the ticket again. Once per registration."""
    with transaction.atomic():
        registration = _locked_registration(
            registration_id,
            reminder_sent_at__isnull=True,
            status=Registration.Status.CONFIRMED,
            event__status=Event.Status.PUBLISHED,
        )
        if registration is None:
            return False
        event = _load_event(registration.event_id)
        person_message_send(
            email=registration.email,
            phone=registration.phone,
            sms_too=registration.sms_too,
            about=registration,
            template="event_reminder",
            context={"registration": registration},
            language=registration.language,
            event=event,
            tickets=_valid_tickets(registration),
        )
        registration.reminder_sent_at = timezone.now()
        registration.save(update_fields=["reminder_sent_at"])
    return True


def event_reminders_send(*, today: date | None = None) -> int:
    """Remind everyone with a confirmed place at tomorrow's events; returns e-mails sent."""
    today = today or timezone.localdate()
    day = date.fromordinal(today.toordinal() + 1)
    ids = list(registrations_due_reminder(day=day).values_list("pk", flat=True))
    return sum(registration_reminder_send(registration_id=pk) for pk in ids)


def employer_recipients(application: StandApplication) -> list[str]:
    """Who hears about a stand: whoever applied, else the employer's active contacts."""
    if application.applied_by is not None and application.applied_by.is_active:
        return [application.applied_by.email]
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=application.employer.organisation_id,
            memberships__role=Role.EMPLOYER_CONTACT,
        ).values_list("email", flat=True)
    )


def stand_application_notify_send(*, application_id: int) -> bool:
    """Tell the employer where its application stands (received, approved with its stand number
    and the .ics, waitlisted, promoted, declined) — once per change of status."""
    with transaction.atomic():
        application = (
            StandApplication.objects.select_for_update(of=("self",))
            .select_related("employer", "applied_by")
            .filter(pk=application_id)
            .first()
        )
        if application is None or application.notified_status == application.status:
            return False
        if application.status == StandApplication.Status.WITHDRAWN:
            # The employer withdrew it themselves: nothing to tell them.
            application.notified_status = application.status
            application.save(update_fields=["notified_status"])
            return False
        recipients = employer_recipients(application)
        event = _load_event(application.event_id)
        if recipients:
            person_message_send(
                emails=recipients,
                about=application,
                template="stand_application",
                context={
                    "application": application,
                    # It waited on the list and has not been told of a stand since.
                    "promoted": application.waitlisted_at is not None
                    and application.notified_status in ("", StandApplication.Status.WAITLISTED),
                    "approved": application.status == StandApplication.Status.APPROVED,
                },
                event=event,
            )
        application.notified_status = application.status
        application.notified_sequence = event.sequence
        application.save(update_fields=["notified_status", "notified_sequence"])
    return bool(recipients)


def _people_to_tell(event: Event) -> QuerySet[Registration]:
    return Registration.objects.filter(
        event=event,
        status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED],
    ).exclude(email="", phone="")


def _tell_employers(event: Event, template: str) -> int:
    ids = list(
        StandApplication.objects.filter(
            event=event,
            status__in=StandApplication.LIVE_STATUSES,
            notified_sequence__lt=event.sequence,
        ).values_list("pk", flat=True)
    )
    sent = 0
    for pk in ids:
        with transaction.atomic():
            application = (
                StandApplication.objects.select_for_update(of=("self",))
                .select_related("employer", "applied_by")
                .filter(pk=pk, notified_sequence__lt=event.sequence)
                .first()
            )
            if application is None:
                continue
            recipients = employer_recipients(application)
            if recipients:
                person_message_send(
                    emails=recipients,
                    template=template,
                    context={"application": application, "for_employer": True},
                    event=event,
                )
                sent += 1
            application.notified_sequence = event.sequence
            application.save(update_fields=["notified_sequence"])
    return sent


def event_cancellation_notices_send(*, event_id: int) -> int:
    """Tell everyone registered (and waiting) and every employer with a live application that the
    event is cancelled. Each person once, however often it runs; returns e-mails sent."""
    event = _load_event(event_id)
    if event.status != Event.Status.CANCELLED:
        return 0
    sent = 0
    ids = list(
        _people_to_tell(event)
        .filter(cancellation_sent_at__isnull=True)
        .values_list("pk", flat=True)
    )
    for pk in ids:
        with transaction.atomic():
            registration = _locked_registration(pk, cancellation_sent_at__isnull=True)
            if registration is None:
                continue
            person_message_send(
                email=registration.email,
                phone=registration.phone,
                sms_too=registration.sms_too,
                about=registration,
                template="event_cancelled",
                context={"registration": registration},
                language=registration.language,
                event=event,
            )
            registration.cancellation_sent_at = timezone.now()
            registration.save(update_fields=["cancellation_sent_at"])
            sent += 1
    return sent + _tell_employers(event, "event_cancelled")


def event_changed_notices_send(*, event_id: int) -> int:
    """Tell everyone registered and every employer with a live application the event's new time
    or place, with the updated .ics. Each person once per revision; returns e-mails sent."""
    event = _load_event(event_id)
    if event.status != Event.Status.PUBLISHED:
        return 0
    sent = 0
    ids = list(
        _people_to_tell(event)
        .filter(notified_sequence__lt=event.sequence)
        .values_list("pk", flat=True)
    )
    for pk in ids:
        with transaction.atomic():
            registration = _locked_registration(pk, notified_sequence__lt=event.sequence)
            if registration is None:
                continue
            person_message_send(
                email=registration.email,
                phone=registration.phone,
                sms_too=registration.sms_too,
                about=registration,
                template="event_changed",
                context={"registration": registration},
                language=registration.language,
                event=event,
                tickets=_valid_tickets(registration),
            )
            registration.notified_sequence = event.sequence
            registration.save(update_fields=["notified_sequence"])
            sent += 1
    return sent + _tell_employers(event, "event_changed")
