from __future__ import annotations

from datetime import date

from celery import shared_task
from django.utils import timezone

from engagement.services import match_started_email_send
from engagement.snapshots import is_reporting_date, measures_freeze


@shared_task(autoretry_for=(ConnectionError, OSError), retry_backoff=True, max_retries=5)
def match_started_email_task(match_id: int) -> int:
    """Kept for tasks queued before proposal_accept wrote the e-mails in its own transaction
    (notification rows): owes them once; a second run owes nothing."""
    return match_started_email_send(match_id=match_id)


@shared_task
def measures_freeze_task(day: str | None = None) -> int:
    """Scheduled on the national reporting dates (31 December, 31 March, 31 July): freeze every
    measure's figures as at that day. Running twice replaces the day's snapshot, adds nothing."""
    taken_on = date.fromisoformat(day) if day else timezone.localdate()
    if not is_reporting_date(taken_on):
        return 0
    return measures_freeze(by=None, taken_on=taken_on)
