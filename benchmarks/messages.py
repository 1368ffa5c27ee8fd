"""A message to 2,000 people: queued within seconds, then sent through GOV.UK Notify's API at
its rate limit (3,000 messages a minute per service), each exactly once.

On a throwaway SQLite database, and on PostgreSQL too when one is given (BENCH_DATABASE_URL,
or the server ``make bench`` brings up): an organiser messages the 2,000 people registered for
a fair by SMS (``events.group_messages.group_message_send``: one notification row each,
written in one transaction, and one task after the commit that hands the batch over). The tasks
go to an in-memory broker no worker reads, so the figure is the queueing alone, as a request
sees it.

Then the senders (``notifications.services.notification_send``, the function the Celery task
calls) deliver every row, in worker threads, to a local server that plays Notify's API (JWT and
request bodies checked) through the real client. A shared limiter holds them to Notify's 3,000
a minute, as the workers' Celery rate limit does; the figures are the rate reached against the
limit (at most the limit, and close to it: the workers keep up) and, without the limiter, how
fast the same workers could go (the headroom that lets them keep up).

Run: .venv/bin/python -m benchmarks.messages   (BENCH_QUICK=1: 100 people)
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from benchmarks.checkin_load import quick
from benchmarks.databases import (
    migrate,
    postgres_settings,
    postgres_url,
    sqlite_settings,
    throwaway_postgres,
    throwaway_sqlite,
    use_database,
)
from benchmarks.report import Figure, report

PEOPLE = 2_000
NOTIFY_LIMIT_PER_MINUTE = 3_000
TARGET_QUEUE_SECONDS = 5.0
WORKERS = 4
# Reached within this share of the limit: the workers keep Notify busy, never over it.
TARGET_SHARE_OF_LIMIT = 0.9


class RateLimiter:
    """At most ``per_second`` acquisitions a second, evenly spaced, across threads."""

    def __init__(self, per_second: float) -> None:
        self.interval = 1.0 / per_second
        self.lock = threading.Lock()
        self.next_at = time.monotonic()

    def acquire(self) -> None:
        with self.lock:
            now = time.monotonic()
            wait = self.next_at - now
            self.next_at = max(self.next_at, now) + self.interval
        if wait > 0:
            time.sleep(wait)


@contextmanager
def broker_without_workers() -> Iterator[None]:
    from config.celery import app

    before = (app.conf.task_always_eager, app.conf.broker_url)
    app.conf.task_always_eager = False
    app.conf.broker_url = "memory://"
    try:
        yield
    finally:
        app.conf.task_always_eager, app.conf.broker_url = before


def people(count: int) -> object:
    """A published fair with ``count`` confirmed registrations, each with a UK mobile."""
    from django.utils import timezone

    from accounts.models import Role
    from events.models import Registration
    from tests.factories import EventFactory, member

    event = EventFactory(capacity=count + 10)
    now = timezone.now()
    Registration.objects.bulk_create(
        Registration(
            event=event,
            name=f"Person {n}",
            phone=f"+447911{n:06d}",  # a mobile range (the drama range has 1,000)
            category="jobseeker",
            status=Registration.Status.CONFIRMED,
            privacy_consent_at=now,
        )
        for n in range(count)
    )
    return event, member(Role.JOBCENTRE_ORGANISER, event.organiser)


def send_all(ids: list[int], limiter: RateLimiter | None) -> float:
    """Send every row with WORKERS threads; returns the seconds taken."""
    from django.db import connection

    from notifications.services import notification_send

    queue = list(ids)
    lock = threading.Lock()

    def worker() -> None:
        try:
            while True:
                with lock:
                    if not queue:
                        return
                    notification_id = queue.pop()
                if limiter is not None:
                    limiter.acquire()
                notification_send(notification_id=notification_id)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def figures_for(count: int, label: str = "") -> list[Figure]:
    from django.conf import settings

    from events.group_messages import group_message_send
    from notifications.models import Notification
    from tests.notifications.fake_notify import fake_notify_server, notify_settings

    event, organiser = people(count)
    with broker_without_workers():
        started = time.perf_counter()
        message = group_message_send(
            event=event,
            group="registered",
            by_email=False,
            by_sms=True,
            subject="",
            body="The fair opens at 10:00 tomorrow. Bring your ticket on your phone or printed.",
            by=organiser,
        )
        queued = time.perf_counter() - started
    ids = list(Notification.objects.filter(batch=message.batch).values_list("pk", flat=True))

    saved = {name: getattr(settings, name) for name in dir(settings) if name.startswith("NOTIFY")}
    with fake_notify_server() as notify:
        notify_settings(settings, notify)
        try:
            # Headroom: a tenth of the rows as fast as the workers go.
            sample = ids[: max(len(ids) // 10, 10)]
            free_rate = len(sample) / send_all(sample, None) * 60
            rest = ids[len(sample) :]
            limited = send_all(rest, RateLimiter(NOTIFY_LIMIT_PER_MINUTE / 60))
            limited_rate = len(rest) / limited * 60
        finally:
            for name, value in saved.items():
                setattr(settings, name, value)
        accepted = len(notify.sms())
        problems = len(notify.problems)
    sent_once = Notification.objects.filter(batch=message.batch, status="sent").count()
    return [
        Figure(
            f"{label}queue a message to {count:,} people",
            queued,
            "s",
            f"≤ {TARGET_QUEUE_SECONDS:g} s",
            queued <= TARGET_QUEUE_SECONDS,
        ),
        Figure(
            f"{label}sending rate at Notify's limit",
            limited_rate,
            "/m",
            f"{TARGET_SHARE_OF_LIMIT:.0%}–100% of {NOTIFY_LIMIT_PER_MINUTE:,}",
            TARGET_SHARE_OF_LIMIT * NOTIFY_LIMIT_PER_MINUTE
            <= limited_rate
            <= NOTIFY_LIMIT_PER_MINUTE * 1.01,
        ),
        Figure(
            f"{label}workers' own rate ({WORKERS} threads) / limit",
            free_rate / NOTIFY_LIMIT_PER_MINUTE,
            "×",
            "≥ 1 (they keep up)",
            free_rate >= NOTIFY_LIMIT_PER_MINUTE,
        ),
        Figure(f"{label}messages Notify accepted", accepted, "", f"= {count:,}", accepted == count),
        Figure(f"{label}rows sent (each once)", sent_once, "", f"= {count:,}", sent_once == count),
        Figure(f"{label}requests Notify refused", problems, "", "= 0", problems == 0),
    ]


def run() -> tuple[bool, list[Figure]]:
    count = 100 if quick() else PEOPLE
    with throwaway_sqlite("messages") as path, use_database(sqlite_settings(path)):
        figures = figures_for(count, "SQLite: " if postgres_url() and not quick() else "")
    url = None if quick() else postgres_url()
    if url is not None:
        # The same on PostgreSQL, as deployed: the senders' row locks are real there.
        with (
            throwaway_postgres(url, "messages") as bench_url,
            use_database(postgres_settings(bench_url)),
        ):
            migrate()
            figures += figures_for(count, "PostgreSQL: ")
    return report("messages", figures), figures


def main() -> bool:
    return run()[0]


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    sys.exit(0 if main() else 1)
