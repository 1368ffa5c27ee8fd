"""A real Celery worker process takes a task from a real Redis broker (.ci/run starts both).

The worker is a separate process: it sees only what the test has committed, so the test uses
``transactional_db`` and points the worker at the test database by name. That needs a database
server both processes reach (PostgreSQL); the in-memory SQLite test database is private to pytest.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection, transaction

from accounts.models import Membership, Role
from accounts.services import membership_welcome_email_send
from notifications.models import Notification
from notifications.tasks import notification_send_task
from tests.factories import member

pytestmark = pytest.mark.celery_worker

REPO_DIR = Path(__file__).resolve().parents[2]
WORKER_START_TIMEOUT = 60
TASK_TIMEOUT = 30


@dataclass(frozen=True)
class Worker:
    queue: str
    email_dir: Path
    log: Path


def _database_url() -> str:
    """The URL of the database this test run uses (the test database, not the configured one)."""
    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="")
    password = quote(db["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if password else f"{user}@" if user else ""
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}{db['HOST'] or '127.0.0.1'}{port}/{quote(db['NAME'], safe='')}"


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)  # warm shutdown: finish the task in hand, then exit
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


@pytest.fixture
def celery_worker_process(transactional_db: None, tmp_path: Path) -> Iterator[Worker]:
    broker_url = os.environ.get("CELERY_BROKER_URL", "")
    if not broker_url:
        pytest.skip("needs a real broker: set CELERY_BROKER_URL=redis://... (.ci/run does)")
    if connection.vendor != "postgresql":
        pytest.fail(
            "CELERY_BROKER_URL is set but the tests run on in-memory SQLite, which a worker "
            "process cannot see: set DATABASE_URL=postgres://... too (.ci/run does)."
        )
    # A queue of its own: no other worker on this broker (an earlier run's) can take the task.
    queue = f"herts-test-{uuid.uuid4().hex[:12]}"
    email_dir = tmp_path / "sent-email"
    email_dir.mkdir()
    log = tmp_path / "worker.log"
    celery = Path(sys.executable).with_name("celery")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.integration.worker_settings",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": broker_url,
        "CELERY_RESULT_BACKEND": settings.CELERY_RESULT_BACKEND or broker_url,
        "HERTS_TEST_EMAIL_DIR": str(email_dir),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_DIR), os.environ.get("PYTHONPATH")])),
    }
    command = [
        str(celery), "-A", "config", "worker", "--pool=solo", "--loglevel=info",
        "--queues", queue, "--hostname", f"{queue}@%h",
        "--without-heartbeat", "--without-gossip", "--without-mingle",
    ]  # fmt: skip
    with log.open("wb") as log_file:
        process = subprocess.Popen(  # noqa: S603 - our own celery binary, fixed arguments
            command, cwd=REPO_DIR, env=env, stdout=log_file, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + WORKER_START_TIMEOUT
        while " ready." not in log.read_text(errors="replace"):
            if process.poll() is not None:
                pytest.fail(
                    f"the Celery worker exited with {process.returncode} before it was ready:\n"
                    + log.read_text(errors="replace")
                )
            if time.monotonic() > deadline:
                pytest.fail(
                    f"the Celery worker was not ready after {WORKER_START_TIMEOUT}s:\n"
                    + log.read_text(errors="replace")
                )
            time.sleep(0.2)
        yield Worker(queue=queue, email_dir=email_dir, log=log)
    finally:
        _stop(process)
        # Close this process's connections too, so the test database can be flushed or dropped.
        connection.close()


def _sent_emails(email_dir: Path) -> list[str]:
    return [path.read_text() for path in sorted(email_dir.iterdir())]


def test_worker_sends_the_welcome_email_once(celery_worker_process: Worker):
    worker = celery_worker_process
    user = member(Role.CAREERS_LEADER, email="careers.leader@marriotts.example.org")
    membership = Membership.objects.get(user=user)
    with transaction.atomic():  # the welcome is owed: one message row, committed
        assert membership_welcome_email_send(membership_id=membership.pk) is True
    message = Notification.objects.get(about_id=membership.pk)

    first = notification_send_task.apply_async(args=[message.pk], queue=worker.queue)
    try:
        assert first.get(timeout=TASK_TIMEOUT) is True
    except Exception:
        print(worker.log.read_text(errors="replace"))
        raise

    emails = _sent_emails(worker.email_dir)
    assert len(emails) == 1
    assert "To: careers.leader@marriotts.example.org" in emails[0]
    message.refresh_from_db()
    assert message.status == "sent"

    # Delivered again (a retry, a redelivery): the worker answers False and sends nothing.
    second = notification_send_task.apply_async(args=[message.pk], queue=worker.queue)
    assert second.get(timeout=TASK_TIMEOUT) is False
    assert len(_sent_emails(worker.email_dir)) == 1
