"""Celery tasks: each takes ids, calls one function, and is safe to run twice (the rows record
what was sent). The services owe e-mails through the outbox (``events.outbox``), which queues
``outbox_message_send_task`` after the commit; three run on Celery beat."""

from __future__ import annotations

from celery import shared_task

from events import emails, outbox
from events.services import attendee_personal_data_purge

RETRY = {"autoretry_for": (ConnectionError, OSError), "retry_backoff": True, "max_retries": 5}


@shared_task(**RETRY)
def registration_confirmation_task(registration_id: int) -> bool:
    return emails.registration_confirmation_send(registration_id=registration_id)


@shared_task(**RETRY)
def registration_promoted_task(registration_id: int) -> bool:
    return emails.registration_promoted_send(registration_id=registration_id)


@shared_task(**RETRY)
def stand_application_notify_task(application_id: int) -> bool:
    return emails.stand_application_notify_send(application_id=application_id)


@shared_task(**RETRY)
def event_cancellation_notices_task(event_id: int) -> int:
    return emails.event_cancellation_notices_send(event_id=event_id)


@shared_task(**RETRY)
def event_changed_notices_task(event_id: int) -> int:
    return emails.event_changed_notices_send(event_id=event_id)


@shared_task(**RETRY)
def outbox_message_send_task(message_id: int) -> bool:
    """One owed e-mail (events.outbox); a second delivery of the same message sends nothing."""
    return outbox.outbox_message_send(message_id=message_id)


@shared_task
def outbox_pending_send_task() -> int:
    """Beat, every minute: the e-mails still owed (the broker or the mail server was down)."""
    return outbox.outbox_pending_send()


@shared_task(**RETRY)
def event_reminders_send_task() -> int:
    """Beat, daily: the day-before reminder for tomorrow's events (once per person)."""
    return emails.event_reminders_send()


@shared_task
def attendee_personal_data_purge_task() -> int:
    """Beat, daily: forget attendees' names and contact details after the retention period (the
    one a strategy lead set, else ``ATTENDEE_RETENTION_DAYS``)."""
    from accounts.models import DataRetentionPolicy

    return attendee_personal_data_purge(retention_days=DataRetentionPolicy.attendee_days_in_force())
