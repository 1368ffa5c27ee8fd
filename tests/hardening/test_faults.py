"""Issue 7: faults. The broker down → registrations still succeed and the e-mails go when it is
back; a task delivered twice → one e-mail; the database gone → a clean 503, and back → served
again without a restart."""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Iterator

import psycopg
import pytest
from django.conf import settings
from django.core import mail
from django.core.handlers.wsgi import WSGIHandler
from django.db import OperationalError, connection, transaction
from django.test import RequestFactory
from rest_framework.authtoken.models import Token

from accounts.models import Role
from config.celery import app
from config.faults import server_error
from events import outbox
from events.models import MessageKind, OutboxMessage, Registration
from events.tasks import outbox_message_send_task, outbox_pending_send_task
from notifications.models import Notification
from notifications.tasks import notification_send_task, notifications_pending_send_task
from tests.events.conftest import register
from tests.factories import EventFactory, member

ANSWERS = {
    "name": "Sam Patel",
    "email": "sam@example.net",
    "phone": "",
    "category": "jobseeker",
    "privacy_consent": "on",
}
SORRY = "Sorry, there is a problem with the service"


def closed_port() -> int:
    """A local port nothing listens on (bound for a moment, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def use_broker(url: str, *, eager: bool) -> None:
    """Point the Celery app (already configured from settings) at ``url``; forget old pools."""
    app.conf.broker_url = url
    app.conf.task_always_eager = eager
    # Only forget them: kombu keeps one pool per broker URL, and the next use of that URL
    # (the real broker again) must find it open.
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker_down(settings) -> Iterator[str]:
    """Celery with a real (not in-process) broker that refuses connections."""
    before = (app.conf.broker_url, app.conf.task_always_eager)
    url = f"redis://127.0.0.1:{closed_port()}/0"
    settings.CELERY_BROKER_URL = url
    settings.CELERY_TASK_ALWAYS_EAGER = False
    use_broker(url, eager=False)
    try:
        yield url
    finally:
        use_broker(before[0], eager=before[1])


# --- Broker down ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_broker_down_registration_succeeds_and_the_sweep_sends_the_confirmation_once(
    client, broker_down, django_capture_on_commit_callbacks, caplog
):
    event = EventFactory()

    with caplog.at_level(logging.WARNING, logger="events.outbox"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/events/{event.public_id}/", ANSWERS)

    # The attendee is told they are registered, and the confirmation is owed, not lost.
    assert response.status_code == 302
    assert response["Location"] == f"/events/{event.public_id}/registered/"
    registration = Registration.objects.get(email="sam@example.net")
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.confirmation_sent_at is None
    pending = OutboxMessage.objects.get()
    assert (pending.kind, pending.object_id, pending.sent_at) == (
        "registration_confirmation",
        registration.pk,
        None,
    )
    assert mail.outbox == []
    assert "not handed to the broker" in caplog.text

    # The broker is back: the beat sweeps write the message and send it, once, however often
    # they run.
    assert outbox_pending_send_task() == 1
    assert outbox_pending_send_task() == 0
    assert notifications_pending_send_task() == 1
    assert notifications_pending_send_task() == 0

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sam@example.net"]
    pending.refresh_from_db()
    assert pending.sent_at is not None


@pytest.mark.django_db
def test_broker_down_the_api_registration_answers_201_too(
    client, broker_down, django_capture_on_commit_callbacks
):
    event = EventFactory()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/v1/events/{event.pk}/registrations/",
            {
                "name": "Sam Patel",
                "email": "sam@example.net",
                "category": "jobseeker",
                "privacy_consent": True,
            },
            content_type="application/json",
        )

    assert response.status_code == 201, response.content
    assert response.json()["ticket"]["token"]
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 1


@pytest.mark.django_db
def test_a_rolled_back_registration_owes_no_email(django_capture_on_commit_callbacks):
    event = EventFactory()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            register(event)
            raise RuntimeError("the request failed after registering")

    assert Registration.objects.count() == 0
    assert OutboxMessage.objects.count() == 0
    assert mail.outbox == []


# --- Delivered twice -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_email_task_run_twice_sends_one_email(django_capture_on_commit_callbacks):
    event = EventFactory()
    with django_capture_on_commit_callbacks(execute=False):  # owed, not yet handed over
        registration = register(event).registration
    message = OutboxMessage.objects.get(object_id=registration.pk)

    first = outbox_message_send_task(message.pk)
    second = outbox_message_send_task(message.pk)  # acks_late redelivery, a retry
    assert (first, second) == (True, False)
    owed = Notification.objects.get()
    assert notification_send_task(owed.pk) is True
    assert notification_send_task(owed.pk) is False  # the message itself delivered twice

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sam@example.net"]


@pytest.mark.django_db
def test_a_failed_send_stays_owed_and_goes_when_the_mail_server_is_back(
    django_capture_on_commit_callbacks, monkeypatch
):
    event = EventFactory()
    with django_capture_on_commit_callbacks(execute=False):
        registration = register(event).registration
    assert OutboxMessage.objects.filter(object_id=registration.pk).exists()

    def mail_server_down(*args, **kwargs):
        raise ConnectionRefusedError("smtp.internal:587 refused the connection")

    monkeypatch.setattr("notifications.backends.EmailMessage.send", mail_server_down)
    assert outbox.outbox_pending_send() == 1  # the message is written…
    assert notifications_pending_send_task() == 0  # …and cannot go yet
    owed = Notification.objects.get()
    assert (owed.status, owed.attempts, owed.provider_id) == ("pending", 1, "")
    assert "refused the connection" in owed.last_error

    monkeypatch.undo()
    assert notifications_pending_send_task() == 0  # not before its retry time
    Notification.objects.filter(pk=owed.pk).update(next_attempt_at=None)
    assert notifications_pending_send_task() == 1

    assert len(mail.outbox) == 1
    owed.refresh_from_db()
    assert owed.status == "sent"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_deliveries_at_the_same_moment_send_one_email(monkeypatch):
    """The row lock, not the registration's own record, stops the second sender: it skips the
    locked row while the first is still sending."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (SQLite serialises whole transactions)")
    event = EventFactory()
    registration = register(event).registration  # autocommit: sent at once, in-process
    message = OutboxMessage.objects.get(object_id=registration.pk)
    OutboxMessage.objects.filter(pk=message.pk).update(sent_at=None)
    mail.outbox.clear()
    sending, release = threading.Event(), threading.Event()
    calls: list[int] = []

    def slow_sender(object_id: int) -> None:
        calls.append(object_id)
        sending.set()
        release.wait(timeout=30)
        mail.send_mail("Your place", "See you there.", None, ["sam@example.net"])

    monkeypatch.setitem(outbox.SENDERS, MessageKind.REGISTRATION_CONFIRMATION, slow_sender)
    results: dict[str, bool] = {}

    def deliver(name: str) -> None:
        try:
            results[name] = outbox.outbox_message_send(message_id=message.pk)
        finally:
            connection.close()

    first = threading.Thread(target=deliver, args=("first",))
    first.start()
    assert sending.wait(timeout=30)
    second = threading.Thread(target=deliver, args=("second",))
    second.start()
    second.join(timeout=30)  # it does not wait for the lock: skip_locked
    release.set()
    first.join(timeout=30)

    assert results == {"first": True, "second": False}
    assert calls == [registration.pk]
    assert len(mail.outbox) == 1


