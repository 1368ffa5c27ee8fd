from __future__ import annotations

from celery import shared_task

from engagement.services import match_started_email_send


@shared_task(autoretry_for=(ConnectionError, OSError), retry_backoff=True, max_retries=5)
def match_started_email_task(match_id: int) -> int:
    """E-mail the school's Careers Leaders and the adviser that their match started (once)."""
    return match_started_email_send(match_id=match_id)
