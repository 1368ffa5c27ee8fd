"""Celery tasks: each takes ids, calls one function, and is safe to run twice (the rows record
what was sent). The services owe e-mails through the outbox (``events.outbox``), which queues
``outbox_message_send_task`` after the commit with the message's id; the rest run on Celery beat."""

from __future__ import annotations

from celery import shared_task

from events import emails, outbox

RETRY = {"autoretry_for": (ConnectionError, OSError), "retry_backoff": True, "max_retries": 5}


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
    from events.services.retention import attendee_personal_data_purge

    return attendee_personal_data_purge(retention_days=DataRetentionPolicy.attendee_days_in_force())


@shared_task
def place_offers_expire_task() -> int:
    """Beat, every 5 minutes: offered places not claimed in time pass to the next person."""
    from events.services.waiting_list import place_offers_expire

    return place_offers_expire()


@shared_task
def stand_return_requests_task() -> int:
    """Beat, daily: ask employers present at a fair for their return, and remind them at 4 and
    13 weeks (once per stand and stage)."""
    from events.returns import stand_return_requests_owe

    return stand_return_requests_owe()


from events.feedback_tasks import feedback_invitations_send_task  # noqa: E402, F401