# --- Database unreachable ------------------------------------------------------------------------


def failing_database(execute, sql, params, many, context):
    raise OperationalError("server closed the connection unexpectedly")


@pytest.mark.django_db
def test_a_page_answers_a_clean_503_when_the_database_is_unreachable(client):
    event = EventFactory()

    with connection.execute_wrapper(failing_database):
        response = client.get(f"/events/{event.public_id}/")

    html = response.content.decode()
    assert response.status_code == 503
    assert SORRY in html
    assert "Traceback" not in html
    assert 'class="govuk-header"' in html  # the service's own page, GOV.UK styled
    assert response["Retry-After"] == "30"
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_the_503_page_speaks_the_attendees_language(client):
    event = EventFactory()

    with connection.execute_wrapper(failing_database):
        response = client.get(f"/events/{event.public_id}/", HTTP_ACCEPT_LANGUAGE="pl")

    assert response.status_code == 503
    assert "Przepraszamy, wystąpił problem z usługą" in response.content.decode()


@pytest.mark.django_db
def test_the_api_answers_503_unavailable_when_the_database_is_unreachable(client):
    user = member(Role.JOBCENTRE_ORGANISER)
    token = Token.objects.create(user=user).key

    with connection.execute_wrapper(failing_database):
        response = client.get("/api/v1/events/", HTTP_AUTHORIZATION=f"Token {token}")

    assert response.status_code == 503
    assert response.json()["code"] == "unavailable"
    assert response.json()["detail"]


