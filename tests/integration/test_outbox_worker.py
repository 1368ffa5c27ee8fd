"""Issue 7 with the real thing: a registration made while the broker is unreachable is saved and its
confirmation owed; the beat sweep, run by a real worker through a real Redis, sends it once."""

from __future__ import annotations

import pytest

from config.celery import app
from events.models import OutboxMessage, Registration
from events.tasks import outbox_pending_send_task
from notifications.tasks import notifications_pending_send_task
from tests.factories import EventFactory
from tests.hardening.test_faults import ANSWERS, closed_port, use_broker
from tests.integration.test_celery_worker import (  # noqa: F401 - the fixture
    TASK_TIMEOUT,
    Worker,
    _sent_emails,
    celery_worker_process,
)

pytestmark = pytest.mark.celery_worker


def test_registered_while_the_broker_was_down_the_sweep_sends_the_confirmation_once(
    celery_worker_process: Worker,  # noqa: F811 - the fixture imported above
    client,
):
    worker = celery_worker_process
    real_broker = app.conf.broker_url
    event = EventFactory()

    use_broker(f"redis://127.0.0.1:{closed_port()}/0", eager=False)
    try:
        response = client.post(f"/events/{event.public_id}/", ANSWERS)
    finally:
        use_broker(real_broker, eager=False)

    assert response.status_code == 302
    registration = Registration.objects.get(email="sam@example.net")
    assert OutboxMessage.objects.get(object_id=registration.pk).sent_at is None
    assert _sent_emails(worker.email_dir) == []

    first = outbox_pending_send_task.apply_async(queue=worker.queue)
    try:
        assert first.get(timeout=TASK_TIMEOUT) == 1
    except Exception:
        print(worker.log.read_text(errors="replace"))
        raise
    second = outbox_pending_send_task.apply_async(queue=worker.queue)
    assert second.get(timeout=TASK_TIMEOUT) == 0
    # The confirmation is now a notification owed; the notifications' sweep sends it, once.
    for _ in range(2):
        sweep = notifications_pending_send_task.apply_async(queue=worker.queue)
        sweep.get(timeout=TASK_TIMEOUT)

    emails = _sent_emails(worker.email_dir)
    assert len(emails) == 1
    assert "To: sam@example.net" in emails[0]
    assert OutboxMessage.objects.get(object_id=registration.pk).sent_at is not None
