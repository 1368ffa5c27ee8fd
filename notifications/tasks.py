"""Celery tasks for messages: each takes a row id and is safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from notifications import services
from notifications.backends import DeliveryDeferred


@shared_task(bind=True, max_retries=services.MAX_ATTEMPTS, rate_limit=settings.NOTIFY_RATE_LIMIT)
def notification_send_task(self, notification_id: int) -> bool:
    """One message. Notify's 429 and 5xx come back with a doubling wait; run in-process (no
    broker) the row is left for the sweep instead, so a request never waits on a retry."""
    try:
        return services.notification_send(notification_id=notification_id)
    except DeliveryDeferred as error:
        if self.request.is_eager:
            return False
        attempts = self.request.retries + 1
        raise self.retry(exc=error, countdown=services.retry_delay_seconds(attempts)) from error


@shared_task
def notifications_pending_send_task() -> int:
    """Beat, every minute: the messages still pending (the broker or the service was down)."""
    return services.notifications_pending_send()


@shared_task
def notification_batch_dispatch_task(batch: str) -> int:
    """A message to a group, after its commit: one send task per recipient."""
    return services.notification_batch_dispatch(batch=batch)
