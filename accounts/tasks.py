from __future__ import annotations

from celery import shared_task

from accounts.services import membership_welcome_email_send


@shared_task(autoretry_for=(ConnectionError, OSError), retry_backoff=True, max_retries=5)
def membership_welcome_email_task(membership_id: int) -> bool:
    """Kept for tasks queued before the welcome was written in membership_add's own transaction
    (a notification row): it owes the welcome once; a second run owes nothing."""
    return membership_welcome_email_send(membership_id=membership_id)
