"""Two app servers (separate gunicorn processes on separate ports) share one PostgreSQL and one
Redis, as production scales out: a session made on one is good on the other, rate limits and
sign-in lock-outs count across both, and a ticket scanned on one and resent to the other is
admitted once.

Needs a database server both processes reach (PostgreSQL) and a Redis cache (CACHE_URL);
.ci/run starts both and runs this module in its own stage.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from django.db import connection
from rest_framework.authtoken.models import Token

from accounts.models import Role
from events.models import CheckIn, Registration, Ticket
from tests.events.conftest import register
from tests.factories import PASSWORD, EventFactory, member
from tests.integration.test_celery_worker import _database_url

pytestmark = pytest.mark.two_servers

REPO_DIR = Path(__file__).resolve().parents[2]
START_TIMEOUT = 60
PUBLIC_HOST = "fairs.test"


@dataclass(frozen=True)
class Server:
    url: str
    log: Path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start(env: dict[str, str], log: Path) -> tuple[subprocess.Popen[bytes], Server]:
    port = _free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn), "config.wsgi", "--workers", "1", "--bind", f"127.0.0.1:{port}"]
    with log.open("wb") as log_file:
        process = subprocess.Popen(  # noqa: S603 - our own gunicorn binary, fixed arguments
            command, cwd=REPO_DIR, env=env, stdout=log_file, stderr=subprocess.STDOUT
        )
    return process, Server(url=f"http://127.0.0.1:{port}", log=log)


def _wait_until_up(process: subprocess.Popen[bytes], server: Server) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if process.poll() is not None:
            pytest.fail(f"{server.url} exited early:\n{server.log.read_text(errors='replace')}")
        try:
            requests.get(f"{server.url}/healthz", timeout=10)
            return
        except requests.RequestException:
            if time.monotonic() > deadline:
                pytest.fail(f"{server.url} not up:\n{server.log.read_text(errors='replace')}")
            time.sleep(0.2)


@pytest.fixture
def servers(transactional_db: None, tmp_path: Path) -> Iterator[tuple[Server, Server]]:
    cache_url = os.environ.get("CACHE_URL", "")
    if not cache_url.startswith("redis"):
        pytest.skip("needs a shared cache: set CACHE_URL=redis://... (.ci/run does)")
    if connection.vendor != "postgresql":
        pytest.skip("needs a database both servers reach: set DATABASE_URL=postgres://...")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.integration.server_settings",
        "DATABASE_URL": _database_url(),
        "CACHE_URL": cache_url,
        # Counts of an earlier run left in the same Redis never reach this one.
        "HERTS_TEST_CACHE_PREFIX": uuid.uuid4().hex,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_DIR), os.environ.get("PYTHONPATH")])),
    }
    env.pop("CELERY_BROKER_URL", None)
    started = [_start(env, tmp_path / f"server-{n}.log") for n in (1, 2)]
    try:
        for process, server in started:
            _wait_until_up(process, server)
        yield started[0][1], started[1][1]
    finally:
        for process, _server in started:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        connection.close()


def _sign_in(server: Server, session: requests.Session, email: str, password: str) -> int:
    # Both servers stand behind one proxy and see one host name, as in production.
    session.headers["Host"] = PUBLIC_HOST
    session.get(f"{server.url}/accounts/login/", timeout=10)
    response = session.post(
        f"{server.url}/accounts/login/",
        data={
            "login": email,
            "password": password,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": f"http://{PUBLIC_HOST}/accounts/login/"},
        allow_redirects=False,
        timeout=10,
    )
    return response.status_code


def test_a_session_made_on_one_server_is_signed_in_on_the_other(servers):
    one, two = servers
    organiser = member(Role.JOBCENTRE_ORGANISER)
    browser = requests.Session()

    assert _sign_in(one, browser, organiser.email, PASSWORD) == 302

    me = browser.get(f"{two.url}/api/v1/me/", timeout=10)
    assert me.status_code == 200
    assert me.json()["email"] == organiser.email


def test_the_registration_limit_counts_across_both_servers(servers, settings):
    one, two = servers
    event = EventFactory(capacity=500)
    limit = int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["registrations"].split("/")[0])

    answers = []
    for n in range(limit + 10):
        server = (one, two)[n % 2]
        answers.append(
            requests.post(
                f"{server.url}/api/v1/events/{event.pk}/registrations/",
                json={
                    "name": f"Person {n}",
                    "email": f"person{n}@example.net",
                    "category": "jobseeker",
                    "privacy_consent": True,
                },
                timeout=10,
            ).status_code
        )

    assert answers.count(201) == limit
    assert answers.count(429) == 10
    assert Registration.objects.filter(event=event).count() == limit


def test_a_sign_in_lock_out_on_one_server_holds_on_the_other(servers):
    one, two = servers
    organiser = member(Role.JOBCENTRE_ORGANISER)

    for n in range(6):
        _sign_in((one, two)[n % 2], requests.Session(), organiser.email, "wrong-password")

    # The right password is refused on both while the lock-out lasts.
    assert _sign_in(one, requests.Session(), organiser.email, PASSWORD) != 302
    assert _sign_in(two, requests.Session(), organiser.email, PASSWORD) != 302


def test_a_scan_on_one_server_resent_to_the_other_is_one_admission(servers):
    one, two = servers
    event = EventFactory()
    organiser = member(Role.JOBCENTRE_ORGANISER, event.organiser)
    ticket = register(event, name="Grace Obi").tickets[0]
    headers = {"Authorization": f"Token {Token.objects.create(user=organiser).key}"}
    scan = {"token": ticket.token, "event": event.pk, "client_id": str(uuid.uuid4())}

    first = requests.post(f"{one.url}/api/v1/checkins/", json=scan, headers=headers, timeout=10)
    resent = requests.post(f"{two.url}/api/v1/checkins/", json=scan, headers=headers, timeout=10)
    other_phone = requests.post(
        f"{two.url}/api/v1/checkins/",
        json={**scan, "client_id": str(uuid.uuid4())},
        headers=headers,
        timeout=10,
    )

    assert (first.status_code, first.json()["result"]) == (201, "ok")
    # The same phone's resend is the same scan, answered again; another phone's is a repeat.
    assert resent.status_code == 200
    assert resent.json()["scan_id"] == first.json()["scan_id"]
    assert (other_phone.status_code, other_phone.json()["result"]) == (200, "already_checked_in")
    assert other_phone.json()["first_checked_in_at"] == first.json()["first_checked_in_at"]
    assert CheckIn.objects.filter(ticket=ticket, result=CheckIn.Result.OK).count() == 1
    assert Ticket.objects.get(pk=ticket.pk).checked_in_at is not None
