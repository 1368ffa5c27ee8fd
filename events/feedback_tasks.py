"""The feedback invitations' beat task (registered through events.tasks)."""

from __future__ import annotations

from celery import shared_task


@shared_task
def feedback_invitations_send_task() -> int:
    """Beat, each morning: invite the people and employers of yesterday's events (and any event
    still in its feedback window not invited yet) to give feedback; once per link."""
    from events.feedback import feedback_invitations_send

    return feedback_invitations_send()
