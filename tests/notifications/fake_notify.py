"""A local HTTP server that plays GOV.UK Notify's API v2 as its documentation describes, so the
real ``notifications-python-client`` can talk to it through ``NOTIFY_BASE_URL``.

It checks what Notify checks: the bearer JWT (HS256, signed with the API key's secret, ``iss``
the service id, ``iat`` within 30 seconds of now) and the request body field by field. It answers
201 with Notify's response body, or, when told to, the error Notify sends (``fail_next``).
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

import jwt

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"herts_fairs_test-{SERVICE_ID}-{SECRET}"
EMAIL_TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"
SMS_TEMPLATE_ID = "8b8e0a5f-3d7c-4d8c-9a0e-2b1f5c6d7e8f"

ERRORS = {
    400: ("BadRequestError", "Can't send to this recipient using a team-only API key"),
    403: ("AuthError", "Invalid token: API key not found"),
    429: (
        "RateLimitError",
        "Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds",
    ),
    500: ("Exception", "Internal server error"),
}


@dataclass
class FakeNotify:
    url: str = ""
    received: list[dict[str, Any]] = field(default_factory=list)
    # Status codes to answer the next sends with, in order (then 201 again).
    fail_next: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def sms(self) -> list[dict[str, Any]]:
        return [r for r in self.received if r["type"] == "sms"]

    def emails(self) -> list[dict[str, Any]]:
        return [r for r in self.received if r["type"] == "email"]


def _check_token(header: str) -> str:
    if not header.startswith("Bearer "):
        return "no bearer token"
    token = header.removeprefix("Bearer ")
    try:
        if jwt.get_unverified_header(token).get("alg") != "HS256":
            return "algorithm is not HS256"
        claims = jwt.decode(
            token,
            SECRET,
            algorithms=["HS256"],
            options={"verify_iat": False, "require": ["iss", "iat"]},
        )
    except jwt.PyJWTError as error:
        return f"invalid token: {error}"
    if claims["iss"] != SERVICE_ID:
        return "iss is not the service id"
    if abs(time.time() - int(claims["iat"])) > 30:
        return "iat is not within 30 seconds"
    return ""


def _check_body(kind: str, body: dict[str, Any]) -> str:
    expected = {
        "email": {"email_address", "template_id", "personalisation", "reference"},
        "sms": {"phone_number", "template_id", "personalisation", "reference"},
    }[kind]
    if set(body) != expected:
        return f"fields {sorted(body)} are not {sorted(expected)}"
    template = EMAIL_TEMPLATE_ID if kind == "email" else SMS_TEMPLATE_ID
    if body["template_id"] != template:
        return "wrong template_id"
    wanted = {"subject", "body"} if kind == "email" else {"body"}
    personalisation = body["personalisation"]
    if not isinstance(personalisation, dict) or set(personalisation) != wanted:
        return f"personalisation must be {sorted(wanted)}"
    if not all(isinstance(v, str) and v for v in personalisation.values()):
        return "personalisation values must be non-empty text"
    if not isinstance(body["reference"], str) or not body["reference"]:
        return "reference must be text"
    if kind == "sms" and len(personalisation["body"]) > 918:
        return "Text messages cannot be longer than 918 characters"
    return ""


def _handler(notify: FakeNotify) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as Notify's own server
        disable_nagle_algorithm = True  # headers and body go out at once, no 40 ms stall

        def log_message(self, format: str, *args: Any) -> None:  # quiet in test output
            return

        def _answer(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _error(self, status: int, message: str = "") -> None:
            name, default = ERRORS.get(status, ("Exception", "Error"))
            self._answer(
                status,
                {"status_code": status, "errors": [{"error": name, "message": message or default}]},
            )

        def do_GET(self) -> None:  # noqa: N802
            problem = _check_token(self.headers.get("Authorization", ""))
            if problem:
                return self._error(403, problem)
            url = urlparse(self.path)
            if url.path.rstrip("/") != "/v2/notifications":
                return self._error(404, "Not found")
            reference = parse_qs(url.query).get("reference", [""])[0]
            with notify.lock:
                found = [r["response"] for r in notify.received if r["reference"] == reference]
            self._answer(200, {"notifications": found, "links": {}})

        def do_POST(self) -> None:  # noqa: N802
            kind = {"/v2/notifications/email": "email", "/v2/notifications/sms": "sms"}.get(
                self.path
            )
            if kind is None:
                return self._error(404, "Not found")
            problem = _check_token(self.headers.get("Authorization", ""))
            if problem:
                notify.problems.append(problem)
                return self._error(403, problem)
            length = int(self.headers.get("Content-Length", "0"))
            try:
                body = json.loads(self.rfile.read(length))
            except ValueError:
                return self._error(400, "Invalid JSON")
            problem = _check_body(kind, body)
            if problem:
                notify.problems.append(problem)
                return self._error(400, problem)
            with notify.lock:
                if notify.fail_next:
                    return self._error(notify.fail_next.pop(0))
                notification_id = str(uuid.uuid4())
                content: dict[str, Any] = {"body": body["personalisation"]["body"]}
                if kind == "email":
                    content |= {
                        "subject": body["personalisation"]["subject"],
                        "from_email": "herts.fairs@notifications.service.gov.uk",
                    }
                else:
                    content["from_number"] = "GOVUK"
                response = {
                    "id": notification_id,
                    "reference": body["reference"],
                    "content": content,
                    "uri": f"{notify.url}/v2/notifications/{notification_id}",
                    "template": {
                        "id": body["template_id"],
                        "version": 1,
                        "uri": f"{notify.url}/v2/template/{body['template_id']}",
                    },
                    "scheduled_for": None,
                }
                notify.received.append(
                    {
                        "type": kind,
                        "to": body.get("email_address") or body.get("phone_number"),
                        "reference": body["reference"],
                        "personalisation": body["personalisation"],
                        "id": notification_id,
                        "response": response,
                    }
                )
            self._answer(201, response)

    return Handler


@contextmanager
def fake_notify_server() -> Iterator[FakeNotify]:
    notify = FakeNotify()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(notify))
    notify.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield notify
    finally:
        server.shutdown()
        server.server_close()


def notify_settings(settings: Any, notify: FakeNotify) -> None:
    """Point the project's settings (pytest-django's ``settings`` fixture) at the fake."""
    settings.NOTIFY_API_KEY = API_KEY
    settings.NOTIFY_BASE_URL = notify.url
    settings.NOTIFY_EMAIL_TEMPLATE_ID = EMAIL_TEMPLATE_ID
    settings.NOTIFY_SMS_TEMPLATE_ID = SMS_TEMPLATE_ID
    settings.NOTIFY_CALLBACK_TOKEN = "callback-token-for-tests-only"