def test_a_database_error_before_the_view_is_a_503_and_any_other_error_a_500(rf):
    request = rf.get("/events/")
    try:
        raise OperationalError("the database system is shutting down")
    except OperationalError:
        during_outage = server_error(request)
    try:
        raise ValueError("a bug")
    except ValueError:
        during_bug = server_error(request)

    assert during_outage.status_code == 503
    assert SORRY in during_outage.content.decode()
    assert during_bug.status_code == 500


def serve(handler: WSGIHandler, path: str, **headers: str) -> tuple[int, str]:
    """One request through the WSGI handler as gunicorn makes it: request_started and
    request_finished fire, so Django checks and recycles its connection between requests."""
    environ = RequestFactory().get(path, **headers).environ
    statuses: list[str] = []
    response = handler(environ, lambda status, headers, exc_info=None: statuses.append(status))
    try:
        body = b"".join(response).decode()
    finally:
        response.close()
    return int(statuses[0].split()[0]), body


def terminate_other_connections() -> int:
    """What a database restart does to the server's connections, from a second connection."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE pid <> pg_backend_pid() AND datname = current_database()"
        ).fetchall()
    return sum(1 for (terminated,) in rows if terminated)


@pytest.fixture
def postgres_server(transactional_db) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://...; .ci/run does)")
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


@pytest.mark.postgres
def test_after_a_database_restart_the_next_request_is_served_without_a_restart(
    postgres_server,
):
    event = EventFactory()
    handler = WSGIHandler()
    page = f"/events/{event.public_id}/"
    assert serve(handler, page)[0] == 200

    assert terminate_other_connections() >= 1  # our server's connection among them

    # CONN_HEALTH_CHECKS: the dead connection is noticed before the first query and replaced.
    status, html = serve(handler, page)
    assert status == 200
    assert event.title in html
    assert serve(handler, page)[0] == 200


@pytest.mark.postgres
def test_without_health_checks_the_next_request_is_a_clean_503_and_the_one_after_is_served(
    postgres_server,
):
    event = EventFactory()
    token = Token.objects.create(user=member(Role.JOBCENTRE_ORGANISER, event.organiser)).key
    handler = WSGIHandler()
    page = f"/events/{event.public_id}/"
    api = "/api/v1/events/"
    auth = {"HTTP_AUTHORIZATION": f"Token {token}"}
    assert serve(handler, page)[0] == 200
    connection.close()
    connection.settings_dict["CONN_HEALTH_CHECKS"] = False
    try:
        for path, headers, clean_failure in (
            (page, {}, SORRY),
            (api, auth, '"code": "unavailable"'),
        ):
            assert serve(handler, path, **headers)[0] == 200
            terminate_other_connections()

            status, body = serve(handler, path, **headers)  # the dead connection is used
            assert status == 503
            assert clean_failure in body.replace('":"', '": "')
            assert "Traceback" not in body

            assert serve(handler, path, **headers)[0] == 200  # it was dropped after the error
    finally:
        connection.close()
        connection.settings_dict["CONN_HEALTH_CHECKS"] = True
